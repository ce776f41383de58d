//! The command line, declared with clap's derive API. Doc comments are the `--help` text.
//! No logic lives here: `app` turns these into `Options` and runs them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Should this codebase adopt Rust, how strongly, and where would it start?
#[derive(Debug, Parser)]
#[command(
    name = "rust-ready",
    version,
    about,
    long_about = None,
    after_help = "Examples:\n  rust-ready scan .                       # table in the terminal\n  rust-ready scan . -f json -o report.json # the JSON contract\n  rust-ready scan . -o json=r.json -o sarif=r.sarif -o markdown=-   # one scan, three outputs\n  rust-ready render r.json -f html -o r.html                         # a saved report again\n  rust-ready compare ./a ./b               # side by side\n  rust-ready roadmap . -o roadmap.md       # a memory-safety roadmap\n\nExit codes: 0 ok, 1 a gate failed, 2 usage, config or input error."
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan a tree and report its fitness for Rust.
    #[command(
        after_help = "Examples:\n  rust-ready scan .\n  rust-ready scan . --format json --output report.json\n  rust-ready scan . --format markdown --baseline old.json --fail-on-regression\n  rust-ready scan . -o json=report.json -o sarif=rust-ready.sarif -o markdown=-\n  rust-ready scan --each ~/src --sort score --min-score 60   # every repository under ~/src"
    )]
    Scan(ScanArgs),
    /// Compare projects (directories, scanned now, or saved JSON reports) side by side.
    #[command(
        after_help = "Example:\n  rust-ready compare ./service-a ./service-b old-report.json --format markdown"
    )]
    Compare(CompareArgs),
    /// Render a saved JSON report again, in any format, without scanning.
    #[command(
        after_help = "Examples:\n  rust-ready render report.json --format markdown\n  rust-ready render report.json -o sarif=r.sarif -o html=r.html"
    )]
    Render(RenderArgs),
    /// Draft a memory-safety roadmap (inventory, priorities, strategy, process, milestones).
    #[command(
        after_help = "Examples:\n  rust-ready roadmap .                          # Markdown on stdout\n  rust-ready roadmap . --format html -o roadmap.html\n  rust-ready roadmap --report report.json       # from a saved scan, no walk"
    )]
    Roadmap(RoadmapArgs),
    /// Write a commented rust-ready.toml template.
    #[command(
        after_help = "Example:\n  rust-ready init            # writes ./rust-ready.toml\n  rust-ready init --stdout   # prints it"
    )]
    Init(InitArgs),
    /// Print every criterion, its default weight and the signals that feed it.
    #[command(after_help = "Example:\n  rust-ready criteria")]
    Criteria,
    /// Print a shell completion script.
    #[command(
        after_help = "Example:\n  rust-ready completions bash > /etc/bash_completion.d/rust-ready"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), or write one page per subcommand with --all.
    #[command(
        after_help = "Examples:\n  rust-ready man > rust-ready.1 && man ./rust-ready.1\n  rust-ready man --all man/   # rust-ready.1, rust-ready-scan.1, ..."
    )]
    Man {
        /// Write rust-ready.1 and rust-ready-SUBCOMMAND.1 for every subcommand into DIR.
        #[arg(long, value_name = "DIR")]
        all: Option<PathBuf>,
    },
    /// Print the JSON Schema of the report (schema_version 1).
    #[command(after_help = "Example:\n  rust-ready schema > report-v1.schema.json")]
    Schema,
}

/// `rust-ready compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Directories to scan or JSON reports to load (at least two; `-` reads a report from
    /// standard input).
    #[arg(required = true, num_args = 2..)]
    pub inputs: Vec<PathBuf>,
    /// Output settings.
    #[command(flatten)]
    pub out: OutputArgs,
    /// Order of the projects (default: as given).
    #[arg(long, value_enum)]
    pub sort: Option<SortArg>,
    /// No progress indicator.
    #[arg(long, short = 'q', help_heading = "Output")]
    pub quiet: bool,
    /// Gates, checked for every project.
    #[command(flatten)]
    pub gates: GateArgs,
    /// Walk settings for scanned directories.
    #[command(flatten)]
    pub walk: WalkArgs,
}

