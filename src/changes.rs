//! The join of git change facts ([`RawChanges`], read by [`crate::history`]) with today's scan
//! (product files, language counts, components) into `history.changes`. Pure: no git, no I/O.
//!
//! - A diffed path's language is the walk's (from `unsafe.product_files`) when the file is a
//!   product file today, else its name's ([`detect_by_name`]; a name that needs a shebang is
//!   not counted). Its role: a product file today is product; a file still at HEAD in a
//!   memory-unsafe language or Rust that is not among today's product files is not product
//!   (the walk classified it, with content and config); any other path (deleted since, or of
//!   another language) gets the role path conventions alone give it ([`roles::by_path_alone`]).
//!   Monthly lines count product paths only.
//! - Rust share over time: today's product code lines per programming language walked back
//!   month by month with the net diff lines (added - removed) of product paths. An
//!   approximation: diff lines are physical lines (comments and blanks included) while today's
//!   counts are code lines, so shares drift a little for months far back; negative walked-back
//!   counts are clamped at 0.
//! - Ages by lines added (`age_method` "added-lines"): of a file's code lines, at most the lines
//!   added to it in the last 12 months are younger than a year (`min(code, added_12m)`), at
//!   most `min(code, added_24m)` younger than two years; the rest are older than two years,
//!   and within 5 years when the file's last change is (its last change bounds them, as by
//!   file). Upper bounds for young code (an added line may since have been replaced, and diff
//!   lines include comments and blanks), far tighter than dating every line by its file's last
//!   change, which made a file touched once by a one-line fix "new" in every line (on h2o 68%
//!   of memory-unsafe lines "changed within a year" against 2,714 lines added in it). True
//!   blame-like line ages would need a blob diff of every change of every product file over 5
//!   years, not within the budget (docs/benchmarks.md, "History cost").

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::analyze::languages::detect_by_name;
use crate::data::memory_models::memory_model;
use crate::report::model::{
    AgeProfile, ChangeHistory, ComponentChurn, FileChange, LanguageRow, MemoryModel, MonthRow,
    ProductFile,
};
use crate::roles::{self, Role};

/// Seconds in a day.
pub const DAY: i64 = 86_400;
/// The 12-month window, in days.
pub const DAYS_12M: i64 = 365;
/// The 24-month window, in days.
pub const DAYS_24M: i64 = 730;
/// The 5-year horizon of last-change dates, in days.
pub const DAYS_5Y: i64 = 1826;
/// Calendar months in `monthly`.
pub const MONTHS: i32 = 24;

/// Change facts of one path, walking back from HEAD.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PathChurn {
    /// Author time of the newest first-parent commit that changed it.
    pub last: i64,
    /// That newest change deleted it (it is not at HEAD).
    pub deleted_at_head: bool,
    /// Its lines count ([`Counted::counts`]); no blob of it was read otherwise.
    pub counted: bool,
    /// Month index ([`month_of`]) -> (lines added, lines removed), line-diffed commits only.
    pub months: BTreeMap<i32, (u64, u64)>,
    /// Lines added in the 12 months before `as_of`.
    pub added_12m: u64,
    /// Lines added in the 24 months before `as_of`.
    pub added_24m: u64,
}

/// What the bounded first-parent walk saw.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawChanges {
    /// Newest commit's author time: the windows end here.
    pub as_of: i64,
    /// First-parent commits whose tree diff was read.
    pub commits_diffed: u64,
    /// Oldest commit time diffed (tree level or line level).
    pub covered_since: Option<i64>,
    /// Every first-parent commit at or after this time had its lines counted (None: none).
    pub lines_since: Option<i64>,
    /// A budget stopped the walk before its windows were covered.
    pub truncated: bool,
    /// The walk passed the 5-year horizon: a file it did not see was last changed before.
    pub horizon_reached: bool,
    /// Changed paths (blobs only), by root-relative path.
    pub paths: HashMap<String, PathChurn>,
    /// Distinct authors of non-merge commits touching `.rs` files in the 365 days before
    /// `as_of`.
    pub rust_authors_365d: u64,
}

