//! The one guarded open. Every file a scan reads — source files in the walk, ignore files,
//! `.gitattributes`, `rust-ready.toml`, `--config`, `--baseline`, saved reports, git metadata —
//! goes through [`open`] or [`read`]: non-blocking (a FIFO never hangs), `O_NOCTTY`, regular
//! files only for paths found in the scanned tree, never through a link that leaves the tree,
//! and never more than a per-purpose byte cap (see [`crate::options::budget`]).
//!
//! Errors name the path and the reason, never the file's content.

use std::fs::{File, Metadata};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Where a path comes from, which decides what may be opened.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    /// Found in the scanned tree: regular files only, and a link (anywhere on the path) must
    /// resolve inside this canonical root.
    InTree(&'a Path),
    /// Listed by the walk, which never descends through a link out of the tree: regular files
    /// only, and opened with `O_NOFOLLOW`, so a file swapped for a link after it was listed is
    /// refused rather than followed. (With `--follow-links` the walk checks each link first.)
    Walked,
    /// Named by the user on the command line (`--config`, `--baseline`, a saved report): links
    /// are the user's choice, but the read is still non-blocking, capped, and never a directory.
    User,
}

/// Why a guarded open refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum GuardError {
    /// Nothing there.
    #[error("not found")]
    NotFound,
    /// A symbolic link whose target is outside the scanned tree.
    #[error("a symbolic link pointing outside the scanned tree; not read")]
    Outside,
    /// A FIFO, socket, device or directory where a regular file was expected.
    #[error("not a regular file (FIFO, socket, device or directory); not read")]
    NotRegular,
    /// Over the cap for its purpose.
    #[error("larger than {cap} bytes; not read")]
    TooLarge {
        /// The cap that applied.
        cap: u64,
    },
    /// Any other I/O error (the OS reason only).
    #[error("{0}")]
    Io(std::io::Error),
}

impl From<std::io::Error> for GuardError {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::NotFound {
            GuardError::NotFound
        } else {
            GuardError::Io(e)
        }
    }
}

/// Opens `path` for reading under `scope`'s rules; returns the handle and its `fstat`.
/// The size cap is checked by [`read`]; callers that stream check `Metadata::len` themselves.
pub fn open(path: &Path, scope: Scope<'_>) -> Result<(File, Metadata), GuardError> {
    let target = match scope {
        Scope::InTree(root) => in_tree_target(path, root)?,
        Scope::User | Scope::Walked => path.to_path_buf(),
    };
    let nofollow = matches!(scope, Scope::Walked);
    let f = open_nonblocking(&target, nofollow).map_err(|e| {
        if nofollow && e.raw_os_error() == Some(libc::ELOOP) {
            GuardError::Outside
        } else {
            GuardError::from(e)
        }
    })?;
    let md = f.metadata()?;
    match scope {
        Scope::InTree(_) | Scope::Walked if !md.is_file() => return Err(GuardError::NotRegular),
        Scope::User if md.is_dir() => return Err(GuardError::NotRegular),
        _ => {}
    }
    Ok((f, md))
}

/// Reads the whole file at `path` under `scope`'s rules, refusing more than `cap` bytes
/// (whatever `fstat` says: `/proc` files and growing files report sizes that lie).
pub fn read(path: &Path, scope: Scope<'_>, cap: u64) -> Result<Vec<u8>, GuardError> {
    let (f, md) = open(path, scope)?;
    if md.len() > cap {
        return Err(GuardError::TooLarge { cap });
    }
    read_capped(f, cap)
}

/// Reads an already open stream (a guarded file, or standard input for `--baseline -`) to its
/// end, refusing more than `cap` bytes and waiting on a pipe whose writer is still working.
pub fn read_capped(r: impl Read, cap: u64) -> Result<Vec<u8>, GuardError> {
    let mut out = Vec::new();
    read_waiting(r.take(cap.saturating_add(1)), &mut out, PIPE_IDLE)?;
    if out.len() as u64 > cap {
        return Err(GuardError::TooLarge { cap });
    }
    Ok(out)
}

/// How long a pipe may stay silent ([`crate::options::budget::PIPE_IDLE_SECS`]).
const PIPE_IDLE: std::time::Duration =
    std::time::Duration::from_secs(crate::options::budget::PIPE_IDLE_SECS);

/// Reads `r` to its end into `out`. Files are opened without blocking, so a pipe or terminal
/// the user named answers "would block" while its writer is still working
/// (`--baseline <(curl ...)`): the read then waits, a little longer each time, and fails only
/// after `idle` without a byte. (A pipe with no writer reads as its end, so it never waits.)
fn read_waiting(
    mut r: impl Read,
    out: &mut Vec<u8>,
    idle: std::time::Duration,
) -> std::io::Result<()> {
    let mut silent = std::time::Duration::ZERO;
    let mut pause = std::time::Duration::from_millis(1);
    loop {
        let before = out.len();
        match r.read_to_end(out) {
            Ok(_) => return Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                if out.len() > before {
                    silent = std::time::Duration::ZERO;
                    pause = std::time::Duration::from_millis(1);
                }
                if silent >= idle {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::TimedOut,
                        format!("no data for {} s", idle.as_secs()),
                    ));
                }
                std::thread::sleep(pause);
                silent += pause;
                pause = (pause * 2).min(std::time::Duration::from_millis(100));
            }
            Err(e) => return Err(e),
        }
    }
}

