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
    let t = one_c_file();
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

/// `-o` naming a FIFO (as `-o /dev/null` names a device) writes into it: the atomic
/// write-and-rename is for regular files only, and renaming over a device or pipe would
/// replace it with a file (as root, `-o /dev/null` would have replaced /dev/null).
#[cfg(unix)]
#[test]
fn an_output_that_is_a_fifo_is_written_into_not_replaced() {
    use std::io::Read;
    use std::os::unix::fs::FileTypeExt;
    let t = one_c_file();
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("report.pipe");
    mkfifo(&fifo);
    let reader_path = fifo.clone();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut got = Vec::new();
        let r = std::fs::File::open(&reader_path).and_then(|mut f| f.read_to_end(&mut got));
        let _ = tx.send(r.map(|_| got));
    });
    scan_to(&fifo, &t);
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the FIFO was replaced by {kind:?}");
    let got = rx
        .recv_timeout(std::time::Duration::from_secs(30))
        .expect("the reader of the FIFO got the report")
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&got).unwrap();
    assert_eq!(v["languages"][0]["name"], "C");
}

/// `-o` naming a symbolic link replaces the file it names and keeps the link.
#[cfg(unix)]
#[test]
fn an_output_that_is_a_link_replaces_its_target_and_keeps_the_link() {
    let t = one_c_file();
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.json");
    std::fs::write(&real, "old").unwrap();
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    scan_to(&link, &t);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&real).unwrap()).unwrap();
    assert_eq!(v["languages"][0]["name"], "C");
}

/// `--baseline -` reads the old report from standard input, `--baseline <(slow producer)`
/// waits for the pipe instead of failing with "Resource temporarily unavailable", and
/// `compare` takes `-` as a saved report.
#[cfg(unix)]
#[test]
fn a_baseline_from_stdin_or_a_slow_pipe_is_read() {
    use std::io::Write;
    let t = one_c_file();
    let base = bin()
        .args(["scan", "--format", "json", "--no-history", "-q"])
        .arg(t.path())
        .output()
        .unwrap();
    assert_eq!(base.status.code(), Some(0));
    let from_stdin = bin()
        .args([
            "scan",
            "--format",
            "json",
            "--no-history",
            "-q",
            "--baseline",
            "-",
        ])
        .arg(t.path())
        .write_stdin(base.stdout.clone())
        .output()
        .unwrap();
    assert_eq!(
        from_stdin.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&from_stdin.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&from_stdin.stdout).unwrap();
    assert_eq!(v["delta"]["score"]["change"], 0.0);

    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("old.json");
    mkfifo(&fifo);
    let writer_path = fifo.clone();
    let old = base.stdout.clone();
    let writer = std::thread::spawn(move || {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(&writer_path)
            .unwrap();
        // The reader has opened the pipe and found nothing yet: it must wait, not fail.
        std::thread::sleep(std::time::Duration::from_millis(300));
        f.write_all(&old).unwrap();
    });
    let from_pipe = bin()
        .args([
            "scan",
            "--format",
            "json",
            "--no-history",
            "-q",
            "--baseline",
        ])
        .arg(&fifo)
        .arg(t.path())
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    writer.join().unwrap();
    assert_eq!(
        from_pipe.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&from_pipe.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&from_pipe.stdout).unwrap();
    assert_eq!(v["delta"]["score"]["change"], 0.0);

    let saved = dir.path().join("saved.json");
    std::fs::write(&saved, &base.stdout).unwrap();
    let cmp = bin()
        .args(["compare", "--format", "json", "-q"])
        .arg(&saved)
        .arg("-")
        .write_stdin(base.stdout)
        .output()
        .unwrap();
    assert_eq!(
        cmp.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&cmp.stderr)
    );
}

/// A tree of one C file.
fn one_c_file() -> TestTree {
    TestTree::new().file("a.c", "int main(void) { return 0; }\n")
}

/// Makes a named pipe at `p` (with the system's `mkfifo`).
#[cfg(unix)]
fn mkfifo(p: &std::path::Path) {
    let made = std::process::Command::new("mkfifo")
        .arg(p)
        .status()
        .unwrap();
    assert!(made.success(), "mkfifo {}", p.display());
}

/// Scans `t` with `-o out` (JSON) and expects exit 0.
fn scan_to(out: &std::path::Path, t: &TestTree) {
    let o = bin()
        .args(["scan", "--format", "json", "--no-history", "-q", "-o"])
        .arg(out)
        .arg(t.path())
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}
