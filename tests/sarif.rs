//! Issue 15, item 3: SARIF that code scanning can use. Rules with help, helpUri and
//! security-severity; fingerprints that survive lines inserted above; repository-relative URIs;
//! notes opt-in; caps announced; GitHub's documented upload limits respected.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::support::{TestTree, bin, fixture};

fn sarif(path: &std::path::Path, extra: &[&str]) -> Value {
    let out = bin()
        .arg("scan")
        .arg(path)
        .args(["--no-history", "-q", "-f", "sarif"])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_valid(&v);
    v
}

/// The vendored OASIS schema, plus GitHub's limits (docs.github.com, "SARIF results exceed
/// one or more limits"): 20 runs per file, 25,000 results and rules per run, 1,000 locations
/// per result, 20 tags per rule.
pub fn assert_valid(v: &Value) {
    static V: std::sync::OnceLock<jsonschema::Validator> = std::sync::OnceLock::new();
    let validator = V.get_or_init(|| {
        let schema: Value =
            serde_json::from_str(include_str!("data/sarif-schema-2.1.0.json")).unwrap();
        jsonschema::validator_for(&schema).unwrap()
    });
    let errors: Vec<String> = validator.iter_errors(v).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let runs = v["runs"].as_array().unwrap();
    assert!(runs.len() <= 20);
    for run in runs {
        assert!(run["results"].as_array().unwrap().len() <= 25_000);
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert!(rules.len() <= 25_000);
        for r in rules {
            assert!(r["properties"]["tags"].as_array().unwrap().len() <= 10);
        }
        for res in run["results"].as_array().unwrap() {
            assert!(res["locations"].as_array().unwrap().len() <= 100);
        }
    }
}

const C_FILE: &str = "#include <string.h>\n#include <stdio.h>\n#include <stdlib.h>\nvoid f(char *d, const char *s) {\n  strcpy(d, s);\n  strcpy(d, s);\n  sprintf(d, \"%s\", s);\n  char *p = malloc(4);\n  free(p);\n  gets(d);\n}\n";
const RS_FILE: &str = "pub fn a(p: *const u8) -> u8 {\n    // SAFETY: caller passes a valid pointer\n    unsafe { *p }\n}\n\npub unsafe fn b() {}\n\nextern \"C\" {\n    fn c();\n}\n";

#[test]
fn every_rule_explains_itself() {
    for f in ["c-server", "unsafe-mix", "go-service", "rust-cli"] {
        let v = sarif(&fixture(f), &["--sarif-notes"]);
        for rule in v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap() {
            let id = rule["id"].as_str().unwrap();
            for key in ["shortDescription", "fullDescription"] {
                assert!(
                    !rule[key]["text"].as_str().unwrap().is_empty(),
                    "{id} {key}"
                );
            }
            let help = rule["help"]["text"].as_str().unwrap();
            let md = rule["help"]["markdown"].as_str().unwrap();
            assert!(
                help.contains("Why it is risky") && help.contains("In Rust"),
                "{id}: {help}"
            );
            assert!(
                md.contains("**In Rust.**") && md.contains("CWE-"),
                "{id}: {md}"
            );
            assert!(
                rule["helpUri"].as_str().unwrap().starts_with("https://"),
                "{id}"
            );
            let sev: f64 = rule["properties"]["security-severity"]
                .as_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!((0.0..=10.0).contains(&sev), "{id}");
            let tags: Vec<&str> = rule["properties"]["tags"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap())
                .collect();
            assert!(tags.contains(&"security"), "{id}: {tags:?}");
            assert!(tags.iter().any(|t| t.starts_with("CWE-")), "{id}: {tags:?}");
            assert!(!id.contains(' '), "{id}");
        }
    }
    // Rust rules say what the construct is, not "block in Rust code".
    let v = sarif(&fixture("unsafe-mix"), &[]);
    let rust: Vec<&Value> = v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ruleId"].as_str().unwrap().starts_with("rust/"))
        .collect();
    assert!(!rust.is_empty());
    for r in rust {
        let m = r["message"]["text"].as_str().unwrap();
        assert!(m.starts_with("unsafe ") || m.starts_with("foreign"), "{m}");
    }
}

fn fingerprints(v: &Value) -> BTreeSet<(String, String, String)> {
    v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap().to_string(),
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                r["partialFingerprints"]["primaryLocationLineHash"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            )
        })
        .collect()
}

fn lines(v: &Value) -> Vec<u64> {
    v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .unwrap()
        })
        .collect()
}

