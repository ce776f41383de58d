//! `--cargo-metadata`: the only place rust-ready runs a program, opt-in, and hardened as
//! DESIGN.md requires: `cargo metadata --no-deps --frozen` (no resolver, no rustc, no index,
//! no Cargo.lock write), working directory `/` (no repository `.cargo/config.toml` is
//! discovered), `RUSTUP_TOOLCHAIN=stable` (a `rust-toolchain.toml` cannot pick the binary),
//! `RUSTC_WRAPPER`/`RUSTC_WORKSPACE_WRAPPER` emptied, `CARGO_NET_OFFLINE=true`.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::report::model::CargoMetadata;

/// Runs hardened `cargo metadata` on `root/Cargo.toml`.
pub fn run(root: &Path) -> Option<CargoMetadata> {
    let manifest = root.join("Cargo.toml");
    if !manifest.is_file() {
        return None;
    }
    let out = Command::new("cargo")
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--frozen",
            "--manifest-path",
        ])
        .arg(&manifest)
        .current_dir("/")
        .env("RUSTUP_TOOLCHAIN", "stable")
        .env("CARGO_NET_OFFLINE", "true")
        .env("RUSTC_WRAPPER", "")
        .env("RUSTC_WORKSPACE_WRAPPER", "")
        .env_remove("RUSTC")
        .env_remove("CARGO_BUILD_RUSTC")
        .env_remove("CARGO_BUILD_RUSTC_WRAPPER")
        .stdin(Stdio::null())
        .output();
    let fail = |e: String| {
        Some(CargoMetadata {
            error: Some(e),
            ..CargoMetadata::default()
        })
    };
    let out = match out {
        Ok(o) => o,
        Err(e) => return fail(format!("cannot run cargo: {e}")),
    };
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return fail(
            err.lines()
                .find(|l| l.contains("error"))
                .unwrap_or("cargo metadata failed")
                .to_string(),
        );
    }
    let v: serde_json::Value = match serde_json::from_slice(&out.stdout) {
        Ok(v) => v,
        Err(e) => return fail(format!("unreadable cargo metadata output: {e}")),
    };
    let mut m = CargoMetadata::default();
    for p in v["packages"].as_array().into_iter().flatten() {
        m.packages += 1;
        for d in p["dependencies"].as_array().into_iter().flatten() {
            m.dependencies += 1;
            m.optional += u64::from(d["optional"].as_bool() == Some(true));
            m.platform_specific += u64::from(!d["target"].is_null());
        }
    }
    Some(m)
}
