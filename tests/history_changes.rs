//! `history.changes`: lines added and removed per month, last-change dates, the age of
//! memory-unsafe code and Rust's share over time, from a repository built with fixed dates.

use std::path::Path;

use serde_json::{Value, json};

use crate::support::{TestTree, bin, git_dated as git, scan_json_with_history as scan};

fn write(dir: &Path, rel: &str, lines: &[&str]) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    let mut text = lines.join("\n");
    text.push('\n');
    std::fs::write(p, text).unwrap();
}

fn commit(dir: &Path, date: &str, email: &str) {
    git(dir, &["add", "-A"], date, email);
    git(dir, &["commit", "-qm", "c"], date, email);
}

/// Three years of C, then Rust arriving: eight commits, one of them on a merged side branch.
fn build(d: &Path) {
    git(
        d,
        &["init", "-q", "-b", "main"],
        "2023-03-10T12:00:00Z",
        "a@x",
    );
    write(d, "src/old.c", &["int o1;", "int o2;", "int o3;"]);
    write(d, "src/legacy.c", &["int a;", "int b;", "int c;", "int d;"]);
    write(d, "README.md", &["# demo"]);
    commit(d, "2023-03-10T12:00:00Z", "a@x");
    write(
        d,
        "src/gone.c",
        &["int g1;", "int g2;", "int g3;", "int g4;", "int g5;"],
    );
    commit(d, "2024-02-15T12:00:00Z", "a@x");
    // One line changed, two added; a test file that must not count.
    write(
        d,
        "src/legacy.c",
        &["int a;", "int B;", "int c;", "int d;", "int e;", "int f;"],
    );
    let tests: Vec<String> = (0..10).map(|i| format!("int t{i};")).collect();
    let tests: Vec<&str> = tests.iter().map(String::as_str).collect();
    write(d, "tests/check.c", &tests);
    commit(d, "2025-01-20T12:00:00Z", "b@x");
    // Rust arrives, a C file leaves.
    let rs = [
        "fn a() {}",
        "fn b() {}",
        "fn c() {}",
        "fn d() {}",
        "fn e() {}",
        "fn f() {}",
        "fn g() {}",
        "fn h() {}",
        "fn i() {}",
        "fn j() {}",
        "fn k() {}",
    ];
    write(d, "src/lib.rs", &rs[..6]);
    std::fs::remove_file(d.join("src/gone.c")).unwrap();
    commit(d, "2025-06-05T12:00:00Z", "c@x");
    write(d, "src/lib.rs", &rs[..10]);
    write(d, "src/new.c", &["int n1;", "int n2;"]);
    commit(d, "2025-11-11T12:00:00Z", "d@x");
    // A side branch by e@x, merged on main by a@x.
    git(
        d,
        &["checkout", "-q", "-b", "side"],
        "2025-12-05T12:00:00Z",
        "e@x",
    );
    write(d, "src/lib.rs", &rs);
    commit(d, "2025-12-05T12:00:00Z", "e@x");
    git(
        d,
        &["checkout", "-q", "main"],
        "2025-12-20T12:00:00Z",
        "a@x",
    );
    git(
        d,
        &["merge", "-q", "--no-ff", "-m", "merge", "side"],
        "2025-12-20T12:00:00Z",
        "a@x",
    );
    write(d, "src/new.c", &["int n1;", "int n2;", "int n3;"]);
    commit(d, "2026-01-15T12:00:00Z", "a@x");
}

