//! Running a parsed command line: builds `Options` (flags over rust-ready.toml), calls the
//! library, renders, checks gates, and returns the exit status with any gate messages. It
//! writes only the rendered bytes; `main` prints the messages.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, anyhow, bail};

use crate::cli::{
    ColorArg, Command, CompareArgs, CompareFormat, FormatArg, InitArgs, ScanArgs, WalkArgs,
};
use crate::config;
use crate::exit::Exit;
use crate::gate::{self, Gates};
use crate::options::{Analyzers, Options};
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
        Command::Init(args) => init(args),
        Command::Criteria => criteria(),
        Command::Completions { shell } => {
            let mut cmd = <crate::cli::Cli as clap::CommandFactory>::command();
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut cmd, "rust-ready", &mut buf);
            emit(None, &buf)?;
            Ok(Outcome::ok())
        }
        Command::Man => {
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
            "all" => {
                analyzers = Analyzers {
                    unsafety: false,
                    deps: false,
                    signals: false,
                }
            }
            other => bail!("--disable: unknown analyzer {other:?} (unsafe, deps, signals, all)"),
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
        deps_unsafe: w.deps_unsafe,
        cargo_metadata: w.cargo_metadata,
        ..Options::default()
    })
}

fn render_opts(
    color: ColorArg,
    output: Option<&Path>,
    elapsed: Option<std::time::Duration>,
) -> RenderOptions {
    let to_terminal = output.is_none() && std::io::stdout().is_terminal();
    RenderOptions {
        color: use_color(color, to_terminal),
        // A terminal reports its own width; files, pipes and CI logs get 120 columns.
        width: if to_terminal { None } else { Some(120) },
        elapsed,
    }
}

fn scan(args: ScanArgs) -> Result<Outcome> {
    let mut opts = options_from(&args.walk)?;
    if !args.path.exists() {
        bail!("path not found: {}", args.path.display());
    }
    let mut gates = Gates::default();
    if let Some((_, cfg)) =
        config::load(args.config.as_deref(), &args.path).map_err(|e| anyhow!(e))?
    {
        opts.excludes.extend(cfg.scan.exclude);
        opts.roles = cfg.roles.clone();
        opts.scoring.weights = cfg.weights;
        opts.scoring.answers = cfg.answers;
        gates.min_score = cfg.gate.min_score;
        gates.fail_on = verdicts(&cfg.gate.fail_on.unwrap_or_default())?;
        gates.fail_on_regression = cfg.gate.fail_on_regression.unwrap_or(false);
        gates.max_score_drop = cfg.gate.max_score_drop.unwrap_or(0);
        gates.max_new_findings = cfg.gate.max_new_findings.unwrap_or(0);
    }
    for kv in &args.answer {
        config::apply_answer(&mut opts.scoring.answers, kv).map_err(|e| anyhow!(e))?;
    }
    if args.min_score.is_some() {
        gates.min_score = args.min_score;
    }
    if !args.fail_on.is_empty() {
        gates.fail_on = verdicts(&args.fail_on)?;
    }
    if args.fail_on_regression {
        gates.fail_on_regression = true;
    }
    let baseline = match &args.baseline {
        Some(p) => {
            let text = read_report_file(p).with_context(|| format!("baseline {}", p.display()))?;
            Some(
                gate::load_report(&text, &format!("baseline {}", p.display()))
                    .map_err(|e| anyhow!(e))?,
            )
        }
        None => None,
    };
    if args.each {
        return scan_each(&args, &opts);
    }
    let started = Instant::now();
    let counters = std::sync::Arc::new(crate::walk::Progress::default());
    opts.progress = Some(std::sync::Arc::clone(&counters));
    let indicator = crate::progress::start(&counters, args.quiet);
    let scanned = crate::scan(&args.path, &opts);
    drop(indicator);
    let mut report = scanned?;
    if let (Some(old), Some(p)) = (&baseline, &args.baseline) {
        report.delta = Some(gate::delta(old, &report, &p.to_string_lossy()));
    }
    let format = match args.format {
        FormatArg::Table => Format::Table,
        FormatArg::Json => Format::Json,
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Sarif => Format::Sarif,
        FormatArg::Html => Format::Html,
    };
    let ro = render_opts(args.color, args.output.as_deref(), Some(started.elapsed()));
    let mut buf = Vec::new();
    report::render(&report, format, &ro, &mut buf)?;
    emit_within(args.output.as_deref(), &buf, &[args.path.as_path()])?;
    let failures = gate::check(&report, &gates);
    Ok(Outcome {
        exit: if failures.is_empty() {
            Exit::Ok
        } else {
            Exit::GateFailed
        },
        messages: failures,
    })
}

