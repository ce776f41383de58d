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

/// A reader that stops early (`rust-ready scan -f json | head -c 100`) ends the scan quietly:
/// the report streams to stdout, and a closed pipe is a normal end, not an error.
#[test]
fn a_closed_stdout_mid_report_is_a_quiet_end() {
    use std::io::Read;
    let mut t = TestTree::new();
    for i in 0..3000 {
        t = t.file(
            &format!("src/m{i:04}/parse_{i}.c"),
            "void f(char *d, const char *s) { strcpy(d, s); }\n",
        );
    }
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("rust-ready"))
        .args(["scan", "--format", "json", "--no-history", "-q"])
        .arg(t.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut head).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(head.starts_with(b"{"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.is_empty(), "{err}");
    assert_eq!(out.status.code(), Some(0));
}
