//! The portfolio view shared by `rust-ready compare` and `scan --each`: several reports side by
//! side and a ranking of where to start. The summary is derived from complete reports (scanned
//! now or loaded from JSON). Renderings: a terminal table with projects as rows (short column
//! names and a legend, so eight projects fit in 100 columns), Markdown, CSV, JSON Lines and
//! JSON; HTML and SARIF live in their own modules.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use super::RenderOptions;
use super::markdown::esc;
use super::model::{Report, SCHEMA_VERSION};
use super::table::pct;
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
    /// The report's benefit B (disjunction of judged choose strengths).
    #[serde(default)]
    pub benefit: Option<f64>,
    /// The report's friction A (disjunction of judged avoid strengths).
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

/// A criterion's id, kind and title, as the reports give them.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CriterionInfo {
    /// Stable id.
    pub id: String,
    /// `choose` or `avoid`.
    pub kind: String,
    /// Title.
    pub title: String,
}

/// The compare document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Comparison {
    /// Contract version.
    pub schema_version: u32,
    /// Projects in argument order, or in `--sort` order.
    pub projects: Vec<ProjectSummary>,
    /// Best first: starting points (strong-candidate, candidate, selective) by score, then
    /// not-recommended, adopted and unscored projects.
    pub ranking: Vec<Rank>,
    /// The criteria, choose first (in the reports' order).
    #[serde(default)]
    pub criteria: Vec<CriterionInfo>,
}

/// How to order the projects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// Highest score first, unscored last.
    Score,
    /// Where to start first (see [`tier`]), then score.
    Verdict,
    /// By name.
    Name,
    /// Highest memory-unsafe share first.
    UnsafeShare,
}

/// Where a verdict stands as a starting point: 0 is best.
pub fn tier(verdict: Option<&str>) -> u8 {
    match verdict {
        Some("strong-candidate") => 0,
        Some("candidate") => 1,
        Some("selective") => 2,
        Some("not-recommended") => 3,
        Some("adopted") => 4,
        _ => 5,
    }
}

fn score_key(p: &ProjectSummary) -> i32 {
    p.score.map(i32::from).unwrap_or(-1)
}

/// Sorts the projects (stable; name breaks ties).
pub fn sort(c: &mut Comparison, key: SortKey) {
    c.projects.sort_by(|a, b| {
        let primary = match key {
            SortKey::Score => score_key(b).cmp(&score_key(a)),
            SortKey::Verdict => tier(a.verdict.as_deref())
                .cmp(&tier(b.verdict.as_deref()))
                .then_with(|| score_key(b).cmp(&score_key(a))),
            SortKey::Name => std::cmp::Ordering::Equal,
            SortKey::UnsafeShare => b.memory_unsafe_share.total_cmp(&a.memory_unsafe_share),
        };
        primary.then_with(|| a.name.cmp(&b.name))
    });
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
        tier(a.verdict.as_deref())
            .cmp(&tier(b.verdict.as_deref()))
            .then_with(|| score_key(b).cmp(&score_key(a)))
            .then_with(|| a.name.cmp(&b.name))
    });
    let ranking = order
        .iter()
        .enumerate()
        .map(|(i, p)| Rank {
            rank: i as u32 + 1,
            name: p.name.clone(),
            why: format!(
                "score {} ({}{}), {:.0}% memory-unsafe code, {:.1} unsafe findings per KLOC",
                p.score.map_or("–".to_string(), |s| s.to_string()),
                p.verdict.as_deref().unwrap_or("not scored"),
                match tier(p.verdict.as_deref()) {
                    3 => ": not a starting point",
                    4 => ": already on Rust",
                    _ => "",
                },
                p.memory_unsafe_share * 100.0,
                p.unsafe_per_kloc
            ),
        })
        .collect();
    let mut criteria: Vec<CriterionInfo> = Vec::new();
    for (_, r) in named {
        for c in &r.criteria {
            if !criteria.iter().any(|x| x.id == c.id) {
                criteria.push(CriterionInfo {
                    id: c.id.clone(),
                    kind: format!("{:?}", c.kind).to_lowercase(),
                    title: c.title.clone(),
                });
            }
        }
    }
    criteria.sort_by_key(|c| u8::from(c.kind != "choose"));
    Comparison {
        schema_version: SCHEMA_VERSION,
        projects,
        ranking,
        criteria,
    }
}

