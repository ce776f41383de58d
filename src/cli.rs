//! The command line, declared with clap's derive API. Doc comments are the `--help` text.
//! No logic lives here: `app` turns these into `Options` and runs them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Should this codebase adopt Rust, how strongly, and where would it start?
#[derive(Debug, Parser)]
#[command(name = "rust-ready", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan a tree and report its fitness for Rust.
    ///
    /// Example: rust-ready scan . --format json --output report.json
    Scan(ScanArgs),
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Terminal tables.
    Table,
    /// The JSON contract (schema_version 1).
    Json,
}

/// When to use colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// When stdout is a terminal and NO_COLOR is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Flags shared by every command that walks a tree.
#[derive(Debug, Clone, Args)]
pub struct WalkArgs {
    /// Count hidden files and directories in the languages table (they are always read for
    /// project signals such as .github/ and .cargo/).
    #[arg(long)]
    pub hidden: bool,
    /// Do not honour .gitignore, .ignore or .git/info/exclude.
    #[arg(long)]
    pub no_ignore: bool,
    /// Exclude paths matching GLOB (gitignore syntax, relative to the root); repeatable.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Walker threads (default: the number of CPUs, at most 12).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// Skip files larger than BYTES, with a warning.
    #[arg(long, value_name = "BYTES", default_value_t = crate::options::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
    /// Follow symbolic links that stay inside the root (loops are detected).
    #[arg(long)]
    pub follow_links: bool,
    /// Do not read git history.
    #[arg(long)]
    pub no_history: bool,
    /// Switch an analyzer off: unsafe, deps, signals, or all (language counting only).
    #[arg(long, value_name = "ANALYZER", hide = true)]
    pub disable: Vec<String>,
}

/// `rust-ready scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// The tree to scan (a directory, or one file).
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
    /// Write the report to FILE instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Colours in table output.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// No progress indicator.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Scan every immediate subdirectory of PATH that is a git repository (every subdirectory
    /// when none is) as its own project, and report them together.
    #[arg(long)]
    pub each: bool,
    /// Walk settings.
    #[command(flatten)]
    pub walk: WalkArgs,
}
