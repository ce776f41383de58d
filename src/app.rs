//! Running a parsed command line: builds `Options`, calls the library, renders, and decides
//! the exit status. Printing happens only through the writers handed to renderers.

use std::io::{IsTerminal, Write};
use std::time::Instant;

use anyhow::{Context, Result};

use crate::cli::{ColorArg, Command, FormatArg, ScanArgs, WalkArgs};
use crate::exit::Exit;
use crate::options::Options;
use crate::report::{self, Format, RenderOptions};

/// Runs a command; errors are usage/input errors (exit 2) reported by `main`.
pub fn run(cmd: Command) -> Result<Exit> {
    match cmd {
        Command::Scan(args) => scan(args),
    }
}

/// Options from the walk flags.
pub fn options_from(w: &WalkArgs) -> Result<Options> {
    if w.threads == Some(0) {
        anyhow::bail!("--threads must be at least 1");
    }
    let mut analyzers = crate::options::Analyzers::default();
    for d in &w.disable {
        match d.as_str() {
            "unsafe" => analyzers.unsafety = false,
            "deps" => analyzers.deps = false,
            "signals" => analyzers.signals = false,
            "all" => {
                analyzers = crate::options::Analyzers {
                    unsafety: false,
                    deps: false,
                    signals: false,
                }
            }
            other => {
                anyhow::bail!("--disable: unknown analyzer {other:?} (unsafe, deps, signals, all)")
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
        ..Options::default()
    })
}

fn scan(args: ScanArgs) -> Result<Exit> {
    let opts = options_from(&args.walk)?;
    if args.each {
        return scan_each(&args, &opts);
    }
    let started = Instant::now();
    let report = crate::scan(&args.path, &opts)?;
    let format = match args.format {
        FormatArg::Table => Format::Table,
        FormatArg::Json => Format::Json,
    };
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let ro = RenderOptions {
        color: use_color(args.color, to_terminal),
        width: None,
        elapsed: Some(started.elapsed()),
    };
    let mut buf = Vec::new();
    report::render(&report, format, &ro, &mut buf)?;
    emit(args.output.as_deref(), &buf)?;
    Ok(Exit::Ok)
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
pub fn emit(output: Option<&std::path::Path>, bytes: &[u8]) -> Result<()> {
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

/// `scan --each DIR`: one project per repository under DIR, scanned one after another (each scan
/// is itself parallel), so peak memory stays that of the largest single scan.
fn scan_each(args: &ScanArgs, opts: &Options) -> Result<Exit> {
    use crate::report::portfolio::{self, Portfolio};
    let dirs = project_dirs(&args.path)?;
    let mut reports = Vec::with_capacity(dirs.len());
    for dir in dirs {
        reports.push(crate::scan(&dir, opts)?);
    }
    let p = Portfolio::new(args.path.to_string_lossy().into_owned(), reports);
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let ro = RenderOptions {
        color: use_color(args.color, to_terminal),
        width: None,
        elapsed: None,
    };
    let mut buf = Vec::new();
    match args.format {
        FormatArg::Json => portfolio::render_json(&p, &mut buf)?,
        _ => portfolio::render_table(&p, &ro, &mut buf)?,
    }
    emit(args.output.as_deref(), &buf)?;
    Ok(Exit::Ok)
}

/// Immediate subdirectories holding `.git`, or all non-hidden subdirectories when none does.
fn project_dirs(parent: &std::path::Path) -> Result<Vec<std::path::PathBuf>> {
    let entries = std::fs::read_dir(parent)
        .with_context(|| format!("cannot read directory {}", parent.display()))?;
    let mut all = Vec::new();
    for e in entries.flatten() {
        let p = e.path();
        let hidden = e.file_name().to_string_lossy().starts_with('.');
        if p.is_dir() && !hidden {
            all.push(p);
        }
    }
    all.sort();
    let repos: Vec<_> = all
        .iter()
        .filter(|p| p.join(".git").exists())
        .cloned()
        .collect();
    Ok(if repos.is_empty() { all } else { repos })
}