/// (year, month 1-12, day) of a Unix time (UTC).
pub fn civil(secs: i64) -> (i64, i64, i64) {
    let days = secs.div_euclid(DAY);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Month index (year * 12 + month - 1) of a Unix time.
pub fn month_of(secs: i64) -> i32 {
    let (y, m, _) = civil(secs);
    i32::try_from(y * 12 + m - 1).unwrap_or(0)
}

/// Unix time of the first second of month index `m`.
pub fn month_start(m: i32) -> i64 {
    let (y, mo) = (i64::from(m.div_euclid(12)), i64::from(m.rem_euclid(12)) + 1);
    // Days from civil (Howard Hinnant's algorithm).
    let y = if mo <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if mo > 2 { mo - 3 } else { mo + 9 };
    let doy = (153 * mp + 2) / 5;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) * DAY
}

/// `YYYY-MM` of a month index.
pub fn month_name(m: i32) -> String {
    format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1)
}

/// Oldest commit time whose lines are counted: the start of the oldest month of `monthly` or
/// 24 months (730 days) before `as_of`, whichever is earlier.
pub fn lines_from(as_of: i64) -> i64 {
    month_start(month_of(as_of) - (MONTHS - 1)).min(as_of - DAYS_24M * DAY)
}

/// Today's facts the join reads.
pub struct Today<'a> {
    /// `unsafe.product_files`.
    pub product_files: &'a [ProductFile],
    /// False when `product_files` was capped (a file at HEAD not listed may be product).
    pub product_files_complete: bool,
    /// `languages` (product code per language).
    pub languages: &'a [LanguageRow],
    /// Component paths.
    pub components: &'a [String],
}

fn unsafe_or_rust(lang: &str) -> bool {
    memory_model(lang) == MemoryModel::Manual || lang == "Rust"
}

/// Today's product files by path, to decide which diffed paths count (module doc).
pub struct Counted<'a> {
    by_path: HashMap<&'a str, &'a ProductFile>,
    complete: bool,
}

impl<'a> Counted<'a> {
    /// From `unsafe.product_files` (`complete`: not capped).
    pub fn new(product_files: &'a [ProductFile], complete: bool) -> Self {
        Counted {
            by_path: product_files.iter().map(|f| (f.path.as_str(), f)).collect(),
            complete,
        }
    }

    /// True when lines of `path` count (a product path of a known language); the walk reads
    /// no blob of any other path. `deleted_at_head`: the newest change deleted it.
    pub fn counts(&self, path: &str, deleted_at_head: bool) -> bool {
        let churn = PathChurn {
            deleted_at_head,
            ..PathChurn::default()
        };
        product_language(path, &churn, &self.by_path, self.complete).is_some()
    }
}

/// The language of a diffed path when it is a product path, else None (module doc).
fn product_language<'a>(
    path: &str,
    churn: &PathChurn,
    today: &HashMap<&str, &'a ProductFile>,
    complete: bool,
) -> Option<std::borrow::Cow<'a, str>> {
    if let Some(f) = today.get(path) {
        return Some(std::borrow::Cow::Borrowed(f.language.as_str()));
    }
    let lang = detect_by_name(Path::new(path)).0?.name();
    if !churn.deleted_at_head && complete && unsafe_or_rust(lang) {
        return None;
    }
    (roles::by_path_alone(path) == Role::Product).then_some(std::borrow::Cow::Owned(lang.into()))
}

/// Rust's share of programming-language product lines at the end of each month in `months`
/// (ascending), walking `today` (language -> product code lines) back with `net` (month ->
/// language -> added - removed). None for months whose later changes were not all counted
/// (end of month before `lines_since`) or when there are no programming-language lines.
pub fn rust_share(
    months: &[i32],
    today: &BTreeMap<String, u64>,
    net: &BTreeMap<i32, BTreeMap<String, i64>>,
    lines_since: Option<i64>,
) -> Vec<Option<f64>> {
    let mut counts: BTreeMap<String, i64> = today
        .iter()
        .filter(|(l, _)| memory_model(l) != MemoryModel::None)
        .map(|(l, c)| (l.clone(), i64::try_from(*c).unwrap_or(i64::MAX)))
        .collect();
    let last = months.last().copied().unwrap_or(0);
    // Undo every month after the newest listed one (none when it is `as_of`'s month).
    for (_, n) in net.range(last + 1..) {
        for (l, d) in n {
            if memory_model(l) != MemoryModel::None {
                *counts.entry(l.clone()).or_default() -= d;
            }
        }
    }
    let mut out = vec![None; months.len()];
    for (i, &m) in months.iter().enumerate().rev() {
        let known = lines_since.is_some_and(|s| s <= month_start(m + 1));
        let total: i64 = counts.values().map(|c| (*c).max(0)).sum();
        let rust = counts.get("Rust").copied().unwrap_or(0).max(0);
        if known && total > 0 {
            out[i] = Some(rust as f64 / total as f64);
        }
        if let Some(n) = net.get(&m) {
            for (l, d) in n {
                if memory_model(l) != MemoryModel::None {
                    *counts.entry(l.clone()).or_default() -= d;
                }
            }
        }
    }
    out
}

