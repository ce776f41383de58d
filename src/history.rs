//! Git history facts, read-only and in-process (gix; never shells out, never writes): commits
//! reachable from HEAD, first and last commit dates, distinct authors in the 365 days before
//! the newest commit. Bounded: at most [`MAX_COMMITS`] commits, [`TIME_BUDGET`] of walking,
//! [`budget::GIT_OBJECT_BYTES`] per object (gix's allocation limit, so a zlib bomb fails
//! before it inflates) and [`budget::GIT_HISTORY_BYTES`] of commits per scan; a truncated walk
//! says so. Reads only a repository whose `.git` sits at the scanned root.
//!
//! Before gix opens anything, [`precheck`] looks at every file it will read with the guard's
//! rules: `.git` itself (a file or link that leaves the tree means "points outside the tree"),
//! `HEAD`, `config`, `config.worktree`, `commondir`, `packed-refs`, the ref HEAD names,
//! `shallow`, `objects/info/alternates` (each entry must stay in the tree), the commit-graph
//! files, every pack and every loose object entry: a FIFO, device, link out of the tree or
//! oversized file makes history unavailable with the path and the reason.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::changes::{DAY, DAYS_5Y, DAYS_12M, DAYS_24M, PathChurn, RawChanges};
use gix::diff::tree::recorder::Location;

use crate::guard::{self, GuardError, Scope};
use crate::options::budget;
use crate::report::model::History;

/// Most commits walked ([`budget::GIT_MAX_COMMITS`]).
pub const MAX_COMMITS: u64 = budget::GIT_MAX_COMMITS;
/// Longest walk ([`budget::GIT_WALK_SECS`]).
pub const TIME_BUDGET: Duration = Duration::from_secs(budget::GIT_WALK_SECS);

fn unavailable(reason: impl Into<String>) -> History {
    History {
        available: false,
        reason: Some(reason.into()),
        ..History::default()
    }
}

/// A pre-check refusal: the path (relative to the root) and why.
#[derive(Debug)]
pub struct Refused {
    /// Root-relative path of the file refused.
    pub path: String,
    /// Why.
    pub reason: String,
}

/// What [`read`] returns.
#[derive(Debug, Default)]
pub struct Read {
    /// The `history` section (`changes` still None: see [`crate::changes::join`]).
    pub history: History,
    /// A refusal of the pre-check, for the report's warnings.
    pub refused: Option<Refused>,
    /// Change facts of a full (non-shallow) history, when asked for.
    pub changes: Option<RawChanges>,
}

/// What the change walk looks for.
pub struct Wanted<'a> {
    /// Today's product files: the walk goes back until each was seen (or the 5-year horizon,
    /// or a budget).
    pub files: &'a [&'a str],
    /// Whose lines count, by path and whether the newest change deleted it
    /// ([`crate::changes::Counted::counts`]); no blob of another path is read.
    pub counts: &'a dyn Fn(&str, bool) -> bool,
    /// Longest change walk (`--history-budget`, default [`DIFF_BUDGET`]).
    pub budget: Duration,
}

/// Reads history facts of the repository at `root` (canonical). With `wanted`, also the
/// change facts of a full history.
pub fn read(root: &Path, wanted: Option<&Wanted<'_>>) -> Read {
    if std::fs::symlink_metadata(root.join(".git")).is_err() {
        return Read {
            history: unavailable("no .git at the scanned root"),
            ..Read::default()
        };
    }
    if let Err(r) = precheck(root) {
        let h = unavailable(format!("{}: {}", r.path, r.reason));
        return Read {
            history: h,
            refused: Some(r),
            changes: None,
        };
    }
    match walk(root, wanted) {
        Ok((history, changes)) => Read {
            history,
            refused: None,
            changes,
        },
        Err(e) => Read {
            history: unavailable(e),
            ..Read::default()
        },
    }
}

