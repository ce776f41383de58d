//! The single parallel pass over the tree: lists entries with the `ignore` crate (whose own
//! ignore-file reading is off: [`ignores`] reads them through the guard with git's semantics),
//! opens each regular file once through [`crate::guard`] (without blocking or following links),
//! reads at most `max_file_size` bytes into a per-thread buffer, and hands the bytes to
//! [`crate::analyze::analyze_file`].
//! It never executes anything and never writes.

pub mod gitindex;
pub mod ignores;
pub mod sniff;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use ignore::overrides::OverrideBuilder;
use ignore::{DirEntry, ParallelVisitor, ParallelVisitorBuilder, WalkBuilder, WalkState};

use crate::aggregate::Totals;
use crate::analyze::{self, FileClass, FileInput, languages};
use crate::error::ScanError;
use crate::options::{Options, budget};
use crate::roles::{self, Attributes, Role, RoleGlobs};

/// Live counters for a progress display; the walk only adds to them.
#[derive(Debug, Default)]
pub struct Progress {
    /// Files read so far.
    pub files: AtomicU64,
    /// Bytes read so far.
    pub bytes: AtomicU64,
}

/// Read-only state shared by all walker threads.
struct Shared<'a> {
    root: PathBuf,
    opts: &'a Options,
    /// `.gitattributes` linguist rules by root-relative directory ("" is the root), read when
    /// the walk enters the directory, before any of its files is visited.
    attrs: RwLock<BTreeMap<String, Arc<Attributes>>>,
    /// Root-relative directories that hold another project (own licence in a vendoring folder).
    vendored_projects: RwLock<std::collections::BTreeSet<String>>,
    globs: RoleGlobs,
    /// The ignore rules (None with --no-ignore), also asked whether a hidden path is
    /// whitelisted.
    rules: Option<std::sync::Arc<ignores::IgnoreRules>>,
    results: Mutex<Totals>,
}

/// Reads the file `f`, which `fstat` said holds `size` bytes, into `buf[..n]` and returns `n`:
/// at most `cap + 1` bytes, so a file growing while read stays bounded and is seen to be over
/// `cap`. `buf` is a per-thread buffer whose length only grows (zeroed once, when it grows), so
/// no read clears or zero-fills it again.
///
/// One `read` of `size + 1` bytes that comes back short, at `size`, is the end of a regular
/// file: the further `read` that returns 0, which `read_to_end` makes for every file, is
/// skipped (one system call in five per file). A file that grew since its `fstat` is read on
/// to its end, still bounded; one that shrank ends at the first `read` that returns 0.
fn read_file(
    mut f: std::fs::File,
    size: u64,
    cap: u64,
    buf: &mut Vec<u8>,
) -> std::io::Result<usize> {
    let want = usize::try_from(size.min(cap).saturating_add(1)).unwrap_or(usize::MAX);
    if buf.len() < want {
        buf.resize(want, 0);
    }
    let mut n = 0;
    while n < want {
        match f.read(&mut buf[n..want]) {
            Ok(0) => return Ok(n),
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
        if n as u64 >= size && n < want {
            return Ok(n);
        }
    }
    // Grew past its `fstat` size: the rest, to one byte past the cap.
    buf.truncate(n);
    f.take(cap.saturating_add(1).saturating_sub(n as u64))
        .read_to_end(buf)?;
    Ok(buf.len())
}

/// Walks the tree under `root` (already checked to exist) and returns the merged totals.
pub fn walk(root: &Path, opts: &Options) -> Result<Totals, ScanError> {
    let root = root.to_path_buf();
    let mut pre = Totals::default();
    let globs = RoleGlobs::new(&opts.roles).map_err(ScanError::Config)?;

    // The ignore crate reads no ignore file itself: `ignores` reads them through the guard
    // (non-blocking, capped, never through a link out of the tree) and `filter_entry` asks it.
    let rules = std::sync::Arc::new(ignores::IgnoreRules::new(&root));
    let mut builder = WalkBuilder::new(&root);
    builder
        .hidden(false)
        .parents(false)
        .ignore(false)
        .git_ignore(false)
        .git_exclude(false)
        .git_global(false)
        .require_git(false)
        .follow_links(opts.follow_links)
        .threads(opts.threads.unwrap_or(0).min(budget::MAX_THREADS));
    if !opts.excludes.is_empty() {
        let mut ob = OverrideBuilder::new(&root);
        for glob in &opts.excludes {
            ob.add(&format!("!{glob}"))
                .map_err(|e| ScanError::BadGlob(glob.clone(), e.to_string()))?;
        }
        let ov = ob
            .build()
            .map_err(|e| ScanError::BadGlob(opts.excludes.join(","), e.to_string()))?;
        builder.overrides(ov);
    }
    let canon_root = root.canonicalize().unwrap_or_else(|_| root.clone());
    let follow = opts.follow_links;
    let filter_rules = (!opts.no_ignore).then(|| std::sync::Arc::clone(&rules));
    builder.filter_entry(move |e| {
        if e.file_name() == ".git" {
            return false;
        }
        if follow && e.path_is_symlink() && !inside(&canon_root, e.path()) {
            return false;
        }
        let is_dir = e.file_type().is_some_and(|t| t.is_dir());
        filter_rules
            .as_ref()
            .is_none_or(|r| !r.is_ignored(e.path(), is_dir))
    });
    if let Some(n) = opts.threads
        && n > budget::MAX_THREADS
    {
        pre.warnings.push(
            "",
            "budget",
            format!(
                "--threads {n} is over the maximum of {}; using {}",
                budget::MAX_THREADS,
                budget::MAX_THREADS
            ),
        );
    }

    let shared = Shared {
        root: root.clone(),
        opts,
        attrs: RwLock::new(BTreeMap::new()),
        vendored_projects: RwLock::new(std::collections::BTreeSet::new()),
        globs,
        rules: (!opts.no_ignore).then(|| std::sync::Arc::clone(&rules)),
        results: Mutex::new(Totals::default()),
    };
    let mut vb = VisitorBuilder { shared: &shared };
    builder.build_parallel().visit(&mut vb);
    let mut totals = shared
        .results
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    for (path, message) in rules.take_warnings() {
        pre.warnings.push(&path, "ignore_file", message);
    }
    totals.merge(std::mem::take(&mut pre));
    Ok(totals)
}

/// True when `path` resolves to a location inside `canon_root`.
fn inside(canon_root: &Path, path: &Path) -> bool {
    path.canonicalize().is_ok_and(|p| p.starts_with(canon_root))
}

struct VisitorBuilder<'s> {
    shared: &'s Shared<'s>,
}

