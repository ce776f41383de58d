//! Running a parsed command line: builds `Options` (flags over rust-ready.toml), calls the
//! library, renders, checks gates, and returns the exit status with any gate messages. It
//! writes only the rendered bytes; `main` prints the messages.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use anyhow::{Context, Result, anyhow, bail};

use crate::cli::{
    ColorArg, Command, CompareArgs, FormatArg, GateArgs, InitArgs, RenderArgs, RoadmapArgs,
    RoadmapFormat, ScanArgs, SortArg, WalkArgs,
};
use crate::config;
use crate::exit::Exit;
use crate::gate::{self, Gates};
use crate::options::{Analyzers, Options};
use crate::report::compare::{Comparison, SortKey};
use crate::report::model::{Report, Verdict};
use crate::report::{self, Format, RenderOptions};

/// How a run ended: the status and one line per failed gate.
#[derive(Debug)]
pub struct Outcome {
    /// Exit status.
    pub exit: Exit,
    /// Lines for stderr.
    pub messages: Vec<String>,
}

impl Outcome {
    fn ok() -> Outcome {
        Outcome {
            exit: Exit::Ok,
            messages: vec![],
        }
    }
}

/// Runs a command; errors are usage/input errors (exit 2) reported by `main`.
pub fn run(cmd: Command) -> Result<Outcome> {
    match cmd {
        Command::Scan(args) => scan(args),
        Command::Compare(args) => compare(args),
        Command::Render(args) => render_saved(args),
        Command::Roadmap(args) => roadmap(args),
        Command::Init(args) => init(args),
        Command::Criteria => criteria(),
        Command::Completions { shell } => {
            let mut cmd = <crate::cli::Cli as clap::CommandFactory>::command();
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut cmd, "rust-ready", &mut buf);
            emit(None, &buf)?;
            Ok(Outcome::ok())
        }
        Command::Man { all: Some(dir) } => {
            let cmd = <crate::cli::Cli as clap::CommandFactory>::command();
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            clap_mangen::generate_to(cmd, &dir)
                .with_context(|| format!("cannot write man pages into {}", dir.display()))?;
            Ok(Outcome::ok())
        }
        Command::Man { all: None } => {
            let cmd = <crate::cli::Cli as clap::CommandFactory>::command();
            let mut buf = Vec::new();
            clap_mangen::Man::new(cmd).render(&mut buf)?;
            emit(None, &buf)?;
            Ok(Outcome::ok())
        }
        Command::Schema => {
            emit(None, crate::schema::report_schema().as_bytes())?;
            Ok(Outcome::ok())
        }
    }
}

/// Options from the walk flags.
pub fn options_from(w: &WalkArgs) -> Result<Options> {
    if w.threads == Some(0) {
        bail!("--threads must be at least 1");
    }
    let mut analyzers = Analyzers::default();
    for d in &w.disable {
        match d.as_str() {
            "unsafe" => analyzers.unsafety = false,
            "deps" => analyzers.deps = false,
            "signals" => analyzers.signals = false,
            "roles" => analyzers.roles = false,
            "all" => {
                analyzers = Analyzers {
                    unsafety: false,
                    deps: false,
                    signals: false,
                    roles: false,
                }
            }
            other => {
                bail!("--disable: unknown analyzer {other:?} (unsafe, deps, signals, roles, all)")
            }
        }
    }
    Ok(Options {
        analyzers,
        hidden: w.hidden,
        no_ignore: w.no_ignore,
        excludes: w.exclude.clone(),
        threads: w.threads,
        max_file_size: w.max_file_size,
        follow_links: w.follow_links,
        history: !w.no_history,
        history_budget: w.history_budget,
        deps_unsafe: w.deps_unsafe,
        cargo_metadata: w.cargo_metadata,
        ..Options::default()
    })
}

fn render_opts(
    color: ColorArg,
    to_stdout: bool,
    elapsed: Option<std::time::Duration>,
) -> RenderOptions {
    let to_terminal = to_stdout && std::io::stdout().is_terminal();
    RenderOptions {
        color: use_color(color, to_terminal),
        // A terminal reports its own width (with or without colour); files, pipes and CI
        // logs get 100 columns. COLUMNS, when set, wins on stdout; files always get 100.
        width: if to_stdout {
            terminal_width().or(if to_terminal {
                None
            } else {
                Some(crate::report::table::DEFAULT_WIDTH)
            })
        } else {
            Some(crate::report::table::DEFAULT_WIDTH)
        },
        // The scan's time only on a terminal: files and pipes stay reproducible (a saved
        // report renders to the same bytes).
        elapsed: elapsed.filter(|_| to_terminal),
        sarif_notes: false,
        summary: false,
        components: false,
    }
}

