//! `scan --each DIR`: every repository under DIR as its own project, one combined report.

use serde_json::Value;

use crate::support::{TestTree, bin};

fn each_json(t: &TestTree) -> Value {
    let out = bin()
        .args(["scan", "--each", "--format", "json", "--no-history"])
        .arg(t.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn each_scans_repositories_under_a_directory() {
    let t = TestTree::new()
        .file("beta/.git/HEAD", "ref: refs/heads/main\n")
        .file("beta/main.go", "package main\n\nfunc main() {}\n")
        .file("alpha/.git/HEAD", "ref: refs/heads/main\n")
        .file("alpha/src/lib.rs", "pub fn a() {}\n")
        .file("notes/readme.md", "# not a repository\n");
    let p = each_json(&t);
    assert_eq!(p["schema_version"], 1);
    let projects = p["projects"].as_array().unwrap();
    assert_eq!(projects.len(), 2, "only the two git repositories");
    assert!(projects[0]["root"].as_str().unwrap().ends_with("alpha"));
    assert_eq!(projects[0]["languages"][0]["name"], "Rust");
    assert_eq!(projects[1]["languages"][0]["name"], "Go");
}

#[test]
fn each_without_repositories_takes_every_subdirectory() {
    let t = TestTree::new()
        .file("one/a.c", "int a;\n")
        .file("two/b.py", "b = 1\n")
        .file(".hidden/c.py", "c = 1\n");
    let p = each_json(&t);
    assert_eq!(p["projects"].as_array().unwrap().len(), 2);
}

// ---------------------------------------------------------------------------------------------
// Issue 15, item 2: `--each` and `compare` as the portfolio mode.

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

/// A directory holding copies of fixtures, one project each.
fn portfolio(names: &[&str]) -> TestTree {
    let t = TestTree::new();
    for n in names {
        copy_dir(&crate::support::fixture(n), &t.join(n));
    }
    t
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = bin().env_remove("COLUMNS").args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// RFC 4180 CSV: quoted fields with doubled quotes, commas and newlines inside quotes.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![];
    let mut row = vec![];
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        !quoted && field.is_empty() && row.is_empty(),
        "CSV ends with a newline"
    );
    rows
}

#[test]
fn each_renders_every_format() {
    let t = portfolio(&["c-server", "go-service", "rust-cli"]);
    let root = t.path().to_string_lossy().into_owned();
    for f in ["table", "json", "markdown", "html", "sarif", "csv", "jsonl"] {
        let (code, out, err) = run(&["scan", "--each", &root, "--no-history", "-q", "-f", f]);
        assert_eq!(code, 0, "{f}: {err}");
        match f {
            "table" => {
                assert!(out.contains("c-server") && out.contains("Legend"), "{out}");
                assert!(
                    !out.contains('┌'),
                    "the portfolio table is the compact view"
                );
            }
            "json" => {
                let v: Value = serde_json::from_str(&out).unwrap();
                assert_eq!(v["projects"].as_array().unwrap().len(), 3);
                assert_eq!(v["comparison"]["projects"].as_array().unwrap().len(), 3);
            }
            "markdown" => assert!(out.starts_with("<!-- rust-ready -->"), "{out}"),
            "html" => assert!(out.contains("id=\"score-table\"")),
            "sarif" => {
                let v: Value = serde_json::from_str(&out).unwrap();
                crate::sarif::assert_valid(&v);
                assert_eq!(v["runs"].as_array().unwrap().len(), 3);
            }
            "csv" => {
                let rows = parse_csv(&out);
                assert_eq!(rows.len(), 4, "{out}");
                assert!(rows.iter().all(|r| r.len() == rows[0].len()));
                assert_eq!(rows[0][0], "name");
                let score = rows[0].iter().position(|h| h == "score").unwrap();
                for r in &rows[1..] {
                    r[score].parse::<u8>().unwrap();
                }
            }
            "jsonl" => {
                let lines: Vec<Value> = out
                    .lines()
                    .map(|l| serde_json::from_str(l).unwrap())
                    .collect();
                assert_eq!(lines.len(), 3);
                assert!(
                    lines
                        .iter()
                        .all(|l| l["score"].is_u64() && l["name"].is_string())
                );
            }
            _ => unreachable!(),
        }
    }
}

#[test]
fn each_gates_fail_when_any_project_fails_and_name_it() {
    let t = portfolio(&["c-server", "go-service", "django-crud"]);
    let root = t.path().to_string_lossy().into_owned();
    let scores: Vec<(String, u64, String)> = {
        let (_, out, _) = run(&["scan", "--each", &root, "--no-history", "-q", "-f", "jsonl"]);
        out.lines()
            .map(|l| {
                let v: Value = serde_json::from_str(l).unwrap();
                (
                    v["name"].as_str().unwrap().to_string(),
                    v["score"].as_u64().unwrap(),
                    v["verdict"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let top = scores.iter().map(|s| s.1).max().unwrap();
    // --min-score: every project below fails, each named; the report is still written.
    let min = top.to_string();
    let (code, out, err) = run(&[
        "scan",
        "--each",
        &root,
        "--no-history",
        "-q",
        "-f",
        "csv",
        "--min-score",
        &min,
    ]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(parse_csv(&out).len(), 4);
    for (name, score, _) in &scores {
        assert_eq!(
            err.contains(&format!("{name}: gate --min-score")),
            *score < top,
            "{name}: {err}"
        );
    }
    assert!(err.contains("gates failed for 2 of 3 projects"), "{err}");
    let (code, _, err) = run(&[
        "scan",
        "--each",
        &root,
        "--no-history",
        "-q",
        "--min-score",
        "0",
    ]);
    assert_eq!(code, 0, "{err}");
    // --fail-on: the projects with that verdict.
    let (name, _, verdict) = &scores[0];
    let (code, _, err) = run(&[
        "scan",
        "--each",
        &root,
        "--no-history",
        "-q",
        "-f",
        "json",
        "--fail-on",
        verdict,
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!("{name}: gate --fail-on: verdict {verdict}")),
        "{err}"
    );
    // A project's own rust-ready.toml gate applies to that project only.
    std::fs::write(
        t.join("go-service/rust-ready.toml"),
        "[gate]\nmin_score = 100\n",
    )
    .unwrap();
    let (code, _, err) = run(&["scan", "--each", &root, "--no-history", "-q", "-f", "json"]);
    assert_eq!(code, 1);
    assert!(err.contains("go-service: gate --min-score"), "{err}");
    assert!(err.contains("gates failed for 1 of 3 projects"), "{err}");
    std::fs::remove_file(t.join("go-service/rust-ready.toml")).unwrap();
    // --fail-on-regression against a saved portfolio.
    let base = TestTree::new();
    let b = base.join("base.json").to_string_lossy().into_owned();
    let (code, _, _) = run(&[
        "scan",
        "--each",
        &root,
        "--no-history",
        "-q",
        "-o",
        &format!("json={b}"),
    ]);
    assert_eq!(code, 0);
    let (code, _, err) = run(&[
        "scan",
        "--each",
        &root,
        "--no-history",
        "-q",
        "--baseline",
        &b,
        "--fail-on-regression",
    ]);
    assert_eq!(code, 0, "unchanged: {err}");
    std::fs::write(
        t.join("c-server/src/extra.c"),
        "#include <string.h>\nvoid x(char *d, const char *s) { strcpy(d, s); strcat(d, s); }\n",
    )
    .unwrap();
    let (code, out, err) = run(&[
        "scan",
        "--each",
        &root,
        "--no-history",
        "-q",
        "--baseline",
        &b,
        "--fail-on-regression",
        "-f",
        "json",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("c-server: gate --fail-on-regression"), "{err}");
    assert!(!err.contains("go-service:"), "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(v["projects"][0]["delta"].is_object());
}

#[test]
fn each_uses_each_projects_own_config() {
    let t = TestTree::new()
        .file(
            "a/src/main.c",
            "#include <string.h>\nvoid f(char *d) { strcpy(d, \"x\"); }\n",
        )
        .file("a/big/gen.c", "int g(void) { return 1; }\n")
        .file("a/rust-ready.toml", "[scan]\nexclude = [\"big/\"]\n")
        .file(
            "b/src/main.c",
            "#include <string.h>\nvoid f(char *d) { strcpy(d, \"x\"); }\n",
        )
        .file("b/big/gen.c", "int g(void) { return 1; }\n");
    let p = each_json(&t);
    let files: Vec<u64> = p["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["scanned"]["files"].as_u64().unwrap())
        .collect();
    // a excludes big/ (and its toml is not a source); b counts both C files.
    let c_files = |i: usize| -> u64 {
        p["projects"][i]["languages"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["name"] == "C")
            .map(|l| l["files"].as_u64().unwrap())
            .sum()
    };
    assert_eq!((c_files(0), c_files(1)), (1, 2), "{files:?}");
}

#[test]
fn sort_orders_projects() {
    let t = portfolio(&["c-server", "go-service", "rust-cli", "ts-frontend"]);
    let root = t.path().to_string_lossy().into_owned();
    let order = |by: &str| -> Vec<Value> {
        let (code, out, err) = run(&[
            "scan",
            "--each",
            &root,
            "--no-history",
            "-q",
            "-f",
            "jsonl",
            "--sort",
            by,
        ]);
        assert_eq!(code, 0, "{err}");
        out.lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let by_score = order("score");
    let s: Vec<u64> = by_score
        .iter()
        .map(|v| v["score"].as_u64().unwrap())
        .collect();
    assert!(s.windows(2).all(|w| w[0] >= w[1]), "{s:?}");
    let by_name = order("name");
    let n: Vec<&str> = by_name
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert!(n.windows(2).all(|w| w[0] <= w[1]), "{n:?}");
    let by_share = order("unsafe-share");
    let u: Vec<f64> = by_share
        .iter()
        .map(|v| v["memory_unsafe_share"].as_f64().unwrap())
        .collect();
    assert!(u.windows(2).all(|w| w[0] >= w[1]), "{u:?}");
    let by_verdict = order("verdict");
    assert_eq!(by_verdict[0]["verdict"], "strong-candidate");
    assert_eq!(by_verdict.last().unwrap()["verdict"], "adopted");
}

#[test]
fn compare_of_eight_projects_fits_100_columns() {
    let all = [
        "c-server",
        "rust-cli",
        "django-crud",
        "notebook-prototype",
        "embedded-firmware",
        "go-service",
        "ts-frontend",
        "unsafe-mix",
    ];
    let paths: Vec<String> = all
        .iter()
        .map(|f| crate::support::fixture(f).to_string_lossy().into_owned())
        .collect();
    let out = bin()
        .env("COLUMNS", "100")
        .arg("compare")
        .args(&paths)
        .args(["--no-history", "-q"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for line in text.lines() {
        assert!(
            line.chars().count() <= 100,
            "{} chars: {line}",
            line.chars().count()
        );
    }
    // Projects are rows, whole names (the shortest unique suffix), criteria as short columns.
    let lines: Vec<&str> = text.lines().collect();
    for f in all {
        assert!(
            lines.iter().any(|l| l.starts_with(f)),
            "{f} has its own row:\n{text}"
        );
    }
    assert!(text.contains("MS memory_safety"), "legend: {text}");
    // The ranking puts starting points first: no not-recommended project above a candidate.
    let rank_of = |name: &str| {
        lines
            .iter()
            .position(|l| {
                l.trim_start()
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_digit())
                    && l.contains(&format!(" {name}:"))
            })
            .unwrap()
    };
    assert!(rank_of("c-server") < rank_of("embedded-firmware"));
    assert!(rank_of("ts-frontend") < rank_of("go-service"), "{text}");
    assert!(
        rank_of("go-service") < rank_of("rust-cli"),
        "adopted last: {text}"
    );
}

#[test]
fn compare_has_gates_csv_and_a_score_table_page() {
    let a = crate::support::fixture("c-server")
        .to_string_lossy()
        .into_owned();
    let b = crate::support::fixture("go-service")
        .to_string_lossy()
        .into_owned();
    let (code, _, err) = run(&[
        "compare",
        &a,
        &b,
        "--no-history",
        "-q",
        "--fail-on",
        "not-recommended",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("go-service: gate --fail-on"), "{err}");
    assert!(!err.contains("c-server:"), "{err}");
    let (_, plain, _) = run(&["compare", &a, &b, "--no-history", "-q"]);
    assert!(!plain.contains('\x1b'), "no colour into a pipe");
    let (_, coloured, _) = run(&["compare", &a, &b, "--no-history", "-q", "--color", "always"]);
    assert!(coloured.contains("\x1b[32mstrong\x1b[0m"), "{coloured}");
    let (code, csv, _) = run(&["compare", &a, &b, "--no-history", "-q", "-f", "csv"]);
    assert_eq!(code, 0);
    assert_eq!(parse_csv(&csv).len(), 3);
    let (code, html, _) = run(&["compare", &a, &b, "--no-history", "-q", "-f", "html"]);
    assert_eq!(code, 0);
    let table = html.find("id=\"score-table\"").unwrap();
    let heat = html.find("id=\"heatmap-chart\"").unwrap();
    assert!(table < heat, "the page leads with the score table");
    assert!(!html.contains("<script"));
    assert!(html.contains("class=\"choose\"") && html.contains("class=\"avoid\""));
    assert!(html.contains("choose Rust when") && html.contains("avoid Rust when"));
}

#[test]
fn portfolio_progress_names_each_project_on_a_terminal() {
    let available = std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        println!("skipped: util-linux `script` not installed");
        return;
    }
    let exe = assert_cmd::cargo::cargo_bin("rust-ready");
    let t = TestTree::new()
        .file("one/a.c", "int a;\n")
        .file("two/b.c", "int b;\n");
    let cmd = format!(
        "{} scan --each --no-history {} > /dev/null",
        exe.display(),
        t.path().display()
    );
    let out = std::process::Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .output()
        .unwrap();
    let tty = String::from_utf8_lossy(&out.stdout);
    assert!(
        tty.contains("project 1/2 one") && tty.contains("project 2/2 two"),
        "{tty:?}"
    );
}
