//! One integration test binary: runs the real `rust-ready` executable on fixtures and on trees
//! generated at test time.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

mod action;
mod ci;
mod cli;
mod config;
mod deps_section;
mod evidence;
mod foundation;
mod history;
mod history_changes;
mod hostile;
mod html;
mod outputs;
mod portfolio;
mod readable;
mod roadmap;
mod roles;
mod sarif;
mod terminal;
mod unsafe_section;
mod verdicts;
