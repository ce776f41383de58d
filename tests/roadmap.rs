//! Issue 17: the `new-unsafe-code` gate against a baseline, and `rust-ready roadmap`.

use serde_json::Value;

use crate::support::{TestTree, bin, fixture};

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

/// A mixed tree and its baseline report (written outside the tree).
fn tree_and_baseline() -> (TestTree, tempfile::TempDir, String) {
    let t = TestTree::new()
        .file(
            "src/parse.c",
            "#include <string.h>\nint parse(char *d, const char *s) {\n  return (int)strlen(s);\n}\n",
        )
        .file("src/main.rs", "fn main() {\n    println!(\"hi\");\n}\n");
    let out = tempfile::tempdir().unwrap();
    let base = out.path().join("base.json");
    let (code, stdout, stderr) =
        run(&["scan", &path(t.path()), "--no-history", "-q", "-f", "json"]);
    assert_eq!(code, 0, "{stderr}");
    std::fs::write(&base, stdout).unwrap();
    let b = path(&base);
    (t, out, b)
}

fn gate(t: &TestTree, base: &str) -> (i32, String) {
    let (code, _, stderr) = run(&[
        "scan",
        &path(t.path()),
        "--no-history",
        "-q",
        "-f",
        "json",
        "--baseline",
        base,
        "--fail-on",
        "new-unsafe-code",
    ]);
    (code, stderr)
}

#[test]
fn gate_passes_when_only_rust_grows() {
    let (t, _keep, base) = tree_and_baseline();
    let (code, stderr) = gate(&t, &base);
    assert_eq!(code, 0, "unchanged tree: {stderr}");
    std::fs::write(
        t.join("src/main.rs"),
        "fn main() {\n    println!(\"hi\");\n    let v = vec![1, 2];\n    println!(\"{v:?}\");\n}\n",
    )
    .unwrap();
    std::fs::write(t.join("src/lib.rs"), "pub fn f() -> u8 {\n    1\n}\n").unwrap();
    let (code, stderr) = gate(&t, &base);
    assert_eq!(code, 0, "only Rust grew: {stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn gate_fails_when_a_c_file_grows_and_names_it() {
    let (t, _keep, base) = tree_and_baseline();
    std::fs::write(
        t.join("src/parse.c"),
        "#include <string.h>\nint parse(char *d, const char *s) {\n  strcpy(d, s);\n  return (int)strlen(s);\n}\n",
    )
    .unwrap();
    let (code, stderr) = gate(&t, &base);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("--fail-on new-unsafe-code"), "{stderr}");
    assert!(
        stderr.contains("src/parse.c (+1 line, 4->5, +1 risky call)"),
        "{stderr}"
    );
    // A new C++ file is new unsafe code too.
    std::fs::write(t.join("src/extra.cpp"), "int g() { return 2; }\n").unwrap();
    let (code, stderr) = gate(&t, &base);
    assert_eq!(code, 1);
    assert!(stderr.contains("src/extra.cpp (new, 1 line)"), "{stderr}");
}

#[test]
fn gate_growth_is_in_the_delta_and_is_skipped_without_a_baseline() {
    let (t, _keep, base) = tree_and_baseline();
    std::fs::write(t.join("src/more.c"), "int h(void) {\n  return 3;\n}\n").unwrap();
    let (code, stdout, _) = run(&[
        "scan",
        &path(t.path()),
        "--no-history",
        "-q",
        "-f",
        "json",
        "--baseline",
        &base,
    ]);
    assert_eq!(code, 0, "no gate asked");
    let r: Value = serde_json::from_str(&stdout).unwrap();
    let g = &r["delta"]["unsafe_code_growth"];
    assert_eq!(g[0]["path"], "src/more.c");
    assert_eq!(g[0]["new_code"], 3);
    let (code, _, stderr) = run(&[
        "scan",
        &path(t.path()),
        "--no-history",
        "-q",
        "--fail-on",
        "new-unsafe-code",
    ]);
    assert_eq!(
        code, 0,
        "no baseline yet (a first CI run): skipped, not an error"
    );
    assert!(stderr.contains("skipped: no --baseline"), "{stderr}");
    let f = path(&fixture("c-server"));
    let (code, _, stderr) = run(&["compare", &f, &f, "--fail-on", "new-unsafe-code"]);
    assert_eq!(code, 2, "{stderr}");
}

fn scan_report(dir: &std::path::Path, out: &std::path::Path) -> Value {
    let (code, stdout, stderr) = run(&["scan", &path(dir), "--no-history", "-q", "-f", "json"]);
    assert_eq!(code, 0, "{stderr}");
    std::fs::write(out, &stdout).unwrap();
    serde_json::from_str(&stdout).unwrap()
}

