//! Rendering: one [`model::Report`], many formats. Renderers compute nothing new; they only
//! format what the report holds. This is the only module that formats text for people.

pub mod compare;
pub mod html;
pub mod json;
pub mod markdown;
pub mod model;
pub mod portfolio;
pub mod roadmap;
pub mod sarif;
pub mod table;
pub mod term;

use std::io::{self, Write};
use std::time::Duration;

use model::Report;

/// Output formats of `scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    /// A terminal table (default).
    Table,
    /// The JSON contract.
    Json,
    /// Markdown for a PR comment or job summary.
    Markdown,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
    /// A self-contained HTML page with charts.
    Html,
}

impl Format {
    /// The name used on the command line (`-o json=r.json`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Markdown => "markdown",
            Format::Sarif => "sarif",
            Format::Html => "html",
        }
    }

    /// Parses a command-line name (`md` for Markdown too).
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "table" => Some(Format::Table),
            "json" => Some(Format::Json),
            "markdown" | "md" => Some(Format::Markdown),
            "sarif" => Some(Format::Sarif),
            "html" => Some(Format::Html),
            _ => None,
        }
    }
}

/// How to render.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Use ANSI colours.
    pub color: bool,
    /// Terminal width, when known.
    pub width: Option<u16>,
    /// Wall time of the scan, shown in the table header (never in JSON).
    pub elapsed: Option<Duration>,
    /// SARIF: also write `note`-level results.
    pub sarif_notes: bool,
    /// Table: only the score block, the case and where to start (`--summary`).
    pub summary: bool,
    /// Table: add the per-component table (`--components`).
    pub components: bool,
}

/// The one way every renderer prints a per-KLOC figure (findings per 1,000 product lines of
/// the languages concerned, as computed once in `unsafe.languages[].per_kloc`): two decimals,
/// the precision the JSON carries, so table, Markdown, HTML and JSON show the same number.
pub fn per_kloc(x: f64) -> String {
    format!("{x:.2}")
}

/// Renders `report` in `format` to `out`.
pub fn render(
    report: &Report,
    format: Format,
    ro: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Table => table::render(report, ro, out),
        Format::Json => json::render(report, out),
        Format::Markdown => markdown::render(report, out),
        Format::Sarif => sarif::render(
            report,
            sarif::SarifOptions {
                notes: ro.sarif_notes,
            },
            out,
        ),
        Format::Html => html::render(report, out),
    }
}