/// Short names: each project's shortest path suffix that no other project shares.
pub fn display_names(c: &Comparison) -> Vec<String> {
    let split = |n: &str| -> Vec<String> {
        n.trim_end_matches('/')
            .split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    let parts: Vec<Vec<String>> = c.projects.iter().map(|p| split(&p.name)).collect();
    let suffix = |p: &[String], k: usize| p[p.len().saturating_sub(k)..].join("/");
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut k = 1;
            while k < p.len() {
                let mine = suffix(p, k);
                let clash = parts
                    .iter()
                    .enumerate()
                    .any(|(j, q)| j != i && suffix(q, k) == mine);
                if !clash {
                    break;
                }
                k += 1;
            }
            let s = suffix(p, k);
            if s.is_empty() {
                c.projects[i].name.clone()
            } else {
                s
            }
        })
        .collect()
}

/// Two-letter column names for criteria ids (initials of the words; one word: its first two
/// letters), made unique with a digit.
pub fn short_ids(ids: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in ids {
        let words: Vec<&str> = id.split('_').filter(|w| !w.is_empty()).collect();
        let mut s: String = if words.len() >= 2 {
            words
                .iter()
                .take(2)
                .filter_map(|w| w.chars().next())
                .collect()
        } else {
            id.chars().take(2).collect()
        };
        s = s.to_uppercase();
        let base = s.clone();
        let mut n = 2;
        while out.contains(&s) {
            s = format!("{base}{n}");
            n += 1;
        }
        out.push(s);
    }
    out
}

fn short_verdict(v: Option<&str>) -> &'static str {
    match v {
        Some("strong-candidate") => "strong",
        Some("candidate") => "cand",
        Some("selective") => "select",
        Some("not-recommended") => "not-rec",
        Some("adopted") => "adopted",
        Some(_) => "?",
        None => "-",
    }
}

/// The top language and its share, the name cut to 8 characters.
fn top_language(p: &ProjectSummary) -> String {
    p.top_languages.first().map_or("-".to_string(), |(n, s)| {
        let name: String = if n.chars().count() > 8 {
            n.chars().take(7).chain(std::iter::once('…')).collect()
        } else {
            n.clone()
        };
        format!("{name} {:.0}%", s * 100.0)
    })
}

fn langs(p: &ProjectSummary) -> String {
    p.top_languages
        .iter()
        .map(|(n, s)| format!("{n} {:.0}%", s * 100.0))
        .collect::<Vec<_>>()
        .join(", ")
}

fn criterion_ids(c: &Comparison) -> Vec<String> {
    if !c.criteria.is_empty() {
        return c.criteria.iter().map(|x| x.id.clone()).collect();
    }
    c.projects
        .first()
        .map(|p| p.criteria.keys().cloned().collect())
        .unwrap_or_default()
}

/// Cuts `s` to `max` characters, keeping its end (the distinctive part of a path).
fn cut(s: &str, max: usize) -> String {
    let n = s.chars().count();
    if n <= max {
        return s.to_string();
    }
    let keep: String = s.chars().skip(n - max.saturating_sub(1)).collect();
    format!("…{keep}")
}

/// Word-wraps `text` to `width` columns, continuation lines indented by `indent`.
fn wrap(text: &str, width: usize, indent: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let lead = text.len() - text.trim_start_matches(' ').len();
    let mut line = " ".repeat(lead);
    for word in text.trim_start_matches(' ').split(' ') {
        let len = line.chars().count();
        if !line.trim().is_empty() && len + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
            line = " ".repeat(indent);
        }
        if !line.trim().is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.trim().is_empty() {
        lines.push(line);
    }
    lines
}

