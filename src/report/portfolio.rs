//! `scan --each DIR`: one report per repository under DIR, rendered together. The reports are
//! complete; this module only lays them side by side.

use std::io::{self, Write};

use comfy_table::Cell;
use serde::{Deserialize, Serialize};

use super::RenderOptions;
use super::model::{Report, SCHEMA_VERSION};
use super::table::{new_table, num, pct};
use super::term::sanitize;

/// Several projects scanned in one run.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Portfolio {
    /// Version of the report contract each project follows.
    pub schema_version: u32,
    /// The directory whose subdirectories were scanned, as given.
    pub root: String,
    /// One full report per project, sorted by root path.
    pub projects: Vec<Report>,
}

impl Portfolio {
    /// A portfolio of reports (sorted by root for determinism).
    pub fn new(root: String, mut projects: Vec<Report>) -> Self {
        projects.sort_by(|a, b| a.root.cmp(&b.root));
        Portfolio {
            schema_version: SCHEMA_VERSION,
            root,
            projects,
        }
    }
}

/// Pretty JSON with a final newline.
pub fn render_json(p: &Portfolio, out: &mut dyn Write) -> io::Result<()> {
    super::json::write_pretty(p, out)
}

/// One row per project.
pub fn render_table(p: &Portfolio, ro: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "rust-ready {} projects under {}",
        p.projects.len(),
        sanitize(&p.root)
    )?;
    let mut t = new_table(ro);
    t.set_header(vec![
        "Project",
        "Score",
        "Verdict",
        "Top language",
        "Files",
        "Own code",
        "Memory-unsafe",
        "Rust",
    ]);
    for r in &p.projects {
        let top = r
            .languages
            .iter()
            .filter(|l| l.share > 0.0)
            .max_by(|a, b| {
                a.own_code
                    .cmp(&b.own_code)
                    .then_with(|| b.name.cmp(&a.name))
            })
            .map_or("-", |l| l.name.as_str());
        t.add_row(vec![
            Cell::new(sanitize(&r.root)),
            num(r.summary.score.map_or("-".to_string(), |s| s.to_string())),
            Cell::new(r.summary.verdict.map_or("-", |v| v.as_str())),
            Cell::new(top),
            num(r.scanned.files),
            num(r.summary.programming_code),
            num(pct(r.summary.memory_unsafe_share)),
            num(pct(r.summary.rust_share)),
        ]);
    }
    writeln!(out, "{t}")
}