/// `COLUMNS` when set (otherwise comfy-table asks the terminal itself).
fn terminal_width() -> Option<u16> {
    std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok())
}

/// Walks (scans) run by this process and files they read: `RUST_READY_DEBUG=walks` prints
/// them, so a test can prove that several outputs came from one walk.
static WALKS: AtomicU64 = AtomicU64::new(0);
static FILES_READ: AtomicU64 = AtomicU64::new(0);

/// The debug line, when `RUST_READY_DEBUG` asks for it.
fn debug_lines() -> Vec<String> {
    match std::env::var("RUST_READY_DEBUG") {
        Ok(v) if v.split(',').any(|x| x == "walks") => vec![format!(
            "debug: walks={} files_read={}",
            WALKS.load(Ordering::Relaxed),
            FILES_READ.load(Ordering::Relaxed)
        )],
        _ => vec![],
    }
}

/// One walk of one tree, with the progress indicator unless `quiet`.
fn scan_tree(path: &Path, opts: &Options, quiet: bool, label: Option<String>) -> Result<Report> {
    let mut o = opts.clone();
    let counters = Arc::new(crate::walk::Progress::default());
    o.progress = Some(Arc::clone(&counters));
    let indicator = crate::progress::start_labelled(&counters, quiet, label);
    WALKS.fetch_add(1, Ordering::Relaxed);
    let scanned = crate::scan(path, &o);
    drop(indicator);
    FILES_READ.fetch_add(counters.files.load(Ordering::Relaxed), Ordering::Relaxed);
    let mut report = scanned?;
    // The folder's own name (metadata only: no file is opened).
    report.project = path
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()));
    Ok(report)
}

/// One requested output: a format and a file, or stdout.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputSpec {
    /// The format.
    pub format: FormatArg,
    /// The file; `None` is stdout.
    pub path: Option<PathBuf>,
}

fn format_named(name: &str) -> Option<FormatArg> {
    if name == "md" {
        return Some(FormatArg::Markdown);
    }
    <FormatArg as clap::ValueEnum>::from_str(name, true).ok()
}

/// Parses `-o` values: `FORMAT=PATH`, `-` (stdout) or a plain `PATH` in `default`. With none,
/// one output: `default` on stdout.
pub fn parse_outputs(specs: &[String], default: FormatArg) -> Result<Vec<OutputSpec>> {
    if specs.is_empty() {
        return Ok(vec![OutputSpec {
            format: default,
            path: None,
        }]);
    }
    let mut out: Vec<OutputSpec> = Vec::new();
    for s in specs {
        let named = s
            .split_once('=')
            .and_then(|(f, rest)| format_named(f).map(|fmt| (fmt, rest)));
        let (format, target) = named.unwrap_or((default, s.as_str()));
        if target.is_empty() {
            bail!("--output {s:?}: no path (use - for stdout)");
        }
        let path = (target != "-").then(|| PathBuf::from(target));
        if let Some(p) = &path
            && out.iter().any(|o| o.path.as_ref() == Some(p))
        {
            bail!("--output: {} is named twice", p.display());
        }
        out.push(OutputSpec { format, path });
    }
    Ok(out)
}

/// Renders every output first (so a failure writes nothing), then writes them: files
/// atomically, stdout in order. A lone stdout output is rendered straight to stdout through a
/// buffer, so a large report is never held in memory twice (8 of the 52 MiB a 63,000-file
/// scan peaked at were its JSON).
fn write_outputs(
    outputs: &[OutputSpec],
    color: ColorArg,
    sarif_notes: bool,
    elapsed: Option<std::time::Duration>,
    roots: &[&Path],
    mut render: impl FnMut(FormatArg, &RenderOptions, &mut dyn Write) -> Result<()>,
) -> Result<()> {
    // One output is written as it is rendered (to stdout, or atomically to its file); several
    // are all rendered before any is written, so a failed render writes none.
    if let [o] = outputs {
        let mut ro = render_opts(color, o.path.is_none(), elapsed);
        ro.sarif_notes = sarif_notes;
        return emit_within_with(o.path.as_deref(), roots, |w| render(o.format, &ro, w));
    }
    let mut rendered = Vec::with_capacity(outputs.len());
    for o in outputs {
        let mut ro = render_opts(color, o.path.is_none(), elapsed);
        ro.sarif_notes = sarif_notes;
        let mut buf = Vec::new();
        render(o.format, &ro, &mut buf)?;
        rendered.push(buf);
    }
    for (o, buf) in outputs.iter().zip(rendered) {
        emit_within(o.path.as_deref(), &buf, roots)?;
    }
    Ok(())
}

