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