#[test]
fn fingerprints_survive_a_line_inserted_at_the_top() {
    let t = TestTree::new()
        .file("src/a.c", C_FILE)
        .file("src/lib.rs", RS_FILE);
    let before = sarif(t.path(), &["--sarif-notes"]);
    for f in ["src/a.c", "src/lib.rs"] {
        let old = std::fs::read_to_string(t.join(f)).unwrap();
        std::fs::write(t.join(f), format!("// a new first line\n{old}")).unwrap();
    }
    let after = sarif(t.path(), &["--sarif-notes"]);
    let fb = fingerprints(&before);
    assert!(fb.len() >= 8, "{fb:?}");
    assert_eq!(fb, fingerprints(&after), "every fingerprint is kept");
    let shifted: Vec<u64> = lines(&before).iter().map(|l| l + 1).collect();
    assert_eq!(shifted, lines(&after), "while every line moved down by one");
    // Two identical strcpy lines are told apart by their order, not their line.
    let strcpy: Vec<_> = fb.iter().filter(|f| f.0 == "c/strcpy").collect();
    assert_eq!(strcpy.len(), 2);
    assert_ne!(strcpy[0].2, strcpy[1].2);
}

#[test]
fn uris_are_relative_to_the_git_work_tree() {
    let t = TestTree::new()
        .file(".git/HEAD", "ref: refs/heads/main\n")
        .file("services/api/src/a.c", C_FILE);
    let v = sarif(&t.join("services/api"), &[]);
    let run = &v["runs"][0];
    assert_eq!(run["automationDetails"]["id"], "rust-ready/services/api/");
    for r in run["results"].as_array().unwrap() {
        let loc = &r["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(loc["uri"], "services/api/src/a.c");
        assert_eq!(loc["uriBaseId"], "%SRCROOT%");
    }
    // The report carries where it sits, so a saved report renders the same SARIF.
    let out = bin()
        .arg("scan")
        .arg(t.join("services/api"))
        .args(["--no-history", "-q", "-f", "json"])
        .output()
        .unwrap();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["repository_path"], "services/api");
    // At the top of the work tree the URIs are the tree's own paths.
    let v = sarif(t.path(), &[]);
    assert_eq!(v["runs"][0]["automationDetails"]["id"], "rust-ready/./");
    assert_eq!(
        v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "services/api/src/a.c"
    );
}

#[test]
fn notes_are_opt_in_and_announced() {
    let t = TestTree::new().file("src/a.c", C_FILE);
    let levels = |v: &Value| -> BTreeSet<String> {
        v["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["level"].as_str().unwrap().to_string())
            .collect()
    };
    let default = sarif(t.path(), &[]);
    assert!(!levels(&default).contains("note"), "{:?}", levels(&default));
    assert!(levels(&default).contains("error"));
    let n = &default["runs"][0]["invocations"][0]["toolExecutionNotifications"];
    assert!(
        n.to_string().contains("--sarif-notes") && n.to_string().contains("malloc"),
        "{n}"
    );
    let all = sarif(t.path(), &["--sarif-notes"]);
    assert!(levels(&all).contains("note"));
}

#[test]
fn caps_that_cut_results_are_announced() {
    let mut c = String::from("#include <string.h>\nvoid f(char *d, const char *s) {\n");
    for i in 0..40 {
        c.push_str(&format!("  strcpy(d + {i}, s);\n"));
    }
    c.push_str("}\n");
    let t = TestTree::new().file("big.c", c);
    let v = sarif(t.path(), &[]);
    let run = &v["runs"][0];
    assert_eq!(run["results"].as_array().unwrap().len(), 25);
    let n = run["invocations"][0]["toolExecutionNotifications"].to_string();
    assert!(
        n.contains("results-capped") && n.contains("25 of 40"),
        "{n}"
    );
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
}

#[test]
fn each_writes_one_run_per_project_and_merges_above_twenty() {
    let mut t = TestTree::new();
    for i in 0..3 {
        // Each project is the top of its own repository, so each alone would be `rust-ready/./`.
        t = t
            .file(&format!("p{i}/src/a.c"), C_FILE)
            .file(&format!("p{i}/.git/HEAD"), "ref: refs/heads/main\n");
    }
    let run = |t: &TestTree| -> Value {
        let out = bin()
            .args(["scan", "--each", "--no-history", "-q", "-f", "sarif"])
            .arg(t.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_valid(&v);
        v
    };
    let three = run(&t);
    let runs = three["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 3);
    let ids: BTreeSet<&str> = runs
        .iter()
        .map(|r| r["automationDetails"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 3, "one category per project: {ids:?}");
    for i in 3..21 {
        t = t
            .file(&format!("p{i}/src/a.c"), C_FILE)
            .file(&format!("p{i}/.git/HEAD"), "ref: refs/heads/main\n");
    }
    let v = run(&t);
    let runs = v["runs"].as_array().unwrap();
    assert_eq!(
        runs.len(),
        1,
        "21 projects: merged under GitHub's 20 runs per file"
    );
    assert!(
        runs[0]["invocations"][0]["toolExecutionNotifications"]
            .to_string()
            .contains("runs-merged")
    );
}