fn roadmap_of(report: &std::path::Path, format: &str) -> String {
    let (code, stdout, stderr) = run(&["roadmap", "--report", &path(report), "-f", format]);
    assert_eq!(code, 0, "{stderr}");
    stdout
}

const SECTIONS: &[&str] = &[
    "# Memory-safety roadmap: ",
    "## 1. Inventory",
    "### Languages",
    "### Components",
    "### Memory-unsafe native dependencies",
    "### Vendored C/C++ libraries",
    "## 2. Priorities",
    "### P1 ",
    "### P2 ",
    "### P3 ",
    "## 3. Strategy per component",
    "## 4. Development process",
    "## 5. Milestones",
    "## 6. Projection of memory-unsafe code (a model)",
    "## Sources and parameters",
];

/// Files listed under each priority heading of the Markdown, in order.
fn listed(md: &str) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = vec![];
    for line in md.lines() {
        if line.starts_with("### P") {
            out.push(vec![]);
        } else if line.starts_with("## ") && !out.is_empty() && out.len() >= 3 {
            break;
        } else if let Some(cur) = out.last_mut()
            && line.starts_with("| ")
            && !line.starts_with("| File ")
        {
            let cell = line[2..].split(" | ").next().unwrap_or("");
            cur.push(cell.replace('\\', ""));
        }
    }
    out
}

#[test]
fn roadmap_priorities_come_in_the_order_the_fixtures_were_built_for() {
    let tmp = tempfile::tempdir().unwrap();
    let cases: &[(&str, [&[&str]; 3])] = &[
        (
            "roadmap-mixed",
            [
                &["net/listener.c", "net/frame_parser.c"],
                &["formats/png_reader.c"],
                &["admin/dump.c"],
            ],
        ),
        (
            "c-server",
            [
                &["src/server.c", "src/http.c"],
                &[],
                &[
                    "src/hashtable.c",
                    "src/config.c",
                    "src/legacy_cli.c",
                    "src/main.c",
                ],
            ],
        ),
        ("verdict-mixed", [&[], &["core/records.c"], &[]]),
    ];
    for (name, want) in cases {
        let report = tmp.path().join(format!("{name}.json"));
        scan_report(&fixture(name), &report);
        let md = roadmap_of(&report, "markdown");
        for s in SECTIONS {
            assert!(md.contains(s), "{name}: section {s:?} missing");
        }
        assert!(md.contains("No history: unknown"), "{name}");
        let got = listed(&md);
        assert_eq!(got.len(), 3, "{name}: {got:?}");
        for (level, files) in want.iter().enumerate() {
            assert_eq!(got[level], files.to_vec(), "{name}: P{}", level + 1);
        }
    }
    let md = roadmap_of(&tmp.path().join("roadmap-mixed.json"), "markdown");
    assert!(
        md.contains("| vendor/zlib | vendored | replace with a crate |"),
        "{md}"
    );
    assert!(md.contains("| cargo | openssl-sys |"), "{md}");
    assert!(md.contains("| pypi | numpy | C extension |"), "{md}");
    assert!(md.contains("| net | component | rewrite |"), "{md}");
    let md = roadmap_of(&tmp.path().join("c-server.json"), "markdown");
    assert!(
        md.contains("| OpenSSL | declared | replace with a crate |"),
        "{md}"
    );
}

fn numbers_in(v: &Value, out: &mut std::collections::BTreeSet<String>) {
    match v {
        Value::Number(n) => {
            let f = n.as_f64().unwrap_or(0.0);
            out.insert(n.to_string());
            out.insert(format!("{f}"));
            out.insert(format!("{:.1}", f * 100.0));
            out.insert(format!("{f:.2}"));
        }
        Value::String(s) => {
            for t in number_tokens(s) {
                out.insert(t);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| numbers_in(x, out)),
        Value::Object(o) => o.values().for_each(|x| numbers_in(x, out)),
        _ => {}
    }
}

fn number_tokens(s: &str) -> Vec<String> {
    let mut out = vec![];
    let mut cur = String::new();
    for c in s.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() || (c == '.' && !cur.is_empty()) {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(cur.trim_end_matches('.').to_string());
            cur.clear();
        }
    }
    out
}

