//! The binary: parse the command line, run it, print at most one line of error, exit.

use std::process::ExitCode;

use clap::Parser;
use rust_ready::app;
use rust_ready::cli::Cli;
use rust_ready::exit::Exit;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    match app::run(cli.command) {
        Ok(outcome) => {
            for m in &outcome.messages {
                #[allow(clippy::print_stderr)]
                {
                    eprintln!("rust-ready: {}", rust_ready::report::term::sanitize(m));
                }
            }
            ExitCode::from(outcome.exit.code())
        }
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            let msg = format!("{err:#}");
            let one_line = rust_ready::report::term::sanitize(&msg);
            #[allow(clippy::print_stderr)]
            {
                eprintln!("rust-ready: {one_line}");
            }
            ExitCode::from(Exit::UsageOrInput.code())
        }
    }
}

/// Help and version go to stdout as clap renders them; every other parse error is one line on
/// stderr (clap's own rendering has a usage block and tips) and exit 2.
fn usage_error(e: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        _ => {}
    }
    let line = match e.kind() {
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            "a command is required (scan, compare, init, criteria, completions, man, schema)"
                .to_string()
        }
        _ => {
            let rendered = e.render().to_string();
            let first = rendered
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .unwrap_or("invalid command line");
            first.strip_prefix("error: ").unwrap_or(first).to_string()
        }
    };
    #[allow(clippy::print_stderr)]
    {
        eprintln!(
            "rust-ready: {}; see --help",
            rust_ready::report::term::sanitize(&line)
        );
    }
    ExitCode::from(Exit::UsageOrInput.code())
}

/// A closed stdout (`rust-ready scan | head`) is a normal end, not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
