//! Renders a [`Roadmap`] as Markdown or HTML. Both formats come from one list of blocks
//! (headings, paragraphs, tables), so they hold the same words and numbers; this module only
//! formats what `roadmap::build` computed. Text from the scanned tree is escaped by the
//! format's own escaper.

use std::fmt::Write as _;

use crate::roadmap::Roadmap;

/// One piece of the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading (level 1..=3).
    Heading(u8, String),
    /// A paragraph.
    Para(String),
    /// A table: header and rows.
    Table(Vec<String>, Vec<Vec<String>>),
    /// A code-age chart (HTML only; Markdown has the table beside it).
    AgeChart,
}

fn opt(n: Option<u64>) -> String {
    n.map_or_else(|| "unknown".to_string(), |n| n.to_string())
}

fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// The document.
pub fn blocks(rm: &Roadmap) -> Vec<Block> {
    use Block::{Heading, Para, Table};
    let mut b = vec![Heading(1, format!("Memory-safety roadmap: {}", rm.project))];
    b.push(Para(format!(
        "Draft written by rust-ready {} from a scan of {}{}. It follows \"The Case for Memory Safe Roadmaps\" (CISA, NSA, FBI and partners, 2023): inventory, priorities, strategy per component, development process, milestones. Every figure comes from the scan's JSON report or is computed from it with the arithmetic shown; a section without evidence says so. Review and edit before publishing.",
        rm.tool_version,
        rm.root,
        rm.as_of
            .as_ref()
            .map(|d| format!(", history as of {d}"))
            .unwrap_or_default()
    )));
    if let Some(t) = &rm.history_truncated {
        b.push(Para(format!("History truncated: {t}.")));
    }
    if let Some(why) = &rm.no_history {
        b.push(Para(format!(
            "No history: unknown ({why}). Churn, code age, milestone durations and the projection need git history; they say so below."
        )));
    }

    // 1. Inventory
    let inv = &rm.inventory;
    b.push(Heading(2, "1. Inventory".to_string()));
    b.push(Para(format!(
        "{} product lines of programming languages: {} ({}) in memory-unsafe languages, {} ({}) in Rust.",
        inv.programming_code,
        inv.unsafe_code,
        pct(inv.memory_unsafe_share),
        inv.rust_code,
        pct(inv.rust_share)
    )));
    b.push(Heading(3, "Languages".to_string()));
    if inv.languages.is_empty() {
        b.push(Para(
            "No product code in memory-unsafe languages or Rust.".to_string(),
        ));
    } else {
        b.push(Table(
            vec![
                "Language".into(),
                "Memory model".into(),
                "Files".into(),
                "Product lines".into(),
                "Share".into(),
            ],
            inv.languages
                .iter()
                .map(|l| {
                    vec![
                        l.name.clone(),
                        l.memory_model.clone(),
                        l.files.to_string(),
                        l.product_code.to_string(),
                        pct(l.share),
                    ]
                })
                .collect(),
        ));
    }
    b.push(Heading(3, "Components".to_string()));
    if inv.components.is_empty() {
        b.push(Para("The report lists no components.".to_string()));
    } else {
        b.push(Table(
            vec![
                "Component".into(),
                "Kind".into(),
                "Languages".into(),
                "Product lines".into(),
                "Memory-unsafe lines".into(),
                "Risky calls".into(),
                "Exposure".into(),
            ],
            inv.components
                .iter()
                .map(|c| {
                    vec![
                        c.path.clone(),
                        c.kind.clone(),
                        c.languages.join(", "),
                        c.product_code.to_string(),
                        c.manual_code.to_string(),
                        c.findings.to_string(),
                        c.exposure.clone(),
                    ]
                })
                .collect(),
        ));
    }
    b.push(Heading(3, "Memory-unsafe native dependencies".to_string()));
    if inv.native_dependencies.is_empty() {
        b.push(Para(format!(
            "None found in the manifests read ({}); the table knows PyPI packages with C extensions, npm native addons and -sys crates.",
            if inv.ecosystems_read.is_empty() {
                "no manifests".to_string()
            } else {
                inv.ecosystems_read.join(", ")
            }
        )));
    } else {
        b.push(Table(
            vec!["Ecosystem".into(), "Package".into(), "Native code".into()],
            inv.native_dependencies
                .iter()
                .map(|d| vec![d.ecosystem.clone(), d.package.clone(), d.carries.clone()])
                .collect(),
        ));
    }
    b.push(Heading(3, "Vendored C/C++ libraries".to_string()));
    if inv.vendored.is_empty() {
        b.push(Para("No vendored memory-unsafe code found.".to_string()));
    } else {
        b.push(Table(
            vec![
                "Folder".into(),
                "Files".into(),
                "Lines".into(),
                "Risky calls".into(),
                "Crate".into(),
            ],
            inv.vendored
                .iter()
                .map(|v| {
                    vec![
                        v.path.clone(),
                        v.files.to_string(),
                        v.code.to_string(),
                        v.findings.to_string(),
                        v.crate_replacement
                            .clone()
                            .unwrap_or_else(|| "none in the table".into()),
                    ]
                })
                .collect(),
        ));
    }
    if !inv.declared_native.is_empty() {
        b.push(Heading(3, "C/C++ libraries the build declares".to_string()));
        b.push(Table(
            vec!["Library".into(), "Crate".into()],
            inv.declared_native
                .iter()
                .map(|d| {
                    vec![
                        d.name.clone(),
                        d.crate_replacement
                            .clone()
                            .unwrap_or_else(|| "none in the table".into()),
                    ]
                })
                .collect(),
        ));
    }

    // 2. Priorities
    b.push(Heading(2, "2. Priorities".to_string()));
    b.push(Para("Memory-unsafe product files (headers counted with the inventory, not here) by exposure: P1 reads from the network or parses in a network-facing component, P2 parses files or formats, P3 is internal. Within a level, most risky calls first.".to_string()));
    for lv in &rm.priorities {
        b.push(Heading(
            3,
            format!(
                "P{} {}: {}, {}, {}, {} lines added in 12 months",
                lv.level,
                lv.label,
                count(lv.files, "file", "files"),
                count(lv.code, "line", "lines"),
                count(lv.findings, "risky call", "risky calls"),
                opt(lv.added_12m)
            ),
        ));
        if lv.items.is_empty() {
            b.push(Para("No files at this level.".to_string()));
            continue;
        }
        b.push(Table(
            vec![
                "File".into(),
                "Component".into(),
                "Why".into(),
                "Lines".into(),
                "Risky calls".into(),
                "Added 12m / 24m".into(),
                "Last change".into(),
                "Evidence".into(),
            ],
            lv.items
                .iter()
                .map(|i| {
                    vec![
                        i.path.clone(),
                        i.component.clone(),
                        i.why.clone(),
                        i.code.to_string(),
                        i.findings.to_string(),
                        format!("{} / {}", opt(i.added_12m), opt(i.added_24m)),
                        i.last_change.clone().unwrap_or_else(|| "unknown".into()),
                        if i.evidence.is_empty() {
                            "none".into()
                        } else {
                            i.evidence.join("; ")
                        },
                    ]
                })
                .collect(),
        ));
        if lv.files as usize > lv.items.len() {
            b.push(Para(format!(
                "{} of {} files listed.",
                lv.items.len(),
                lv.files
            )));
        }
    }

    // 3. Strategy
    b.push(Heading(2, "3. Strategy per component".to_string()));
    b.push(Para(format!(
        "Rules, first match wins: replace with a crate (a mature crate covers the library); rewrite (exposed and at most {} memory-unsafe lines); new code in Rust (memory-unsafe lines added in 12 months); isolate (exposed and larger); harden (sanitizers, fuzzing) otherwise.",
        rm.model.rewrite_max_lines
    )));
    if rm.strategies.is_empty() {
        b.push(Para(
            "No memory-unsafe component, vendored or declared library: nothing to plan."
                .to_string(),
        ));
    } else {
        b.push(Table(
            vec![
                "Target".into(),
                "What".into(),
                "Strategy".into(),
                "Rule".into(),
                "Facts".into(),
            ],
            rm.strategies
                .iter()
                .map(|s| {
                    vec![
                        s.target.clone(),
                        s.what.clone(),
                        s.strategy.as_str().to_string(),
                        s.rule.clone(),
                        s.facts.clone(),
                    ]
                })
                .collect(),
        ));
    }

    // 4. Process
    b.push(Heading(2, "4. Development process".to_string()));
    b.push(Table(
        vec![
            "Practice".into(),
            "Status".into(),
            "Evidence".into(),
            "How".into(),
        ],
        rm.process
            .iter()
            .map(|p| {
                vec![
                    p.practice.clone(),
                    p.status.clone(),
                    p.evidence.clone(),
                    p.how.clone(),
                ]
            })
            .collect(),
    ));

    // 5. Milestones
    b.push(Heading(2, "5. Milestones".to_string()));
    b.push(Para(match (m_added(rm), rm.milestones.quarterly_churn) {
        (Some(a), Some(q)) => format!(
            "Sized from measured churn: {a} memory-unsafe and {} Rust lines added in the {} months of the last 12 that the history covers (before {}), {q} lines per quarter: the team's measured rate of writing systems code, taken as its capacity to port. Quarters are counted from the start of the roadmap.",
            rm.milestones.rust_added_12m.unwrap_or(0),
            rm.milestones.months_covered.unwrap_or(12),
            rm.as_of.clone().unwrap_or_default()
        ),
        _ => "Churn unknown (no history): milestones are sized in lines only.".to_string(),
    }));
    b.push(Table(
        vec![
            "Milestone".into(),
            "Lines".into(),
            "Quarters".into(),
            "When".into(),
            "Arithmetic".into(),
        ],
        rm.milestones
            .rows
            .iter()
            .map(|m| {
                vec![
                    m.name.clone(),
                    m.lines.to_string(),
                    opt(m.quarters),
                    match (m.from_quarter, m.to_quarter) {
                        (Some(f), Some(t)) if f == t => format!("Q{f}"),
                        (Some(f), Some(t)) => format!("Q{f}-Q{t}"),
                        _ => "unknown".to_string(),
                    },
                    m.arithmetic.clone(),
                ]
            })
            .collect(),
    ));

    // 6. Projection
    b.push(Heading(
        2,
        "6. Projection of memory-unsafe code (a model)".to_string(),
    ));
    match &rm.projection {
        None => b.push(Para(
            "No history: unknown. The projection needs the age of memory-unsafe code and its recent churn.".to_string(),
        )),
        Some(p) => {
            b.push(Para(format!(
                "Model, not a measurement: a line's vulnerability density halves every {} years of age (half-life from {}); risk-weighted lines = sum of lines x 0.5^(age / {}). Trend: {} memory-unsafe lines added in the {} months of the last 24 that the history covers, {} per year, keep coming; Rust now: no new memory-unsafe lines, existing code ages. Ages are bucket midpoints (0.5, 1.5, 3.5, 5 years), young lines bounded by the lines added to each file (history.changes.age_method); {} lines of unknown age are left out.",
                rm.model.half_life_years,
                if rm.model.half_life_from == "default" { "the default" } else { "rust-ready.toml" },
                rm.model.half_life_years,
                p.unsafe_added_24m,
                p.months_covered,
                p.trend_per_year,
                p.unknown
            )));
            b.push(Block::AgeChart);
            b.push(Table(
                vec!["Memory-unsafe lines, age".into(), "Lines".into(), "Age used (years)".into()],
                p.buckets
                    .iter()
                    .map(|(n, l, a)| vec![n.clone(), l.to_string(), format!("{a}")])
                    .collect(),
            ));
            b.push(Table(
                vec![
                    "Year".into(),
                    "Risk-weighted lines, trend".into(),
                    "Risk-weighted lines, new code in Rust now".into(),
                ],
                p.rows
                    .iter()
                    .map(|(y, t, r)| vec![format!("+{y}"), format!("{t:.2}"), format!("{r:.2}")])
                    .collect(),
            ));
        }
    }

    // Sources
    b.push(Heading(2, "Sources and parameters".to_string()));
    b.push(Para(format!(
        "Half-life {} years ({}). Published range {}-{} years: 5 / log2(7.4) and 5 / log2(3.4); the default is 5 / log2(sqrt(3.4 x 7.4)). Source: {}.",
        rm.model.half_life_years,
        if rm.model.half_life_from == "default" {
            "default; set [roadmap] half_life_years in rust-ready.toml"
        } else {
            "from rust-ready.toml"
        },
        rm.model.published_range.0,
        rm.model.published_range.1,
        rm.model.source
    )));
    b
}