/// Like [`read`], but "not found" is `Ok(None)`.
pub fn read_optional(
    path: &Path,
    scope: Scope<'_>,
    cap: u64,
) -> Result<Option<Vec<u8>>, GuardError> {
    match read(path, scope, cap) {
        Ok(b) => Ok(Some(b)),
        Err(GuardError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// True when `path` (which may not exist) resolves inside `canon_root`. Paths that do not
/// exist are judged by their lexical form.
pub fn resolves_inside(path: &Path, canon_root: &Path) -> bool {
    match path.canonicalize() {
        Ok(p) => p.starts_with(canon_root),
        Err(_) => path.starts_with(canon_root),
    }
}

/// The path to open for an in-tree file: the path itself when no component is a link, else
/// its resolution, which must stay inside `root`.
fn in_tree_target(path: &Path, root: &Path) -> Result<PathBuf, GuardError> {
    let lmd = std::fs::symlink_metadata(path)?;
    if lmd.file_type().is_symlink() || !path.starts_with(root) {
        let real = path.canonicalize()?;
        if !real.starts_with(root) {
            return Err(GuardError::Outside);
        }
        return Ok(real);
    }
    // A link in a parent directory would also leave the tree: resolve the parent once.
    if let Some(parent) = path.parent()
        && parent != root
        && parent.starts_with(root)
    {
        let real_parent = parent.canonicalize()?;
        if !real_parent.starts_with(root) {
            return Err(GuardError::Outside);
        }
    }
    Ok(path.to_path_buf())
}

/// Opens for reading without blocking on FIFOs and without acquiring a controlling terminal.
fn open_nonblocking(path: &Path, nofollow: bool) -> std::io::Result<File> {
    let mut oo = std::fs::OpenOptions::new();
    oo.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let extra = if nofollow { libc::O_NOFOLLOW } else { 0 };
        oo.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | extra);
    }
    oo.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pipe as a non-blocking read sees it: "would block" `waits` times, then `data`.
    struct SlowPipe {
        waits: usize,
        data: &'static [u8],
    }

    impl Read for SlowPipe {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.waits > 0 {
                self.waits -= 1;
                return Err(std::io::ErrorKind::WouldBlock.into());
            }
            let n = self.data.len().min(buf.len()).min(3);
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            if n > 0 && !self.data.is_empty() {
                self.waits = 2;
            }
            Ok(n)
        }
    }

    #[test]
    fn a_pipe_that_would_block_is_waited_for_within_the_idle_budget() {
        let mut out = Vec::new();
        let pipe = SlowPipe {
            waits: 5,
            data: b"{\"a\": 1}",
        };
        read_waiting(pipe, &mut out, std::time::Duration::from_secs(5)).unwrap();
        assert_eq!(out, b"{\"a\": 1}");
        let silent = SlowPipe {
            waits: usize::MAX,
            data: b"",
        };
        let err = read_waiting(
            silent,
            &mut Vec::new(),
            std::time::Duration::from_millis(20),
        )
        .unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::TimedOut);
    }

    #[test]
    fn refuses_links_out_of_the_tree_and_special_files() {
        let outside = tempfile::tempdir().unwrap();
        let secret = outside.path().join("secret");
        std::fs::write(&secret, "TOKEN=hunter2").unwrap();
        let t = tempfile::tempdir().unwrap();
        let root = t.path().canonicalize().unwrap();
        std::fs::write(root.join("ok"), "fine").unwrap();
        std::os::unix::fs::symlink(&secret, root.join("link")).unwrap();
        std::os::unix::fs::symlink(root.join("ok"), root.join("inner")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("dir")).unwrap();
        let s = Scope::InTree(&root);
        assert_eq!(read(&root.join("ok"), s, 10).unwrap(), b"fine");
        assert_eq!(read(&root.join("inner"), s, 10).unwrap(), b"fine");
        assert!(matches!(
            read(&root.join("link"), s, 99),
            Err(GuardError::Outside)
        ));
        assert!(matches!(
            read(&root.join("dir/secret"), s, 99),
            Err(GuardError::Outside)
        ));
        assert!(matches!(
            read(&root.join("ok"), s, 3),
            Err(GuardError::TooLarge { cap: 3 })
        ));
        assert!(matches!(
            read(&root.join("none"), s, 3),
            Err(GuardError::NotFound)
        ));
        assert!(read_optional(&root.join("none"), s, 3).unwrap().is_none());
        std::os::unix::fs::symlink("/dev/zero", root.join("zero")).unwrap();
        assert!(read(&root.join("zero"), s, 1 << 20).is_err());
        // The user may name a device; the cap still bounds the read.
        assert!(matches!(
            read(Path::new("/dev/zero"), Scope::User, 1 << 16),
            Err(GuardError::TooLarge { .. })
        ));
        assert_eq!(read(Path::new("/dev/null"), Scope::User, 10).unwrap(), b"");
        let msg = read(&root.join("link"), s, 99).unwrap_err().to_string();
        assert!(!msg.contains("hunter2"));
    }
}
