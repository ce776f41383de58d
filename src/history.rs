//! Git history facts, read-only (issue 5). Placeholder until gix lands: reports unavailable.

use std::path::Path;

use crate::report::model::History;

/// Reads history facts of the repository containing `root`.
pub fn read(_root: &Path) -> History {
    History {
        available: false,
        reason: Some("history reading is not built yet".into()),
        ..History::default()
    }
}