/// JSON with a final newline.
pub fn render_json(c: &Comparison, out: &mut dyn Write) -> io::Result<()> {
    super::json::write_pretty(c, out)
}

/// One JSON object per project per line (the project summaries, in the document's order).
pub fn render_jsonl(c: &Comparison, out: &mut dyn Write) -> io::Result<()> {
    for p in &c.projects {
        serde_json::to_writer(&mut *out, p).map_err(io::Error::from)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// One CSV field (RFC 4180 quoting); text that a spreadsheet would run as a formula gets a
/// leading `'`.
fn csv_field(s: &str, text: bool) -> String {
    let s = if text && s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// CSV: a header, then one row per project; criteria strengths as columns named by id.
pub fn render_csv(c: &Comparison, out: &mut dyn Write) -> io::Result<()> {
    let ids = criterion_ids(c);
    let mut header: Vec<String> = [
        "name",
        "root",
        "score",
        "verdict",
        "top_language",
        "memory_unsafe_share",
        "unsafe_per_kloc",
        "direct_dependencies",
        "rust_coverage",
        "benefit",
        "friction",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(ids.iter().cloned());
    writeln!(out, "{}", header.join(","))?;
    let opt = |x: Option<f64>| x.map_or(String::new(), |v| v.to_string());
    for p in &c.projects {
        let mut row = vec![
            csv_field(&p.name, true),
            csv_field(&p.root, true),
            p.score.map_or(String::new(), |s| s.to_string()),
            csv_field(p.verdict.as_deref().unwrap_or(""), true),
            csv_field(
                p.top_languages.first().map_or("", |(n, _)| n.as_str()),
                true,
            ),
            p.memory_unsafe_share.to_string(),
            p.unsafe_per_kloc.to_string(),
            p.direct_dependencies.to_string(),
            opt(p.rust_coverage),
            opt(p.benefit),
            opt(p.friction),
        ];
        row.extend(ids.iter().map(|id| opt(p.criteria.get(id).copied())));
        writeln!(out, "{}", row.join(","))?;
    }
    Ok(())
}

/// A column of the transposed view.
struct Col {
    head: String,
    right: bool,
    cells: Vec<String>,
    /// Draw a `|` before this column (the choose and avoid groups).
    bar: bool,
}

/// Projects as rows, short column names, a legend. Fits `ro.width` (120 when not a terminal)
/// by cutting project names; eight projects fit in 100 columns.
pub fn render_table(c: &Comparison, ro: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let width = ro
        .width
        .or_else(|| {
            let mut probe = comfy_table::Table::new();
            probe.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
            probe.width()
        })
        .unwrap_or(120)
        .max(60) as usize;
    let names = display_names(c);
    let ids = criterion_ids(c);
    let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let shorts = short_ids(&id_refs);
    let kind_of = |id: &str| {
        c.criteria
            .iter()
            .find(|x| x.id == id)
            .map_or("choose", |x| x.kind.as_str())
            .to_string()
    };
    let mut cols = vec![
        Col {
            head: "project".into(),
            right: false,
            cells: names.iter().map(|n| sanitize(n)).collect(),
            bar: false,
        },
        Col {
            head: "score".into(),
            right: true,
            cells: c
                .projects
                .iter()
                .map(|p| p.score.map_or("-".into(), |s| s.to_string()))
                .collect(),
            bar: false,
        },
        Col {
            head: "verdict".into(),
            right: false,
            cells: c
                .projects
                .iter()
                .map(|p| short_verdict(p.verdict.as_deref()).to_string())
                .collect(),
            bar: false,
        },
        Col {
            head: "top lang".into(),
            right: false,
            cells: c
                .projects
                .iter()
                .map(|p| sanitize(&top_language(p)))
                .collect(),
            bar: false,
        },
        Col {
            head: "unsafe".into(),
            right: true,
            cells: c
                .projects
                .iter()
                .map(|p| format!("{:.0}%", p.memory_unsafe_share * 100.0))
                .collect(),
            bar: false,
        },
        Col {
            head: "/KLOC".into(),
            right: true,
            cells: c
                .projects
                .iter()
                .map(|p| format!("{:.1}", p.unsafe_per_kloc))
                .collect(),
            bar: false,
        },
        Col {
            head: "deps".into(),
            right: true,
            cells: c
                .projects
                .iter()
                .map(|p| p.direct_dependencies.to_string())
                .collect(),
            bar: false,
        },
    ];
    let mut last_kind = String::new();
    for (id, short) in ids.iter().zip(&shorts) {
        let kind = kind_of(id);
        cols.push(Col {
            head: short.clone(),
            right: true,
            cells: c
                .projects
                .iter()
                .map(|p| {
                    p.criteria
                        .get(id)
                        .map_or("-".into(), |s| format!("{:.0}", s * 100.0))
                })
                .collect(),
            bar: kind != last_kind,
        });
        last_kind = kind;
    }
    let widths = |cols: &[Col]| -> Vec<usize> {
        cols.iter()
            .map(|c| {
                c.cells
                    .iter()
                    .map(|s| s.chars().count())
                    .chain(std::iter::once(c.head.chars().count()))
                    .max()
                    .unwrap_or(0)
            })
            .collect()
    };
    let total = |w: &[usize], cols: &[Col]| -> usize {
        w.iter().sum::<usize>()
            + cols.len().saturating_sub(1)
            + 2 * cols.iter().filter(|c| c.bar).count()
    };
    let mut w = widths(&cols);
    let over = total(&w, &cols).saturating_sub(width);
    if over > 0 {
        let name_w = w[0].saturating_sub(over).max(8);
        cols[0].cells = cols[0].cells.iter().map(|n| cut(n, name_w)).collect();
        w = widths(&cols);
    }
    let line = |cells: Vec<String>, out: &mut dyn Write| -> io::Result<()> {
        let mut s = String::new();
        for (i, (col, cell)) in cols.iter().zip(cells).enumerate() {
            if i > 0 {
                s.push(' ');
            }
            if col.bar {
                s.push_str("| ");
            }
            let pad = w[i].saturating_sub(cell.chars().count());
            let colour = match (ro.color && col.head == "verdict", cell.as_str()) {
                (true, "strong" | "adopted") => Some("32"),
                (true, "cand" | "select") => Some("33"),
                (true, "not-rec") => Some("31"),
                _ => None,
            };
            if let Some(c) = colour {
                s.push_str(&format!("\x1b[{c}m"));
            }
            if col.right {
                s.push_str(&" ".repeat(pad));
                s.push_str(&cell);
            } else {
                s.push_str(&cell);
                if colour.is_some() {
                    s.push_str("\x1b[0m");
                }
                s.push_str(&" ".repeat(pad));
            }
            if colour.is_some() && col.right {
                s.push_str("\x1b[0m");
            }
        }
        writeln!(out, "{}", s.trim_end())
    };
    writeln!(out, "rust-ready compare · {} projects", c.projects.len())?;
    line(cols.iter().map(|c| c.head.clone()).collect(), out)?;
    line(w.iter().map(|n| "-".repeat(*n)).collect(), out)?;
    for i in 0..c.projects.len() {
        let cells = cols
            .iter()
            .map(|col| col.cells.get(i).cloned().unwrap_or_default())
            .collect();
        line(cells, out)?;
    }
    let choose: Vec<String> = ids
        .iter()
        .zip(&shorts)
        .filter(|(id, _)| kind_of(id) == "choose")
        .map(|(id, s)| format!("{s} {id}"))
        .collect();
    let avoid: Vec<String> = ids
        .iter()
        .zip(&shorts)
        .filter(|(id, _)| kind_of(id) != "choose")
        .map(|(id, s)| format!("{s} {id}"))
        .collect();
    let legend = [
        "Legend: score 0-100; verdict strong = strong-candidate, cand = candidate, select = selective, not-rec = not-recommended; unsafe = memory-unsafe share of own code; /KLOC = unsafe findings per 1000 own lines; deps = direct dependencies; criteria columns are strengths x100.".to_string(),
        format!("Choose Rust when (raise the score): {}.", choose.join(", ")),
        format!("Avoid Rust when (lower it): {}.", avoid.join(", ")),
    ];
    writeln!(out)?;
    for l in legend {
        for x in wrap(&l, width, 2) {
            writeln!(out, "{x}")?;
        }
    }
    writeln!(out, "\nWhere to start first:")?;
    for r in &c.ranking {
        let short = c
            .projects
            .iter()
            .position(|p| p.name == r.name)
            .and_then(|i| names.get(i))
            .unwrap_or(&r.name);
        let text = format!("  {}. {}: {}", r.rank, sanitize(short), r.why);
        for x in wrap(&text, width, 6) {
            writeln!(out, "{x}")?;
        }
    }
    Ok(())
}

/// Markdown: projects as rows (criteria as short columns with a legend), then the ranking.
pub fn render_markdown(c: &Comparison, out: &mut dyn Write) -> io::Result<()> {
    let ids = criterion_ids(c);
    let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let shorts = short_ids(&id_refs);
    writeln!(out, "<!-- rust-ready -->\n## rust-ready compare\n")?;
    writeln!(
        out,
        "| project | score | verdict | top languages | memory-unsafe | unsafe / KLOC | deps | Rust coverage | {} |",
        shorts.join(" | ")
    )?;
    writeln!(
        out,
        "|---|---:|---|---|---:|---:|---:|---:|{}",
        "---:|".repeat(ids.len())
    )?;
    for p in &c.projects {
        let crit: Vec<String> = ids
            .iter()
            .map(|id| p.criteria.get(id).map_or("–".into(), |s| format!("{s:.2}")))
            .collect();
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {:.2} | {} | {} | {} |",
            esc(&p.name),
            p.score.map_or("–".into(), |s| s.to_string()),
            p.verdict.as_deref().unwrap_or("–"),
            esc(&langs(p)),
            pct(p.memory_unsafe_share),
            p.unsafe_per_kloc,
            p.direct_dependencies,
            p.rust_coverage.map_or("–".into(), pct),
            crit.join(" | ")
        )?;
    }
    let legend: Vec<String> = ids
        .iter()
        .zip(&shorts)
        .map(|(id, s)| {
            let kind = c
                .criteria
                .iter()
                .find(|x| &x.id == id)
                .map_or("", |x| x.kind.as_str());
            format!("{s} `{id}` ({kind})")
        })
        .collect();
    writeln!(out, "\nCriteria (strengths 0-1): {}", legend.join(", "))?;
    writeln!(out, "\n**Where to start first**\n")?;
    for r in &c.ranking {
        writeln!(out, "{}. **{}**: {}", r.rank, esc(&r.name), esc(&r.why))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_ids_are_unique() {
        let s = short_ids(&[
            "memory_safety",
            "multi_platform",
            "infrastructure",
            "small_unfamiliar_team",
            "startup_time",
            "schema_churn",
            "ships_binaries",
            "rapid_prototyping",
            "predictable_latency",
            "crud_web_app",
        ]);
        let set: std::collections::BTreeSet<&String> = s.iter().collect();
        assert_eq!(set.len(), s.len(), "{s:?}");
        assert_eq!(s[0], "MS");
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        assert_eq!(csv_field("a,b", true), "\"a,b\"");
        assert_eq!(csv_field("=cmd()", true), "'=cmd()");
        assert_eq!(csv_field("say \"hi\"", true), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn wrap_keeps_width() {
        for l in wrap(&"word ".repeat(50), 30, 4) {
            assert!(l.chars().count() <= 30, "{l}");
        }
    }
}