/// `rust-ready render`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// A JSON report written by `rust-ready scan --format json`.
    pub report: PathBuf,
    /// Output settings.
    #[command(flatten)]
    pub out: OutputArgs,
    /// Table settings.
    #[command(flatten)]
    pub table: TableArgs,
}

/// Output flags shared by `scan`, `compare` and `render`.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Output format (for stdout and plain `-o PATH`).
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Table, help_heading = "Output")]
    pub format: FormatArg,
    /// Where to write: `PATH` (in --format), `FORMAT=PATH` (e.g. `sarif=r.sarif`), `-` for
    /// stdout; repeatable. Files are written at the end, each atomically (a temporary file
    /// in the same directory, then renamed); a device or pipe (`/dev/null`) is written into.
    #[arg(
        long,
        short = 'o',
        value_name = "[FORMAT=]PATH",
        help_heading = "Output"
    )]
    pub output: Vec<String>,
    /// Colours in table output.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, help_heading = "Output")]
    pub color: ColorArg,
    /// SARIF: also report note-level findings (plain malloc/free, bounded copies).
    #[arg(long, help_heading = "Output")]
    pub sarif_notes: bool,
}

/// Table flags shared by `scan` and `render`.
#[derive(Debug, Clone, Default, Args)]
pub struct TableArgs {
    /// Table: only the score, the case for and against, and where to start (under 25 lines).
    #[arg(long, help_heading = "Output")]
    pub summary: bool,
    /// Table: add one row per component (kind, languages, unsafe share, exposure, verdict).
    #[arg(long, help_heading = "Output")]
    pub components: bool,
}

/// Gates shared by `scan` and `compare`; with several projects a gate fails when any project
/// fails it.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Gates")]
pub struct GateArgs {
    /// Exit 1 when the score is below N.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub min_score: Option<u8>,
    /// Exit 1 on these verdicts (comma-separated), e.g. not-recommended,selective; with
    /// `scan --baseline`, `new-unsafe-code` exits 1 when product lines in memory-unsafe
    /// languages grew or new risky calls appeared (naming the files).
    #[arg(long, value_name = "VERDICT[,VERDICT]", value_delimiter = ',')]
    pub fail_on: Vec<String>,
}

/// How to order projects in `compare` and `scan --each`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// Highest score first (unscored last).
    Score,
    /// Where to start first: strong-candidate, candidate, selective, then not-recommended,
    /// adopted and unscored; by score within a verdict.
    Verdict,
    /// By name.
    Name,
    /// Highest memory-unsafe share first.
    UnsafeShare,
}

/// Formats of `rust-ready roadmap`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoadmapFormat {
    /// Markdown, to edit and publish.
    Markdown,
    /// A self-contained HTML page with the code-age chart.
    Html,
    /// The roadmap's figures as JSON (what the text is written from).
    Json,
}

/// `rust-ready roadmap`.
#[derive(Debug, Args)]
pub struct RoadmapArgs {
    /// The tree to scan (ignored with --report).
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Build the roadmap from a saved JSON report instead of scanning.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = RoadmapFormat::Markdown, help_heading = "Output")]
    pub format: RoadmapFormat,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE", help_heading = "Output")]
    pub output: Option<PathBuf>,
    /// No progress indicator.
    #[arg(long, short = 'q', help_heading = "Output")]
    pub quiet: bool,
    /// Configuration file (default: rust-ready.toml at the scanned root; with --report, none).
    #[arg(long, value_name = "FILE", help_heading = "Scoring")]
    pub config: Option<PathBuf>,
    /// Declare what the code cannot show, e.g. team_rust_experience=none; repeatable.
    #[arg(long, value_name = "KEY=VALUE", help_heading = "Scoring")]
    pub answer: Vec<String>,
    /// Walk settings.
    #[command(flatten)]
    pub walk: WalkArgs,
}

