//! The binary: parse the command line, run it, print at most one line of error, exit.

use std::process::ExitCode;

use clap::Parser;
use rust_ready::app;
use rust_ready::cli::Cli;
use rust_ready::exit::Exit;

fn main() -> ExitCode {
    let cli = Cli::parse();
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

/// A closed stdout (`rust-ready scan | head`) is a normal end, not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