fn to_format(f: FormatArg) -> Option<Format> {
    match f {
        FormatArg::Table => Some(Format::Table),
        FormatArg::Json => Some(Format::Json),
        FormatArg::Markdown => Some(Format::Markdown),
        FormatArg::Sarif => Some(Format::Sarif),
        FormatArg::Html => Some(Format::Html),
        FormatArg::Csv | FormatArg::Jsonl => None,
    }
}

/// Renders one report; CSV and JSON Lines give the one-project portfolio row.
fn render_report(r: &Report, f: FormatArg, ro: &RenderOptions, buf: &mut dyn Write) -> Result<()> {
    use crate::report::compare as cmp;
    match to_format(f) {
        Some(format) => report::render(r, format, ro, buf)?,
        None => {
            let c = cmp::compare(&[(r.root.clone(), r.clone())]);
            if f == FormatArg::Csv {
                cmp::render_csv(&c, buf)?;
            } else {
                cmp::render_jsonl(&c, buf)?;
            }
        }
    }
    Ok(())
}

/// Settings of one project: walk flags, its config (`explicit`, or its own rust-ready.toml),
/// answers, then gate flags over the config's `[gate]`.
fn project_settings(
    base: &Options,
    explicit: Option<&Path>,
    dir: &Path,
    answers: &[String],
    flags: &GateArgs,
    fail_on_regression: bool,
) -> Result<(Options, Gates)> {
    let mut opts = base.clone();
    let mut gates = Gates::default();
    if let Some((_, cfg)) = config::load(explicit, dir).map_err(|e| anyhow!(e))? {
        opts.excludes.extend(cfg.scan.exclude);
        opts.roles = cfg.roles.clone();
        opts.scoring.weights = cfg.weights;
        opts.scoring.answers = cfg.answers;
        gates.min_score = cfg.gate.min_score;
        (gates.fail_on, gates.new_unsafe_code) =
            fail_on_list(&cfg.gate.fail_on.unwrap_or_default())?;
        gates.fail_on_regression = cfg.gate.fail_on_regression.unwrap_or(false);
        gates.max_score_drop = cfg.gate.max_score_drop.unwrap_or(0);
        gates.max_new_findings = cfg.gate.max_new_findings.unwrap_or(0);
    }
    for kv in answers {
        config::apply_answer(&mut opts.scoring.answers, kv).map_err(|e| anyhow!(e))?;
    }
    if flags.min_score.is_some() {
        gates.min_score = flags.min_score;
    }
    if !flags.fail_on.is_empty() {
        (gates.fail_on, gates.new_unsafe_code) = fail_on_list(&flags.fail_on)?;
    }
    if fail_on_regression {
        gates.fail_on_regression = true;
    }
    Ok((opts, gates))
}

fn load_saved(p: &Path, what: &str) -> Result<Report> {
    let text = read_report_file(p).with_context(|| format!("{what} {}", p.display()))?;
    gate::load_report(&text, &format!("{what} {}", p.display())).map_err(|e| anyhow!(e))
}

fn outcome(failures: Vec<String>) -> Outcome {
    let mut messages = failures;
    let exit = if messages.is_empty() {
        Exit::Ok
    } else {
        Exit::GateFailed
    };
    messages.extend(debug_lines());
    Outcome { exit, messages }
}

