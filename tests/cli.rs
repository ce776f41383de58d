//! Command-line behaviour: exit codes, errors, output files, pipes.

use crate::support::{TestTree, bin, scan_json};

#[test]
fn missing_path_is_exit_2_with_one_line() {
    let out = bin()
        .args(["scan", "/definitely/not/here"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("/definitely/not/here"));
}

#[test]
fn a_file_is_scanned_as_a_one_file_tree() {
    let t = TestTree::new().file("a.c", "int main(void) { return 0; }\n");
    let r = scan_json(&t.join("a.c"), &[]);
    assert_eq!(r["languages"][0]["name"], "C");
    assert_eq!(r["languages"][0]["code"], 1);
}
