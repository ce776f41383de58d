//! Options: the typed, validated settings a scan runs with. The CLI and the config file are
//! turned into this once; the library never sees clap types.

use std::sync::Arc;

use crate::score::ScoreConfig;
use crate::walk::Progress;

/// Default for `--max-file-size`: 8 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 8 * 1024 * 1024;

/// Everything a scan needs to know.
#[derive(Debug, Clone)]
pub struct Options {
    /// Count hidden files in the languages table.
    pub hidden: bool,
    /// Ignore .gitignore/.ignore/.git/info/exclude.
    pub no_ignore: bool,
    /// Globs excluded from the walk (gitignore syntax, relative to the root).
    pub excludes: Vec<String>,
    /// `[roles]` of rust-ready.toml: role name -> globs (validated by `roles::RoleGlobs`).
    pub roles: std::collections::BTreeMap<String, Vec<String>>,
    /// Walker threads; None = the ignore crate's default.
    pub threads: Option<usize>,
    /// Files larger than this are skipped with a warning.
    pub max_file_size: u64,
    /// Follow symbolic links that stay inside the root.
    pub follow_links: bool,
    /// Read git history.
    pub history: bool,
    /// Scoring settings (weights, declared answers).
    pub scoring: ScoreConfig,
    /// Live counters for a progress display.
    pub progress: Option<Arc<Progress>>,
    /// Which analyzers run beyond language counting (benchmarks switch them off).
    pub analyzers: Analyzers,
    /// Count unsafe usage in locked crates already in the local cargo registry.
    pub deps_unsafe: bool,
    /// Run hardened `cargo metadata --no-deps` as a cross-check (opt-in; runs cargo).
    pub cargo_metadata: bool,
}

/// Analyzers that can be switched off (`--disable`, hidden; for benchmarks and debugging).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Analyzers {
    /// Memory-unsafe usage lexers.
    pub unsafety: bool,
    /// Manifest and lockfile parsers.
    pub deps: bool,
    /// Project signals.
    pub signals: bool,
}

impl Default for Analyzers {
    fn default() -> Self {
        Analyzers {
            unsafety: true,
            deps: true,
            signals: true,
        }
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            hidden: false,
            no_ignore: false,
            excludes: Vec::new(),
            roles: std::collections::BTreeMap::new(),
            threads: None,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            follow_links: false,
            history: true,
            scoring: ScoreConfig::default(),
            progress: None,
            analyzers: Analyzers::default(),
            deps_unsafe: false,
            cargo_metadata: false,
        }
    }
}

/// Every byte and thread budget of a scan, in one place.
pub mod budget {
    /// `rust-ready.toml` and `--config`.
    pub const CONFIG_BYTES: u64 = 1 << 20;
    /// A saved report (`--baseline`, `compare FILE`, `render FILE`).
    pub const REPORT_BYTES: u64 = 64 << 20;
    /// An ignore file or `.gitattributes`.
    pub const IGNORE_FILE_BYTES: u64 = 1 << 20;
    /// Most walker threads; more is clamped with a warning.
    pub const MAX_THREADS: usize = 64;
}
