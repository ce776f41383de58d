//! `rust-ready compare`: several reports side by side and a ranking of where to start. The
//! summary is derived from complete reports (scanned now or loaded from JSON); rendering is
//! table, JSON or Markdown.

use std::collections::BTreeMap;
use std::io::{self, Write};

use comfy_table::Cell;
use serde::{Deserialize, Serialize};

use super::RenderOptions;
use super::markdown::esc;
use super::model::{Report, SCHEMA_VERSION};
use super::table::{new_table, num, pct};
use super::term::sanitize;

/// One project's summary.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ProjectSummary {
    /// The argument that named it (directory or JSON file).
    pub name: String,
    /// The report's root.
    pub root: String,
    /// 0..100 or null.
    pub score: Option<u8>,
    /// Verdict or null.
    pub verdict: Option<String>,
    /// Headline.
    pub headline: Option<String>,
    /// Up to three languages by own code, with their shares.
    pub top_languages: Vec<(String, f64)>,
    /// Memory-unsafe share of own code.
    pub memory_unsafe_share: f64,
    /// Non-test unsafe findings per 1000 own code lines (all languages).
    pub unsafe_per_kloc: f64,
    /// Direct dependencies over all ecosystems.
    pub direct_dependencies: u64,
    /// Direct dependencies with a Rust equivalent, over those considered.
    pub rust_coverage: Option<f64>,
    /// Strength per criterion id.
    pub criteria: BTreeMap<String, f64>,
    /// The report's benefit B (weighted mean of judged choose strengths).
    #[serde(default)]
    pub benefit: Option<f64>,
    /// The report's friction A (weighted mean of judged avoid strengths).
    #[serde(default)]
    pub friction: Option<f64>,
}

/// A rank in "which project to start with".
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Rank {
    /// 1-based.
    pub rank: u32,
    /// Project name.
    pub name: String,
    /// Why this place.
    pub why: String,
}

/// The compare document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Comparison {
    /// Contract version.
    pub schema_version: u32,
    /// Projects in argument order.
    pub projects: Vec<ProjectSummary>,
    /// Best first.
    pub ranking: Vec<Rank>,
}

/// Summarises one report.
pub fn summarise(name: &str, r: &Report) -> ProjectSummary {
    let mut langs: Vec<(String, f64)> = r
        .languages
        .iter()
        .filter(|l| l.share > 0.0)
        .map(|l| (l.name.clone(), l.share))
        .collect();
    langs.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    langs.truncate(3);
    let findings: u64 = r.unsafety.languages.iter().map(|l| l.findings).sum();
    let code = r.summary.programming_code;
    let (covered, of, direct) = r
        .dependencies
        .ecosystems
        .iter()
        .fold((0, 0, 0), |(c, o, d), e| {
            (
                c + e.rust_equivalents.covered,
                o + e.rust_equivalents.of,
                d + e.direct_count,
            )
        });
    ProjectSummary {
        name: name.to_string(),
        root: r.root.clone(),
        score: r.summary.score,
        verdict: r.summary.verdict.map(|v| v.as_str().to_string()),
        headline: r.summary.headline.clone(),
        top_languages: langs,
        memory_unsafe_share: r.summary.memory_unsafe_share,
        unsafe_per_kloc: if code == 0 {
            0.0
        } else {
            (findings as f64 * 1000.0 / code as f64 * 100.0).round() / 100.0
        },
        direct_dependencies: direct,
        rust_coverage: (of > 0).then(|| (covered as f64 / of as f64 * 1000.0).round() / 1000.0),
        criteria: r
            .criteria
            .iter()
            .map(|c| (c.id.clone(), c.strength))
            .collect(),
        benefit: r.summary.benefit,
        friction: r.summary.friction,
    }
}

/// Builds the comparison: ranking by score (unscored last), then name.
pub fn compare(named: &[(String, Report)]) -> Comparison {
    let projects: Vec<ProjectSummary> = named.iter().map(|(n, r)| summarise(n, r)).collect();
    let mut order: Vec<&ProjectSummary> = projects.iter().collect();
    order.sort_by(|a, b| {
        b.score
            .map(i32::from)
            .unwrap_or(-1)
            .cmp(&a.score.map(i32::from).unwrap_or(-1))
            .then_with(|| a.name.cmp(&b.name))
    });
    let ranking = order
        .iter()
        .enumerate()
        .map(|(i, p)| Rank {
            rank: i as u32 + 1,
            name: p.name.clone(),
            why: format!(
                "score {} ({}), {:.0}% memory-unsafe code, {:.1} unsafe findings per KLOC",
                p.score.map_or("–".to_string(), |s| s.to_string()),
                p.verdict.as_deref().unwrap_or("not scored"),
                p.memory_unsafe_share * 100.0,
                p.unsafe_per_kloc
            ),
        })
        .collect();
    Comparison {
        schema_version: SCHEMA_VERSION,
        projects,
        ranking,
    }
}

