//! Issue 7: a terminal that feels native: progress only on a terminal, colours on request,
//! completions, man page, examples in every --help.

use std::process::Command;

use crate::support::{TestTree, bin, fixture};

fn script_available() -> bool {
    Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn progress_appears_on_a_terminal_and_not_when_piped() {
    let exe = assert_cmd::cargo::cargo_bin("rust-ready");
    let t = TestTree::new().file("a.c", "int a;\n");
    // Piped: stderr holds no progress.
    let piped = bin()
        .args(["scan", "--no-history"])
        .arg(t.path())
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&piped.stderr).contains("scanning:"));
    if !script_available() {
        println!("skipped the pty half: util-linux `script` not installed");
        return;
    }
    // On a pseudo-terminal (util-linux `script`), the indicator draws on stderr.
    let cmd = format!(
        "{} scan --no-history {} > /dev/null",
        exe.display(),
        t.path().display()
    );
    let out = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .output()
        .unwrap();
    let tty = String::from_utf8_lossy(&out.stdout);
    assert!(
        tty.contains("scanning:"),
        "no progress on a terminal: {tty:?}"
    );
    let quiet = format!(
        "{} scan --no-history --quiet {} > /dev/null",
        exe.display(),
        t.path().display()
    );
    let out = Command::new("script")
        .args(["-qec", &quiet, "/dev/null"])
        .output()
        .unwrap();
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("scanning:"),
        "--quiet hides it"
    );
}

#[test]
fn colours_follow_the_flag_and_no_color() {
    let f = fixture("c-server");
    let always = bin()
        .args(["scan", "--no-history", "--color", "always"])
        .arg(&f)
        .output()
        .unwrap();
    assert!(always.stdout.contains(&0x1b));
    let never = bin()
        .args(["scan", "--no-history", "--color", "never"])
        .arg(&f)
        .output()
        .unwrap();
    assert!(!never.stdout.contains(&0x1b));
    let auto_piped = bin()
        .args(["scan", "--no-history"])
        .arg(&f)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!auto_piped.stdout.contains(&0x1b));
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish"] {
        let out = bin().args(["completions", shell]).output().unwrap();
        assert!(out.status.success());
        assert!(String::from_utf8_lossy(&out.stdout).contains("rust-ready"));
    }
    let man = bin().arg("man").output().unwrap();
    assert!(man.status.success());
    assert!(String::from_utf8_lossy(&man.stdout).contains(".TH"));
}

#[test]
fn every_help_has_an_example() {
    for cmd in [
        &[][..],
        &["scan"],
        &["compare"],
        &["init"],
        &["criteria"],
        &["schema"],
        &["completions"],
        &["man"],
    ] {
        let out = bin().args(cmd).arg("--help").output().unwrap();
        assert!(out.status.success(), "{cmd:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Example"), "{cmd:?} --help has no example");
    }
}