/// Recomputes the roadmap's figures from the JSON report alone, and checks that every number
/// of the Markdown is one of the roadmap's figures (or a constant of its text).
#[test]
fn every_roadmap_figure_is_recomputed_from_the_json_report() {
    let tmp = tempfile::tempdir().unwrap();
    for name in ["roadmap-mixed", "c-server", "verdict-mixed"] {
        let rp = tmp.path().join(format!("{name}.json"));
        let r = scan_report(&fixture(name), &rp);
        let rm: Value = serde_json::from_str(&roadmap_of(&rp, "json")).unwrap();
        let md = roadmap_of(&rp, "markdown");
        // Inventory: per memory model, from the language table.
        let by_model = |m: &str| -> u64 {
            r["languages"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|l| l["memory_model"] == m)
                .map(|l| l["product_code"].as_u64().unwrap())
                .sum()
        };
        assert_eq!(rm["inventory"]["unsafe_code"], by_model("manual"), "{name}");
        assert_eq!(
            rm["inventory"]["rust_code"],
            by_model("ownership"),
            "{name}"
        );
        assert_eq!(
            rm["inventory"]["programming_code"],
            r["summary"]["programming_code"]
        );
        // Priorities: from product_files' flags and the components' exposure.
        let comps = r["components"].as_array().unwrap();
        let exposure = |p: &str| -> String {
            comps
                .iter()
                .filter(|c| {
                    let cp = c["path"].as_str().unwrap();
                    cp == "." || p.starts_with(&format!("{cp}/"))
                })
                .max_by_key(|c| {
                    let cp = c["path"].as_str().unwrap();
                    if cp == "." { 0 } else { cp.len() }
                })
                .map(|c| c["exposure"].as_str().unwrap().to_string())
                .unwrap_or_default()
        };
        let component = |p: &str| -> String {
            comps
                .iter()
                .filter(|c| {
                    let cp = c["path"].as_str().unwrap();
                    cp == "." || p.starts_with(&format!("{cp}/"))
                })
                .max_by_key(|c| {
                    let cp = c["path"].as_str().unwrap();
                    if cp == "." { 0 } else { cp.len() }
                })
                .map(|c| c["path"].as_str().unwrap().to_string())
                .unwrap_or_default()
        };
        let mut exposed = std::collections::BTreeSet::new();
        let mut levels = [(0u64, 0u64, 0u64); 3];
        for f in r["unsafe"]["product_files"].as_array().unwrap() {
            let lang = f["language"].as_str().unwrap();
            if !matches!(lang, "C" | "C++" | "Objective-C" | "Assembly") {
                continue;
            }
            let p = f["path"].as_str().unwrap();
            // The network names of the signals table (`analyze::signals::NETWORK_NAMES`).
            let network_named = p.split('/').any(|part| {
                let stem = part.split('.').next().unwrap_or("").to_ascii_lowercase();
                [
                    "net", "socket", "server", "conn", "proto", "client", "http", "ssl", "tls",
                    "url",
                ]
                .iter()
                .any(|k| stem.contains(k))
            });
            let level = if f["network"] == true
                || (f["parser"] == true && (exposure(p) == "network" || network_named))
            {
                0
            } else if f["parser"] == true {
                1
            } else {
                2
            };
            if level <= 1 {
                exposed.insert(component(p));
            }
            levels[level].0 += 1;
            levels[level].1 += f["code"].as_u64().unwrap();
            levels[level].2 += f["findings"].as_u64().unwrap();
        }
        for (i, (files, code, findings)) in levels.iter().enumerate() {
            let lv = &rm["priorities"][i];
            assert_eq!(lv["files"], *files, "{name} P{}", i + 1);
            assert_eq!(lv["code"], *code, "{name} P{}", i + 1);
            assert_eq!(lv["findings"], *findings, "{name} P{}", i + 1);
            let n =
                |x: u64, one: &str, many: &str| format!("{x} {}", if x == 1 { one } else { many });
            let heading = format!(
                "P{} {}: {}, {}, {}",
                i + 1,
                lv["label"].as_str().unwrap(),
                n(*files, "file", "files"),
                n(*code, "line", "lines"),
                n(*findings, "risky call", "risky calls")
            );
            assert!(md.contains(&heading), "{name}: {heading}");
        }
        // Strategies of components: a P1 or P2 file in it and its size decide without history.
        for c in comps.iter().filter(|c| c["manual_code"].as_u64() > Some(0)) {
            let small = c["manual_code"].as_u64().unwrap() <= 5000;
            let want = if exposed.contains(c["path"].as_str().unwrap()) {
                if small { "rewrite" } else { "isolate" }
            } else {
                "harden"
            };
            let s = rm["strategies"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["target"] == c["path"])
                .unwrap();
            assert_eq!(s["strategy"], want, "{name} {}", c["path"]);
        }
        // Vendored libraries: the report's rows.
        let v = r["unsafe"]["vendored_libraries"].as_array().unwrap();
        assert_eq!(
            rm["inventory"]["vendored"].as_array().unwrap().len(),
            v.len()
        );
        for (a, b) in v
            .iter()
            .zip(rm["inventory"]["vendored"].as_array().unwrap())
        {
            assert_eq!(a["path"], b["path"]);
            assert_eq!(a["code"], b["code"]);
            assert_eq!(a["findings"], b["findings"]);
        }
        // Milestones: without history the size is the level's lines and no quarters.
        for m in rm["milestones"]["rows"].as_array().unwrap().iter().skip(1) {
            assert!(m["quarters"].is_null(), "{name}: no churn, no quarters");
        }
        assert!(rm["projection"].is_null());
        // Nothing invented: every number in the Markdown is a figure of the roadmap (or the
        // report), or one of the text's constants (dates and figures of the cited sources,
        // section numbers, windows in months, bucket ages).
        let mut known = std::collections::BTreeSet::new();
        numbers_in(&rm, &mut known);
        numbers_in(&r, &mut known);
        for c in [
            "1", "2", "3", "4", "5", "6", "12", "24", "2022", "2023", "2024", "3.4", "7.4", "0.5",
            "1.5", "3.5", "2.0",
        ] {
            known.insert(c.to_string());
        }
        for t in number_tokens(&md) {
            assert!(
                known.contains(&t),
                "{name}: {t} in the Markdown is not a figure of the report"
            );
        }
    }
}