/// Checks, with the guard's rules, every file gix will read; returns the git directory.
pub fn precheck(root: &Path) -> Result<PathBuf, Refused> {
    let rel = |p: &Path| {
        p.strip_prefix(root)
            .unwrap_or(p)
            .to_string_lossy()
            .into_owned()
    };
    let refuse = |p: &Path, reason: String| Refused {
        path: rel(p),
        reason,
    };
    let scope = Scope::InTree(root);
    let dot_git = root.join(".git");
    let lmd = std::fs::symlink_metadata(&dot_git)
        .map_err(|e| refuse(&dot_git, GuardError::from(e).to_string()))?;
    let git_dir = if lmd.file_type().is_symlink() {
        let real = dot_git
            .canonicalize()
            .map_err(|e| refuse(&dot_git, GuardError::from(e).to_string()))?;
        if !real.starts_with(root) {
            return Err(refuse(&dot_git, "points outside the tree".into()));
        }
        real
    } else if lmd.is_file() {
        // A gitlink: "gitdir: PATH".
        let bytes = guard::read(&dot_git, scope, budget::GIT_SMALL_FILE_BYTES)
            .map_err(|e| refuse(&dot_git, e.to_string()))?;
        let target = pointer(&bytes, "gitdir:")
            .ok_or_else(|| refuse(&dot_git, "not a \"gitdir:\" file".into()))?;
        inside_dir(root, root, &target)
            .ok_or_else(|| refuse(&dot_git, "points outside the tree".into()))?
    } else if lmd.is_dir() {
        dot_git.clone()
    } else {
        return Err(refuse(&dot_git, GuardError::NotRegular.to_string()));
    };
    let check = |p: &Path, cap: u64| -> Result<Option<Vec<u8>>, Refused> {
        guard::read_optional(p, scope, cap).map_err(|e| refuse(p, e.to_string()))
    };
    let check_open = |p: &Path| -> Result<(), Refused> {
        match guard::open(p, scope) {
            Ok(_) | Err(GuardError::NotFound) => Ok(()),
            Err(e) => Err(refuse(p, e.to_string())),
        }
    };
    let head = check(&git_dir.join("HEAD"), budget::GIT_SMALL_FILE_BYTES)?;
    let common = match check(&git_dir.join("commondir"), budget::GIT_SMALL_FILE_BYTES)? {
        Some(b) => {
            let t = String::from_utf8_lossy(&b).trim().to_string();
            inside_dir(root, &git_dir, Path::new(&t)).ok_or_else(|| {
                refuse(&git_dir.join("commondir"), "points outside the tree".into())
            })?
        }
        None => git_dir.clone(),
    };
    for dir in [&git_dir, &common] {
        check(&dir.join("config"), budget::CONFIG_BYTES)?;
        check(&dir.join("config.worktree"), budget::CONFIG_BYTES)?;
        check(&dir.join("packed-refs"), budget::GIT_REFS_BYTES)?;
        check(&dir.join("shallow"), budget::GIT_REFS_BYTES)?;
    }
    if let Some(target) = head.as_deref().and_then(|h| pointer(h, "ref:")) {
        let t = target.to_string_lossy();
        if t.starts_with("refs/") && !t.split('/').any(|c| c == ".." || c.is_empty()) {
            check(&git_dir.join(&target), budget::GIT_SMALL_FILE_BYTES)?;
            check(&common.join(&target), budget::GIT_SMALL_FILE_BYTES)?;
        }
    }
    let objects = common.join("objects");
    if std::fs::symlink_metadata(&objects).is_ok() && !guard::resolves_inside(&objects, root) {
        return Err(refuse(&objects, GuardError::Outside.to_string()));
    }
    let info = objects.join("info");
    if let Some(b) = check(&info.join("alternates"), budget::GIT_SMALL_FILE_BYTES)? {
        let lines: Vec<&[u8]> = b
            .split(|&c| c == b'\n')
            .map(<[u8]>::trim_ascii)
            .filter(|l| !l.is_empty() && !l.starts_with(b"#"))
            .collect();
        if lines.len() > budget::GIT_ALTERNATES {
            return Err(refuse(
                &info.join("alternates"),
                format!("more than {} entries", budget::GIT_ALTERNATES),
            ));
        }
        for l in lines {
            let p = Path::new(std::str::from_utf8(l).unwrap_or("/"));
            if inside_dir(root, &objects, p).is_none() {
                return Err(refuse(
                    &info.join("alternates"),
                    "points outside the tree".into(),
                ));
            }
        }
    }
    check_open(&info.join("commit-graph"))?;
    for dir in [info.join("commit-graphs"), objects.join("pack")] {
        list_regular(root, &dir).map_err(|(p, why)| refuse(&p, why))?;
    }
    // Loose objects: gix opens them blocking and maps them whole; each must be a regular file
    // in the tree (the allocation limit bounds what one inflates to).
    if let Ok(entries) = std::fs::read_dir(&objects) {
        for e in entries.flatten() {
            let name = e.file_name();
            let n = name.to_string_lossy();
            if n.len() == 2 && n.bytes().all(|b| b.is_ascii_hexdigit()) {
                list_regular(root, &e.path()).map_err(|(p, why)| refuse(&p, why))?;
            }
        }
    }
    Ok(git_dir)
}

