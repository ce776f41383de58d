//! What stops a scan. One bad file never does: it becomes a `warnings` entry instead.

use std::path::PathBuf;

/// A fatal scan error; the binary maps every variant to exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// The path to scan does not exist.
    #[error("path not found: {0}")]
    NotFound(PathBuf),
    /// The path exists but cannot be read.
    #[error("cannot read {path}: {source}")]
    Unreadable {
        /// The path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// An `--exclude` or config glob is invalid.
    #[error("invalid glob {0:?}: {1}")]
    BadGlob(String, String),
    /// A configuration problem (file, key and reason in the message).
    #[error("{0}")]
    Config(String),
}