fn langs(p: &ProjectSummary) -> String {
    p.top_languages
        .iter()
        .map(|(n, s)| format!("{n} {:.0}%", s * 100.0))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Rows of the side-by-side view: (label, value per project).
fn rows(c: &Comparison) -> Vec<(String, Vec<String>)> {
    let mut rows = vec![
        (
            "score".to_string(),
            c.projects
                .iter()
                .map(|p| p.score.map_or("–".into(), |s| s.to_string()))
                .collect(),
        ),
        (
            "verdict".to_string(),
            c.projects
                .iter()
                .map(|p| p.verdict.clone().unwrap_or("–".into()))
                .collect(),
        ),
        (
            "top languages".to_string(),
            c.projects.iter().map(langs).collect(),
        ),
        (
            "memory-unsafe share".to_string(),
            c.projects
                .iter()
                .map(|p| pct(p.memory_unsafe_share))
                .collect(),
        ),
        (
            "unsafe per KLOC".to_string(),
            c.projects
                .iter()
                .map(|p| format!("{:.2}", p.unsafe_per_kloc))
                .collect(),
        ),
        (
            "direct dependencies".to_string(),
            c.projects
                .iter()
                .map(|p| p.direct_dependencies.to_string())
                .collect(),
        ),
        (
            "Rust coverage".to_string(),
            c.projects
                .iter()
                .map(|p| p.rust_coverage.map_or("–".into(), pct))
                .collect(),
        ),
    ];
    let ids: Vec<String> = c
        .projects
        .first()
        .map(|p| p.criteria.keys().cloned().collect())
        .unwrap_or_default();
    for id in ids {
        rows.push((
            id.clone(),
            c.projects
                .iter()
                .map(|p| {
                    p.criteria
                        .get(&id)
                        .map_or("–".into(), |s| format!("{s:.2}"))
                })
                .collect(),
        ));
    }
    rows
}

/// JSON with a final newline.
pub fn render_json(c: &Comparison, out: &mut dyn Write) -> io::Result<()> {
    super::json::write_pretty(c, out)
}

/// Projects as columns (or as rows when there are more than the terminal comfortably holds).
pub fn render_table(c: &Comparison, ro: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let mut t = new_table(ro);
    let width = ro.width.unwrap_or(120) as usize;
    let as_columns = c.projects.len() * 22 + 24 <= width;
    let data = rows(c);
    if as_columns {
        let mut header = vec![Cell::new("")];
        header.extend(c.projects.iter().map(|p| Cell::new(sanitize(&p.name))));
        t.set_header(header);
        for (label, vals) in &data {
            let mut row = vec![Cell::new(sanitize(label))];
            row.extend(vals.iter().map(|v| num(sanitize(v))));
            t.add_row(row);
        }
    } else {
        let mut header = vec![Cell::new("project")];
        header.extend(data.iter().map(|(l, _)| Cell::new(l)));
        t.set_header(header);
        for (i, p) in c.projects.iter().enumerate() {
            let mut row = vec![Cell::new(sanitize(&p.name))];
            row.extend(
                data.iter()
                    .map(|(_, v)| Cell::new(sanitize(v.get(i).map_or("", String::as_str)))),
            );
            t.add_row(row);
        }
    }
    writeln!(out, "{t}\n\nWhere to start first:")?;
    for r in &c.ranking {
        writeln!(out, "  {}. {}: {}", r.rank, sanitize(&r.name), r.why)?;
    }
    Ok(())
}

/// Markdown table, projects as columns.
pub fn render_markdown(c: &Comparison, out: &mut dyn Write) -> io::Result<()> {
    let names: Vec<String> = c.projects.iter().map(|p| esc(&p.name)).collect();
    writeln!(out, "## rust-ready compare\n\n| | {} |", names.join(" | "))?;
    writeln!(out, "|---|{}", "---:|".repeat(c.projects.len()))?;
    for (label, vals) in rows(c) {
        let v: Vec<String> = vals.iter().map(|x| esc(x)).collect();
        writeln!(out, "| {} | {} |", esc(&label), v.join(" | "))?;
    }
    writeln!(out, "\n**Where to start first**\n")?;
    for r in &c.ranking {
        writeln!(out, "{}. **{}**: {}", r.rank, esc(&r.name), esc(&r.why))?;
    }
    Ok(())
}