/// Every entry of `dir` (if it exists) must be a regular file; the directory must not leave
/// the tree.
fn list_regular(root: &Path, dir: &Path) -> Result<(), (PathBuf, String)> {
    let Ok(lmd) = std::fs::symlink_metadata(dir) else {
        return Ok(());
    };
    if lmd.file_type().is_symlink() && !guard::resolves_inside(dir, root) {
        return Err((dir.to_path_buf(), GuardError::Outside.to_string()));
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for e in entries.flatten() {
        let Ok(ft) = e.file_type() else { continue };
        if !ft.is_file() {
            let why = if ft.is_symlink() {
                "a symbolic link where git keeps regular files; not read"
            } else {
                "not a regular file (FIFO, socket, device or directory); not read"
            };
            return Err((e.path(), why.to_string()));
        }
    }
    Ok(())
}

/// True when gix refused an object over the allocation limit (its message says so; the error
/// chain is walked because the limit is reported from deep inside the object database).
fn over_budget(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        let m = err.to_string();
        if m.contains("allocation limit") || m.contains("Cannot store loose object") {
            return true;
        }
        cur = err.source();
    }
    format!("{e:?}").contains("allocation limit")
}

fn object_budget() -> String {
    format!(
        "walk stopped at an object over the {} byte object budget",
        budget::GIT_OBJECT_BYTES
    )
}

/// The path after `prefix` on the first line of `bytes` ("gitdir: ../x", "ref: refs/heads/m").
fn pointer(bytes: &[u8], prefix: &str) -> Option<PathBuf> {
    let text = std::str::from_utf8(bytes).ok()?;
    let rest = text.lines().next()?.strip_prefix(prefix)?.trim();
    (!rest.is_empty()).then(|| PathBuf::from(rest))
}

/// `target` (relative to `base`) resolved, if it is a directory inside `root`.
fn inside_dir(root: &Path, base: &Path, target: &Path) -> Option<PathBuf> {
    let joined = base.join(target);
    let real = joined.canonicalize().ok()?;
    (real.starts_with(root) && real.is_dir()).then_some(real)
}