fn scan(args: ScanArgs) -> Result<Outcome> {
    let base = options_from(&args.walk)?;
    if !args.path.exists() {
        bail!("path not found: {}", args.path.display());
    }
    let outputs = parse_outputs(&args.out.output, args.out.format)?;
    if args.each {
        return scan_each(&args, &base, &outputs);
    }
    let (opts, gates) = project_settings(
        &base,
        args.config.as_deref(),
        &args.path,
        &args.answer,
        &args.gates,
        args.fail_on_regression,
    )?;
    let baseline = match &args.baseline {
        Some(p) => Some(load_saved(p, "baseline")?),
        None => None,
    };
    let started = Instant::now();
    let mut report = scan_tree(&args.path, &opts, args.quiet, None)?;
    if let (Some(old), Some(p)) = (&baseline, &args.baseline) {
        report.delta = Some(gate::delta(old, &report, &p.to_string_lossy()));
    }
    let elapsed = Some(started.elapsed());
    write_outputs(
        &outputs,
        args.out.color,
        args.out.sarif_notes,
        elapsed,
        &[args.path.as_path()],
        |f, ro, buf| {
            let ro = RenderOptions {
                summary: args.table.summary,
                components: args.table.components,
                ..ro.clone()
            };
            render_report(&report, f, &ro, buf)
        },
    )?;
    let mut out = outcome(gate::check(&report, &gates));
    out.messages
        .extend(baseline_note(&gates, args.baseline.as_deref()));
    Ok(out)
}

/// `--fail-on` words: verdicts, and `new-unsafe-code` (the gate against a baseline).
fn fail_on_list(list: &[String]) -> Result<(Vec<Verdict>, bool)> {
    let new_unsafe = list.iter().any(|v| v.trim() == gate::NEW_UNSAFE_CODE);
    let rest: Vec<String> = list
        .iter()
        .filter(|v| v.trim() != gate::NEW_UNSAFE_CODE)
        .cloned()
        .collect();
    Ok((verdicts(&rest)?, new_unsafe))
}

/// `--fail-on new-unsafe-code` without `--baseline` has nothing to compare with: the gate is
/// skipped with a note (a first CI run has no baseline yet; that is not an error).
fn baseline_note(gates: &Gates, baseline: Option<&Path>) -> Option<String> {
    (gates.new_unsafe_code && baseline.is_none()).then(|| {
        "note: --fail-on new-unsafe-code skipped: no --baseline to compare with".to_string()
    })
}

fn verdicts(list: &[String]) -> Result<Vec<Verdict>> {
    list.iter()
        .map(|v| {
            Verdict::parse(v.trim()).ok_or_else(|| {
                anyhow!("unknown verdict {v:?} (adopted, strong-candidate, candidate, selective, not-recommended; new-unsafe-code with scan --baseline)")
            })
        })
        .collect()
}

