//! Rendering: one [`model::Report`], many formats. Renderers compute nothing new; they only
//! format what the report holds. This is the only module that formats text for people.

pub mod compare;
pub mod html;
pub mod json;
pub mod markdown;
pub mod model;
pub mod portfolio;
pub mod sarif;
pub mod table;
pub mod term;

use std::io::{self, Write};
use std::time::Duration;

use model::Report;

/// Output formats of `scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// How to render.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Use ANSI colours.
    pub color: bool,
    /// Terminal width, when known.
    pub width: Option<u16>,
    /// Wall time of the scan, shown in the table header (never in JSON).
    pub elapsed: Option<Duration>,
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
        Format::Sarif => sarif::render(report, out),
        Format::Html => html::render(report, out),
    }
}