impl<'s> ParallelVisitorBuilder<'s> for VisitorBuilder<'s> {
    fn build(&mut self) -> Box<dyn ParallelVisitor + 's> {
        Box::new(Visitor {
            shared: self.shared,
            totals: Totals::default(),
            buf: Vec::new(),
        })
    }
}

struct Visitor<'s> {
    shared: &'s Shared<'s>,
    totals: Totals,
    buf: Vec<u8>,
}

impl Drop for Visitor<'_> {
    fn drop(&mut self) {
        let mine = std::mem::take(&mut self.totals);
        let mut guard = self
            .shared
            .results
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        guard.merge(mine);
    }
}

impl ParallelVisitor for Visitor<'_> {
    fn visit(&mut self, entry: Result<DirEntry, ignore::Error>) -> WalkState {
        match entry {
            Ok(e) => self.entry(&e),
            Err(err) => self.walk_error(&err),
        }
        WalkState::Continue
    }
}

impl Visitor<'_> {
    fn rel(&self, path: &Path) -> String {
        let rel = path.strip_prefix(&self.shared.root).unwrap_or(path);
        let s = rel.to_string_lossy().replace('\\', "/");
        if s.is_empty() {
            // The root itself is a file: name it by its file name.
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        } else {
            s
        }
    }

    fn walk_error(&mut self, err: &ignore::Error) {
        let (path, kind) = describe_walk_error(err);
        let rel = path.map(|p| self.rel(&p)).unwrap_or_default();
        self.totals.warnings.push(&rel, kind, err.to_string());
        if kind == "symlink_loop" || kind == "unreadable" {
            self.totals.skip(kind);
        }
    }

    fn entry(&mut self, e: &DirEntry) {
        let Some(ft) = e.file_type() else { return };
        if ft.is_dir() {
            self.enter_dir(e.path());
            return;
        }
        let rel = self.rel(e.path());
        if ft.is_symlink() {
            self.totals.skip("symlink");
            return;
        }
        if !ft.is_file() {
            self.totals.skip("special_file");
            self.totals.warnings.push(
                &rel,
                "special_file",
                "not a regular file (FIFO, socket or device); not read",
            );
            return;
        }
        self.file(e.path(), &rel);
    }

    /// Reads the directory's `.gitattributes` (guarded) before the walk lists its children.
    fn enter_dir(&mut self, dir: &Path) {
        let root = &self.shared.root;
        let rel = dir
            .strip_prefix(root)
            .map(|r| r.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        if let Some((parent, _)) = rel.rsplit_once('/').or(Some(("", rel.as_str())))
            && let Some(pname) = parent.rsplit('/').next()
            && roles::may_hold_projects(pname)
            && let Ok(rd) = std::fs::read_dir(dir)
        {
            // Names only (no file is opened): does this folder carry its own licence?
            let names: Vec<String> = rd
                .flatten()
                .take(512)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            if roles::is_vendored_project(pname, &names) {
                self.shared
                    .vendored_projects
                    .write()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .insert(rel.clone());
            }
        }
        let path = dir.join(".gitattributes");
        let bytes = match crate::guard::read_optional(
            &path,
            crate::guard::Scope::InTree(root),
            crate::options::budget::IGNORE_FILE_BYTES,
        ) {
            Ok(Some(b)) => b,
            Ok(None) => return,
            Err(err) => {
                let at = if rel.is_empty() {
                    ".gitattributes".to_string()
                } else {
                    format!("{rel}/.gitattributes")
                };
                self.totals
                    .warnings
                    .push(&at, "ignore_file", err.to_string());
                return;
            }
        };
        let attrs = Attributes::parse(dir, &String::from_utf8_lossy(&bytes));
        if attrs.is_empty() {
            return;
        }
        let mut map = self
            .shared
            .attrs
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        map.insert(rel, Arc::new(attrs));
    }

    /// True when every hidden component of `rel` is whitelisted by an ignore rule
    /// (`!/.github/` in `.ignore`): tokei counts such paths, so the languages table does too.
    fn whitelisted_hidden(&self, rel: &str) -> bool {
        let Some(rules) = &self.shared.rules else {
            return false;
        };
        let parts: Vec<&str> = rel.split('/').collect();
        let last = parts.len().saturating_sub(1);
        let mut path = self.shared.root.clone();
        let mut any = false;
        for (i, c) in parts.iter().enumerate() {
            path.push(c);
            if c.starts_with('.') {
                if !rules.is_whitelisted(&path, i < last) {
                    return false;
                }
                any = true;
            }
        }
        any
    }

    /// The role of one file, from every source in order of strength.
    fn role(&self, path: &Path, rel: &str, bytes: &[u8]) -> Role {
        if !self.shared.opts.analyzers.roles {
            return Role::Product;
        }
        let map = self
            .shared
            .attrs
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut found: Vec<Arc<Attributes>> = Vec::new();
        if !map.is_empty() {
            let mut dir = rel;
            loop {
                dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
                if let Some(a) = map.get(dir) {
                    found.push(Arc::clone(a));
                }
                if dir.is_empty() {
                    break;
                }
            }
        }
        drop(map);
        let vp = self
            .shared
            .vendored_projects
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let in_vendored_project =
            !vp.is_empty() && rel.match_indices('/').any(|(i, _)| vp.contains(&rel[..i]));
        drop(vp);
        let ctx = roles::Context {
            globs: (!self.shared.globs.is_empty()).then_some(&self.shared.globs),
            attributes: found.iter().map(|a| a.as_ref()).collect(),
            in_vendored_project,
        };
        roles::classify(rel, path, bytes, &ctx)
    }

    fn file(&mut self, path: &Path, rel: &str) {
        let opts = self.shared.opts;
        let scope = if opts.follow_links {
            crate::guard::Scope::InTree(&self.shared.root)
        } else {
            crate::guard::Scope::Walked
        };
        let (f, md) = match crate::guard::open(path, scope) {
            Ok(x) => x,
            Err(crate::guard::GuardError::NotRegular) => {
                self.totals.skip("special_file");
                self.totals.warnings.push(
                    rel,
                    "special_file",
                    "changed into a non-regular file while scanned; not read",
                );
                return;
            }
            Err(err) => return self.refused(rel, &err),
        };
        if md.len() > opts.max_file_size {
            self.totals.skip("too_large");
            self.totals.warnings.push(
                rel,
                "too_large",
                format!(
                    "{} bytes is over --max-file-size {}; not read",
                    md.len(),
                    opts.max_file_size
                ),
            );
            let role = self.role(path, rel, &[]);
            analyze::observe_unread(rel, role, &mut self.totals);
            return;
        }
        let n = match read_file(f, md.len(), opts.max_file_size, &mut self.buf) {
            Ok(n) => n,
            Err(err) => return self.unreadable(rel, &err),
        };
        if n as u64 > opts.max_file_size {
            self.totals.skip("too_large");
            self.totals.warnings.push(
                rel,
                "too_large",
                "grew over --max-file-size while read; not analysed",
            );
            return;
        }
        if let Some(p) = &opts.progress {
            p.files.fetch_add(1, Ordering::Relaxed);
            p.bytes.fetch_add(n as u64, Ordering::Relaxed);
        }
        if sniff::is_binary(&self.buf[..n]) {
            self.totals.skip("binary");
            let role = self.role(path, rel, &[]);
            analyze::observe_unread(rel, role, &mut self.totals);
            return;
        }
        let buf = std::mem::take(&mut self.buf);
        self.analyze(path, rel, &buf[..n]);
        self.buf = buf;
    }

    fn analyze(&mut self, path: &Path, rel: &str, raw: &[u8]) {
        let opts = self.shared.opts;
        let decoded = decode_bom(raw);
        let bytes: &[u8] = decoded.as_deref().unwrap_or(raw);
        let (mut language, needs_shebang) = languages::detect_by_name(Path::new(rel));
        if language.is_none() && needs_shebang {
            language = languages::detect_by_shebang(bytes);
        }
        let hidden = sniff::is_hidden(rel);
        let role = self.role(path, rel, bytes);
        if language == Some(tokei::LanguageType::TypeScript) && languages::is_qt_linguist(bytes) {
            // Qt Linguist translations share `.ts` with TypeScript; they are XML data.
            language = Some(tokei::LanguageType::Xml);
        }
        let counted = !hidden || opts.hidden || self.whitelisted_hidden(rel);
        let class = FileClass::new(role, hidden, counted);
        self.totals.files += 1;
        self.totals.bytes += raw.len() as u64;
        let input = FileInput {
            path,
            rel,
            bytes,
            language,
            class,
        };
        analyze::analyze_file(&input, opts.analyzers, &mut self.totals);
    }

    fn refused(&mut self, rel: &str, err: &crate::guard::GuardError) {
        use crate::guard::GuardError;
        let kind = match err {
            GuardError::NotFound => "vanished",
            GuardError::Outside => "symlink_outside",
            _ => "unreadable",
        };
        self.totals.skip(kind);
        self.totals.warnings.push(rel, kind, err.to_string());
    }

    fn unreadable(&mut self, rel: &str, err: &std::io::Error) {
        let kind = if err.kind() == std::io::ErrorKind::NotFound {
            "vanished"
        } else {
            "unreadable"
        };
        self.totals.skip(kind);
        self.totals.warnings.push(rel, kind, err.to_string());
    }
}

