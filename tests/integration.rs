//! One integration test binary: runs the real `rust-ready` executable on fixtures and on trees
//! generated at test time.

mod support;

mod cli;
