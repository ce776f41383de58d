//! Ignore rules read by us, not by the `ignore` crate: its own `.gitignore`/`.ignore`/
//! `.git/info/exclude` reading is switched off (it opens them blocking, follows links out of
//! the tree and reads without a cap), and the walk's `filter_entry` asks [`IgnoreRules`]
//! instead. Each directory's ignore files are read once, through [`crate::guard`], into
//! `Gitignore` matchers with a byte cap and a rule budget; a refused file, an invalid glob or
//! a truncated rule set becomes an `ignore_file` warning naming the path and the reason.
//!
//! Precedence is the `ignore` crate's (so tokei parity holds): the deepest directory's match
//! wins; `.ignore` beats `.gitignore` beats `.git/info/exclude`; `.gitignore` and `exclude`
//! stop applying above a directory that holds `.git` (a nested repository).
//!
//! As in git, a tracked file is never ignored: a `.gitignore` or `info/exclude` rule drops a
//! path only when the repository's index (`.git/index` at the top, read once through the
//! guard, [`super::gitindex`]) neither lists it nor, for a directory, lists a path below it.
//! Inside a directory git ignores but tracks files in, only tracked paths are walked. tokei
//! reads no index, so on such files its counts differ from ours. `.ignore` and `.tokeignore`
//! rules, which are the user's word to tools, apply to tracked files too.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use ignore::Match;
use ignore::gitignore::{Gitignore, GitignoreBuilder};

use super::gitindex::Tracked;
use crate::guard::{self, GuardError, Scope};
use crate::options::budget;

/// The matchers of one directory.
struct Level {
    /// `.tokeignore`, as tokei honours it (over `.ignore`).
    tokeignore: Option<Gitignore>,
    ignore: Option<Gitignore>,
    gitignore: Option<Gitignore>,
    exclude: Option<Gitignore>,
    has_git: bool,
}

/// A directory's rules followed by its parents' (deepest first). Directories without ignore
/// files share their parent's chain.
struct Chain {
    level: Arc<Level>,
    parent: Option<Arc<Chain>>,
}

/// What one directory contributes: its chain, and whether it must stay cached (it has
/// matchers or a `.git`, or produced a warning, so no ignore file is ever read twice).
struct Entry {
    chain: Option<Arc<Chain>>,
    keep: bool,
}

type Slot = Arc<OnceLock<Entry>>;

/// The per-directory cache; entries of directories without ignore files are dropped when it
/// grows past `limit` (they cost three `lstat`s to rebuild), so memory does not grow with the
/// number of directories.
struct Cache {
    map: HashMap<PathBuf, Slot>,
    limit: usize,
}

/// (rules instance, directory, its chain).
type LastDir = Option<(u64, PathBuf, Option<Arc<Chain>>)>;

static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

thread_local! {
    /// The last directory a walker thread asked about: a directory's children are filtered
    /// one after another by the thread that listed it.
    static LAST: std::cell::RefCell<LastDir> =
        const { std::cell::RefCell::new(None) };
}

/// One warning about an ignore file: (path relative to the root, message).
pub type IgnoreWarning = (String, String);

/// Ignore rules of a scan, built lazily per directory and shared by the walker threads.
pub struct IgnoreRules {
    /// The canonical scan root.
    root: PathBuf,
    /// The highest directory whose ignore files apply: the root, or the top of the git
    /// repository the root sits in (parents' ignore files apply inside a repository, as in git).
    top: PathBuf,
    id: u64,
    dirs: Mutex<Cache>,
    warnings: Mutex<Vec<IgnoreWarning>>,
    warned: AtomicUsize,
    rules_left: AtomicUsize,
    /// The paths the repository at `top` tracks (None: not a repository, or no readable
    /// index), read at the first question, so `--no-ignore` never reads it.
    tracked: OnceLock<Option<Tracked>>,
    /// Directories a git rule ignores but that hold tracked paths: walked for those only.
    forced: RwLock<HashSet<PathBuf>>,
    any_forced: AtomicBool,
}

impl IgnoreRules {
    /// Rules for a scan of the canonical `root`.
    pub fn new(root: &Path) -> IgnoreRules {
        let top = root
            .ancestors()
            .find(|a| std::fs::symlink_metadata(a.join(".git")).is_ok())
            .unwrap_or(root)
            .to_path_buf();
        IgnoreRules {
            root: root.to_path_buf(),
            top,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            dirs: Mutex::new(Cache {
                map: HashMap::new(),
                limit: budget::IGNORE_DIR_CACHE,
            }),
            warnings: Mutex::new(Vec::new()),
            warned: AtomicUsize::new(0),
            rules_left: AtomicUsize::new(budget::IGNORE_RULES_TOTAL),
            tracked: OnceLock::new(),
            forced: RwLock::new(HashSet::new()),
            any_forced: AtomicBool::new(false),
        }
    }