/// One file's input to [`age_profile`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AgeInput {
    /// Code lines today.
    pub code: u64,
    /// Its last change (None: not seen by the walk).
    pub last: Option<i64>,
    /// Lines added in the last 12 months.
    pub added_12m: u64,
    /// Lines added in the last 24 months.
    pub added_24m: u64,
}

/// Age profile of `files` by lines added (see the module comment). A file not seen counts as
/// older than 5 years when the walk passed the horizon, else as unknown.
pub fn age_profile(as_of: i64, files: &[AgeInput], horizon_reached: bool) -> AgeProfile {
    let mut p = AgeProfile::default();
    for f in files {
        let lines = f.code;
        p.lines += lines;
        match f.last {
            Some(t) => {
                let age = as_of - t;
                let young_2y = lines.min(f.added_24m.max(f.added_12m));
                if age <= DAYS_12M * DAY {
                    p.changed_1y += lines.min(f.added_12m);
                }
                if age <= DAYS_24M * DAY {
                    p.changed_2y += young_2y;
                }
                if age <= DAYS_5Y * DAY {
                    p.changed_5y += lines;
                }
            }
            None if horizon_reached => {}
            None => p.unknown += lines,
        }
    }
    p
}

fn in_component(path: &str, component: &str) -> bool {
    component.is_empty()
        || component == "."
        || path
            .strip_prefix(component)
            .is_some_and(|r| r.starts_with('/'))
}

