//! Test helpers: a tree builder over a temporary directory and a run-the-binary helper.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// A temporary tree built file by file.
pub struct TestTree {
    pub dir: tempfile::TempDir,
}

impl TestTree {
    /// An empty tree.
    pub fn new() -> Self {
        TestTree {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    /// Adds a file (parents created).
    pub fn file(self, rel: &str, content: impl AsRef<[u8]>) -> Self {
        let p = self.dir.path().join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&p, content).expect("write");
        self
    }

    /// The root path.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A path under the root.
    pub fn join(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }
}

/// The binary under test.
pub fn bin() -> Command {
    let mut c = Command::cargo_bin("rust-ready").expect("binary built");
    c.env_remove("NO_COLOR");
    c
}

/// Path of a fixture directory.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// Scans `path` with extra args and returns the parsed JSON (asserting exit 0).
pub fn scan_json(path: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["--no-history"];
    args.extend_from_slice(extra);
    scan_json_with_history(path, &args)
}

/// Asserts a report validates against the committed JSON Schema (schema/report-v1.json).
pub fn assert_valid_report(v: &Value) {
    static SCHEMA: std::sync::OnceLock<jsonschema::Validator> = std::sync::OnceLock::new();
    let validator = SCHEMA.get_or_init(|| {
        let text = include_str!("../../schema/report-v1.json");
        let schema: Value = serde_json::from_str(text).expect("schema JSON");
        jsonschema::validator_for(&schema).expect("schema compiles")
    });
    let errors: Vec<String> = validator
        .iter_errors(v)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "report does not match schema/report-v1.json: {errors:?}"
    );
}

/// Raw JSON bytes of a scan (for byte-identity checks).
pub fn scan_bytes(path: &Path, extra: &[&str]) -> Vec<u8> {
    let out = bin()
        .arg("scan")
        .arg(path)
        .args(["--format", "json", "--no-history"])
        .args(extra)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The languages array as (name -> row).
pub fn language<'a>(report: &'a Value, name: &str) -> Option<&'a Value> {
    report["languages"]
        .as_array()?
        .iter()
        .find(|l| l["name"] == name)
}

/// Runs `git` in `dir` as author `email` at `date` (author and committer dates), with no
/// global or system configuration; asserts success.
pub fn git_dated(dir: &Path, args: &[&str], date: &str, email: &str) {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_AUTHOR_NAME", email)
        .env("GIT_AUTHOR_EMAIL", email)
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", email)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Scans `path` as JSON with history on (unlike [`scan_json`]); asserts exit 0 and the schema.
pub fn scan_json_with_history(path: &Path, extra: &[&str]) -> Value {
    let out = bin()
        .arg("scan")
        .arg(path)
        .args(["--format", "json"])
        .args(extra)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "scan failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_valid_report(&v);
    v
}
