//! Memory-unsafe usage inventory (issue 3): fills the report's `unsafe` section.
//! Placeholder until the lexers land: counts nothing.

use std::collections::BTreeMap;

use crate::analyze::FileInput;
use crate::report::model::UnsafeSection;

/// Findings accumulated across files.
#[derive(Debug, Clone, Default)]
pub struct UnsafeAcc {}

impl UnsafeAcc {
    /// Merges another thread's accumulator.
    pub fn merge(&mut self, _other: UnsafeAcc) {}
}

/// Analyzes one counted file; `code_lines` is tokei's own code count of the file.
pub fn analyze(_input: &FileInput<'_>, _code_lines: u64, _acc: &mut UnsafeAcc) {}

/// Builds the report section. `own_code` maps tokei language names to own code lines.
pub fn finish(_acc: UnsafeAcc, _own_code: &BTreeMap<String, u64>) -> UnsafeSection {
    UnsafeSection::default()
}