/// Whether to colour output.
pub fn use_color(c: ColorArg, to_terminal: bool) -> bool {
    match c {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

/// Writes a report: to stdout, or to `--output`, which must not be a link, a FIFO or a device
/// when it lies inside a scanned tree (a link planted in the tree would redirect the write),
/// nor sit under a directory link inside the tree that leads out of it.
pub fn emit_within(output: Option<&Path>, bytes: &[u8], roots: &[&Path]) -> Result<()> {
    emit_within_with(output, roots, |w| Ok(w.write_all(bytes)?))
}

/// [`emit_within`], with the bytes written by `write` as it makes them (a large report is
/// never held whole in memory).
fn emit_within_with(
    output: Option<&Path>,
    roots: &[&Path],
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let Some(out) = output else {
        return emit_with(None, write);
    };
    if !output_in_tree(out, roots)? {
        return emit_with(output, write);
    }
    // Inside a scanned tree: the existing entry must be a regular file (never a link, FIFO
    // or device), then the atomic write replaces it.
    match std::fs::symlink_metadata(out) {
        Ok(md) if md.file_type().is_symlink() => {
            bail!(
                "refusing to write {}: a symbolic link inside the scanned tree",
                out.display()
            )
        }
        Ok(md) if !md.is_file() => {
            bail!(
                "refusing to write {}: not a regular file inside the scanned tree",
                out.display()
            )
        }
        _ => {}
    }
    // A regular file (or nothing yet): written next to it and renamed over it.
    emit_with(output, write)
}

/// True when `out` lies inside one of `roots`; an error when writing it would go through a
/// link inside the tree.
fn output_in_tree(out: &Path, roots: &[&Path]) -> Result<bool> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let abs = cwd.join(out);
    let parent = abs.parent().unwrap_or(&abs);
    let real_parent = parent.canonicalize().ok();
    for root in roots {
        let spelled = cwd.join(root);
        let Ok(canon) = root.canonicalize() else {
            continue;
        };
        if !canon.is_dir() {
            continue;
        }
        let lexically = abs.starts_with(&spelled) || abs.starts_with(&canon);
        let really = real_parent.as_ref().is_some_and(|p| p.starts_with(&canon));
        if !lexically && !really {
            continue;
        }
        if lexically && real_parent.is_some() && !really {
            bail!(
                "refusing to write {}: its directory is a symbolic link inside the scanned tree leading out of it",
                out.display()
            );
        }
        if let Ok(md) = std::fs::symlink_metadata(&abs)
            && md.file_type().is_symlink()
        {
            bail!(
                "refusing to write {}: a symbolic link inside the scanned tree",
                out.display()
            );
        }
        return Ok(true);
    }
    Ok(false)
}

/// Writes rendered bytes to the output file (atomically) or stdout.
pub fn emit(output: Option<&Path>, bytes: &[u8]) -> Result<()> {
    emit_with(output, |w| Ok(w.write_all(bytes)?))
}

/// [`emit`], with the bytes written by `write` as it makes them.
fn emit_with(
    output: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    match output {
        Some(p) => {
            write_atomic_with(p, write).with_context(|| format!("cannot write {}", p.display()))
        }
        None => {
            let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
            write(&mut out)?;
            out.flush()?;
            Ok(())
        }
    }
}

/// Writes what `write` writes (through a buffer, as it makes it) to a new temporary file next
/// to `path` (same directory, so the rename is atomic), syncs it, and renames it over `path`.
/// A reader never sees a half-written report; on error (of `write` too) the temporary file is
/// removed and `path` is left as it was.
///
/// What is not a regular file is written in place, never renamed over: a device, FIFO or
/// socket (`-o /dev/null`, `-o /dev/stdout`, a named pipe) stays what it is, and a symbolic
/// link stays a link while the file it names is replaced.
pub fn write_atomic_with<E: From<std::io::Error>>(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<(), E>,
) -> Result<(), E> {
    match std::fs::metadata(path) {
        Ok(md) if md.is_dir() => {
            return Err(
                std::io::Error::new(std::io::ErrorKind::IsADirectory, "a directory").into(),
            );
        }
        Ok(md) if !md.is_file() => {
            let f = std::fs::OpenOptions::new().write(true).open(path)?;
            let mut out = std::io::BufWriter::with_capacity(64 * 1024, f);
            write(&mut out)?;
            return Ok(out.flush()?);
        }
        _ => {}
    }
    let resolved;
    let path = match std::fs::symlink_metadata(path) {
        Ok(md) if md.file_type().is_symlink() => {
            resolved = std::fs::canonicalize(path)?;
            resolved.as_path()
        }
        _ => path,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| std::io::Error::other("not a file name"))?;
    let mut attempt = 0u32;
    let (tmp, mut file) = loop {
        let tmp = dir.join(format!(
            ".{name}.rust-ready-{}-{attempt}.tmp",
            std::process::id()
        ));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => break (tmp, f),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1;
            }
            Err(e) => return Err(e.into()),
        }
    };
    let written = (|| {
        let mut out = std::io::BufWriter::with_capacity(64 * 1024, &mut file);
        write(&mut out)?;
        out.flush()?;
        drop(out);
        file.sync_all()?;
        std::fs::rename(&tmp, path)?;
        Ok(())
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// The portfolio of one run: named reports and their comparison (sorted as asked).
struct PortfolioRun {
    /// `scan --each DIR`: DIR, as given; `compare`: None.
    each_root: Option<String>,
    named: Vec<(String, Report)>,
    comparison: Comparison,
}

fn sort_key(s: SortArg) -> SortKey {
    match s {
        SortArg::Score => SortKey::Score,
        SortArg::Verdict => SortKey::Verdict,
        SortArg::Name => SortKey::Name,
        SortArg::UnsafeShare => SortKey::UnsafeShare,
    }
}

impl PortfolioRun {
    fn new(each_root: Option<String>, named: Vec<(String, Report)>, sort: Option<SortArg>) -> Self {
        let mut comparison = crate::report::compare::compare(&named);
        if let Some(s) = sort {
            crate::report::compare::sort(&mut comparison, sort_key(s));
        }
        PortfolioRun {
            each_root,
            named,
            comparison,
        }
    }

    fn render(&self, f: FormatArg, ro: &RenderOptions, buf: &mut dyn Write) -> Result<()> {
        use crate::report::compare as cmp;
        use crate::report::portfolio::{self, Portfolio};
        match f {
            FormatArg::Json => match &self.each_root {
                Some(root) => {
                    let mut p = Portfolio::new(
                        root.clone(),
                        self.named.iter().map(|(_, r)| r.clone()).collect(),
                    );
                    p.comparison = Some(self.comparison.clone());
                    portfolio::render_json(&p, buf)?
                }
                None => cmp::render_json(&self.comparison, buf)?,
            },
            FormatArg::Table => cmp::render_table(&self.comparison, ro, buf)?,
            FormatArg::Markdown => cmp::render_markdown(&self.comparison, buf)?,
            FormatArg::Html => crate::report::html::render_compare(&self.comparison, buf)?,
            FormatArg::Csv => cmp::render_csv(&self.comparison, buf)?,
            FormatArg::Jsonl => cmp::render_jsonl(&self.comparison, buf)?,
            FormatArg::Sarif => {
                let order: Vec<&Report> = self
                    .comparison
                    .projects
                    .iter()
                    .filter_map(|p| self.named.iter().find(|(n, _)| *n == p.name))
                    .map(|(_, r)| r)
                    .collect();
                let id = self.each_root.as_deref().unwrap_or("compare");
                crate::report::sarif::write_value(
                    &crate::report::sarif::to_value_many(
                        &order,
                        crate::report::sarif::SarifOptions {
                            notes: ro.sarif_notes,
                        },
                        id,
                    ),
                    buf,
                )?
            }
        }
        Ok(())
    }
}

/// Gate failures of many projects: one line per failed gate naming the project, then a line
/// saying how many failed.
fn portfolio_failures(checked: Vec<(String, Vec<String>)>) -> Vec<String> {
    let total = checked.len();
    let failed: Vec<&String> = checked
        .iter()
        .filter(|(_, f)| !f.is_empty())
        .map(|(n, _)| n)
        .collect();
    if failed.is_empty() {
        return vec![];
    }
    let mut lines: Vec<String> = checked
        .iter()
        .flat_map(|(n, f)| f.iter().map(move |m| format!("{n}: {m}")))
        .collect();
    lines.push(format!(
        "gates failed for {} of {total} projects: {}",
        failed.len(),
        failed
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    ));
    lines
}

/// The last path component of a report's root: how portfolio baselines are matched.
fn project_key(root: &str) -> String {
    root.trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(root)
        .to_string()
}

/// A `scan --each --format json` document as baselines by project key.
fn load_portfolio_baseline(p: &Path) -> Result<BTreeMap<String, Report>> {
    let what = format!("baseline {}", p.display());
    let text = read_report_file(p).with_context(|| what.clone())?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        anyhow!(
            "{what} is not JSON (line {}, column {})",
            e.line(),
            e.column()
        )
    })?;
    let Some(projects) = v.get("projects").and_then(serde_json::Value::as_array) else {
        bail!("{what}: with --each the baseline is a `scan --each --format json` output");
    };
    let mut out = BTreeMap::new();
    for (i, pv) in projects.iter().enumerate() {
        let r = gate::load_report(&pv.to_string(), &format!("{what} project {i}"))
            .map_err(|e| anyhow!(e))?;
        out.insert(project_key(&r.root), r);
    }
    Ok(out)
}

