//! rust-ready.toml, --answer, init and criteria.

use serde_json::Value;

use crate::support::{TestTree, bin, scan_json};

#[test]
fn declared_answers_are_marked_and_override() {
    let t = TestTree::new().file("main.c", "int main(void) { return 0; }\n");
    let r = scan_json(
        t.path(),
        &[
            "--answer",
            "team_rust_experience=strong",
            "--answer",
            "team_size=12",
        ],
    );
    let c = r["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "small_unfamiliar_team")
        .unwrap()
        .clone();
    assert_eq!(c["declared"], true);
    assert_eq!(c["strength"], 0.0);
    assert!(c["evidence"][0].as_str().unwrap().starts_with("declared"));
}

#[test]
fn config_file_at_the_root_is_read() {
    let t = TestTree::new()
        .file("main.c", "int main(void) { return 0; }\n")
        .file("gen/x.c", "int x;\n")
        .file("rust-ready.toml", "[scan]\nexclude = [\"gen/\"]\n[answers]\nprototype = true\n[weights]\nmemory_safety = 3.0\n");
    let r: Value = scan_json(t.path(), &[]);
    let c = r["criteria"].as_array().unwrap();
    let proto = c.iter().find(|c| c["id"] == "rapid_prototyping").unwrap();
    assert_eq!(proto["declared"], true);
    assert_eq!(proto["strength"], 1.0);
    assert_eq!(
        c.iter().find(|c| c["id"] == "memory_safety").unwrap()["weight"],
        3.0
    );
    let cfiles = r["languages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"] == "C")
        .unwrap()["files"]
        .clone();
    assert_eq!(cfiles, 1, "[scan] exclude applied");
}

#[test]
fn unknown_keys_and_bad_values_are_exit_2_naming_the_key() {
    let t = TestTree::new()
        .file("a.c", "int a;\n")
        .file("rust-ready.toml", "[answers]\nteam_sise = 3\n");
    let out = bin()
        .args(["scan", "--no-history"])
        .arg(t.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("team_sise") && err.contains("rust-ready.toml"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    let out = bin()
        .args(["scan", "--no-history", "--answer", "team_size=lots"])
        .arg(t.path())
        .arg("--config")
        .arg("/dev/null")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("team_size"));
}

#[test]
fn init_writes_a_template_that_parses() {
    let t = TestTree::new();
    let out = bin().arg("init").arg(t.path()).output().unwrap();
    assert!(out.status.success());
    let written = std::fs::read_to_string(t.join("rust-ready.toml")).unwrap();
    assert!(written.contains("[answers]"));
    let again = bin().arg("init").arg(t.path()).output().unwrap();
    assert_eq!(again.status.code(), Some(2), "refuses to overwrite");
    let scan = bin()
        .args(["scan", "--no-history"])
        .arg(t.path())
        .output()
        .unwrap();
    assert!(scan.status.success(), "the template is a valid config");
}

#[test]
fn criteria_lists_all_ten_with_weights_and_signals() {
    let out = bin().arg("criteria").output().unwrap();
    assert!(out.status.success());
    let s = String::from_utf8_lossy(&out.stdout);
    for id in [
        "memory_safety",
        "predictable_latency",
        "ships_binaries",
        "multi_platform",
        "infrastructure",
        "rapid_prototyping",
        "small_unfamiliar_team",
        "schema_churn",
        "crud_web_app",
        "startup_time",
        "network_server",
    ] {
        assert!(s.contains(id), "{id}");
    }
}
