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
    /// Longest change walk of `history.changes` (`--history-budget`).
    pub history_budget: std::time::Duration,
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
    /// File roles (off: every file is product; for measuring the classifier's cost only).
    pub roles: bool,
}

impl Default for Analyzers {
    fn default() -> Self {
        Analyzers {
            unsafety: true,
            deps: true,
            signals: true,
            roles: true,
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
            history_budget: std::time::Duration::from_millis(budget::GIT_DIFF_MILLIS),
            scoring: ScoreConfig::default(),
            progress: None,
            analyzers: Analyzers::default(),
            deps_unsafe: false,
            cargo_metadata: false,
        }
    }
}

/// Parses seconds (`1.5`, `10s`) between 0.1 and 600.
pub fn parse_secs(s: &str) -> Result<std::time::Duration, String> {
    let t = s.trim().strip_suffix('s').unwrap_or(s.trim());
    match t.parse::<f64>() {
        Ok(x) if (0.1..=600.0).contains(&x) => Ok(std::time::Duration::from_secs_f64(x)),
        Ok(_) => Err("seconds between 0.1 and 600".into()),
        Err(_) => Err("a number of seconds (1.5, 10)".into()),
    }
}

/// Parses a size: digits with an optional K, M, G or T suffix (powers of 1024; `KiB`, `MB`
/// and the like are accepted too). Never wraps: a size over `u64::MAX` is an error.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let digits_end = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, suffix) = t.split_at(digits_end);
    if digits.is_empty() {
        return Err("expected a number of bytes, optionally with K, M or G (8M, 1G)".into());
    }
    let shift = match suffix.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 0,
        "K" | "KB" | "KIB" => 10,
        "M" | "MB" | "MIB" => 20,
        "G" | "GB" | "GIB" => 30,
        "T" | "TB" | "TIB" => 40,
        _ => return Err("unknown size suffix (use K, M or G, as in 8M or 1G)".into()),
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(1u64 << shift))
        .ok_or_else(|| format!("larger than the maximum of {} bytes", u64::MAX))
}

/// Every byte and thread budget of a scan, in one place.
pub mod budget {
    /// `rust-ready.toml` and `--config`.
    pub const CONFIG_BYTES: u64 = 1 << 20;
    /// A saved report (`--baseline`, `compare FILE`, `render FILE`).
    pub const REPORT_BYTES: u64 = 64 << 20;
    /// A pipe the user named (`--baseline <(curl ...)`, `--config /dev/fd/3`) may stay silent
    /// this long between two reads before the read fails; it is opened without blocking, so
    /// a pipe nobody writes to ends at once.
    pub const PIPE_IDLE_SECS: u64 = 300;
    /// Longest string in a saved report (paths, messages, evidence).
    pub const REPORT_STRING_BYTES: usize = 4096;
    /// Longest list in a saved report.
    pub const REPORT_LIST_ITEMS: usize = 100_000;
    /// An ignore file or `.gitattributes`.
    pub const IGNORE_FILE_BYTES: u64 = 1 << 20;
    /// Most wildcard rules (each compiles to a regex; literal names and `*.ext` are not
    /// counted) applied from one ignore file; the rest are dropped with a warning.
    pub const IGNORE_RULES_PER_FILE: usize = 1_000;
    /// Most wildcard ignore rules applied in one scan (a 2 MB `.gitignore` of 69k wildcard
    /// rules took 714 MB; 20k took 181 MB and ten minutes in a debug build, 2k 35 MB, 1.4 s).
    pub const IGNORE_RULES_TOTAL: usize = 4_000;
    /// `.git/index`, read for the paths git tracks (a 400k-file repository's is about 40 MB).
    pub const GIT_INDEX_BYTES: u64 = 128 << 20;
    /// Most index entries kept.
    pub const GIT_INDEX_ENTRIES: usize = 2_000_000;
    /// Most path bytes kept from the index (a 400k-file repository's paths are about 40 MB).
    pub const GIT_INDEX_PATH_BYTES: usize = 128 << 20;
    /// `.git` gitlink files, HEAD, `commondir`, a loose ref, `objects/info/alternates`.
    pub const GIT_SMALL_FILE_BYTES: u64 = 64 << 10;
    /// `packed-refs` and `shallow`.
    pub const GIT_REFS_BYTES: u64 = 32 << 20;
    /// Most entries in `objects/info/alternates` (each must stay in the tree).
    pub const GIT_ALTERNATES: usize = 16;
    /// One git object inflated (gix's allocation limit): a 1 MB loose commit that inflates to
    /// 1 GB is refused before it is inflated.
    pub const GIT_OBJECT_BYTES: u64 = 8 << 20;
    /// Most commits walked by `history`.
    pub const GIT_MAX_COMMITS: u64 = 200_000;
    /// Longest history walk, in seconds.
    pub const GIT_WALK_SECS: u64 = 10;
    /// Commit bytes read per scan, beside the commit and time budgets of `history`.
    pub const GIT_HISTORY_BYTES: u64 = 1 << 30;
    /// Longest change walk of `history.changes` (tree and line diffs of first-parent
    /// commits, then the Rust authors off the first-parent line), in milliseconds, beside the
    /// commit walk's [`GIT_WALK_SECS`]: issue 17's 1.5 s on a 100k-commit repository.
    pub const GIT_DIFF_MILLIS: u64 = 1_500;
    /// Blob bytes the change walk reads per scan (line counts of changed files).
    pub const GIT_DIFF_BYTES: u64 = 4 << 30;
    /// Largest blob whose lines the change walk counts; larger ones count no lines.
    pub const GIT_DIFF_BLOB_BYTES: u64 = 1 << 20;
    /// Per HTML-like file (HTML, Vue, Svelte, ERB, Glimmer): most (embedded-block openings on
    /// one line) x (that line's length) tokei is given; over it the file is counted linearly
    /// with a warning (tokei took 48 s on an 820 KB one-line page; 4M is about 0.1 s).
    pub const EMBEDDED_LINE_WORK: usize = 4_000_000;
    /// Directories whose (absent) ignore files stay cached before the cache drops them.
    pub const IGNORE_DIR_CACHE: usize = 1 << 14;
    /// Most walker threads; more is clamped with a warning.
    pub const MAX_THREADS: usize = 64;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_parse_within_bounds() {
        assert_eq!(
            parse_secs("1.5"),
            Ok(std::time::Duration::from_millis(1500))
        );
        assert_eq!(parse_secs("10s"), Ok(std::time::Duration::from_secs(10)));
        assert!(parse_secs("0").is_err());
        assert!(parse_secs("1e9").is_err());
        assert!(parse_secs("NaN").is_err());
        assert!(parse_secs("fast").is_err());
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("0"), Ok(0));
        assert_eq!(parse_size("8388608"), Ok(8 << 20));
        assert_eq!(parse_size("8M"), Ok(8 << 20));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert_eq!(parse_size("64k"), Ok(64 << 10));
        assert_eq!(parse_size("2MiB"), Ok(2 << 20));
        assert_eq!(parse_size("18446744073709551615"), Ok(u64::MAX));
        assert!(parse_size("18446744073709551616").is_err());
        assert!(parse_size("17179869184G").is_err());
        assert!(parse_size("8X").is_err());
        assert!(parse_size("M").is_err());
        assert!(parse_size("-1").is_err());
    }
}
