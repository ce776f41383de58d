//! Issue 15, item 4: the composite GitHub Action (`action.yml`) and the README's CI recipes,
//! run by `ci/run-action.py`: every `run:` block executes in a temporary git repository with
//! the variables and files a runner provides (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_PATH,
//! RUNNER_TEMP, inputs substituted), `uses:` steps simulated. The install step never touches
//! the network here: the release URL points at a local directory, and a fake `cargo` on PATH
//! "builds" the binary under test.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::support::{TestTree, fixture};

fn repo_file(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("rust-ready")
}

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.email=ci@example.com", "-c", "user.name=ci"])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .unwrap()
        .status
        .success();
    assert!(ok, "git {args:?}");
}

/// A git repository holding a copy of the c-server fixture, one commit.
fn fixture_repo() -> TestTree {
    let t = TestTree::new();
    let ws = t.join("ws");
    copy_dir(&fixture("c-server"), &ws);
    git(&ws, &["init", "-q", "-b", "main"]);
    git(&ws, &["add", "-A"]);
    git(&ws, &["commit", "-qm", "init"]);
    t
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// Runs the harness; returns its JSON log (with `exit_code`).
fn harness(mode: &str, file: &Path, t: &TestTree, extra: &[&str], release_url: &str) -> Value {
    let log = t.join(&format!("log-{}.json", rand_suffix()));
    let temp = t.join(&format!("runner-{}", rand_suffix()));
    let out = Command::new("python3")
        .arg(repo_file("ci/run-action.py"))
        .arg(mode)
        .arg(file)
        .arg("--workspace")
        .arg(t.join("ws"))
        .arg("--binary")
        .arg(binary())
        .arg("--temp")
        .arg(&temp)
        .arg("--log")
        .arg(&log)
        .args(extra)
        .env("RUST_READY_RELEASE_URL", release_url)
        .output()
        .expect("python3 with PyYAML runs ci/run-action.py");
    let text = std::fs::read_to_string(&log)
        .unwrap_or_else(|_| panic!("harness failed: {}", String::from_utf8_lossy(&out.stderr)));
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        out.status.code(),
        v["exit_code"].as_i64().map(|c| c as i32),
        "the harness exits with the job's status"
    );
    v
}

fn rand_suffix() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

fn step<'a>(log: &'a Value, name_starts: &str) -> &'a Value {
    log["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"].as_str().unwrap().starts_with(name_starts))
        .unwrap_or_else(|| panic!("no step {name_starts}: {log:#}"))
}

const NO_RELEASE: &str = "file:///nonexistent-release";