/// `scan --each DIR`: one project per repository under DIR, scanned one after another (each scan
/// is itself parallel), so peak memory stays that of the largest single scan. Each project gets
/// its own rust-ready.toml (unless --config names one for all) and every gate.
fn scan_each(args: &ScanArgs, base: &Options, outputs: &[OutputSpec]) -> Result<Outcome> {
    let (dirs, skipped) = project_dirs(&args.path)?;
    let baselines = match &args.baseline {
        Some(p) => Some(load_portfolio_baseline(p)?),
        None => None,
    };
    let mut named = Vec::with_capacity(dirs.len());
    let mut checked = Vec::with_capacity(dirs.len());
    let total = dirs.len();
    for (i, dir) in dirs.into_iter().enumerate() {
        let (opts, gates) = project_settings(
            base,
            args.config.as_deref(),
            &dir,
            &args.answer,
            &args.gates,
            args.fail_on_regression,
        )?;
        let name = dir.to_string_lossy().into_owned();
        let label = format!("project {}/{total} {}", i + 1, project_key(&name));
        let mut report = scan_tree(&dir, &opts, args.quiet, Some(label))?;
        if let (Some(b), Some(p)) = (&baselines, &args.baseline)
            && let Some(old) = b.get(&project_key(&report.root))
        {
            report.delta = Some(gate::delta(old, &report, &p.to_string_lossy()));
        }
        checked.push((name.clone(), gate::check(&report, &gates)));
        named.push((name, report));
    }
    let run = PortfolioRun::new(
        Some(args.path.to_string_lossy().into_owned()),
        named,
        args.sort.or(Some(SortArg::Name)),
    );
    write_outputs(
        outputs,
        args.out.color,
        args.out.sarif_notes,
        None,
        &[args.path.as_path()],
        |f, ro, buf| run.render(f, ro, buf),
    )?;
    let mut out = outcome(portfolio_failures(checked));
    out.messages.extend(skipped);
    Ok(out)
}

