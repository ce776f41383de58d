//! The JSON Schema of the report, generated from the Rust types (schemars). Printed by
//! `rust-ready schema` and committed as `schema/report-v1.json`; a test fails when they differ.

use crate::report::model::Report;

/// The schema as pretty JSON with a final newline.
pub fn report_schema() -> String {
    let schema = schemars::schema_for!(Report);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}
