//! Issue 4: the `dependencies` section on the fixtures and on generated trees.

use serde_json::Value;

use crate::support::{TestTree, fixture, scan_json};

fn eco<'a>(r: &'a Value, name: &str) -> &'a Value {
    r["dependencies"]["ecosystems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["ecosystem"] == name)
        .unwrap()
}

#[test]
fn cargo_workspace_counts_third_party_locked_packages() {
    let r = scan_json(&fixture("rust-cli"), &[]);
    let e = eco(&r, "cargo");
    // 17 [[package]] entries minus the two workspace members.
    assert_eq!(e["locked_count"], 15);
    assert_eq!(
        e["direct_count"], 5,
        "anyhow, clap, memchr, serde, serde_json (path deps excluded)"
    );
    assert_eq!(e["manifests"].as_array().unwrap().len(), 4);
}

#[test]
fn npm_lock_v3_and_rust_equivalents() {
    let r = scan_json(&fixture("ts-frontend"), &[]);
    let e = eco(&r, "npm");
    assert_eq!(e["locked_count"], 16, "packages minus the root");
    assert_eq!(e["direct_count"], 10);
    let eq = &e["rust_equivalents"];
    assert!(
        eq["examples"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x == "axios -> reqwest")
    );
    assert!(
        eq["uncovered"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x == "react-dom")
    );
}

#[test]
fn go_sum_pairs_and_python_without_lockfile() {
    let g = scan_json(&fixture("go-service"), &[]);
    assert_eq!(eco(&g, "go")["locked_count"], 10);
    assert_eq!(
        eco(&g, "go")["direct_count"],
        6,
        "indirect requirements are not direct"
    );
    let p = scan_json(&fixture("django-crud"), &[]);
    let py = eco(&p, "pypi");
    assert!(py["locked_count"].is_null(), "no lockfile is null, never 0");
    assert_eq!(
        py["direct_count"], 11,
        "requirements-dev.txt's -r include deduplicated by name"
    );
}

#[test]
fn malformed_manifests_are_warnings_and_the_scan_goes_on() {
    let t = TestTree::new()
        .file("Cargo.toml", "[package\nname = \"x\"\n")
        .file("web/package.json", "{\"name\": ")
        .file(
            "svc/go.mod",
            "module m\nrequire (\n  github.com/a/b v1.0.0\n)\n",
        )
        .file("main.rs", "fn main() {}\n");
    let r = scan_json(t.path(), &[]);
    let w: Vec<&Value> = r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["kind"] == "manifest_parse")
        .collect();
    assert_eq!(w.len(), 2);
    assert!(w.iter().any(|w| w["path"] == "Cargo.toml" && w["message"].as_str().unwrap().contains("line 1")));
    assert_eq!(eco(&r, "go")["direct_count"], 1);
}

#[test]
fn vendored_manifests_are_not_the_projects() {
    let t = TestTree::new()
        .file(
            "package.json",
            "{\"name\":\"app\",\"dependencies\":{\"express\":\"^4\"}}",
        )
        .file(
            "node_modules/express/package.json",
            "{\"name\":\"express\",\"dependencies\":{\"body-parser\":\"1\"}}",
        );
    let r = scan_json(t.path(), &[]);
    let e = eco(&r, "npm");
    assert_eq!(e["manifests"].as_array().unwrap().len(), 1);
    assert_eq!(e["direct_count"], 1);
}

#[test]
fn monorepo_manifests_dedupe_by_name() {
    let t = TestTree::new()
        .file("a/package.json", "{\"name\":\"a\",\"dependencies\":{\"lodash\":\"^4\",\"b\":\"workspace:*\"}}")
        .file("b/package.json", "{\"name\":\"b\",\"dependencies\":{\"lodash\":\"^4.17\"},\"devDependencies\":{\"jest\":\"29\"}}");
    let r = scan_json(t.path(), &[]);
    let e = eco(&r, "npm");
    let names: Vec<&str> = e["direct"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["jest", "lodash"]);
}
