//! CI gates and baselines: the `delta` of a report against a saved one, and the checks behind
//! `--min-score`, `--fail-on` and `--fail-on-regression`. Pure functions over reports; every
//! failure is one line naming the gate and the numbers.

use std::collections::{BTreeMap, BTreeSet};

use crate::data::memory_models::memory_model;
use crate::report::model::{
    Change, Delta, FileGrowth, MemoryModel, Report, SCHEMA_VERSION, Verdict, VerdictChange,
};

/// Gate settings (flags over `[gate]`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Gates {
    /// Fail below this score. A report without a score (nothing judged) fails this gate.
    pub min_score: Option<u8>,
    /// Fail on these verdicts.
    pub fail_on: Vec<Verdict>,
    /// Fail when the score dropped or unsafe findings grew against the baseline.
    pub fail_on_regression: bool,
    /// Points the score may drop before it is a regression.
    pub max_score_drop: u8,
    /// New non-test unsafe findings allowed before it is a regression.
    pub max_new_findings: u64,
    /// `--fail-on new-unsafe-code`: fail when memory-unsafe product code grew against the
    /// baseline (lines or risky calls, per file).
    pub new_unsafe_code: bool,
}

/// The `--fail-on` word of the new-unsafe-code gate (beside the verdicts).
pub const NEW_UNSAFE_CODE: &str = "new-unsafe-code";

fn manual(language: &str) -> bool {
    memory_model(language) == MemoryModel::Manual
}

/// Memory-unsafe product files that grew (code lines or non-test findings), new files
/// included, sorted by path. When either listing was capped, each memory-unsafe language whose
/// product lines grew in total is added as `*.LANGUAGE` too.
pub fn unsafe_code_growth(old: &Report, new: &Report) -> Vec<FileGrowth> {
    let before: BTreeMap<&str, (u64, u64)> = old
        .unsafety
        .product_files
        .iter()
        .filter(|f| manual(&f.language))
        .map(|f| (f.path.as_str(), (f.code, f.findings)))
        .collect();
    // A language the baseline counted under another memory model (Cython became
    // manual-memory code in a later version) is a change of classification, not new code.
    let reclassified = |language: &str| {
        old.languages
            .iter()
            .any(|l| l.name == language && l.memory_model.is_some_and(|m| m != MemoryModel::Manual))
    };
    let mut out: Vec<FileGrowth> = new
        .unsafety
        .product_files
        .iter()
        .filter(|f| manual(&f.language) && !reclassified(&f.language))
        .filter_map(|f| {
            let (oc, of) = before.get(f.path.as_str()).copied().unwrap_or((0, 0));
            (f.code > oc || f.findings > of).then(|| FileGrowth {
                path: f.path.clone(),
                language: f.language.clone(),
                old_code: oc,
                new_code: f.code,
                old_findings: of,
                new_findings: f.findings,
            })
        })
        .collect();
    let capped =
        |r: &Report| r.unsafety.product_files_total > r.unsafety.product_files.len() as u64;
    if capped(old)
        || capped(new)
        || (old.unsafety.product_files.is_empty() && old.unsafety.product_files_total == 0)
    {
        // A capped listing (or a baseline written before product files were listed): the
        // language totals, so no growth hides beyond the cap.
        let totals = |r: &Report| -> BTreeMap<String, u64> {
            r.languages
                .iter()
                .filter(|l| l.memory_model == Some(MemoryModel::Manual))
                .map(|l| (l.name.clone(), l.product_code))
                .collect()
        };
        let (o, n) = (totals(old), totals(new));
        for (lang, nc) in &n {
            let oc = o.get(lang).copied().unwrap_or(0);
            let listed: u64 = out
                .iter()
                .filter(|g| &g.language == lang)
                .map(|g| g.new_code - g.old_code.min(g.new_code))
                .sum();
            if *nc > oc && listed < nc - oc {
                out.push(FileGrowth {
                    path: format!("*.{lang}"),
                    language: lang.clone(),
                    old_code: oc,
                    new_code: *nc,
                    old_findings: 0,
                    new_findings: 0,
                });
            }
        }
    }
    out
}

