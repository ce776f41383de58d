//! Issue 13: code evidence, wrappers, exposure, partial migrations, shallow history and team
//! size, each on a fixture built to show it (or a repository built at test time).

use std::process::Command;

use serde_json::Value;

use crate::support::{bin, fixture, git_dated as git, scan_json, scan_json_with_history};

fn criterion<'a>(r: &'a Value, id: &str) -> &'a Value {
    r["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap()
}

fn by_kind(r: &Value, lang: &str, kind: &str) -> u64 {
    r["unsafe"]["languages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["language"] == lang)
        .and_then(|l| l["by_kind"][kind].as_u64())
        .unwrap_or(0)
}

fn recs(r: &Value) -> Vec<(String, String)> {
    r["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["kind"].as_str().unwrap().to_string(),
                x["target"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A C server repository with `authors` distinct authors in 2024.
fn c_repo(authors: usize) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let src = fixture("c-server");
    let out = Command::new("cp")
        .arg("-r")
        .arg(src.join("src"))
        .arg(src.join("include"))
        .arg(d.path())
        .status()
        .unwrap();
    assert!(out.success());
    git(d.path(), &["init", "-q"], "2024-01-01T00:00:00Z", "a@x");
    for i in 0..authors {
        std::fs::write(d.path().join(format!("src/n{i}.c")), format!("int n{i};\n")).unwrap();
        git(d.path(), &["add", "."], "2024-01-01T00:00:00Z", "a@x");
        let date = format!("2024-{:02}-10T00:00:00Z", 1 + i % 12);
        git(
            d.path(),
            &["commit", "-qm", "c"],
            &date,
            &format!("dev{i}@x"),
        );
    }
    d
}

#[test]
fn wrapper_call_sites_count_as_the_wrapped_kind() {
    let r = scan_json(&fixture("verdict-wrappers"), &[]);
    assert_eq!(by_kind(&r, "C", "xmalloc -> malloc"), 12);
    assert_eq!(by_kind(&r, "C Header", "xcopy -> memcpy"), 12);
    assert_eq!(by_kind(&r, "C", "malloc"), 1);
    let w: Vec<(&str, &str, u64)> = r["unsafe"]["wrappers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["name"].as_str().unwrap(),
                w["wraps"].as_str().unwrap(),
                w["call_sites"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(w, vec![("xcopy", "memcpy", 12), ("xmalloc", "malloc", 12)]);
}

#[test]
fn a_format_library_without_sockets_is_exposed() {
    let r = scan_json(&fixture("verdict-format-lib"), &[]);
    let ms = criterion(&r, "memory_safety");
    let ev = ms["evidence"].to_string();
    assert!(ev.contains("parses untrusted files or formats"), "{ev}");
    assert!(ms["strength"].as_f64().unwrap() >= 0.7, "{ms}");
    assert!(
        matches!(
            r["summary"]["verdict"].as_str(),
            Some("candidate" | "strong-candidate")
        ),
        "{}",
        r["summary"]
    );
    assert_eq!(r["start_files"][0]["path"], "src/decode.c");
    assert_eq!(r["start_files"][0]["exposure"], "format parser");
    assert_eq!(recs(&r)[0], ("start_here".into(), "src/decode.c".into()));
}

#[test]
fn a_mixed_project_is_judged_on_what_is_not_rust_yet() {
    let r = scan_json(&fixture("verdict-mixed"), &[]);
    let share = r["summary"]["rust_share"].as_f64().unwrap();
    assert!((0.55..0.75).contains(&share), "{share}");
    assert_ne!(r["summary"]["verdict"], "adopted");
    // The C core gains fully; the Rust already there is credited with Rust's fit, not zero.
    let ms = criterion(&r, "memory_safety");
    assert!(
        ms["evidence"][1].as_str().unwrap().contains("already Rust"),
        "{ms}"
    );
    assert!(r["summary"]["remaining_benefit"].as_f64().is_some());
    assert_eq!(recs(&r)[0], ("start_here".into(), "core/records.c".into()));
    // Components are real units: the Cargo package, and the C core with its own verdict.
    let comps: Vec<(&str, &str, Option<&str>)> = r["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["path"].as_str().unwrap(),
                c["kind"].as_str().unwrap(),
                c["verdict"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        comps,
        vec![
            ("crates/cli", "binary", None),
            ("core", "directory", Some("strong-candidate"))
        ]
    );
    assert_eq!(r["components"][1]["exposure"], "format");
    assert_eq!(r["components"][1]["memory_unsafe_share"], 1.0);
}

#[test]
fn a_cxx_bridged_project_is_told_to_extend_its_bridge() {
    let r = scan_json(&fixture("verdict-cxx"), &[]);
    let rs = recs(&r);
    assert!(
        rs.contains(&(
            "adoption_path".into(),
            "extend the existing cxx bridge".into()
        )),
        "{rs:?}"
    );
    assert!(
        rs.iter()
            .all(|(_, t)| !t.contains("cbindgen") && t != "CLI rewrite"),
        "{rs:?}"
    );
    assert_eq!(rs[0], ("start_here".into(), "src/daemon.cpp".into()));
    assert!(
        r["summary"]["headline"]
            .as_str()
            .unwrap()
            .contains("already in Rust; continue with src/daemon.cpp"),
        "{}",
        r["summary"]["headline"]
    );
}

#[test]
fn no_evidence_from_comments_strings_tests_or_examples() {
    let r = scan_json(&fixture("verdict-tempting"), &[]);
    assert!(
        r["signals"].as_array().unwrap().is_empty(),
        "{}",
        r["signals"]
    );
    for c in r["criteria"].as_array().unwrap() {
        assert!(c["evidence_items"].as_array().unwrap().is_empty(), "{c}");
    }
    assert_eq!(criterion(&r, "crud_web_app")["confidence"], "none");
    assert_eq!(criterion(&r, "infrastructure")["confidence"], "none");
}

#[test]
fn code_evidence_names_path_and_line_in_product_files() {
    let r = scan_json(&fixture("c-server"), &[]);
    let items = criterion(&r, "memory_safety")["evidence_items"]
        .as_array()
        .unwrap()
        .clone();
    let net = items
        .iter()
        .find(|i| i["what"] == "network_server")
        .unwrap();
    assert_eq!(net["path"], "src/server.c");
    assert!(net["line"].as_u64().unwrap() > 1);
    for i in &items {
        let p = i["path"].as_str().unwrap();
        assert!(!p.starts_with("tests/") && !p.starts_with("deps/"), "{i}");
    }
    // Where to start names the socket loop (more risky calls, larger) first and the protocol
    // parser second, each with its located evidence; the helpers come after them.
    assert_eq!(recs(&r)[0], ("start_here".into(), "src/server.c".into()));
    let item = &r["recommendations"][0]["evidence_items"][0];
    assert_eq!(item["path"], "src/server.c");
    assert!(item["line"].as_u64().unwrap() > 1, "{item}");
    assert_eq!(item["what"], "network");
    let starts = r["start_files"].as_array().unwrap();
    assert_eq!(starts[1]["path"], "src/http.c");
    assert_eq!(starts[1]["exposure"], "network parser");
}

#[test]
fn a_shallow_clone_is_history_unknown_not_a_small_team() {
    let full = c_repo(3);
    let dst = tempfile::tempdir().unwrap();
    let url = format!("file://{}", full.path().display());
    git(
        dst.path(),
        &["clone", "-q", "--depth", "1", &url, "s"],
        "2024-12-01T00:00:00Z",
        "x@y",
    );
    let r = scan_json_with_history(&dst.path().join("s"), &[]);
    assert_eq!(r["history"]["shallow"], true);
    assert_eq!(criterion(&r, "small_unfamiliar_team")["confidence"], "none");
    assert_eq!(criterion(&r, "rapid_prototyping")["confidence"], "medium");
    let w = r["warnings"].as_array().unwrap();
    assert!(
        w.iter()
            .any(|w| w["kind"] == "history" && w["message"].as_str().unwrap().contains("shallow")),
        "{w:?}"
    );
    // The verdict does not move because of the shallow clone.
    let deep = scan_json(full.path(), &[]);
    assert_eq!(r["summary"]["score"], deep["summary"]["score"]);
}

#[test]
fn a_large_team_without_rust_is_no_friction() {
    let d = c_repo(40);
    let r = scan_json_with_history(d.path(), &[]);
    assert_eq!(r["history"]["contributors_365d"], 40);
    let team = criterion(&r, "small_unfamiliar_team");
    assert_eq!(team["strength"], 0.0, "{team}");
    assert_eq!(team["confidence"], "medium");
}

#[test]
fn components_table_in_the_terminal() {
    let out = bin()
        .args(["scan", "--no-history", "--components"])
        .arg(fixture("verdict-mixed"))
        .env("COLUMNS", "100")
        .output()
        .unwrap();
    assert!(out.status.success());
    let s = String::from_utf8_lossy(&out.stdout);
    let table: Vec<&str> = s
        .lines()
        .skip_while(|l| *l != "Components")
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(
        table
            .iter()
            .any(|l| l.contains("crates/cli") && l.contains("binary")),
        "{s}"
    );
    assert!(
        table
            .iter()
            .any(|l| l.contains("core") && l.contains("strong-candi")),
        "{s}"
    );
    assert!(table.iter().all(|l| l.chars().count() <= 100), "{table:?}");
    // Without the flag the table is not printed.
    let plain = bin()
        .args(["scan", "--no-history"])
        .arg(fixture("verdict-mixed"))
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&plain.stdout).contains("\nComponents\n"));
}
