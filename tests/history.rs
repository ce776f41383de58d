//! Git history: read in-process, read-only; unknown is reported as unavailable, not zero.

use std::path::Path;

use serde_json::Value;

use crate::support::{TestTree, bin, git_dated as git};

fn history(path: &Path) -> Value {
    let out = bin()
        .args(["scan", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    r["history"].clone()
}

#[test]
fn commits_dates_and_recent_contributors() {
    let t = TestTree::new().file("a.c", "int a;\n");
    let d = t.path();
    git(
        d,
        &["init", "-q", "-b", "main"],
        "2020-01-01T00:00:00Z",
        "x@y",
    );
    git(d, &["add", "."], "2020-01-01T00:00:00Z", "x@y");
    git(
        d,
        &["commit", "-qm", "one"],
        "2022-03-01T12:00:00Z",
        "Old@Example.com",
    );
    std::fs::write(d.join("b.c"), "int b;\n").unwrap();
    git(d, &["add", "."], "2024-01-01T00:00:00Z", "x@y");
    git(
        d,
        &["commit", "-qm", "two"],
        "2024-05-01T12:00:00Z",
        "alice@example.com",
    );
    std::fs::write(d.join("c.c"), "int c;\n").unwrap();
    git(d, &["add", "."], "2024-01-01T00:00:00Z", "x@y");
    git(
        d,
        &["commit", "-qm", "three"],
        "2024-06-01T12:00:00Z",
        "BOB@example.com",
    );
    let h = history(d);
    assert_eq!(h["available"], true);
    assert_eq!(h["commits"], 3);
    assert_eq!(h["first_commit"], "2022-03-01");
    assert_eq!(h["last_commit"], "2024-06-01");
    assert_eq!(
        h["contributors_365d"], 2,
        "the 2022 author is older than a year before the newest commit"
    );
}

#[test]
fn repository_without_commits_and_missing_git_are_unavailable() {
    let t = TestTree::new().file("a.c", "int a;\n");
    let h = history(t.path());
    assert_eq!(h["available"], false);
    assert!(h["commits"].is_null(), "unknown is null, not 0");
    git(t.path(), &["init", "-q"], "2020-01-01T00:00:00Z", "x@y");
    let h = history(t.path());
    assert_eq!(h["available"], false);
    assert!(h["reason"].as_str().unwrap().contains("no commits"));
}

#[test]
fn shallow_clone_is_read() {
    let src = TestTree::new().file("a.c", "int a;\n");
    let d = src.path();
    git(
        d,
        &["init", "-q", "-b", "main"],
        "2020-01-01T00:00:00Z",
        "x@y",
    );
    for i in 0..3 {
        std::fs::write(d.join(format!("f{i}.c")), "int x;\n").unwrap();
        git(d, &["add", "."], "2024-01-01T00:00:00Z", "x@y");
        git(
            d,
            &["commit", "-qm", "c"],
            &format!("2024-0{}-01T00:00:00Z", i + 1),
            "a@b",
        );
    }
    let dst = tempfile::tempdir().unwrap();
    let target = dst.path().join("shallow");
    let url = format!("file://{}", d.display());
    git(
        dst.path(),
        &["clone", "-q", "--depth", "1", &url, "shallow"],
        "2024-01-01T00:00:00Z",
        "x@y",
    );
    let h = history(&target);
    // A shallow clone is "history unknown (shallow, N commits)", never a small team.
    assert_eq!(h["available"], false);
    assert_eq!(h["shallow"], true);
    assert_eq!(h["commits"], 1);
    assert!(h["reason"].as_str().unwrap().contains("shallow"), "{h}");
}