    /// The index, read once; when the scan root itself lies in a directory a git rule ignores,
    /// the root is walked for its tracked paths only, as git shows it.
    fn tracked(&self) -> Option<&Tracked> {
        self.tracked
            .get_or_init(|| {
                let t = self.read_index()?;
                let inside_ignored = self
                    .root
                    .ancestors()
                    .take_while(|a| *a != self.top)
                    .any(|a| self.verdict_by(a, true) == (Some(true), true));
                if inside_ignored {
                    self.force(&self.root);
                }
                Some(t)
            })
            .as_ref()
    }

    /// The index of the repository at `top`, when `top/.git` is a directory.
    fn read_index(&self) -> Option<Tracked> {
        let git = self.top.join(".git");
        if !std::fs::symlink_metadata(&git).is_ok_and(|m| m.is_dir()) {
            return None;
        }
        let file = git.join("index");
        match guard::read_optional(&file, Scope::InTree(&self.top), budget::GIT_INDEX_BYTES) {
            Ok(Some(bytes)) => {
                let t = Tracked::parse(
                    &bytes,
                    budget::GIT_INDEX_ENTRIES,
                    budget::GIT_INDEX_PATH_BYTES,
                );
                match &t {
                    None => self.warn(
                        &file,
                        "not a git index this version reads; tracked files a .gitignore rule \
                         matches are left out"
                            .to_string(),
                    ),
                    Some(t) if !t.complete => self.warn(
                        &file,
                        format!(
                            "read in part ({} paths: a split index, a budget of {} entries or \
                             {} path bytes, or a damaged entry); tracked files a .gitignore rule \
                             matches may be left out",
                            t.len(),
                            budget::GIT_INDEX_ENTRIES,
                            budget::GIT_INDEX_PATH_BYTES
                        ),
                    ),
                    Some(_) => {}
                }
                t
            }
            Ok(None) => None,
            Err(e) => {
                self.warn(
                    &file,
                    format!("{e}; tracked files a .gitignore rule matches are left out"),
                );
                None
            }
        }
    }

    /// True when the index lists `path`, or a path below it when `is_dir`.
    fn tracks(&self, path: &Path, is_dir: bool) -> bool {
        let Some(t) = self.tracked() else {
            return false;
        };
        let Ok(rel) = path.strip_prefix(&self.top) else {
            return false;
        };
        #[cfg(unix)]
        let key = {
            use std::os::unix::ffi::OsStrExt;
            rel.as_os_str().as_bytes().to_vec()
        };
        #[cfg(not(unix))]
        let key = rel.to_string_lossy().replace('\\', "/").into_bytes();
        t.holds(&key, is_dir)
    }

    fn force(&self, dir: &Path) {
        self.forced
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(dir.to_path_buf());
        self.any_forced.store(true, Ordering::Release);
    }

    fn in_forced(&self, path: &Path) -> bool {
        self.any_forced.load(Ordering::Acquire)
            && path.parent().is_some_and(|p| {
                self.forced
                    .read()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .contains(p)
            })
    }

    /// True when `path` (a directory when `is_dir`) is ignored by the ignore files of its
    /// parent directories, and git does not track it (see the module's notes).
    pub fn is_ignored(&self, path: &Path, is_dir: bool) -> bool {
        let (verdict, by_git) = self.verdict_by(path, is_dir);
        let ignored = verdict == Some(true);
        if (ignored && !by_git) || self.tracked().is_none() {
            return ignored;
        }
        let forced = self.in_forced(path);
        let keep = if forced {
            self.tracks(path, is_dir)
        } else {
            !ignored || self.tracks(path, is_dir)
        };
        if keep && is_dir && (ignored || forced) {
            self.force(path);
        }
        !keep
    }

    /// True when an ignore rule whitelists `path` (`!/.github/`): tokei then counts a hidden
    /// path, so the languages table does too.
    pub fn is_whitelisted(&self, path: &Path, is_dir: bool) -> bool {
        self.verdict(path, is_dir) == Some(false)
    }

    /// Some(true): ignored, Some(false): whitelisted, None: no rule matched.
    fn verdict(&self, path: &Path, is_dir: bool) -> Option<bool> {
        self.verdict_by(path, is_dir).0
    }