fn walk(root: &Path, wanted: Option<&Wanted<'_>>) -> Result<(History, Option<RawChanges>), String> {
    let opts = gix::open::Options::isolated().config_overrides([format!(
        "gitoxide.objects.allocLimit={}",
        budget::GIT_OBJECT_BYTES
    )]);
    let mut repo =
        gix::open_opts(root, opts).map_err(|e| format!("cannot open the repository: {e}"))?;
    // gix sets no delta-base cache without its `max-performance` feature: every object at
    // depth 50 of a delta chain would inflate the 50 deltas under it on each read.
    repo.objects.set_pack_cache(|| {
        Box::new(gix::odb::pack::cache::lru::MemoryCappedHashmap::new(
            PACK_CACHE_BYTES,
        ))
    });
    let shallow = repo.is_shallow().unwrap_or(false);
    let head = match repo.head_id() {
        Ok(id) => id.detach(),
        Err(e) if over_budget(&e) => return Err(object_budget()),
        Err(_) => return Err("the repository has no commits".to_string()),
    };
    let walk = repo
        .rev_walk([head])
        .all()
        .map_err(|e| format!("cannot walk history: {e}"))?;
    let started = Instant::now();
    let mut commits = 0u64;
    let mut bytes = 0u64;
    let mut first = i64::MAX;
    let mut last = i64::MIN;
    let mut authors: HashMap<Vec<u8>, i64> = HashMap::new();
    let mut stopped: Option<String> = None;
    for info in walk {
        let info = match info {
            Ok(i) => i,
            Err(e) => {
                // A shallow boundary or a missing object ends the walk; an object over the
                // allocation limit is said.
                if over_budget(&e) {
                    stopped = Some(object_budget());
                }
                break;
            }
        };
        if commits >= MAX_COMMITS || started.elapsed() > TIME_BUDGET {
            stopped = Some(format!(
                "walk stopped after {commits} commits (limits: {MAX_COMMITS} commits, {} s)",
                TIME_BUDGET.as_secs()
            ));
            break;
        }
        let Ok(commit) = info.object() else { continue };
        bytes = bytes.saturating_add(commit.data.len() as u64);
        if bytes > budget::GIT_HISTORY_BYTES {
            stopped = Some(format!(
                "walk stopped after {commits} commits (limit: {} bytes of commits)",
                budget::GIT_HISTORY_BYTES
            ));
            break;
        }
        commits += 1;
        let Ok(author) = commit.author() else {
            continue;
        };
        let t = author.time().map(|t| t.seconds).unwrap_or(0);
        first = first.min(t);
        last = last.max(t);
        let email = author.email.to_ascii_lowercase();
        let e = authors.entry(email).or_insert(t);
        *e = (*e).max(t);
    }
    if commits == 0 {
        return Err(stopped.unwrap_or_else(|| "the repository has no readable commits".to_string()));
    }
    if shallow {
        // A shallow clone (GitHub Actions' default checkout) knows only the fetched commits:
        // reporting them as the team would silently turn a large team into a small one.
        return Ok((
            History {
                available: false,
                shallow: true,
                commits: Some(commits),
                reason: Some(format!(
                    "history unknown (shallow clone, {commits} commits): fetch full history (fetch-depth: 0) to judge team and age"
                )),
                ..History::default()
            },
            None,
        ));
    }
    let cutoff = last - 365 * 86_400;
    let contributors = authors.values().filter(|t| **t >= cutoff).count() as u64;
    let changes = wanted.map(|w| {
        repo.object_cache_size_if_unset(OBJECT_CACHE_BYTES);
        changes(&repo, head, last, w)
    });
    Ok((
        History {
            available: true,
            commits: Some(commits),
            contributors_365d: Some(contributors),
            first_commit: Some(date(first)),
            last_commit: Some(date(last)),
            shallow: false,
            reason: stopped,
            changes: None,
        },
        changes,
    ))
}

/// Delta-base cache of every walk (decoded pack entries that deltas build on).
const PACK_CACHE_BYTES: usize = 64 << 20;
/// Object cache of the change walk (trees shared by neighbouring commits are read once).
const OBJECT_CACHE_BYTES: usize = 32 << 20;
/// Longest change walk ([`budget::GIT_DIFF_MILLIS`]).
pub const DIFF_BUDGET: Duration = Duration::from_millis(budget::GIT_DIFF_MILLIS);

/// Blob bytes read by the change walk, against [`budget::GIT_DIFF_BYTES`].
struct Blobs {
    a: Vec<u8>,
    b: Vec<u8>,
    bytes: u64,
    over: bool,
}

impl Blobs {
    /// Reads blob `id` into `buf` if it is at most [`budget::GIT_DIFF_BLOB_BYTES`] (the
    /// header first: translation catalogues of 1.5 MB changed by every string edit are not
    /// inflated) and not binary (a NUL in its first 8000 bytes, git's rule); false otherwise.
    fn load(
        repo: &gix::Repository,
        id: gix::ObjectId,
        buf: &mut Vec<u8>,
        bytes: &mut u64,
        over: &mut bool,
    ) -> bool {
        use gix::objs::FindExt;
        let Ok(h) = repo.find_header(id) else {
            return false;
        };
        if h.size() > budget::GIT_DIFF_BLOB_BYTES {
            return false;
        }
        *bytes = bytes.saturating_add(h.size());
        if *bytes > budget::GIT_DIFF_BYTES {
            *over = true;
            return false;
        }
        if repo.objects.find_blob(&id, buf).is_err() {
            return false;
        }
        !buf[..buf.len().min(8000)].contains(&0)
    }

