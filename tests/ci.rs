//! Issue 6: gates and exit codes, baselines and deltas, Markdown, SARIF (validated against the
//! official 2.1.0 schema), the JSON Schema of the report, compare.

use serde_json::Value;

use crate::support::{TestTree, assert_valid_report, bin, fixture};

fn run(args: &[&str]) -> (i32, String, String) {
    let out = bin().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn path(p: &std::path::Path) -> String {
    p.to_string_lossy().into_owned()
}

#[test]
fn min_score_gate_fails_with_one_line() {
    let f = path(&fixture("django-crud"));
    let (code, stdout, stderr) = run(&[
        "scan",
        &f,
        "--no-history",
        "-f",
        "json",
        "--min-score",
        "50",
    ]);
    assert_eq!(code, 1);
    assert!(!stdout.is_empty(), "the report is still written");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("--min-score") && stderr.contains("below 50"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["scan", &f, "--no-history", "-f", "json", "--min-score", "0"]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn fail_on_verdict_gate() {
    let f = path(&fixture("c-server"));
    let (code, _, stderr) = run(&[
        "scan",
        &f,
        "--no-history",
        "--fail-on",
        "strong-candidate,candidate",
    ]);
    assert_eq!(code, 1);
    assert!(stderr.contains("--fail-on"), "{stderr}");
    let (code, _, _) = run(&["scan", &f, "--no-history", "--fail-on", "not-recommended"]);
    assert_eq!(code, 0);
    let (code, _, stderr) = run(&["scan", &f, "--no-history", "--fail-on", "great"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown verdict"), "{stderr}");
}

#[test]
fn baseline_delta_and_regression_gate() {
    let t = TestTree::new().file(
        "src/a.c",
        "#include <string.h>\nvoid f(char *d, const char *s) { strcpy(d, s); }\n",
    );
    let base = t.join("base.json");
    let (code, stdout, _) = run(&[
        "scan",
        &path(t.path()),
        "--no-history",
        "-f",
        "json",
        "--exclude",
        "*.json",
    ]);
    assert_eq!(code, 0);
    std::fs::write(&base, &stdout).unwrap();
    // The tree changes: more risky calls in a new file.
    std::fs::write(
        t.join("src/b.c"),
        "#include <string.h>\nvoid g(char *d, const char *s) { strcpy(d, s); strcat(d, s); sprintf(d, \"%s\", s); }\n",
    )
    .unwrap();
    let b = path(&base);
    let (code, stdout, stderr) = run(&[
        "scan",
        &path(t.path()),
        "--no-history",
        "-f",
        "json",
        "--exclude",
        "*.json",
        "--baseline",
        &b,
    ]);
    assert_eq!(code, 0, "no gate without --fail-on-regression: {stderr}");
    let r: Value = serde_json::from_str(&stdout).unwrap();
    assert_valid_report(&r);
    let d = &r["delta"];
    assert_eq!(d["unsafe_findings"]["C"]["old"], 1.0);
    assert_eq!(d["unsafe_findings"]["C"]["new"], 4.0);
    assert_eq!(d["unsafe_findings"]["C"]["change"], 3.0);
    assert!(
        d["new_hotspots"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "src/b.c")
    );
    assert!(d["criteria"]["memory_safety"].is_object());
    let (code, _, stderr) = run(&[
        "scan",
        &path(t.path()),
        "--no-history",
        "-f",
        "json",
        "--exclude",
        "*.json",
        "--baseline",
        &b,
        "--fail-on-regression",
    ]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("new unsafe findings") && stderr.contains("C 1->4"),
        "{stderr}"
    );
    // Markdown shows the delta.
    let (_, md, _) = run(&[
        "scan",
        &path(t.path()),
        "--no-history",
        "-f",
        "markdown",
        "--exclude",
        "*.json",
        "--baseline",
        &b,
    ]);
    assert!(md.contains("Change since baseline"), "{md}");
}

#[test]
fn bad_baselines_are_exit_2() {
    let t = TestTree::new()
        .file("a.c", "int a;\n")
        .file("old.json", "{\"schema_version\": 7}")
        .file("junk.json", "not json");
    for (file, msg) in [
        ("old.json", "schema_version 7"),
        ("junk.json", "not JSON"),
        ("missing.json", "cannot read"),
    ] {
        let (code, stdout, stderr) = run(&[
            "scan",
            &path(t.path()),
            "--no-history",
            "--baseline",
            &path(&t.join(file)),
        ]);
        assert_eq!(code, 2, "{file}");
        assert!(stdout.is_empty());
        assert!(stderr.contains(msg), "{file}: {stderr}");
    }
}

#[test]
fn markdown_escapes_names_from_the_tree() {
    let t = TestTree::new().file(
        "we|ird*_`name`.c",
        "#include <string.h>\nvoid f(char *d) { strcpy(d, \"x\"); }\n",
    );
    let (code, md, _) = run(&["scan", &path(t.path()), "--no-history", "-f", "markdown"]);
    assert_eq!(code, 0);
    assert!(md.starts_with("<!-- rust-ready -->\n## rust-ready: **"));
    assert!(md.contains("| criterion | kind |"));
    assert!(!md.contains("we|ird"), "a raw pipe would break the table");
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let schema: Value = serde_json::from_str(include_str!("data/sarif-schema-2.1.0.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for f in ["c-server", "unsafe-mix", "go-service"] {
        let (code, out, _) = run(&["scan", &path(&fixture(f)), "--no-history", "-f", "sarif"]);
        assert_eq!(code, 0);
        let v: Value = serde_json::from_str(&out).unwrap();
        let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{f}: {errors:?}");
        assert_eq!(v["version"], "2.1.0");
        assert_eq!(v["runs"][0]["properties"]["locationsCapPerFile"], 25);
    }
    let (_, out, _) = run(&[
        "scan",
        &path(&fixture("c-server")),
        "--no-history",
        "-f",
        "sarif",
    ]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert!(
        results
            .iter()
            .any(|r| r["ruleId"] == "c/gets" && r["level"] == "error")
    );
    assert!(results.iter().all(|r| {
        r["locations"][0]["physicalLocation"]["region"]["startLine"]
            .as_u64()
            .unwrap()
            >= 1
    }));
}

#[test]
fn committed_schema_matches_the_types() {
    let (code, out, _) = run(&["schema"]);
    assert_eq!(code, 0);
    let committed = include_str!("../schema/report-v1.json");
    assert!(
        out == committed,
        "schema/report-v1.json is stale: regenerate with `cargo run -- schema > schema/report-v1.json`"
    );
}

#[test]
fn every_fixture_report_validates_against_the_schema() {
    for f in [
        "c-server",
        "rust-cli",
        "django-crud",
        "notebook-prototype",
        "embedded-firmware",
        "go-service",
        "ts-frontend",
        "unsafe-mix",
    ] {
        let (code, out, _) = run(&["scan", &path(&fixture(f)), "-f", "json"]);
        assert_eq!(code, 0);
        assert_valid_report(&serde_json::from_str(&out).unwrap());
    }
}

#[test]
fn compare_mixes_directories_and_saved_reports() {
    let t = TestTree::new();
    let saved = t.join("go.json");
    let (_, go_json, _) = run(&[
        "scan",
        &path(&fixture("go-service")),
        "--no-history",
        "-f",
        "json",
    ]);
    std::fs::write(&saved, go_json).unwrap();
    let args = [
        "compare",
        &path(&fixture("c-server")),
        &path(&saved),
        &path(&fixture("django-crud")),
        "--no-history",
        "-f",
        "json",
    ];
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    let c: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(c["schema_version"], 1);
    assert_eq!(c["projects"].as_array().unwrap().len(), 3);
    assert!(
        c["ranking"][0]["name"]
            .as_str()
            .unwrap()
            .ends_with("c-server")
    );
    assert!(
        c["projects"][0]["criteria"]["memory_safety"]
            .as_f64()
            .unwrap()
            > 0.5
    );
    let (_, again, _) = run(&args);
    assert_eq!(out, again, "compare JSON is deterministic");
    let (code, md, _) = run(&[
        "compare",
        &path(&fixture("c-server")),
        &path(&saved),
        "--no-history",
        "-f",
        "markdown",
    ]);
    assert_eq!(code, 0);
    assert!(md.contains("Where to start first"));
    let (code, table, _) = run(&[
        "compare",
        &path(&fixture("c-server")),
        &path(&saved),
        "--no-history",
    ]);
    assert_eq!(code, 0);
    assert!(table.contains("memory-unsafe share"));
}

#[test]
fn compare_refuses_other_schema_versions() {
    let t = TestTree::new().file("old.json", "{\"schema_version\": 0, \"root\": \"x\"}");
    let (code, _, err) = run(&[
        "compare",
        &path(&fixture("c-server")),
        &path(&t.join("old.json")),
        "--no-history",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("schema_version 0"), "{err}");
}

#[test]
fn scan_and_compare_json_identical_across_threads() {
    let f = path(&fixture("c-server"));
    let g = path(&fixture("ts-frontend"));
    let outs: Vec<String> = ["1", "2", "8"]
        .iter()
        .map(|n| {
            run(&[
                "compare",
                &f,
                &g,
                "--no-history",
                "-f",
                "json",
                "--threads",
                n,
            ])
            .1
        })
        .collect();
    assert_eq!(outs[0], outs[1]);
    assert_eq!(outs[0], outs[2]);
}

/// Issue 15, item 5: the baseline delta in the table and in Markdown (points, percentage
/// points, new findings by kind); Markdown opens with the sticky-comment marker.
#[test]
fn table_and_markdown_show_the_baseline_delta() {
    let t = TestTree::new().file(
        "src/a.c",
        "#include <string.h>\nvoid f(char *d, const char *s) { strcpy(d, s); }\n",
    );
    let out = TestTree::new();
    let base = path(&out.join("base.json"));
    let root = path(t.path());
    let (code, _, _) = run(&[
        "scan",
        &root,
        "--no-history",
        "-q",
        "-o",
        &format!("json={base}"),
    ]);
    assert_eq!(code, 0);
    std::fs::write(
        t.join("src/b.c"),
        "#include <string.h>\nvoid g(char *d, const char *s) { strcpy(d, s); strcat(d, s); sprintf(d, \"%s\", s); }\n",
    )
    .unwrap();
    let (code, table, err) = run(&["scan", &root, "--no-history", "-q", "--baseline", &base]);
    assert_eq!(code, 0, "{err}");
    assert!(table.contains("Change since baseline"), "{table}");
    assert!(
        table.contains("points)") && table.contains(" pp)"),
        "{table}"
    );
    assert!(
        table.contains("findings by kind: sprintf +1, strcat +1, strcpy +1"),
        "{table}"
    );
    assert!(
        table.contains("unsafe findings in C: 1 → 4 (+3)"),
        "{table}"
    );
    let (_, md, _) = run(&[
        "scan",
        &root,
        "--no-history",
        "-q",
        "--baseline",
        &base,
        "-f",
        "markdown",
    ]);
    assert!(md.starts_with("<!-- rust-ready -->\n"), "{md}");
    assert!(
        md.contains("| findings by kind | sprintf +1, strcat +1, strcpy +1 |"),
        "{md}"
    );
    assert!(md.contains(" pp) |") && md.contains("points) |"), "{md}");
    assert!(!md.contains("0.9999"), "no raw fractions");
    // Without a baseline there is no delta section.
    let (_, plain, _) = run(&["scan", &root, "--no-history", "-q"]);
    assert!(!plain.contains("Change since baseline"));
}

#[test]
fn markdown_stays_under_githubs_comment_limit() {
    let (_, json, _) = run(&[
        "scan",
        &path(&fixture("c-server")),
        "--no-history",
        "-q",
        "-f",
        "json",
    ]);
    let mut v: Value = serde_json::from_str(&json).unwrap();
    // Strings up to the saved-report cap (4096 bytes), in numbers that overflow a comment.
    let long = "x".repeat(4000);
    for c in v["criteria"].as_array_mut().unwrap() {
        c["evidence"] = serde_json::json!(vec![long.clone(); 50]);
        c["confidence"] = serde_json::json!("high");
    }
    v["recommendations"] = serde_json::json!(
        (0..500)
            .map(|i| serde_json::json!({"kind": "start_here", "target": format!("{i}{long}"), "why": long}))
            .collect::<Vec<_>>()
    );
    let t = TestTree::new();
    std::fs::write(t.join("big.json"), v.to_string()).unwrap();
    let (code, md, err) = run(&["render", &path(&t.join("big.json")), "-f", "markdown"]);
    assert_eq!(code, 0, "{err}");
    assert!(md.starts_with("<!-- rust-ready -->"));
    assert!(md.chars().count() <= 65_536, "{} chars", md.chars().count());
    assert!(md.contains("<details>"), "long parts fold");
    let (_, small, _) = run(&[
        "scan",
        &path(&fixture("c-server")),
        "--no-history",
        "-q",
        "-f",
        "markdown",
    ]);
    assert!(small.contains("<details><summary>"));
    assert!(small.chars().count() < 65_536);
}
