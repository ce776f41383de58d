//! Cargo: Cargo.toml (package, workspace dependencies, dev/build/target-specific tables,
//! renames, `workspace = true`, path dependencies) and Cargo.lock v1-v4. Parsed as data with
//! the toml crate; cargo is never run.

use toml::{Table, Value};

use super::model::{Declared, Parsed, dep};

fn requirement(v: &Value) -> (Option<String>, Option<String>, bool) {
    // (requirement, renamed package, is_path)
    match v {
        Value::String(s) => (Some(s.clone()), None, false),
        Value::Table(t) => {
            let path = t.contains_key("path");
            let req = if t.get("workspace").and_then(Value::as_bool) == Some(true) {
                Some("workspace".to_string())
            } else if let Some(v) = t.get("version").and_then(Value::as_str) {
                Some(v.to_string())
            } else {
                t.get("git")
                    .and_then(Value::as_str)
                    .map(|g| format!("git {g}"))
            };
            let pkg = t.get("package").and_then(Value::as_str).map(str::to_string);
            (req, pkg, path)
        }
        _ => (None, None, false),
    }
}

fn table_deps(
    t: Option<&Value>,
    kind: &'static str,
    out: &mut Vec<Declared>,
    local: &mut Vec<String>,
) {
    let Some(Value::Table(t)) = t else { return };
    for (name, v) in t {
        let (req, pkg, is_path) = requirement(v);
        let name = pkg.unwrap_or_else(|| name.clone());
        let optional = matches!(v, Value::Table(x) if x.get("optional").and_then(Value::as_bool) == Some(true));
        if is_path {
            local.push(name);
            continue;
        }
        out.push(dep(name, req, if optional { "optional" } else { kind }));
    }
}

/// Parses a Cargo.toml.
pub fn manifest(text: &str) -> Result<Parsed, String> {
    let t: Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
    let mut direct = vec![];
    let mut local = vec![];
    if let Some(name) = t
        .get("package")
        .and_then(|p| p.get("name"))
        .and_then(Value::as_str)
    {
        local.push(name.to_string());
    }
    for (key, kind) in [
        ("dependencies", "normal"),
        ("dev-dependencies", "dev"),
        ("build-dependencies", "build"),
    ] {
        table_deps(t.get(key), kind, &mut direct, &mut local);
        if let Some(Value::Table(targets)) = t.get("target") {
            for cfg in targets.values() {
                table_deps(cfg.get(key), kind, &mut direct, &mut local);
            }
        }
    }
    if let Some(ws) = t.get("workspace") {
        table_deps(ws.get("dependencies"), "normal", &mut direct, &mut local);
    }
    // `workspace = true` entries repeat a [workspace.dependencies] entry: keep the one with a
    // concrete requirement when both are in this file.
    direct.sort_by(|a, b| {
        a.name.cmp(&b.name).then_with(|| {
            (a.requirement.as_deref() == Some("workspace"))
                .cmp(&(b.requirement.as_deref() == Some("workspace")))
        })
    });
    direct.dedup_by(|a, b| a.name == b.name && a.kind == b.kind);
    Ok(Parsed::manifest(direct, local))
}

/// Parses a Cargo.lock (any version): packages with a `source` are third-party.
pub fn lock(text: &str) -> Result<Parsed, String> {
    let t: Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
    let mut locked = vec![];
    let mut local = vec![];
    if let Some(Value::Array(pkgs)) = t.get("package") {
        for p in pkgs {
            let (Some(name), Some(version)) = (
                p.get("name").and_then(Value::as_str),
                p.get("version").and_then(Value::as_str),
            ) else {
                continue;
            };
            if p.get("source").is_some() {
                locked.push((name.to_string(), version.to_string()));
            } else {
                local.push(name.to_string());
            }
        }
    }
    Ok(Parsed::lock(locked, local))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_tables_renames_workspace_and_paths() {
        let p = manifest(
            r#"
[package]
name = "app"  # the root package

[dependencies]
serde = { version = "1", features = ["derive"] }
rand_core = { package = "rand", version = "0.8" }
core = { path = "../core" }
anyhow = { workspace = true }
tokio = { version = "1", optional = true }

[dev-dependencies]
insta = "1.40"

[build-dependencies]
cc = "1"

[target.'cfg(unix)'.dependencies]
libc = "0.2"

[workspace]
members = ["crates/*"]

[workspace.dependencies]
anyhow = "1.0"
"#,
        )
        .unwrap();
        let names: Vec<(&str, &str, Option<&str>)> = p
            .direct
            .iter()
            .map(|d| (d.name.as_str(), d.kind, d.requirement.as_deref()))
            .collect();
        assert_eq!(
            names,
            vec![
                ("anyhow", "normal", Some("1.0")),
                ("cc", "build", Some("1")),
                ("insta", "dev", Some("1.40")),
                ("libc", "normal", Some("0.2")),
                ("rand", "normal", Some("0.8")),
                ("serde", "normal", Some("1")),
                ("tokio", "optional", Some("1")),
            ]
        );
        assert_eq!(p.local, vec!["app", "core"]);
    }

    #[test]
    fn lock_versions_and_local_packages() {
        let v1 = "[[package]]\nname = \"app\"\nversion = \"0.1.0\"\n\n[[package]]\nname = \"itoa\"\nversion = \"1.0.9\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n\n[metadata]\n\"checksum itoa 1.0.9 (registry+https://github.com/rust-lang/crates.io-index)\" = \"abc\"\n";
        let p = lock(v1).unwrap();
        assert_eq!(p.locked, vec![("itoa".to_string(), "1.0.9".to_string())]);
        assert_eq!(p.local, vec!["app"]);
        let v4 = "version = 4\n\n[[package]]\nname = \"memchr\"\nversion = \"2.7.4\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\nchecksum = \"78ca\"\n";
        assert_eq!(lock(v4).unwrap().locked.len(), 1);
    }

    #[test]
    fn malformed_is_an_error_with_a_line() {
        let e = manifest("[dependencies\nserde = 1").unwrap_err();
        assert!(e.contains("line 1"), "{e}");
    }
}