/// Parses a saved report, refusing other schema versions.
pub fn load_report(text: &str, what: &str) -> Result<Report, String> {
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        format!(
            "{what} is not JSON (line {}, column {})",
            e.line(),
            e.column()
        )
    })?;
    let version = v.get("schema_version").and_then(serde_json::Value::as_u64);
    if version != Some(u64::from(SCHEMA_VERSION)) {
        return Err(format!(
            "{what} has schema_version {}, this rust-ready reads {SCHEMA_VERSION}",
            version.map_or("missing".to_string(), |n| n.to_string())
        ));
    }
    check_sizes(&v).map_err(|why| format!("{what} is not a rust-ready report: {why}"))?;
    let r: Report = serde_json::from_value(v).map_err(|e| {
        format!(
            "{what} is not a rust-ready report: {}",
            crate::config::redact_quoted(&e.to_string())
        )
    })?;
    for (i, c) in r.criteria.iter().enumerate() {
        if !crate::score::criteria::CRITERIA
            .iter()
            .any(|d| d.id == c.id)
        {
            return Err(format!(
                "{what} is not a rust-ready report: criteria[{i}].id is not a known criterion"
            ));
        }
    }
    Ok(r)
}

/// Every string and list of a saved report under the caps of [`budget`]; the error gives the
/// reason only (never the offending text).
fn check_sizes(v: &serde_json::Value) -> Result<(), String> {
    use crate::options::budget;
    use serde_json::Value;
    match v {
        Value::String(s) if s.len() > budget::REPORT_STRING_BYTES => Err(format!(
            "a string of {} bytes (the cap is {})",
            s.len(),
            budget::REPORT_STRING_BYTES
        )),
        Value::Array(a) if a.len() > budget::REPORT_LIST_ITEMS => Err(format!(
            "a list of {} items (the cap is {})",
            a.len(),
            budget::REPORT_LIST_ITEMS
        )),
        Value::Array(a) => a.iter().try_for_each(check_sizes),
        Value::Object(o) => o.iter().try_for_each(|(k, x)| {
            if k.len() > budget::REPORT_STRING_BYTES {
                return Err(format!("a key of {} bytes", k.len()));
            }
            check_sizes(x)
        }),
        _ => Ok(()),
    }
}

fn by_kind(r: &Report) -> BTreeMap<String, u64> {
    let mut m = BTreeMap::new();
    for l in &r.unsafety.languages {
        for (k, v) in &l.by_kind {
            *m.entry(k.clone()).or_insert(0) += v;
        }
    }
    m
}

fn findings(r: &Report) -> BTreeMap<String, u64> {
    r.unsafety
        .languages
        .iter()
        .map(|l| (l.language.clone(), l.findings))
        .collect()
}

