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

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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

/// Reads history facts of the repository at `root` (canonical). A refusal of the pre-check is
/// also returned, for the report's warnings.
pub fn read(root: &Path) -> (History, Option<Refused>) {
    if std::fs::symlink_metadata(root.join(".git")).is_err() {
        return (unavailable("no .git at the scanned root"), None);
    }
    if let Err(r) = precheck(root) {
        let h = unavailable(format!("{}: {}", r.path, r.reason));
        return (h, Some(r));
    }
    match walk(root) {
        Ok(h) => (h, None),
        Err(e) => (unavailable(e), None),
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

fn walk(root: &Path) -> Result<History, String> {
    let opts = gix::open::Options::isolated().config_overrides([format!(
        "gitoxide.objects.allocLimit={}",
        budget::GIT_OBJECT_BYTES
    )]);
    let repo =
        gix::open_opts(root, opts).map_err(|e| format!("cannot open the repository: {e}"))?;
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
        return Ok(History {
            available: false,
            shallow: true,
            commits: Some(commits),
            reason: Some(format!(
                "history unknown (shallow clone, {commits} commits): fetch full history (fetch-depth: 0) to judge team and age"
            )),
            ..History::default()
        });
    }
    let cutoff = last - 365 * 86_400;
    let contributors = authors.values().filter(|t| **t >= cutoff).count() as u64;
    Ok(History {
        available: true,
        commits: Some(commits),
        contributors_365d: Some(contributors),
        first_commit: Some(date(first)),
        last_commit: Some(date(last)),
        shallow: false,
        reason: stopped,
        changes: None,
    })
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
    fn no_git_is_unavailable() {
        let (h, _) = read(Path::new("/definitely/not/a/repo"));
        assert!(!h.available);
        assert!(h.reason.is_some());
    }
}