/// Immediate subdirectories holding `.git`, or all non-hidden subdirectories when none does.
/// A symbolic link is never followed (`-> /usr/include` or `-> /` would scan outside the
/// tree); each one skipped is named in the returned messages.
fn project_dirs(parent: &Path) -> Result<(Vec<PathBuf>, Vec<String>)> {
    let entries = std::fs::read_dir(parent)
        .with_context(|| format!("cannot read directory {}", parent.display()))?;
    let mut all = Vec::new();
    let mut skipped = Vec::new();
    for e in entries.flatten() {
        let p = e.path();
        let hidden = e.file_name().to_string_lossy().starts_with('.');
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_symlink() {
            if !hidden {
                skipped.push(format!(
                    "skipped {}: a symbolic link (scan --each does not follow links)",
                    p.display()
                ));
            }
            continue;
        }
        if ft.is_dir() && !hidden {
            all.push(p);
        }
    }
    skipped.sort();
    all.sort();
    let repos: Vec<_> = all
        .iter()
        .filter(|p| std::fs::symlink_metadata(p.join(".git")).is_ok())
        .cloned()
        .collect();
    Ok((if repos.is_empty() { all } else { repos }, skipped))
}

fn compare(args: CompareArgs) -> Result<Outcome> {
    let base = options_from(&args.walk)?;
    if args
        .gates
        .fail_on
        .iter()
        .any(|v| v.trim() == gate::NEW_UNSAFE_CODE)
    {
        bail!("--fail-on new-unsafe-code is a gate of scan --baseline, not of compare");
    }
    let outputs = parse_outputs(&args.out.output, args.out.format)?;
    let mut named: Vec<(String, Report)> = Vec::new();
    let mut checked = Vec::new();
    let total = args.inputs.len();
    for (i, input) in args.inputs.iter().enumerate() {
        let name = input.to_string_lossy().into_owned();
        let (report, gates) = if input.is_dir() {
            let (o, g) = project_settings(&base, None, input, &[], &args.gates, false)?;
            let label = format!("project {}/{total} {}", i + 1, project_key(&name));
            (scan_tree(input, &o, args.quiet, Some(label))?, g)
        } else if input.exists() || input == Path::new("-") {
            // A saved report (a file, a pipe such as `<(curl ...)`, or `-` for standard input)
            // has no tree to take a rust-ready.toml from: flags only.
            let g = Gates {
                min_score: args.gates.min_score,
                fail_on: verdicts(&args.gates.fail_on)?,
                ..Gates::default()
            };
            (load_saved(input, "report")?, g)
        } else {
            bail!("path not found: {}", input.display());
        };
        checked.push((name.clone(), gate::check(&report, &gates)));
        named.push((name, report));
    }
    let run = PortfolioRun::new(None, named, args.sort);
    let roots: Vec<&Path> = args.inputs.iter().map(PathBuf::as_path).collect();
    write_outputs(
        &outputs,
        args.out.color,
        args.out.sarif_notes,
        None,
        &roots,
        |f, ro, buf| run.render(f, ro, buf),
    )?;
    Ok(outcome(portfolio_failures(checked)))
}

/// `rust-ready render REPORT.json`: a saved report in any format, byte-identical to what the
/// scan that wrote it would have printed in that format.
fn render_saved(args: RenderArgs) -> Result<Outcome> {
    let outputs = parse_outputs(&args.out.output, args.out.format)?;
    let report = load_saved(&args.report, "report")?;
    write_outputs(
        &outputs,
        args.out.color,
        args.out.sarif_notes,
        None,
        &[],
        |f, ro, buf| {
            let ro = RenderOptions {
                summary: args.table.summary,
                components: args.table.components,
                ..ro.clone()
            };
            render_report(&report, f, &ro, buf)
        },
    )?;
    Ok(Outcome::ok())
}

