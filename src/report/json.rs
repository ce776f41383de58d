//! JSON: serde of the report, pretty-printed, with a final newline. Deterministic: every map in
//! the model is a BTreeMap and every list is sorted before it reaches here.

use std::io::{self, Write};

use super::model::Report;

/// Writes the report as pretty JSON.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

/// Serialises the report to a JSON string.
pub fn to_string(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_default()
}
