//! `scan --each DIR`: one report per repository under DIR. Its JSON holds every complete report
//! and the comparison; every other format is the comparison's (see `compare`).

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use super::compare::Comparison;
use super::model::{Report, SCHEMA_VERSION};

/// Several projects scanned in one run.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Portfolio {
    /// Version of the report contract each project follows.
    pub schema_version: u32,
    /// The directory whose subdirectories were scanned, as given.
    pub root: String,
    /// One full report per project, sorted by root path.
    pub projects: Vec<Report>,
    /// The side-by-side summary, ranking and criteria (as `compare --format json` writes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparison: Option<Comparison>,
}

impl Portfolio {
    /// A portfolio of reports (sorted by root for determinism).
    pub fn new(root: String, mut projects: Vec<Report>) -> Self {
        projects.sort_by(|a, b| a.root.cmp(&b.root));
        Portfolio {
            schema_version: SCHEMA_VERSION,
            root,
            projects,
            comparison: None,
        }
    }
}

/// Pretty JSON with a final newline.
pub fn render_json(p: &Portfolio, out: &mut dyn Write) -> io::Result<()> {
    super::json::write_pretty(p, out)
}