/// `rust-ready roadmap [PATH]` or `--report FILE`: scans (or loads) and writes the roadmap.
fn roadmap(args: RoadmapArgs) -> Result<Outcome> {
    let mut cfg = crate::roadmap::RoadmapConfig::default();
    let (report, roots) = match &args.report {
        Some(p) => {
            if let Some(explicit) = &args.config
                && let Some((_, c)) =
                    config::load(Some(explicit), Path::new(".")).map_err(|e| anyhow!(e))?
            {
                apply_roadmap_config(&mut cfg, &c);
            }
            (load_saved(p, "report")?, vec![])
        }
        None => {
            let base = options_from(&args.walk)?;
            if !args.path.exists() {
                bail!("path not found: {}", args.path.display());
            }
            let (opts, _) = project_settings(
                &base,
                args.config.as_deref(),
                &args.path,
                &args.answer,
                &GateArgs::default(),
                false,
            )?;
            if let Some((_, c)) =
                config::load(args.config.as_deref(), &args.path).map_err(|e| anyhow!(e))?
            {
                apply_roadmap_config(&mut cfg, &c);
            }
            (
                scan_tree(&args.path, &opts, args.quiet, None)?,
                vec![args.path.clone()],
            )
        }
    };
    let rm = crate::roadmap::build(&report, &cfg);
    let bytes = match args.format {
        RoadmapFormat::Markdown => crate::report::roadmap::markdown(&rm).into_bytes(),
        RoadmapFormat::Html => crate::report::roadmap::html(&rm).into_bytes(),
        RoadmapFormat::Json => {
            let mut v = serde_json::to_vec_pretty(&rm)?;
            v.push(b'\n');
            v
        }
    };
    let roots: Vec<&Path> = roots.iter().map(PathBuf::as_path).collect();
    emit_within(args.output.as_deref(), &bytes, &roots)?;
    Ok(outcome(vec![]))
}

fn apply_roadmap_config(cfg: &mut crate::roadmap::RoadmapConfig, c: &config::ConfigFile) {
    if let Some(h) = c.roadmap.half_life_years {
        cfg.half_life_years = h;
        cfg.half_life_from = "rust-ready.toml".to_string();
    }
}

fn init(args: InitArgs) -> Result<Outcome> {
    if args.stdout {
        emit(None, config::TEMPLATE.as_bytes())?;
        return Ok(Outcome::ok());
    }
    let path = args.dir.join(config::FILE_NAME);
    if std::fs::symlink_metadata(&path).is_ok() && !args.force {
        bail!("{} exists; use --force to overwrite", path.display());
    }
    // Never through a link planted where rust-ready.toml goes (the same rule as --output).
    emit_within(
        Some(&path),
        config::TEMPLATE.as_bytes(),
        &[args.dir.as_path()],
    )?;
    Ok(Outcome {
        exit: Exit::Ok,
        messages: vec![format!("wrote {}", path.display())],
    })
}

fn criteria() -> Result<Outcome> {
    let mut buf = Vec::new();
    report::table::render_criteria_catalogue(&mut buf)?;
    emit(None, &buf)?;
    Ok(Outcome::ok())
}

/// Reads a saved report named by the user through the guarded open (non-blocking, capped);
/// `-` is standard input, under the same cap.
fn read_report_file(p: &Path) -> Result<String> {
    let cap = crate::options::budget::REPORT_BYTES;
    let bytes = if p == Path::new("-") {
        crate::guard::read_capped(std::io::stdin().lock(), cap)
            .map_err(|e| anyhow!("cannot read standard input: {e}"))?
    } else {
        crate::guard::read(p, crate::guard::Scope::User, cap)
            .map_err(|e| anyhow!("cannot read: {e}"))?
    };
    String::from_utf8(bytes)
        .map_err(|e| anyhow!("not UTF-8 (byte {})", e.utf8_error().valid_up_to()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_atomic_write_replaces_the_file_or_leaves_it_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        std::fs::write(&path, b"old").unwrap();
        let failed = write_atomic_with(&path, |w: &mut dyn Write| {
            w.write_all(&[b'x'; 100_000])?;
            Err(std::io::Error::other("render failed"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
        let big = vec![b'y'; 200_000];
        write_atomic_with(&path, |w: &mut dyn Write| w.write_all(&big)).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), big);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