fn verdicts(list: &[String]) -> Result<Vec<Verdict>> {
    list.iter()
        .map(|v| {
            Verdict::parse(v.trim()).ok_or_else(|| {
                anyhow!("unknown verdict {v:?} (adopted, strong-candidate, candidate, selective, not-recommended)")
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

/// Writes rendered bytes to the output file or stdout.
pub fn emit(output: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match output {
        Some(p) => {
            std::fs::write(p, bytes).with_context(|| format!("cannot write {}", p.display()))
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)?;
            out.flush()?;
            Ok(())
        }
    }
}

/// Writes a report: to stdout, or to `--output`, which must not be a link, a FIFO or a device
/// when it lies inside a scanned tree (a link planted in the tree would redirect the write),
/// nor sit under a directory link inside the tree that leads out of it.
pub fn emit_within(output: Option<&Path>, bytes: &[u8], roots: &[&Path]) -> Result<()> {
    let Some(out) = output else {
        return emit(None, bytes);
    };
    let in_tree = output_in_tree(out, roots)?;
    if !in_tree {
        return emit(output, bytes);
    }
    let mut oo = std::fs::OpenOptions::new();
    oo.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        oo.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let mut f = oo.open(out).map_err(|e| {
        let why = match e.raw_os_error() {
            Some(libc::ELOOP) => "a symbolic link inside the scanned tree".to_string(),
            Some(libc::ENXIO) => "not a regular file inside the scanned tree".to_string(),
            _ => e.to_string(),
        };
        anyhow!("refusing to write {}: {why}", out.display())
    })?;
    let md = f
        .metadata()
        .with_context(|| format!("cannot write {}", out.display()))?;
    if !md.is_file() {
        bail!(
            "refusing to write {}: not a regular file inside the scanned tree",
            out.display()
        );
    }
    f.set_len(0)
        .and_then(|()| f.write_all(bytes))
        .with_context(|| format!("cannot write {}", out.display()))
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

/// `scan --each DIR`: one project per repository under DIR, scanned one after another (each scan
/// is itself parallel), so peak memory stays that of the largest single scan.
fn scan_each(args: &ScanArgs, opts: &Options) -> Result<Outcome> {
    use crate::report::portfolio::{self, Portfolio};
    let (dirs, skipped) = project_dirs(&args.path)?;
    let mut reports = Vec::with_capacity(dirs.len());
    for dir in dirs {
        reports.push(crate::scan(&dir, opts)?);
    }
    let p = Portfolio::new(args.path.to_string_lossy().into_owned(), reports);
    let ro = render_opts(args.color, args.output.as_deref(), None);
    let mut buf = Vec::new();
    match args.format {
        FormatArg::Json => portfolio::render_json(&p, &mut buf)?,
        _ => portfolio::render_table(&p, &ro, &mut buf)?,
    }
    emit_within(args.output.as_deref(), &buf, &[args.path.as_path()])?;
    Ok(Outcome {
        exit: Exit::Ok,
        messages: skipped,
    })
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
    use crate::report::compare as cmp;
    let opts = options_from(&args.walk)?;
    let mut named: Vec<(String, Report)> = Vec::new();
    for input in &args.inputs {
        let name = input.to_string_lossy().into_owned();
        let report = if input.is_dir() {
            let mut o = opts.clone();
            if let Some((_, cfg)) = config::load(None, input).map_err(|e| anyhow!(e))? {
                o.excludes.extend(cfg.scan.exclude);
                o.roles = cfg.roles.clone();
                o.scoring.weights = cfg.weights;
                o.scoring.answers = cfg.answers;
            }
            crate::scan(input, &o)?
        } else if input.is_file() {
            let text = read_report_file(input).with_context(|| input.display().to_string())?;
            gate::load_report(&text, &name).map_err(|e| anyhow!(e))?
        } else {
            bail!("path not found: {}", input.display());
        };
        named.push((name, report));
    }
    let c = cmp::compare(&named);
    let roots: Vec<&Path> = args
        .inputs
        .iter()
        .filter(|p| p.is_dir())
        .map(PathBuf::as_path)
        .collect();
    let mut buf = Vec::new();
    match args.format {
        CompareFormat::Json => cmp::render_json(&c, &mut buf)?,
        CompareFormat::Markdown => cmp::render_markdown(&c, &mut buf)?,
        CompareFormat::Html => crate::report::html::render_compare(&c, &mut buf)?,
        CompareFormat::Table => cmp::render_table(
            &c,
            &render_opts(ColorArg::Auto, args.output.as_deref(), None),
            &mut buf,
        )?,
    }
    emit_within(args.output.as_deref(), &buf, &roots)?;
    Ok(Outcome::ok())
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

/// Reads a saved report named by the user through the guarded open (non-blocking, capped).
fn read_report_file(p: &Path) -> Result<String> {
    let bytes = crate::guard::read(
        p,
        crate::guard::Scope::User,
        crate::options::budget::REPORT_BYTES,
    )
    .map_err(|e| anyhow!("cannot read: {e}"))?;
    String::from_utf8(bytes)
        .map_err(|e| anyhow!("not UTF-8 (byte {})", e.utf8_error().valid_up_to()))
}