#[test]
fn roadmap_scans_a_path_writes_html_and_reads_the_half_life_from_the_config() {
    let t = TestTree::new()
        .file(
            "net/server.c",
            "#include <sys/socket.h>\nint s(void) { return socket(AF_INET, SOCK_STREAM, 0); }\n",
        )
        .file("rust-ready.toml", "[roadmap]\nhalf_life_years = 3.5\n");
    let (code, md, stderr) = run(&["roadmap", &path(t.path()), "--no-history", "-q"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        md.contains("Half-life 3.5 years (from rust-ready.toml)"),
        "{md}"
    );
    assert!(md.contains("net/server.c"), "{md}");
    let out = tempfile::tempdir().unwrap();
    let html = out.path().join("roadmap.html");
    let (code, _, stderr) = run(&[
        "roadmap",
        &path(t.path()),
        "--no-history",
        "-q",
        "-f",
        "html",
        "-o",
        &path(&html),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("Content-Security-Policy"));
    assert!(!page.contains("<script"));
    assert!(page.contains("<h2>2. Priorities</h2>"), "{page}");
}

#[test]
fn roadmap_bad_inputs_are_one_line_errors_with_exit_2() {
    let t = TestTree::new()
        .file("not-json.json", "{ nope")
        .file("a.c", "int x;\n")
        .file("bad/rust-ready.toml", "[roadmap]\nhalf_life_years = -1\n")
        .file("bad/a.c", "int x;\n");
    for args in [
        vec![
            "roadmap".to_string(),
            "--report".into(),
            path(&t.join("missing.json")),
        ],
        vec![
            "roadmap".to_string(),
            "--report".into(),
            path(&t.join("not-json.json")),
        ],
        vec!["roadmap".to_string(), path(&t.join("no-such-dir"))],
        vec![
            "roadmap".to_string(),
            path(&t.join("bad")),
            "--no-history".into(),
        ],
        vec![
            "roadmap".to_string(),
            path(t.path()),
            "-f".into(),
            "pdf".into(),
        ],
    ] {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, stdout, stderr) = run(&a);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stdout.is_empty(), "{args:?}");
        if !args.contains(&"pdf".to_string()) {
            assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        }
    }
    let (_, _, stderr) = run(&["roadmap", &path(&t.join("bad")), "--no-history"]);
    assert!(stderr.contains("half_life_years"), "{stderr}");
}

#[test]
fn gate_can_be_set_in_the_config_and_waits_for_a_baseline() {
    let (t, _keep, base) = tree_and_baseline();
    std::fs::write(
        t.join("rust-ready.toml"),
        "[gate]\nfail_on = [\"new-unsafe-code\"]\n",
    )
    .unwrap();
    let (code, _, stderr) = run(&["scan", &path(t.path()), "--no-history", "-q", "-f", "json"]);
    assert_eq!(code, 0, "no baseline: skipped: {stderr}");
    std::fs::write(t.join("src/grow.c"), "int g(void) {\n  return 1;\n}\n").unwrap();
    let (code, _, stderr) = run(&[
        "scan",
        &path(t.path()),
        "--no-history",
        "-q",
        "-f",
        "json",
        "--baseline",
        &base,
    ]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("src/grow.c (new, 3 lines)"), "{stderr}");
}
