//! Project signals (issue 5): named facts from file names and contents.
//! Placeholder until the signal table lands: finds nothing.

use crate::analyze::FileInput;
use crate::report::model::SignalHit;

/// Signal hits accumulated across files.
#[derive(Debug, Clone, Default)]
pub struct SignalAcc {}

impl SignalAcc {
    /// Merges another thread's accumulator.
    pub fn merge(&mut self, _other: SignalAcc) {}
}

/// Matches one read file.
pub fn analyze(_input: &FileInput<'_>, _acc: &mut SignalAcc) {}

/// Matches a file by its path only (it was not read).
pub fn observe_path(_rel: &str, _acc: &mut SignalAcc) {}

/// Builds the report's signal list.
pub fn finish(_acc: SignalAcc) -> Vec<SignalHit> {
    Vec::new()
}