    /// (lines added, lines removed) going from blob `old` to blob `new` (None: absent).
    fn count(
        &mut self,
        repo: &gix::Repository,
        old: Option<gix::ObjectId>,
        new: Option<gix::ObjectId>,
    ) -> (u64, u64) {
        let old_ok =
            old.map(|id| Self::load(repo, id, &mut self.a, &mut self.bytes, &mut self.over));
        let new_ok =
            new.map(|id| Self::load(repo, id, &mut self.b, &mut self.bytes, &mut self.over));
        match (old_ok, new_ok) {
            (None, Some(true)) => (lines(&self.b), 0),
            (Some(true), None) => (0, lines(&self.a)),
            (Some(true), Some(true)) => {
                let input = imara_diff::InternedInput::new(&self.a[..], &self.b[..]);
                let d = imara_diff::Diff::compute(imara_diff::Algorithm::Myers, &input);
                (
                    u64::from(d.count_additions()),
                    u64::from(d.count_removals()),
                )
            }
            _ => (0, 0),
        }
    }
}

/// Physical lines of a text (a last line without a newline counts).
fn lines(text: &[u8]) -> u64 {
    let n = text.iter().filter(|&&b| b == b'\n').count() as u64;
    n + u64::from(text.last().is_some_and(|&b| b != b'\n'))
}

/// A blob change of one tree diff: path, old blob, new blob.
fn blob_changes(
    records: &[gix::diff::tree::recorder::Change],
) -> Vec<(&[u8], Option<gix::ObjectId>, Option<gix::ObjectId>)> {
    use gix::diff::tree::recorder::Change;
    records
        .iter()
        .filter_map(|c| match c {
            Change::Addition {
                entry_mode,
                oid,
                path,
                ..
            } => entry_mode
                .is_blob()
                .then_some((path.as_slice(), None, Some(*oid))),
            Change::Deletion {
                entry_mode,
                oid,
                path,
                ..
            } => entry_mode
                .is_blob()
                .then_some((path.as_slice(), Some(*oid), None)),
            Change::Modification {
                previous_entry_mode,
                previous_oid,
                entry_mode,
                oid,
                path,
            } => {
                let old = previous_entry_mode.is_blob().then_some(*previous_oid);
                let new = entry_mode.is_blob().then_some(*oid);
                (old.is_some() || new.is_some()).then_some((path.as_slice(), old, new))
            }
        })
        .collect()
}

/// The tree diff of `tree` against `parent` (None: the empty tree) into `rec`.
fn diff_trees(
    repo: &gix::Repository,
    parent: Option<gix::ObjectId>,
    tree: gix::ObjectId,
    state: &mut gix::diff::tree::State,
    rec: &mut gix::diff::tree::Recorder,
    location: gix::diff::tree::recorder::Location,
    bufs: &mut (Vec<u8>, Vec<u8>),
) -> Result<(), String> {
    use gix::objs::FindExt;
    // A fresh recorder: one left from a previous diff keeps its tracked path.
    *rec = gix::diff::tree::Recorder::default().track_location(Some(location));
    let kind = repo.object_hash();
    let old = match parent {
        Some(p) => repo
            .objects
            .find_tree_iter(&p, &mut bufs.0)
            .map_err(|e| e.to_string())?,
        None => gix::objs::TreeRefIter::from_bytes(&[], kind),
    };
    let new = repo
        .objects
        .find_tree_iter(&tree, &mut bufs.1)
        .map_err(|e| e.to_string())?;
    gix::diff::tree(old, new, state, &repo.objects, rec).map_err(|e| e.to_string())
}

/// Tree id of commit `id`.
fn tree_of(repo: &gix::Repository, id: gix::ObjectId) -> Option<gix::ObjectId> {
    repo.find_commit(id)
        .ok()?
        .tree_id()
        .ok()
        .map(gix::Id::detach)
}