    /// [`Self::verdict`], and whether git's own files (`.gitignore`, `info/exclude`) decided it.
    fn verdict_by(&self, path: &Path, is_dir: bool) -> (Option<bool>, bool) {
        let Some(dir) = path.parent() else {
            return (None, false);
        };
        let cached = LAST.with(|l| match &*l.borrow() {
            Some((id, d, c)) if *id == self.id && d == dir => Some(c.clone()),
            _ => None,
        });
        let mut chain = match cached {
            Some(c) => c,
            None => {
                let c = self.chain(dir);
                LAST.with(|l| *l.borrow_mut() = Some((self.id, dir.to_path_buf(), c.clone())));
                c
            }
        };
        // Some(true): ignored, Some(false): whitelisted, None: no rule matched.
        let (mut m_tk, mut m_ig, mut m_gi, mut m_ex) = (None, None, None, None);
        let mut saw_git = false;
        while let Some(c) = chain {
            let l = &c.level;
            if m_tk.is_none() {
                m_tk = matched(&l.tokeignore, path, is_dir);
            }
            if m_ig.is_none() {
                m_ig = matched(&l.ignore, path, is_dir);
            }
            if !saw_git && m_gi.is_none() {
                m_gi = matched(&l.gitignore, path, is_dir);
            }
            if !saw_git && m_ex.is_none() {
                m_ex = matched(&l.exclude, path, is_dir);
            }
            saw_git = saw_git || l.has_git;
            chain = c.parent.clone();
        }
        match m_tk.or(m_ig) {
            Some(v) => (Some(v), false),
            None => (m_gi.or(m_ex), true),
        }
    }

    /// The warnings collected so far (each ignore file is read once, so each appears once).
    pub fn take_warnings(&self) -> Vec<IgnoreWarning> {
        let mut w = self
            .warnings
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        std::mem::take(&mut *w)
    }

    fn chain(&self, dir: &Path) -> Option<Arc<Chain>> {
        if !dir.starts_with(&self.top) {
            return None;
        }
        let slot = {
            let mut cache = self
                .dirs
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            if cache.map.len() >= cache.limit {
                cache.map.retain(|_, s| s.get().is_none_or(|e| e.keep));
                if cache.map.len() * 2 >= cache.limit {
                    cache.limit *= 2;
                }
            }
            Arc::clone(cache.map.entry(dir.to_path_buf()).or_default())
        };
        slot.get_or_init(|| {
            let parent = if dir == self.top {
                None
            } else {
                dir.parent().and_then(|p| self.chain(p))
            };
            let warned = self.warned.load(Ordering::Relaxed);
            let level = self.level(dir);
            let keep = level.is_some() || self.warned.load(Ordering::Relaxed) != warned;
            let chain = match level {
                Some(level) => Some(Arc::new(Chain {
                    level: Arc::new(level),
                    parent,
                })),
                None => parent,
            };
            Entry { chain, keep }
        })
        .chain
        .clone()
    }

    /// Reads `dir`'s ignore files; None when it has none and no `.git`.
    fn level(&self, dir: &Path) -> Option<Level> {
        let git = dir.join(".git");
        let git_md = std::fs::symlink_metadata(&git).ok();
        let has_git = git_md.is_some();
        let exclude = if git_md.is_some_and(|m| m.is_dir()) {
            self.read(dir, &git.join("info").join("exclude"))
        } else {
            None
        };
        let level = Level {
            tokeignore: self.read(dir, &dir.join(".tokeignore")),
            ignore: self.read(dir, &dir.join(".ignore")),
            gitignore: self.read(dir, &dir.join(".gitignore")),
            exclude,
            has_git,
        };
        let empty = level.tokeignore.is_none()
            && level.ignore.is_none()
            && level.gitignore.is_none()
            && level.exclude.is_none()
            && !has_git;
        (!empty).then_some(level)
    }

    /// One ignore file through the guard, into a matcher rooted at `dir`.
    fn read(&self, dir: &Path, file: &Path) -> Option<Gitignore> {
        let scope_root = if file.starts_with(&self.root) {
            &self.root
        } else {
            &self.top
        };
        let bytes = match guard::read_optional(
            file,
            Scope::InTree(scope_root),
            budget::IGNORE_FILE_BYTES,
        ) {
            Ok(Some(b)) => b,
            Ok(None) => return None,
            Err(GuardError::NotFound) => return None,
            Err(e) => {
                self.warn(file, e.to_string());
                return None;
            }
        };
        let mut b = GitignoreBuilder::new(dir);
        let mut rules = 0usize;
        for (i, raw) in bytes.split(|&c| c == b'\n').enumerate() {
            let lineno = i + 1;
            let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
            let Ok(line) = std::str::from_utf8(raw) else {
                self.warn(
                    file,
                    format!("line {lineno}: not UTF-8; this line and the rest not applied"),
                );
                break;
            };
            let line = if i == 0 {
                line.trim_start_matches('\u{feff}')
            } else {
                line
            };
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            // Literal and `*.ext` rules are cheap; other wildcard rules each become a regex,
            // which the budget bounds.
            if is_costly(t) {
                if rules >= budget::IGNORE_RULES_PER_FILE || !self.take_rule() {
                    self.warn(
                        file,
                        format!(
                            "line {lineno}: over the wildcard-rule budget ({} per file, {} per scan); this line and the rest not applied",
                            budget::IGNORE_RULES_PER_FILE,
                            budget::IGNORE_RULES_TOTAL
                        ),
                    );
                    break;
                }
                rules += 1;
            }
            if let Err(e) = b.add_line(None, line) {
                self.warn(file, format!("line {lineno}: {}", glob_reason(&e)));
            }
        }
        match b.build() {
            Ok(g) if g.is_empty() => None,
            Ok(g) => Some(g),
            Err(e) => {
                self.warn(file, format!("not applied: {}", glob_reason(&e)));
                None
            }
        }
    }