/// The delta of `new` against `old`.
pub fn delta(old: &Report, new: &Report, baseline: &str) -> Delta {
    let f = |s: Option<u8>| s.map(f64::from);
    let old_c: BTreeMap<&str, f64> = old
        .criteria
        .iter()
        .map(|c| (c.id.as_str(), c.strength))
        .collect();
    let new_c: BTreeMap<&str, f64> = new
        .criteria
        .iter()
        .map(|c| (c.id.as_str(), c.strength))
        .collect();
    let ids: BTreeSet<&str> = old_c.keys().chain(new_c.keys()).copied().collect();
    let (of, nf) = (findings(old), findings(new));
    let langs: BTreeSet<&String> = of.keys().chain(nf.keys()).collect();
    let old_hot: BTreeSet<&str> = old
        .unsafety
        .hotspots
        .iter()
        .map(|h| h.path.as_str())
        .collect();
    Delta {
        baseline: baseline.to_string(),
        score: Change::of(f(old.summary.score), f(new.summary.score)),
        criteria: ids
            .into_iter()
            .map(|id| {
                (
                    id.to_string(),
                    Change::of(old_c.get(id).copied(), new_c.get(id).copied()),
                )
            })
            .collect(),
        memory_unsafe_share: Change::of(
            Some(old.summary.memory_unsafe_share),
            Some(new.summary.memory_unsafe_share),
        ),
        unsafe_findings: langs
            .into_iter()
            .map(|l| {
                let o = of.get(l).copied().unwrap_or(0) as f64;
                let n = nf.get(l).copied().unwrap_or(0) as f64;
                (l.clone(), Change::of(Some(o), Some(n)))
            })
            .collect(),
        new_hotspots: new
            .unsafety
            .hotspots
            .iter()
            .filter(|h| !old_hot.contains(h.path.as_str()))
            .map(|h| h.path.clone())
            .collect(),
        unsafe_by_kind: {
            let (ok, nk) = (by_kind(old), by_kind(new));
            ok.keys()
                .chain(nk.keys())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .filter_map(|k| {
                    let (o, n) = (
                        ok.get(k).copied().unwrap_or(0),
                        nk.get(k).copied().unwrap_or(0),
                    );
                    (o != n).then(|| (k.clone(), Change::of(Some(o as f64), Some(n as f64))))
                })
                .collect()
        },
        verdict: Some(VerdictChange {
            old: old.summary.verdict,
            new: new.summary.verdict,
        }),
        unsafe_code_growth: unsafe_code_growth(old, new),
    }
}

/// The failed gates, one line each (empty when all pass).
pub fn check(r: &Report, g: &Gates) -> Vec<String> {
    let mut out = vec![];
    if let Some(min) = g.min_score {
        match r.summary.score {
            Some(s) if s >= min => {}
            Some(s) => out.push(format!("gate --min-score: score {s} is below {min}")),
            None => out.push(format!(
                "gate --min-score: no score (nothing could be judged), minimum {min}"
            )),
        }
    }
    if let Some(v) = r.summary.verdict
        && g.fail_on.contains(&v)
    {
        out.push(format!("gate --fail-on: verdict {} is listed", v.as_str()));
    }
    if g.fail_on_regression
        && let Some(d) = &r.delta
    {
        if let Some(c) = d.score.change
            && c < -f64::from(g.max_score_drop)
        {
            out.push(format!(
                "gate --fail-on-regression: score dropped from {} to {} (allowed drop {})",
                d.score.old.unwrap_or(0.0),
                d.score.new.unwrap_or(0.0),
                g.max_score_drop
            ));
        }
        let grown: f64 = d
            .unsafe_findings
            .values()
            .filter_map(|c| c.change)
            .filter(|c| *c > 0.0)
            .sum();
        if grown > g.max_new_findings as f64 {
            let detail: Vec<String> = d
                .unsafe_findings
                .iter()
                .filter(|(_, c)| c.change.is_some_and(|x| x > 0.0))
                .map(|(l, c)| format!("{l} {}->{}", c.old.unwrap_or(0.0), c.new.unwrap_or(0.0)))
                .collect();
            out.push(format!(
                "gate --fail-on-regression: {grown} new unsafe findings ({}), allowed {}",
                detail.join(", "),
                g.max_new_findings
            ));
        }
    }
    if g.new_unsafe_code
        && let Some(d) = &r.delta
        && !d.unsafe_code_growth.is_empty()
    {
        out.push(new_unsafe_code_line(&d.unsafe_code_growth));
    }
    out
}

fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The one failure line of the new-unsafe-code gate, naming the files (the first ten).
fn new_unsafe_code_line(grown: &[FileGrowth]) -> String {
    const NAMED: usize = 10;
    let lines: u64 = grown
        .iter()
        .map(|g| g.new_code.saturating_sub(g.old_code))
        .sum();
    let calls: u64 = grown
        .iter()
        .map(|g| g.new_findings.saturating_sub(g.old_findings))
        .sum();
    let named: Vec<String> = grown
        .iter()
        .take(NAMED)
        .map(|g| {
            let mut parts = vec![];
            if g.old_code == 0 && g.new_code > 0 {
                parts.push(format!("new, {}", count(g.new_code, "line", "lines")));
            } else if g.new_code > g.old_code {
                parts.push(format!(
                    "+{}, {}->{}",
                    count(g.new_code - g.old_code, "line", "lines"),
                    g.old_code,
                    g.new_code
                ));
            }
            if g.new_findings > g.old_findings {
                parts.push(format!(
                    "+{}",
                    count(g.new_findings - g.old_findings, "risky call", "risky calls")
                ));
            }
            format!("{} ({})", g.path, parts.join(", "))
        })
        .collect();
    let more = grown.len().saturating_sub(NAMED);
    format!(
        "gate --fail-on new-unsafe-code: memory-unsafe product code grew by {} and {} in {}: {}{}",
        count(lines, "line", "lines"),
        count(calls, "risky call", "risky calls"),
        count(grown.len() as u64, "file", "files"),
        named.join(", "),
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_other_schema_versions() {
        assert!(
            load_report("{\"schema_version\": 2}", "b.json")
                .unwrap_err()
                .contains("schema_version 2")
        );
        assert!(
            load_report("nope", "b.json")
                .unwrap_err()
                .contains("not JSON")
        );
    }

    fn report(files: &[(&str, &str, u64, u64)]) -> Report {
        let mut r = crate::build_report(
            std::path::Path::new("t"),
            crate::aggregate::Totals::default(),
        );
        r.unsafety.product_files = files
            .iter()
            .map(|(p, l, c, f)| crate::report::model::ProductFile {
                path: (*p).to_string(),
                language: (*l).to_string(),
                code: *c,
                findings: *f,
                ..Default::default()
            })
            .collect();
        r.unsafety.product_files_total = files.len() as u64;
        r
    }

    #[test]
    fn new_unsafe_code_names_grown_c_files_and_ignores_rust() {
        let old = report(&[("a.c", "C", 10, 1), ("m.rs", "Rust", 5, 0)]);
        let rust_grew = report(&[("a.c", "C", 10, 1), ("m.rs", "Rust", 50, 0)]);
        assert!(unsafe_code_growth(&old, &rust_grew).is_empty());
        let c_grew = report(&[
            ("a.c", "C", 12, 2),
            ("b.cpp", "C++", 3, 0),
            ("m.rs", "Rust", 5, 0),
        ]);
        let g = unsafe_code_growth(&old, &c_grew);
        assert_eq!(g.len(), 2);
        let line = new_unsafe_code_line(&g);
        assert!(
            line.contains("a.c (+2 lines, 10->12, +1 risky call)"),
            "{line}"
        );
        assert!(line.contains("b.cpp (new, 3 lines)"), "{line}");
        // A shrinking file is not growth.
        let shrank = report(&[("a.c", "C", 8, 0), ("m.rs", "Rust", 5, 0)]);
        assert!(unsafe_code_growth(&old, &shrank).is_empty());
    }

    #[test]
    fn a_language_the_baseline_counted_as_garbage_collected_is_not_new_unsafe_code() {
        let mut old = report(&[("a.c", "C", 10, 1)]);
        old.languages.push(crate::report::model::LanguageRow {
            name: "Cython".to_string(),
            memory_model: Some(MemoryModel::Gc),
            ..Default::default()
        });
        let new = report(&[("a.c", "C", 10, 1), ("pkg/core.pyx", "Cython", 40, 0)]);
        assert!(unsafe_code_growth(&old, &new).is_empty());
        // Without such a row (Cython new to the project), it is new code.
        let old = report(&[("a.c", "C", 10, 1)]);
        assert_eq!(unsafe_code_growth(&old, &new).len(), 1);
    }
}
