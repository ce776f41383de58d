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
fn gate_growth_is_in_the_delta_and_needs_a_baseline() {
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
    assert_eq!(code, 2);
    assert!(stderr.contains("needs --baseline"), "{stderr}");
    let f = path(&fixture("c-server"));
    let (code, _, stderr) = run(&["compare", &f, &f, "--fail-on", "new-unsafe-code"]);
    assert_eq!(code, 2, "{stderr}");
}
