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

#[test]
fn deps_unsafe_reads_only_crates_already_on_disk() {
    let home = TestTree::new()
        .file(
            "registry/src/index.example-1/itoa-1.0.9/src/lib.rs",
            "pub fn f(p: *const u8) -> u8 { unsafe { *p } }\nunsafe impl Send for X {}\n",
        )
        .file(
            "registry/src/index.example-1/itoa-1.0.9/Cargo.toml",
            "[package]\nname = \"itoa\"\n",
        );
    let t = TestTree::new()
        .file("Cargo.toml", "[package]\nname = \"app\"\nversion = \"0.1.0\"\n[dependencies]\nitoa = \"1\"\nryu = \"1\"\n")
        .file("Cargo.lock", "version = 4\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\n[[package]]\nname = \"itoa\"\nversion = \"1.0.9\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n[[package]]\nname = \"ryu\"\nversion = \"1.0.18\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n")
        .file("src/main.rs", "fn main() {}\n");
    let out = crate::support::bin()
        .args(["scan", "--no-history", "-f", "json", "--deps-unsafe"])
        .arg(t.path())
        .env("CARGO_HOME", home.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    crate::support::assert_valid_report(&r);
    let cu = &eco(&r, "cargo")["crate_unsafe"];
    assert_eq!(cu["on_disk"], 1);
    assert_eq!(cu["not_on_disk"], 1);
    assert_eq!(cu["not_on_disk_examples"][0], "ryu@1.0.18");
    assert_eq!(cu["findings"], 2);
    assert_eq!(cu["top"][0]["by_kind"]["impl"], 1);
}

#[test]
fn cargo_metadata_runs_hardened_and_nothing_from_the_tree_runs() {
    use std::os::unix::fs::PermissionsExt;
    if std::process::Command::new("cargo")
        .arg("--version")
        .output()
        .is_err()
    {
        println!("skipped: cargo not installed");
        return;
    }
    let markers = TestTree::new();
    let script = |name: &str| {
        let marker = markers.join(name);
        let p = markers.join(&format!("{name}.sh"));
        std::fs::write(
            &p,
            format!("#!/bin/sh\ntouch {}\nexec \"$@\"\n", marker.display()),
        )
        .unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        p
    };
    let (wrapper, rustc, runner) = (script("WRAPPER"), script("RUSTC"), script("RUNNER"));
    let toolchain = markers.join("toolchain");
    std::fs::create_dir_all(toolchain.join("bin")).unwrap();
    for tool in ["cargo", "rustc"] {
        let p = toolchain.join("bin").join(tool);
        std::fs::write(
            &p,
            format!(
                "#!/bin/sh\ntouch {}\n",
                markers.join(&format!("TOOLCHAIN_{tool}")).display()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let t = TestTree::new()
        .file("Cargo.toml", "[package]\nname = \"victim\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\nitoa = \"1\"\n\n[target.'cfg(unix)'.dependencies]\nlibc = { version = \"0.2\", optional = true }\n")
        .file("src/main.rs", "fn main() {}\n")
        .file(
            ".cargo/config.toml",
            format!(
                "[build]\nrustc-wrapper = \"{}\"\nrustc = \"{}\"\n[target.x86_64-unknown-linux-gnu]\nrunner = \"{}\"\n",
                wrapper.display(),
                rustc.display(),
                runner.display()
            ),
        )
        .file("rust-toolchain.toml", format!("[toolchain]\npath = \"{}\"\n", toolchain.display()));
    let before: Vec<String> = std::fs::read_dir(t.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let out = crate::support::bin()
        .current_dir(t.path())
        .args([
            "scan",
            ".",
            "--no-history",
            "-f",
            "json",
            "--cargo-metadata",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let cm = &eco(&r, "cargo")["cargo_metadata"];
    assert!(cm["error"].is_null(), "{cm}");
    assert_eq!(cm["packages"], 1);
    assert_eq!(cm["dependencies"], 2);
    assert_eq!(cm["optional"], 1);
    assert_eq!(cm["platform_specific"], 1);
    let ran: Vec<String> = std::fs::read_dir(markers.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".sh") && n != "toolchain")
        .collect();
    assert!(ran.is_empty(), "markers appeared: {ran:?}");
    let after: Vec<String> = std::fs::read_dir(t.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        before.len(),
        after.len(),
        "no Cargo.lock or other file was written: {after:?}"
    );
}