fn m_added(rm: &Roadmap) -> Option<u64> {
    rm.milestones.unsafe_added_12m
}

/// Markdown.
pub fn markdown(rm: &Roadmap) -> String {
    use super::markdown::esc;
    let mut s = String::new();
    for b in blocks(rm) {
        match b {
            Block::Heading(l, t) => {
                let _ = writeln!(s, "{} {}\n", "#".repeat(usize::from(l)), esc(&t));
            }
            Block::Para(t) => {
                let _ = writeln!(s, "{}\n", esc(&t));
            }
            Block::Table(h, rows) => {
                let _ = writeln!(
                    s,
                    "| {} |",
                    h.iter().map(|c| esc(c)).collect::<Vec<_>>().join(" | ")
                );
                let _ = writeln!(s, "|{}", "---|".repeat(h.len()));
                for r in rows {
                    let _ = writeln!(
                        s,
                        "| {} |",
                        r.iter().map(|c| esc(c)).collect::<Vec<_>>().join(" | ")
                    );
                }
                s.push('\n');
            }
            Block::AgeChart => {}
        }
    }
    s
}

/// HTML: one self-contained page with the report's CSS and CSP.
pub fn html(rm: &Roadmap) -> String {
    use super::html::esc;
    let mut s = String::new();
    super::html::head(&mut s, &format!("Memory-safety roadmap: {}", rm.project));
    for b in blocks(rm) {
        match b {
            Block::Heading(l, t) => {
                let _ = writeln!(s, "<h{l}>{}</h{l}>", esc(&t));
            }
            Block::Para(t) => {
                let _ = writeln!(s, "<p>{}</p>", esc(&t));
            }
            Block::Table(h, rows) => {
                s.push_str("<div class=\"scroll\"><table><thead><tr>");
                for c in &h {
                    let _ = write!(s, "<th scope=\"col\">{}</th>", esc(c));
                }
                s.push_str("</tr></thead><tbody>\n");
                for r in rows {
                    s.push_str("<tr>");
                    for c in &r {
                        let numeric = !c.is_empty()
                            && c.chars()
                                .all(|ch| ch.is_ascii_digit() || ".%+-/ ".contains(ch));
                        let _ = write!(
                            s,
                            "<td{}>{}</td>",
                            if numeric { " class=\"n\"" } else { "" },
                            esc(c)
                        );
                    }
                    s.push_str("</tr>\n");
                }
                s.push_str("</tbody></table></div>\n");
            }
            Block::AgeChart => {
                if let Some(p) = &rm.projection {
                    let rows: Vec<(String, u64)> =
                        p.buckets.iter().map(|(n, l, _)| (n.clone(), *l)).collect();
                    super::html::age_chart(&rows, &mut s);
                }
            }
        }
    }
    s.push_str("</body></html>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_has_every_section_and_escapes_paths() {
        let mut r = crate::build_report(
            std::path::Path::new("t"),
            crate::aggregate::Totals::default(),
        );
        r.unsafety.product_files = vec![crate::report::model::ProductFile {
            path: "a|b_<x>.c".to_string(),
            language: "C".to_string(),
            code: 3,
            findings: 1,
            ..Default::default()
        }];
        let rm = crate::roadmap::build(&r, &crate::roadmap::RoadmapConfig::default());
        let md = markdown(&rm);
        for h in [
            "## 1. Inventory",
            "## 2. Priorities",
            "## 3. Strategy per component",
            "## 4. Development process",
            "## 5. Milestones",
            "## 6. Projection",
            "## Sources and parameters",
        ] {
            assert!(md.contains(h), "{h}");
        }
        assert!(md.contains("a\\|b\\_\\<x\\>.c"), "{md}");
        assert!(md.contains("No history: unknown"));
        let h = html(&rm);
        assert!(h.contains("a|b_&lt;x&gt;.c"));
        assert!(!h.contains("<x>"));
    }
}