#[test]
fn changes_are_as_constructed() {
    let t = TestTree::new();
    let d = t.path();
    build(d);
    let r = scan(d, &[]);
    let c = &r["history"]["changes"];
    assert_eq!(c["as_of"], "2026-01-15", "{c}");
    assert_eq!(c["commits_diffed"], 7);
    assert_eq!(c["covered_since"], "2023-03-10");
    assert_eq!(c["truncated"], false);
    assert_eq!(c["age_method"], "added-lines");
    // c@x and d@x on main, e@x on the side branch; the merge by a@x does not count.
    assert_eq!(c["rust_authors_365d"], 3);

    let monthly = c["monthly"].as_array().unwrap();
    assert_eq!(monthly.len(), 24);
    assert_eq!(monthly[0]["month"], "2024-02");
    assert_eq!(monthly[23]["month"], "2026-01");
    let row = |m: &str| monthly.iter().find(|r| r["month"] == m).unwrap().clone();
    let changed: Vec<(String, Value, Value)> = monthly
        .iter()
        .filter(|r| r["added"] != json!({}) || r["removed"] != json!({}))
        .map(|r| {
            (
                r["month"].as_str().unwrap().to_string(),
                r["added"].clone(),
                r["removed"].clone(),
            )
        })
        .collect();
    let m = |s: &str| s.to_string();
    assert_eq!(
        changed,
        vec![
            (m("2024-02"), json!({"C": 5}), json!({})),
            (m("2025-01"), json!({"C": 3}), json!({"C": 1})),
            (m("2025-06"), json!({"Rust": 6}), json!({"C": 5})),
            (m("2025-11"), json!({"C": 2, "Rust": 4}), json!({})),
            (m("2025-12"), json!({"Rust": 1}), json!({})),
            (m("2026-01"), json!({"C": 1}), json!({})),
        ]
    );

    // Today: C 12 product lines (old 3, legacy 6, new 3), Rust 11; walked back by net lines.
    let share = |m: &str| row(m)["rust_share"].as_f64().unwrap();
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    assert!(close(share("2026-01"), 11.0 / 23.0));
    assert!(close(share("2025-12"), 11.0 / 22.0));
    assert!(close(share("2025-11"), 10.0 / 21.0));
    assert!(close(share("2025-10"), 6.0 / 15.0));
    assert!(close(share("2025-06"), 6.0 / 15.0));
    assert!(close(share("2025-05"), 0.0));
    assert!(close(share("2024-02"), 0.0));

    let files = c["files"].as_array().unwrap();
    let file = |p: &str| files.iter().find(|f| f["path"] == p).unwrap().clone();
    assert_eq!(
        file("src/old.c"),
        json!({"path": "src/old.c", "last_change": "2023-03-10", "added_12m": 0, "added_24m": 0})
    );
    assert_eq!(
        file("src/legacy.c"),
        json!({"path": "src/legacy.c", "last_change": "2025-01-20", "added_12m": 3, "added_24m": 3})
    );
    assert_eq!(
        file("src/new.c"),
        json!({"path": "src/new.c", "last_change": "2026-01-15", "added_12m": 3, "added_24m": 3})
    );
    // The merge is the first-parent change of src/lib.rs.
    assert_eq!(
        file("src/lib.rs"),
        json!({"path": "src/lib.rs", "last_change": "2025-12-20", "added_12m": 11, "added_24m": 11})
    );
    assert_eq!(files.len(), 4, "{files:?}");

    let comps = c["components"].as_array().unwrap();
    let src = comps.iter().find(|c| c["path"] == "src").unwrap();
    // gone.c's 5 lines (2024-02) are within 24 months, not 12.
    assert_eq!(
        src,
        &json!({"path": "src", "unsafe_added_12m": 6, "unsafe_added_24m": 11,
                "rust_added_12m": 11, "last_change": "2026-01-15"})
    );

    // By lines added: legacy.c's 3 lines added 360 days ago (one changed, two new) and new.c's
    // 3 are younger than a year; legacy.c's other 3 (2023-03) and old.c's 3 are older than two
    // years, within 5.
    assert_eq!(
        c["unsafe_age"],
        json!({"lines": 12, "changed_1y": 6, "changed_2y": 6, "changed_5y": 12, "unknown": 0})
    );
}

#[test]
fn shallow_or_disabled_history_has_no_changes() {
    let t = TestTree::new();
    build(t.path());
    let dst = tempfile::tempdir().unwrap();
    let url = format!("file://{}", t.path().display());
    git(
        dst.path(),
        &["clone", "-q", "--depth", "1", &url, "shallow"],
        "2026-01-15T12:00:00Z",
        "x@y",
    );
    let r = scan(&dst.path().join("shallow"), &[]);
    assert_eq!(r["history"]["shallow"], true);
    assert_eq!(r["history"]["changes"], Value::Null);
    let r = scan(t.path(), &["--no-history"]);
    assert_eq!(r["history"]["changes"], Value::Null);
}

#[test]
fn history_budget_is_checked_and_used() {
    let t = TestTree::new().file("src/a.c", "int main(void) { return 0; }\n");
    for bad in ["0", "abc", "601", "NaN"] {
        let out = bin()
            .args(["scan", "--history-budget", bad])
            .arg(t.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "--history-budget {bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(err.contains("--history-budget"), "{err}");
    }
    let out = bin()
        .args(["scan", "--format", "json", "--history-budget", "10s"])
        .arg(t.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}
