//! Git history facts, read-only and in-process (gix; never shells out, never writes): commits
//! reachable from HEAD, first and last commit dates, distinct authors in the 365 days before
//! the newest commit. Bounded: at most [`MAX_COMMITS`] commits and [`TIME_BUDGET`] of walking;
//! a truncated walk says so. Reads only a repository whose `.git` sits at the scanned root.

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::report::model::History;

/// Most commits walked.
pub const MAX_COMMITS: u64 = 200_000;
/// Longest walk.
pub const TIME_BUDGET: Duration = Duration::from_secs(10);

fn unavailable(reason: impl Into<String>) -> History {
    History {
        available: false,
        reason: Some(reason.into()),
        ..History::default()
    }
}

/// Reads history facts of the repository at `root`.
pub fn read(root: &Path) -> History {
    if !root.join(".git").exists() {
        return unavailable("no .git at the scanned root");
    }
    match walk(root) {
        Ok(h) => h,
        Err(e) => unavailable(e),
    }
}

fn walk(root: &Path) -> Result<History, String> {
    let repo = gix::open_opts(root, gix::open::Options::isolated())
        .map_err(|e| format!("cannot open the repository: {e}"))?;
    let shallow = repo.is_shallow().unwrap_or(false);
    let head = match repo.head_id() {
        Ok(id) => id.detach(),
        Err(_) => return Err("the repository has no commits".to_string()),
    };
    let walk = repo
        .rev_walk([head])
        .all()
        .map_err(|e| format!("cannot walk history: {e}"))?;
    let started = Instant::now();
    let mut commits = 0u64;
    let mut first = i64::MAX;
    let mut last = i64::MIN;
    let mut authors: HashMap<Vec<u8>, i64> = HashMap::new();
    let mut truncated = false;
    for info in walk {
        let Ok(info) = info else {
            // A shallow boundary or a missing object ends the walk.
            break;
        };
        if commits >= MAX_COMMITS || started.elapsed() > TIME_BUDGET {
            truncated = true;
            break;
        }
        let Ok(commit) = info.object() else { continue };
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
        return Err("the repository has no readable commits".to_string());
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
        reason: truncated.then(|| {
            format!(
                "walk stopped after {commits} commits (limits: {MAX_COMMITS} commits, {} s)",
                TIME_BUDGET.as_secs()
            )
        }),
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
        let h = read(Path::new("/definitely/not/a/repo"));
        assert!(!h.available);
        assert!(h.reason.is_some());
    }
}