/// `history.changes` from the walk's facts and today's scan.
pub fn join(raw: &RawChanges, today: &Today<'_>) -> ChangeHistory {
    let by_path: HashMap<&str, &ProductFile> = today
        .product_files
        .iter()
        .map(|f| (f.path.as_str(), f))
        .collect();
    let newest = month_of(raw.as_of);
    let months: Vec<i32> = (newest - (MONTHS - 1)..=newest).collect();
    let mut rows: BTreeMap<i32, MonthRow> = months
        .iter()
        .map(|&m| {
            (
                m,
                MonthRow {
                    month: month_name(m),
                    ..MonthRow::default()
                },
            )
        })
        .collect();
    let mut net: BTreeMap<i32, BTreeMap<String, i64>> = BTreeMap::new();
    // Component -> (unsafe 12m, unsafe 24m, rust 12m).
    let mut comp: Vec<(u64, u64, u64)> = vec![(0, 0, 0); today.components.len()];
    for (path, churn) in raw.paths.iter().filter(|(_, c)| c.counted) {
        let Some(lang) = product_language(path, churn, &by_path, today.product_files_complete)
        else {
            continue;
        };
        for (&m, &(a, r)) in &churn.months {
            let n = net
                .entry(m)
                .or_default()
                .entry(lang.to_string())
                .or_default();
            *n += i64::try_from(a).unwrap_or(i64::MAX) - i64::try_from(r).unwrap_or(i64::MAX);
            if let Some(row) = rows.get_mut(&m) {
                if a > 0 {
                    *row.added.entry(lang.to_string()).or_default() += a;
                }
                if r > 0 {
                    *row.removed.entry(lang.to_string()).or_default() += r;
                }
            }
        }
        let manual = memory_model(&lang) == MemoryModel::Manual;
        let rust = lang == "Rust";
        for (i, c) in today.components.iter().enumerate() {
            if in_component(path, c) {
                if manual {
                    comp[i].0 += churn.added_12m;
                    comp[i].1 += churn.added_24m;
                }
                if rust {
                    comp[i].2 += churn.added_12m;
                }
            }
        }
    }
    let product_today: BTreeMap<String, u64> = today
        .languages
        .iter()
        .map(|l| (l.name.clone(), l.product_code))
        .collect();
    let shares = rust_share(&months, &product_today, &net, raw.lines_since);
    let monthly: Vec<MonthRow> = rows
        .into_values()
        .zip(shares)
        .map(|(mut r, s)| {
            r.rust_share = s;
            r
        })
        .collect();
    let last_of = |p: &str| raw.paths.get(p).map(|c| c.last);
    let files: Vec<FileChange> = today
        .product_files
        .iter()
        .map(|f| {
            let c = raw.paths.get(f.path.as_str());
            FileChange {
                path: f.path.clone(),
                last_change: c.map(|c| crate::history::date(c.last)),
                added_12m: c.map_or(0, |c| c.added_12m),
                added_24m: c.map_or(0, |c| c.added_24m),
            }
        })
        .collect();
    let unsafe_files: Vec<AgeInput> = today
        .product_files
        .iter()
        .filter(|f| memory_model(&f.language) == MemoryModel::Manual)
        .map(|f| {
            let c = raw.paths.get(f.path.as_str());
            AgeInput {
                code: f.code,
                last: last_of(&f.path),
                added_12m: c.map_or(0, |c| c.added_12m),
                added_24m: c.map_or(0, |c| c.added_24m),
            }
        })
        .collect();
    let unsafe_age = age_profile(raw.as_of, &unsafe_files, raw.horizon_reached);
    let components = today
        .components
        .iter()
        .zip(comp)
        .map(|(c, (u12, u24, r12))| ComponentChurn {
            path: c.clone(),
            unsafe_added_12m: u12,
            unsafe_added_24m: u24,
            rust_added_12m: r12,
            last_change: today
                .product_files
                .iter()
                .filter(|f| {
                    memory_model(&f.language) == MemoryModel::Manual && in_component(&f.path, c)
                })
                .filter_map(|f| last_of(&f.path))
                .max()
                .map(crate::history::date),
        })
        .collect();
    ChangeHistory {
        as_of: crate::history::date(raw.as_of),
        commits_diffed: raw.commits_diffed,
        covered_since: raw.covered_since.map(crate::history::date),
        truncated: raw.truncated,
        age_method: "added-lines".into(),
        monthly,
        unsafe_age,
        rust_authors_365d: raw.rust_authors_365d,
        components,
        files,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(y: i64, m: i64, d: i64) -> i64 {
        let mi = i32::try_from(y * 12 + m - 1).unwrap_or(0);
        month_start(mi) + (d - 1) * DAY
    }

    #[test]
    fn calendar() {
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(month_start(month_of(1_700_000_000)), t(2023, 11, 1));
        assert_eq!(crate::history::date(t(2000, 2, 29)), "2000-02-29");
        assert_eq!(month_name(month_of(t(2024, 12, 31))), "2024-12");
        assert_eq!(month_start(month_of(t(2024, 12, 31)) + 1), t(2025, 1, 1));
        // 23 months before 2026-12 starts 2025-01-01; 730 days before 2026-12-15 is earlier.
        assert_eq!(lines_from(t(2026, 12, 15)), t(2026, 12, 15) - 730 * DAY);
        assert_eq!(lines_from(t(2027, 1, 1)), t(2025, 1, 1));
    }

    #[test]
    fn ages_by_lines_added() {
        let now = t(2026, 6, 1);
        let f = |code, last: Option<i64>, added_12m, added_24m| AgeInput {
            code,
            last,
            added_12m,
            added_24m,
        };
        let files = [
            // Written this year: all young.
            f(10, Some(now - 10 * DAY), 10, 10),
            // A one-line fix this year in a 100-line file: 1 line young, 99 older than 2 years.
            f(100, Some(now - 10 * DAY), 1, 1),
            f(20, Some(now - 400 * DAY), 0, 20),
            f(30, Some(now - 1000 * DAY), 0, 0),
            f(40, Some(now - 3000 * DAY), 0, 0),
            f(50, None, 0, 0),
            // More lines added than there are today (rewritten): capped at the code.
            f(5, Some(now - 10 * DAY), 50, 80),
        ];
        let p = age_profile(now, &files, false);
        assert_eq!(
            (p.lines, p.changed_1y, p.changed_2y, p.changed_5y, p.unknown),
            (255, 16, 36, 165, 50)
        );
        let p = age_profile(now, &files, true);
        assert_eq!((p.changed_5y, p.unknown), (165, 0));
    }

    #[test]
    fn share_walked_back() {
        let b = month_of(t(2026, 1, 1));
        let months = [b, b + 1, b + 2];
        let today = BTreeMap::from([
            ("Rust".to_string(), 100u64),
            ("C".to_string(), 100),
            ("Markdown".to_string(), 500),
        ]);
        // Month b+2 added 100 Rust lines and removed 50 C lines; month b+1 added 50 C lines.
        let net = BTreeMap::from([
            (
                b + 2,
                BTreeMap::from([("Rust".into(), 100), ("C".into(), -50)]),
            ),
            (b + 1, BTreeMap::from([("C".into(), 50)])),
        ]);
        let s = rust_share(&months, &today, &net, Some(0));
        assert_eq!(s, vec![Some(0.0), Some(0.0), Some(0.5)]);
        // Lines counted only from month b+2 on: month b+1's end is known, month b's is not.
        let s = rust_share(&months, &today, &net, Some(month_start(b + 2)));
        assert_eq!(s, vec![None, Some(0.0), Some(0.5)]);
        assert_eq!(rust_share(&months, &today, &net, None), vec![None; 3]);
    }

    #[test]
    fn join_counts_product_paths() {
        let now = t(2026, 6, 15);
        let m = month_of(now);
        let churn = |last, deleted, a, r| PathChurn {
            last,
            deleted_at_head: deleted,
            counted: true,
            months: BTreeMap::from([(m, (a, r))]),
            added_12m: a,
            added_24m: a,
        };
        let raw = RawChanges {
            as_of: now,
            commits_diffed: 3,
            covered_since: Some(now - 3 * DAY),
            lines_since: Some(now - 3 * DAY),
            truncated: false,
            horizon_reached: false,
            paths: HashMap::from([
                ("src/a.c".into(), churn(now, false, 5, 1)),
                ("src/gone.c".into(), churn(now - DAY, true, 0, 7)),
                ("tests/t.c".into(), churn(now, false, 9, 0)),
                ("src/gen.c".into(), churn(now, false, 4, 0)),
                ("src/b.rs".into(), churn(now - 2 * DAY, false, 3, 0)),
            ]),
            rust_authors_365d: 1,
        };
        let pf = |p: &str, l: &str, code| ProductFile {
            path: p.into(),
            language: l.into(),
            code,
            findings: 0,
            ..Default::default()
        };
        let files = [
            pf("src/a.c", "C", 5),
            pf("src/b.rs", "Rust", 3),
            pf("src/old.c", "C", 8),
        ];
        let comps = ["src".to_string()];
        let h = join(
            &raw,
            &Today {
                product_files: &files,
                product_files_complete: true,
                languages: &[],
                components: &comps,
            },
        );
        let row = &h.monthly[23];
        assert_eq!(row.month, "2026-06");
        // src/gen.c is at HEAD but not a product file today; tests/t.c is a test.
        assert_eq!(
            row.added,
            BTreeMap::from([("C".into(), 5), ("Rust".into(), 3)])
        );
        assert_eq!(row.removed, BTreeMap::from([("C".into(), 8)]));
        assert_eq!(h.unsafe_age.lines, 13);
        assert_eq!((h.unsafe_age.changed_1y, h.unsafe_age.unknown), (5, 8));
        assert_eq!(h.files[2].last_change, None);
        assert_eq!(h.files[1].last_change.as_deref(), Some("2026-06-13"));
        let c = &h.components[0];
        assert_eq!((c.unsafe_added_12m, c.rust_added_12m), (5, 3));
        assert_eq!(c.last_change.as_deref(), Some("2026-06-15"));
    }
}