/// The change walk: first-parent commits back from `head`, line diffs (blob reads) for
/// commits since [`crate::changes::lines_from`], tree-level diffs only beyond, up to the
/// 5-year horizon or until every `wanted` path was seen; then the authors of non-merge
/// commits off the first-parent line in the last 365 days that touched `.rs` files. Bounded
/// by `wanted.budget`, [`budget::GIT_DIFF_BYTES`] and [`MAX_COMMITS`]; `truncated` when hit.
fn changes(
    repo: &gix::Repository,
    head: gix::ObjectId,
    as_of: i64,
    wanted: &Wanted<'_>,
) -> RawChanges {
    let started = Instant::now();
    let lines_from = crate::changes::lines_from(as_of);
    let horizon = as_of - DAYS_5Y * DAY;
    let authors_from = as_of - DAYS_12M * DAY;
    let mut want: HashSet<&str> = wanted.files.iter().copied().collect();
    let mut raw = RawChanges {
        as_of,
        ..RawChanges::default()
    };
    let mut state = gix::diff::tree::State::default();
    let mut rec = gix::diff::tree::Recorder::default();
    let mut bufs = (Vec::new(), Vec::new());
    let mut blobs = Blobs {
        a: Vec::new(),
        b: Vec::new(),
        bytes: 0,
        over: false,
    };
    let mut authors: HashSet<Vec<u8>> = HashSet::new();
    let mut first_parent_recent: HashSet<gix::ObjectId> = HashSet::new();
    let mut next = Some(head);
    let mut passed = false;
    while let Some(id) = next {
        if started.elapsed() > wanted.budget || raw.commits_diffed >= MAX_COMMITS || blobs.over {
            raw.truncated = true;
            break;
        }
        let Ok(commit) = repo.find_commit(id) else {
            raw.truncated = true;
            break;
        };
        let Ok(author) = commit.author() else {
            raw.truncated = true;
            break;
        };
        let t = author.time().map(|t| t.seconds).unwrap_or(0);
        let email = author.email.to_ascii_lowercase();
        if t < horizon {
            raw.horizon_reached = true;
            passed = true;
            break;
        }
        let lines = t >= lines_from;
        if !lines && want.is_empty() {
            passed = true;
            raw.horizon_reached = true;
            break;
        }
        let Ok(tree) = commit.tree_id().map(gix::Id::detach) else {
            raw.truncated = true;
            break;
        };
        let parents: Vec<gix::ObjectId> = commit.parent_ids().map(gix::Id::detach).collect();
        let parent_tree = match parents.first() {
            Some(&p) => match tree_of(repo, p) {
                Some(t) => Some(t),
                None => {
                    raw.truncated = true;
                    break;
                }
            },
            None => None,
        };
        if diff_trees(
            repo,
            parent_tree,
            tree,
            &mut state,
            &mut rec,
            Location::Path,
            &mut bufs,
        )
        .is_err()
        {
            raw.truncated = true;
            break;
        }
        let mut touched_rs = false;
        let mut cut = false;
        for (i, (path, old, new)) in blob_changes(&rec.records).into_iter().enumerate() {
            // One huge commit (an import of a whole tree) must not outlast the budget.
            if i % 256 == 255 && started.elapsed() > wanted.budget {
                cut = true;
                break;
            }
            let path = String::from_utf8_lossy(path);
            touched_rs |= path.ends_with(".rs");
            let known = raw.paths.contains_key(path.as_ref());
            if !lines && !known && !want.contains(path.as_ref()) {
                continue;
            }
            if !known {
                want.remove(path.as_ref());
            }
            let e = raw
                .paths
                .entry(path.into_owned())
                .or_insert_with_key(|p| PathChurn {
                    last: t,
                    deleted_at_head: new.is_none(),
                    counted: (wanted.counts)(p, new.is_none()),
                    ..PathChurn::default()
                });
            e.last = e.last.max(t);
            if lines && e.counted {
                let (a, r) = blobs.count(repo, old, new);
                let m = e.months.entry(crate::changes::month_of(t)).or_default();
                m.0 += a;
                m.1 += r;
                if t >= as_of - DAYS_12M * DAY {
                    e.added_12m += a;
                }
                if t >= as_of - DAYS_24M * DAY {
                    e.added_24m += a;
                }
            }
        }
        if cut {
            raw.truncated = true;
            break;
        }
        raw.commits_diffed += 1;
        raw.covered_since = Some(raw.covered_since.map_or(t, |c| c.min(t)));
        if lines && !blobs.over {
            raw.lines_since = Some(raw.lines_since.map_or(t, |c| c.min(t)));
        }
        if t >= authors_from {
            first_parent_recent.insert(id);
            if touched_rs && parents.len() <= 1 {
                authors.insert(email);
            }
        }
        next = parents.first().copied();
        if next.is_none() {
            passed = true;
        }
    }
    if passed && !raw.truncated {
        raw.lines_since = Some(lines_from.min(raw.lines_since.unwrap_or(lines_from)));
    }
    if !raw.truncated {
        raw.truncated = !side_rust_authors(
            repo,
            head,
            authors_from,
            &first_parent_recent,
            &mut authors,
            started,
            wanted.budget,
        );
    }
    raw.rust_authors_365d = authors.len() as u64;
    raw
}