    fn take_rule(&self) -> bool {
        self.rules_left
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
            .is_ok()
    }

    fn warn(&self, file: &Path, message: String) {
        let rel = match file.strip_prefix(&self.root) {
            Ok(r) => r.to_string_lossy().replace('\\', "/"),
            Err(_) => file.to_string_lossy().into_owned(),
        };
        self.warned.fetch_add(1, Ordering::Relaxed);
        self.warnings
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push((rel, message));
    }
}

fn matched(g: &Option<Gitignore>, path: &Path, is_dir: bool) -> Option<bool> {
    match g.as_ref().map(|g| g.matched(path, is_dir)) {
        Some(Match::Ignore(_)) => Some(true),
        Some(Match::Whitelist(_)) => Some(false),
        _ => None,
    }
}

/// True for a rule that compiles to a regex (not a literal name or path, not `*.ext`).
fn is_costly(rule: &str) -> bool {
    let r = rule.strip_prefix('!').unwrap_or(rule);
    let r = r.strip_prefix('/').unwrap_or(r);
    let r = r.strip_prefix("**/").unwrap_or(r);
    let r = r.strip_suffix('/').unwrap_or(r);
    let r = r.strip_suffix("/**").unwrap_or(r);
    let meta = |s: &str| s.contains(['*', '?', '[', '{', '\\']);
    match r.strip_prefix("*.") {
        Some(ext) => meta(ext) || ext.contains('/'),
        None => meta(r),
    }
}

/// The reason of a glob error without the file name the crate may add.
fn glob_reason(e: &ignore::Error) -> String {
    match e {
        ignore::Error::Glob { err, .. } => format!("invalid glob: {err}"),
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithLineNumber { err, .. }
        | ignore::Error::WithDepth { err, .. } => glob_reason(err),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence_and_nested_repositories() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::create_dir_all(root.join("n/.git")).unwrap();
        std::fs::write(root.join(".gitignore"), "*.log\nkeep/\n").unwrap();
        std::fs::write(root.join("a/.gitignore"), "!x.log\n").unwrap();
        std::fs::write(root.join("a/.ignore"), "y.log\n").unwrap();
        std::fs::write(root.join(".ignore"), "!a/b/z.log\n").unwrap();
        let r = IgnoreRules::new(&root);
        assert!(r.is_ignored(&root.join("q.log"), false));
        assert!(r.is_ignored(&root.join("keep"), true));
        assert!(!r.is_ignored(&root.join("keep"), false));
        assert!(!r.is_ignored(&root.join("a/x.log"), false));
        assert!(r.is_ignored(&root.join("a/b/y.log"), false));
        assert!(!r.is_ignored(&root.join("a/b/z.log"), false));
        // The root's .gitignore stops at a nested repository.
        assert!(!r.is_ignored(&root.join("n/q.log"), false));
        assert!(r.take_warnings().is_empty());
    }

    #[test]
    fn costly_rules() {
        for cheap in [
            "a.c",
            "*.log",
            "!*.o",
            "/build/",
            "**/node_modules",
            "dist/**",
            "a/b",
        ] {
            assert!(!is_costly(cheap), "{cheap}");
        }
        for costly in ["*a*b", "a?", "src/*.c", "[ab].c", "*.{c,h}", "**/x*/"] {
            assert!(is_costly(costly), "{costly}");
        }
    }

    #[test]
    fn bad_files_and_globs_are_warnings() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/.gitignore"), "ok.c\n[z-a]\n").unwrap();
        std::os::unix::fs::symlink("/dev/zero", root.join(".gitignore")).unwrap();
        let r = IgnoreRules::new(&root);
        assert!(r.is_ignored(&root.join("sub/ok.c"), false));
        let mut w = r.take_warnings();
        w.sort();
        assert_eq!(w.len(), 2, "{w:?}");
        assert_eq!(w[0].0, ".gitignore");
        assert_eq!(w[1].0, "sub/.gitignore");
        assert!(w[1].1.starts_with("line 2: invalid glob"), "{w:?}");
    }
}
