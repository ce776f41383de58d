//! Issue 15, item 1: one scan, many outputs (`-o FORMAT=PATH`, `-o -`), written atomically
//! after the walk; `render REPORT.json` gives the same bytes as the scan in every format.

use crate::support::{TestTree, bin, fixture};

fn run_in(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = bin()
        .current_dir(dir)
        .env("RUST_READY_DEBUG", "walks")
        .env_remove("COLUMNS")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const FORMATS: [&str; 7] = ["table", "json", "markdown", "sarif", "html", "csv", "jsonl"];

#[test]
fn one_walk_writes_every_output() {
    let out = TestTree::new();
    let f = fixture("c-server").to_string_lossy().into_owned();
    let mut args = vec!["scan", &f, "--no-history", "-q"];
    let specs: Vec<String> = FORMATS.iter().map(|x| format!("{x}=out/r.{x}")).collect();
    std::fs::create_dir(out.join("out")).unwrap();
    for s in &specs {
        args.extend(["-o", s.as_str()]);
    }
    args.extend(["-o", "markdown=-"]);
    let (code, stdout, stderr) = run_in(out.path(), &args);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("<!-- rust-ready -->"), "{stdout}");
    // The walk ran once and read each file once.
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("out/r.json")).unwrap()).unwrap();
    let files = json["scanned"]["files"].as_u64().unwrap();
    assert!(
        stderr.contains(&format!("debug: walks=1 files_read={files}")),
        "{stderr}"
    );
    for x in FORMATS {
        let p = out.join(&format!("out/r.{x}"));
        assert!(std::fs::metadata(&p).unwrap().len() > 0, "{x} written");
    }
    // No temporary file is left beside the outputs.
    let names: Vec<String> = std::fs::read_dir(out.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), FORMATS.len(), "{names:?}");
    // Same bytes as stdout of the same format.
    let (_, md, _) = run_in(
        out.path(),
        &["scan", &f, "--no-history", "-q", "-f", "markdown"],
    );
    assert_eq!(md, stdout);
}

#[test]
fn render_of_a_saved_report_equals_the_scan_in_every_format() {
    let dir = TestTree::new();
    for fx in ["c-server", "unsafe-mix"] {
        let f = fixture(fx).to_string_lossy().into_owned();
        let (code, _, err) = run_in(
            dir.path(),
            &["scan", &f, "--no-history", "-q", "-o", "json=saved.json"],
        );
        assert_eq!(code, 0, "{err}");
        for x in FORMATS {
            let (c1, direct, e1) = run_in(dir.path(), &["scan", &f, "--no-history", "-q", "-f", x]);
            let (c2, rendered, e2) = run_in(dir.path(), &["render", "saved.json", "-f", x]);
            assert_eq!((c1, c2), (0, 0), "{e1} {e2}");
            assert_eq!(
                direct, rendered,
                "{fx}: render -f {x} differs from scan -f {x}"
            );
        }
        // With notes and with a plain -o PATH.
        let (_, direct, _) = run_in(
            dir.path(),
            &[
                "scan",
                &f,
                "--no-history",
                "-q",
                "-f",
                "sarif",
                "--sarif-notes",
            ],
        );
        run_in(
            dir.path(),
            &[
                "render",
                "saved.json",
                "-f",
                "sarif",
                "--sarif-notes",
                "-o",
                "again.sarif",
            ],
        );
        assert_eq!(
            direct,
            std::fs::read_to_string(dir.join("again.sarif")).unwrap()
        );
    }
}

#[test]
fn plain_output_path_keeps_working_and_bad_specs_are_usage_errors() {
    let dir = TestTree::new();
    let f = fixture("go-service").to_string_lossy().into_owned();
    let (code, stdout, _) = run_in(
        dir.path(),
        &[
            "scan",
            &f,
            "--no-history",
            "-q",
            "-f",
            "json",
            "-o",
            "report.json",
        ],
    );
    assert_eq!(code, 0);
    assert!(stdout.is_empty());
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("report.json")).unwrap()).unwrap();
    assert_eq!(v["schema_version"], 1);
    // `-o -` is stdout in --format.
    let (_, stdout, _) = run_in(
        dir.path(),
        &["scan", &f, "--no-history", "-q", "-f", "json", "-o", "-"],
    );
    assert!(stdout.starts_with('{'));
    for bad in [
        vec!["-o", "json="],
        vec!["-o", "a.json", "-o", "json=a.json"],
    ] {
        let mut args = vec!["scan", &f, "--no-history", "-q"];
        args.extend(bad.iter().copied());
        let (code, _, err) = run_in(dir.path(), &args);
        assert_eq!(code, 2, "{bad:?}: {err}");
    }
    // An unwritable target is exit 2 and leaves nothing behind.
    let (code, _, err) = run_in(
        dir.path(),
        &[
            "scan",
            &f,
            "--no-history",
            "-q",
            "-o",
            "json=missing-dir/r.json",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("cannot write"), "{err}");
}

#[test]
fn outputs_written_into_the_scanned_tree_are_not_counted() {
    let t = TestTree::new().file("src/a.c", "int main(void) { return 0; }\n");
    let p = t.path().to_string_lossy().into_owned();
    let (code, _, err) = run_in(
        t.path(),
        &[
            "scan",
            &p,
            "--no-history",
            "-q",
            "-o",
            "json=r.json",
            "-o",
            "markdown=r.md",
        ],
    );
    assert_eq!(code, 0, "{err}");
    // Both outputs sit in the scanned tree, yet the report counts only src/a.c: they are
    // written after the walk.
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(t.join("r.json")).unwrap()).unwrap();
    assert_eq!(v["scanned"]["files"], 1, "{v:#}");
    assert!(t.join("r.md").exists());
}

#[test]
fn render_refuses_what_is_not_a_report() {
    let t = TestTree::new()
        .file("junk.json", "not json")
        .file("old.json", "{\"schema_version\": 9}");
    for (f, msg) in [
        ("junk.json", "not JSON"),
        ("old.json", "schema_version 9"),
        ("missing.json", "cannot read"),
    ] {
        let (code, out, err) = run_in(t.path(), &["render", f, "-f", "markdown"]);
        assert_eq!(code, 2, "{f}");
        assert!(out.is_empty());
        assert!(err.contains(msg), "{f}: {err}");
    }
}