/// Adds the authors of non-merge commits off the first-parent line (not in `done`), authored
/// since `from`, whose diff against their parent touches a `.rs` file. False when the budget
/// stopped it.
fn side_rust_authors(
    repo: &gix::Repository,
    head: gix::ObjectId,
    from: i64,
    done: &HashSet<gix::ObjectId>,
    authors: &mut HashSet<Vec<u8>>,
    started: Instant,
    budget: Duration,
) -> bool {
    use gix::traverse::commit::simple::CommitTimeOrder;
    let Ok(walk) = repo
        .rev_walk([head])
        .sorting(gix::revision::walk::Sorting::ByCommitTimeCutoff {
            order: CommitTimeOrder::NewestFirst,
            seconds: from,
        })
        .all()
    else {
        return true;
    };
    let mut state = gix::diff::tree::State::default();
    let mut rec = gix::diff::tree::Recorder::default();
    let mut bufs = (Vec::new(), Vec::new());
    for info in walk {
        if started.elapsed() > budget {
            return false;
        }
        let Ok(info) = info else { break };
        if done.contains(&info.id) {
            continue;
        }
        let Ok(commit) = info.object() else { continue };
        let parents: Vec<gix::ObjectId> = commit.parent_ids().map(gix::Id::detach).collect();
        if parents.len() > 1 {
            continue;
        }
        let Ok(author) = commit.author() else {
            continue;
        };
        let t = author.time().map(|t| t.seconds).unwrap_or(0);
        let email = author.email.to_ascii_lowercase();
        if t < from || authors.contains(&email) {
            continue;
        }
        let Ok(tree) = commit.tree_id().map(gix::Id::detach) else {
            continue;
        };
        let parent_tree = parents.first().and_then(|&p| tree_of(repo, p));
        if diff_trees(
            repo,
            parent_tree,
            tree,
            &mut state,
            &mut rec,
            Location::FileName,
            &mut bufs,
        )
        .is_err()
        {
            continue;
        }
        if blob_changes(&rec.records)
            .iter()
            .any(|(p, _, _)| p.ends_with(b".rs"))
        {
            authors.insert(email);
        }
    }
    true
}

/// YYYY-MM-DD of a Unix time (UTC).
pub fn date(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(1_700_000_000), "2023-11-14");
        assert_eq!(date(951_782_400), "2000-02-29");
    }

    #[test]
    fn physical_lines() {
        assert_eq!(lines(b""), 0);
        assert_eq!(lines(b"a\n"), 1);
        assert_eq!(lines(b"a\nb"), 2);
        assert_eq!(lines(b"\n\n"), 2);
    }

    #[test]
    fn no_git_is_unavailable() {
        let counts = |_: &str, _: bool| true;
        let w = Wanted {
            files: &[],
            counts: &counts,
            budget: DIFF_BUDGET,
        };
        let r = read(Path::new("/definitely/not/a/repo"), Some(&w));
        assert!(!r.history.available);
        assert!(r.history.reason.is_some());
        assert!(r.changes.is_none());
    }
}