#[test]
fn action_yml_parses_and_declares_the_contract() {
    let out = Command::new("python3")
        .args([
            "-c",
            "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
        ])
        .arg(repo_file("action.yml"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let a: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(a["runs"]["using"], "composite");
    for input in [
        "path",
        "min-score",
        "fail-on",
        "baseline",
        "fail-on-regression",
        "sarif",
    ] {
        assert!(a["inputs"][input].is_object(), "input {input}");
    }
    let steps = a["runs"]["steps"].as_array().unwrap();
    let scans: Vec<&Value> = steps
        .iter()
        .filter(|s| {
            s["run"]
                .as_str()
                .is_some_and(|r| r.contains("rust-ready \"${args[@]}\""))
        })
        .collect();
    assert_eq!(scans.len(), 1, "ONE scan");
    for uses in [
        "github/codeql-action/upload-sarif",
        "actions/upload-artifact",
    ] {
        let s = steps
            .iter()
            .find(|s| s["uses"].as_str().is_some_and(|u| u.starts_with(uses)))
            .unwrap();
        assert!(s["if"].as_str().unwrap().starts_with("always()"), "{uses}");
    }
    assert_eq!(steps.last().unwrap()["name"], "Gate", "the gate runs last");
}

#[test]
fn workflow_recipe_passes_without_a_baseline_and_uploads() {
    let t = fixture_repo();
    let log = harness(
        "github",
        &repo_file("ci/github-workflow.yml"),
        &t,
        &[],
        NO_RELEASE,
    );
    assert_eq!(log["exit_code"], 0, "{log:#}");
    let summary = log["summary"].as_str().unwrap();
    assert!(
        summary.starts_with("<!-- rust-ready -->\n## rust-ready:"),
        "{summary}"
    );
    assert!(summary.contains("No baseline at"), "{summary}");
    assert_eq!(
        step(&log, "Baseline")["exit"],
        1,
        "no artifact yet: continue-on-error"
    );
    let sarif = step(&log, "action: Upload SARIF")["uploaded"]
        .as_str()
        .unwrap()
        .to_string();
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    crate::sarif::assert_valid(&v);
    let report = step(&log, "action: Upload the JSON report")["uploaded"]
        .as_str()
        .unwrap()
        .to_string();
    let r: Value = serde_json::from_str(&std::fs::read_to_string(report).unwrap()).unwrap();
    assert_eq!(r["schema_version"], 1);
    assert_eq!(
        r["history"]["available"], true,
        "history read from the repository"
    );
    // The outputs were written outside the workspace, so the scan never counts them.
    assert_eq!(r["scanned"]["files"], 20);
    // No release for this version: built once with cargo install --locked from this checkout.
    let cargo = log["cargo"].as_array().unwrap();
    assert_eq!(cargo.len(), 1, "{cargo:?}");
    let c = cargo[0].as_str().unwrap();
    assert!(
        c.starts_with("install --locked --path ") && c.contains("--root"),
        "{c}"
    );
    assert_eq!(step(&log, "action: Gate")["exit"], 0);
    // The build cache is keyed by version, runner and a hash of the source it builds.
    let key = step(&log, "action: Cache")["with"]["key"]
        .as_str()
        .unwrap()
        .to_string();
    let hash = key.rsplit('-').next().unwrap();
    assert!(
        key.starts_with("rust-ready-0.1.0-Linux-X64-")
            && hash.len() == 16
            && hash.bytes().all(|b| b.is_ascii_hexdigit()),
        "{key}"
    );
}

#[test]
fn a_failing_gate_still_writes_summary_sarif_and_baseline_and_keeps_its_exit_code() {
    let t = fixture_repo();
    let log = harness(
        "github",
        &repo_file("action.yml"),
        &t,
        &[
            "--input",
            "min-score=100",
            "--input",
            "fail-on=strong-candidate,selective",
        ],
        NO_RELEASE,
    );
    assert_eq!(log["exit_code"], 1, "the gate's exit code: {log:#}");
    let steps = log["steps"].as_array().unwrap();
    let names: Vec<&str> = steps.iter().map(|s| s["name"].as_str().unwrap()).collect();
    let at = |n: &str| names.iter().position(|x| x.starts_with(n)).unwrap();
    assert!(at("action: Upload SARIF") < at("action: Gate"));
    assert!(at("action: Upload the JSON report") < at("action: Gate"));
    assert_eq!(
        step(&log, "action: Scan")["exit"],
        0,
        "the scan step records, never fails"
    );
    assert!(step(&log, "action: Upload SARIF")["uploaded"].is_string());
    assert!(step(&log, "action: Upload the JSON report")["uploaded"].is_string());
    assert_eq!(step(&log, "action: Gate")["exit"], 1);
    let summary = log["summary"].as_str().unwrap();
    assert!(summary.starts_with("<!-- rust-ready -->"));
    assert!(summary.contains("**Gate failed** (exit 1)"), "{summary}");
    assert!(summary.contains("gate --min-score"), "{summary}");
    // The action's outputs.
    let outputs = &step(&log, "action")["outputs"];
    assert_eq!(outputs["exit-code"], "1");
    assert!(
        outputs["score"].as_str().unwrap().parse::<u8>().is_ok(),
        "{outputs}"
    );
    assert!(!outputs["verdict"].as_str().unwrap().is_empty());
    // A usage error (exit 2) fails at the scan, with nothing to upload.
    let log = harness(
        "github",
        &repo_file("action.yml"),
        &t,
        &["--input", "fail-on=great"],
        NO_RELEASE,
    );
    assert_eq!(log["exit_code"], 2, "{log:#}");
    assert_eq!(step(&log, "action: Upload SARIF")["ran"], false);
}

#[test]
fn regression_against_the_uploaded_baseline_fails_the_pull_request() {
    let t = fixture_repo();
    let first = harness(
        "github",
        &repo_file("ci/github-workflow.yml"),
        &t,
        &["--event", "push"],
        NO_RELEASE,
    );
    assert_eq!(first["exit_code"], 0);
    let report = step(&first, "action: Upload the JSON report")["uploaded"]
        .as_str()
        .unwrap()
        .to_string();
    let ws = t.join("ws");
    std::fs::write(
        ws.join("src/extra.c"),
        "#include <string.h>\nvoid x(char *d, const char *s) { strcpy(d, s); strcat(d, s); }\n",
    )
    .unwrap();
    git(&ws, &["add", "-A"]);
    git(&ws, &["commit", "-qm", "more C"]);
    let art = format!("rust-ready-report={report}");
    let log = harness(
        "github",
        &repo_file("ci/github-workflow.yml"),
        &t,
        &["--artifact", &art],
        NO_RELEASE,
    );
    assert_eq!(log["exit_code"], 1, "{log:#}");
    let summary = log["summary"].as_str().unwrap();
    assert!(summary.contains("### Change since baseline"), "{summary}");
    assert!(
        summary.contains("strcpy +1") && summary.contains("strcat +1"),
        "{summary}"
    );
    assert!(summary.contains("gate --fail-on-regression"), "{summary}");
    assert!(step(&log, "action: Upload the JSON report")["uploaded"].is_string());
}

#[test]
fn a_pinned_release_is_installed_when_its_checksum_matches() {
    let t = fixture_repo();
    let rel = t.join("releases/v0.1.0");
    std::fs::create_dir_all(&rel).unwrap();
    let stage = t.join("stage");
    std::fs::create_dir_all(&stage).unwrap();
    std::fs::copy(binary(), stage.join("rust-ready")).unwrap();
    let asset = "rust-ready-v0.1.0-x86_64-unknown-linux-musl.tar.gz";
    assert!(
        Command::new("tar")
            .arg("-czf")
            .arg(rel.join(asset))
            .arg("-C")
            .arg(&stage)
            .arg("rust-ready")
            .status()
            .unwrap()
            .success()
    );
    let sum = Command::new("sha256sum")
        .arg(rel.join(asset))
        .output()
        .unwrap();
    std::fs::write(rel.join(format!("{asset}.sha256")), &sum.stdout).unwrap();
    let url = format!("file://{}", t.join("releases").display());
    let log = harness("github", &repo_file("action.yml"), &t, &[], &url);
    assert_eq!(log["exit_code"], 0, "{log:#}");
    assert!(log["cargo"].as_array().unwrap().is_empty(), "no build");
    assert_eq!(step(&log, "action: Build")["ran"], false);
    assert_eq!(step(&log, "action: Cache")["ran"], false);
    // A wrong checksum is never run: the action builds instead.
    std::fs::write(
        rel.join(format!("{asset}.sha256")),
        format!("{}  {asset}\n", "0".repeat(64)),
    )
    .unwrap();
    let log = harness("github", &repo_file("action.yml"), &t, &[], &url);
    assert_eq!(log["exit_code"], 0);
    assert_eq!(log["cargo"].as_array().unwrap().len(), 1);
}

#[test]
fn gitlab_recipe_passes_without_a_baseline() {
    let t = fixture_repo();
    let log = harness(
        "gitlab",
        &repo_file("ci/gitlab-ci.yml"),
        &t,
        &[],
        NO_RELEASE,
    );
    assert_eq!(log["exit_code"], 0, "{log:#}");
    assert_eq!(log["steps"][0]["artifacts"]["rust-ready-out/"], true);
    assert_eq!(log["steps"][0]["artifacts_when"], "always");
    let out = t.join("ws/rust-ready-out");
    for f in ["report.json", "rust-ready.sarif", "report.md"] {
        assert!(out.join(f).exists(), "{f}");
    }
    let r: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(
        r["scanned"]["files"], 20,
        "its own outputs and the cargo root are excluded"
    );
    assert!(
        log["cargo"][0]
            .as_str()
            .unwrap()
            .starts_with("install --locked --git ")
    );
}

#[test]
fn readme_ci_section_is_the_tested_files() {
    let readme = std::fs::read_to_string(repo_file("README.md")).unwrap();
    for f in ["ci/github-workflow.yml", "ci/gitlab-ci.yml"] {
        let body = std::fs::read_to_string(repo_file(f)).unwrap();
        assert!(
            readme.contains(&format!("```yaml\n{body}```")),
            "README.md must hold {f} verbatim in a yaml block"
        );
    }
    assert!(readme.contains("fetch-depth: 0"));
}
