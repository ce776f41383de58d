//! Dependencies of every ecosystem from manifests and lockfiles (issue 4).
//! Placeholder until the parsers land: finds nothing.

use crate::aggregate::Warnings;
use crate::analyze::FileInput;
use crate::report::model::Dependencies;

/// Parsed manifests accumulated across files.
#[derive(Debug, Clone, Default)]
pub struct DepsAcc {}

impl DepsAcc {
    /// Merges another thread's accumulator.
    pub fn merge(&mut self, _other: DepsAcc) {}
}

/// Parses the file if it is a manifest or lockfile.
pub fn analyze(_input: &FileInput<'_>, _acc: &mut DepsAcc, _warnings: &mut Warnings) {}

/// Builds the report section.
pub fn finish(_acc: DepsAcc) -> Dependencies {
    Dependencies::default()
}