/// `rust-ready init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Directory to write rust-ready.toml into.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Print the template instead of writing it.
    #[arg(long)]
    pub stdout: bool,
    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Terminal tables.
    Table,
    /// The JSON contract (schema_version 1).
    Json,
    /// Markdown for a PR comment or job summary.
    Markdown,
    /// SARIF 2.1.0 for code scanning (error and warning findings; notes with --sarif-notes).
    Sarif,
    /// A self-contained HTML page with charts (compare: heat map and scatter).
    Html,
    /// One row per project, comma-separated with a header (portfolio and compare).
    Csv,
    /// One JSON object per project per line (portfolio and compare).
    Jsonl,
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
#[command(next_help_heading = "Walk")]
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
    /// Skip files larger than SIZE, with a warning: bytes, or with a K, M or G suffix (8M, 1G).
    #[arg(long, value_name = "SIZE", default_value = "8M", value_parser = crate::options::parse_size)]
    pub max_file_size: u64,
    /// Follow symbolic links that stay inside the root (loops are detected).
    #[arg(long)]
    pub follow_links: bool,
    /// Do not read git history.
    #[arg(long)]
    pub no_history: bool,
    /// Longest walk of the change history (lines added per month, file ages), in seconds;
    /// a walk cut short says so (`history.changes.truncated`). Raise it for a roadmap of a
    /// busy repository: 24 months of curl take about 3 s.
    #[arg(long, value_name = "SECS", default_value = "1.5", value_parser = crate::options::parse_secs)]
    pub history_budget: std::time::Duration,
    /// Rust projects: count unsafe usage in the locked crates whose sources are already in the
    /// local cargo registry (never downloads; others are reported as not on disk).
    #[arg(long)]
    pub deps_unsafe: bool,
    /// Rust projects: cross-check with `cargo metadata`, run hardened (--no-deps --frozen, cwd
    /// /, RUSTUP_TOOLCHAIN=stable, wrappers emptied, offline). This runs cargo: opt-in only.
    #[arg(long)]
    pub cargo_metadata: bool,
    /// Switch an analyzer off: unsafe, deps, signals, roles (every file product), or all
    /// (language counting only). For benchmarks.
    #[arg(long, value_name = "ANALYZER", hide = true)]
    pub disable: Vec<String>,
}

/// `rust-ready scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// The tree to scan (a directory, or one file).
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Output settings.
    #[command(flatten)]
    pub out: OutputArgs,
    /// No progress indicator.
    #[arg(long, short = 'q', help_heading = "Output")]
    pub quiet: bool,
    /// Configuration file (default: rust-ready.toml at the scanned root, if present; with
    /// --each, each project's own).
    #[arg(long, value_name = "FILE", help_heading = "Scoring")]
    pub config: Option<PathBuf>,
    /// Declare what the code cannot show, e.g. team_rust_experience=none; repeatable.
    #[arg(long, value_name = "KEY=VALUE", help_heading = "Scoring")]
    pub answer: Vec<String>,
    /// Gates.
    #[command(flatten)]
    pub gates: GateArgs,
    /// A previous JSON report (with --each: a previous `--each --format json`): adds a `delta`.
    /// `-` reads it from standard input; a pipe (`<(curl ...)`) is waited for.
    #[arg(long, value_name = "OLD.json", help_heading = "Gates")]
    pub baseline: Option<PathBuf>,
    /// With --baseline: exit 1 when the score drops or unsafe findings grow.
    #[arg(long, requires = "baseline", help_heading = "Gates")]
    pub fail_on_regression: bool,
    /// Scan every immediate subdirectory of PATH that is a git repository (every subdirectory
    /// when none is) as its own project, and report them together.
    #[arg(long, help_heading = "Walk")]
    pub each: bool,
    /// With --each: order of the projects.
    #[arg(long, value_enum, requires = "each", help_heading = "Output")]
    pub sort: Option<SortArg>,
    /// Table settings.
    #[command(flatten)]
    pub table: TableArgs,
    /// Walk settings.
    #[command(flatten)]
    pub walk: WalkArgs,
}