/// Decodes a file with a byte-order mark to UTF-8 as tokei's `parse` does (UTF-8 BOM stripped
/// and invalid sequences replaced; UTF-16 transcoded). None when there is no BOM.
pub fn decode_bom(raw: &[u8]) -> Option<Vec<u8>> {
    let (enc, bom_len) = encoding_rs::Encoding::for_bom(raw)?;
    let rest = raw.get(bom_len..).unwrap_or(&[]);
    let (text, _) = enc.decode_without_bom_handling(rest);
    Some(text.into_owned().into_bytes())
}

/// The path and warning kind of a walk error.
fn describe_walk_error(err: &ignore::Error) -> (Option<PathBuf>, &'static str) {
    match err {
        ignore::Error::WithPath { path, err } => (Some(path.clone()), describe_walk_error(err).1),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            describe_walk_error(err)
        }
        ignore::Error::Loop { child, .. } => (Some(child.clone()), "symlink_loop"),
        ignore::Error::Io(io) => (
            None,
            if io.kind() == std::io::ErrorKind::NotFound {
                "vanished"
            } else {
                "unreadable"
            },
        ),
        ignore::Error::Glob { .. } => (None, "ignore_file"),
        ignore::Error::Partial(errs) => errs
            .first()
            .map(|e| (describe_walk_error(e).0, "ignore_file"))
            .unwrap_or((None, "ignore_file")),
        _ => (None, "walk_error"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The file as `read_file` sees it when `fstat` said `size` (what it holds may differ:
    /// a file that grew or shrank after its `fstat`), with a buffer left from a longer file.
    fn read_as(content: &[u8], size: u64, cap: u64) -> Vec<u8> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        std::fs::write(&p, content).unwrap();
        let mut buf = vec![b'x'; 100];
        let n = read_file(std::fs::File::open(&p).unwrap(), size, cap, &mut buf).unwrap();
        buf[..n].to_vec()
    }

    #[test]
    fn read_file_reads_what_is_there_whatever_fstat_said() {
        let text = b"fn main() {}\n".repeat(50);
        let len = text.len() as u64;
        assert_eq!(read_as(&text, len, 1 << 20), text, "as stated");
        assert_eq!(read_as(&text, 10, 1 << 20), text, "grew after fstat");
        assert_eq!(
            read_as(&text, len + 500, 1 << 20),
            text,
            "shrank after fstat"
        );
        assert_eq!(read_as(b"", 0, 1 << 20), b"", "empty");
        // Never more than one byte past the cap, so the caller sees it is over.
        assert_eq!(read_as(&text, 10, 99).len(), 100, "grew past the cap");
        assert_eq!(read_as(&text, 99, 99).len(), 100, "over the cap");
    }

    #[test]
    fn bom_decoding() {
        assert_eq!(decode_bom(b"abc"), None);
        assert_eq!(
            decode_bom(b"\xEF\xBB\xBFint x;").as_deref(),
            Some(&b"int x;"[..])
        );
        assert_eq!(
            decode_bom(b"\xFF\xFEa\x00b\x00").as_deref(),
            Some(&b"ab"[..])
        );
    }
}
