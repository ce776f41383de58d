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

/// Parses a Cargo.lock (any version): packages with a `source` are third-party. Lock files
/// as cargo writes them are read line by line ([`lock_lines`]); anything else goes through the
/// toml crate, which also gives the error of a malformed one.
pub fn lock(text: &str) -> Result<Parsed, String> {
    if let Some((locked, local)) = lock_lines(text) {
        return Ok(Parsed::lock(locked, local));
    }
    lock_toml(text)
}

/// Third-party (name, version) pairs and local package names.
type LockLists = (Vec<(String, String)>, Vec<String>);

/// The [`LockLists`] of a lock file in the shape cargo writes:
/// comments, `[[package]]`, `[[patch.unused]]` and `[metadata]` headers, `key = "string"`, `key = 3` and arrays of
/// plain strings, one element per line or on one line. `None` for anything else (escapes,
/// inline tables, a key given twice in one table), which [`lock`] hands to the toml crate.
fn lock_lines(text: &str) -> Option<LockLists> {
    /// A basic string without escapes, and the rest of the line after it.
    fn string(v: &str) -> Option<(&str, &str)> {
        let body = v.strip_prefix('"')?;
        let end = body.find(['"', '\\'])?;
        (body.as_bytes()[end] == b'"').then(|| (&body[..end], &body[end + 1..]))
    }
    /// Array elements: plain strings separated by commas, a trailing comma allowed.
    fn elements(mut v: &str) -> Option<()> {
        let blank = [' ', '\t'];
        loop {
            v = v.trim_start_matches(blank);
            if v.is_empty() {
                return Some(());
            }
            let (_, rest) = string(v)?;
            v = rest.trim_start_matches(blank);
            match v.strip_prefix(',') {
                Some(r) => v = r,
                None => return v.is_empty().then_some(()),
            }
        }
    }
    #[derive(Default)]
    struct Package<'a> {
        name: Option<&'a str>,
        version: Option<&'a str>,
        source: bool,
        keys: Vec<&'a str>,
    }
    let mut locked = Vec::new();
    let mut local = Vec::new();
    let mut finish = |p: Package<'_>| {
        if let (Some(name), Some(version)) = (p.name, p.version) {
            if p.source {
                locked.push((name.to_string(), version.to_string()));
            } else {
                local.push(name.to_string());
            }
        }
    };
    // TOML allows no control character but tab and line ends, and a CR only before an LF.
    let b = text.as_bytes();
    let bad = |i: usize, c: u8| {
        (c < 0x20 && c != b'\t' && c != b'\n' && c != b'\r')
            || c == 0x7f
            || (c == b'\r' && b.get(i + 1) != Some(&b'\n'))
    };
    if b.iter().enumerate().any(|(i, &c)| bad(i, c)) {
        return None;
    }
    let blank = [' ', '\t'];
    let mut current: Option<Package<'_>> = None;
    let mut other_keys: Vec<&str> = Vec::new();
    let mut in_array = false;
    let mut metadata = false;
    for raw in text.lines() {
        let line = raw.trim_matches(blank);
        if in_array {
            if line == "]" {
                in_array = false;
            } else if !line.is_empty() && !line.starts_with('#') {
                elements(line)?;
            }
            continue;
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with('[') {
            if let Some(p) = current.take() {
                finish(p);
            }
            other_keys.clear();
            match line {
                "[[package]]" => current = Some(Package::default()),
                "[[patch.unused]]" => {}
                "[metadata]" if !metadata => metadata = true,
                _ => return None,
            }
            continue;
        }
        let (key, value) = line.split_once('=')?;
        let (key, value) = (key.trim_matches(blank), value.trim_matches(blank));
        if key.is_empty()
            || !key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return None;
        }
        let keys = match current.as_mut() {
            Some(p) => &mut p.keys,
            None => &mut other_keys,
        };
        if keys.contains(&key) {
            return None;
        }
        keys.push(key);
        let text_value = if let Some(rest) = value.strip_prefix('[') {
            match rest.trim_end_matches(blank).strip_suffix(']') {
                Some(inner) => elements(inner)?,
                None => {
                    elements(rest)?;
                    in_array = true;
                }
            }
            None
        } else if value.bytes().all(|b| b.is_ascii_digit()) && !value.is_empty() {
            None
        } else {
            let (s, rest) = string(value)?;
            let rest = rest.trim_start_matches(blank);
            if !(rest.is_empty() || rest.starts_with('#')) {
                return None;
            }
            Some(s)
        };
        if let Some(p) = current.as_mut() {
            match key {
                "name" => p.name = Some(text_value?),
                "version" => p.version = Some(text_value?),
                "source" => p.source = true,
                _ => {}
            }
        }
    }
    if in_array {
        return None;
    }
    if let Some(p) = current.take() {
        finish(p);
    }
    Some((locked, local))
}

/// [`lock`] through the toml crate.
fn lock_toml(text: &str) -> Result<Parsed, String> {
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

    fn lock_line() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        proptest::sample::select(vec![
            "[[package]]",
            "[[patch.unused]]",
            "[metadata]",
            "[package]",
            "[x]",
            "version = 3",
            "version = \"1.0.2\"",
            "name = \"serde\"",
            "name = \"app\" # root",
            "name = 'lit'",
            "name = \"a\\\"b\"",
            "source = \"registry+https://github.com/rust-lang/crates.io-index\"",
            "source = \"git+https://x/y?rev=1#abc\"",
            "checksum = \"abc\"",
            "dependencies = [",
            "dependencies = []",
            "dependencies = [\"a\", \"b 1.0\"]",
            " \"libc\",",
            " \"x 0.1 (registry+https://x)\",",
            "]",
            "",
            "# comment",
            "\"checksum a 1 (x)\" = \"y\"",
            "a.b = 1",
            "name = { x = 1 }",
            "garbage",
            "version = \"0.1\"\r",
        ])
        .prop_map(str::to_string)
    }

    proptest::proptest! {
        /// The line reader either declines or gives exactly what the toml crate gives, and it
        /// declines whatever the toml crate rejects.
        #[test]
        fn lock_lines_equal_toml_or_decline(
            lines in proptest::collection::vec(lock_line(), 0..30),
        ) {
            let text = lines.join("\n");
            let toml = lock_toml(&text);
            if let Some((locked, local)) = lock_lines(&text) {
                let Ok(t) = toml else {
                    return Err(proptest::test_runner::TestCaseError::fail(
                        format!("accepted what toml rejects: {text:?}"),
                    ));
                };
                proptest::prop_assert_eq!(Parsed::lock(locked, local), t);
            }
        }
    }

    #[test]
    fn lock_lines_read_what_cargo_writes() {
        let text = "# This file is automatically @generated by Cargo.\n# It is not intended for manual editing.\nversion = 4\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\n \"serde\",\n]\n\n[[package]]\nname = \"serde\"\nversion = \"1.0.210\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\nchecksum = \"c8e3592472072e6e22e0a54d5904d9febf8508f65fb8552499a1abc7d1078c3a\"\n";
        let (locked, local) = lock_lines(text).unwrap();
        assert_eq!(locked, vec![("serde".to_string(), "1.0.210".to_string())]);
        assert_eq!(local, vec!["app".to_string()]);
        assert_eq!(lock(text).unwrap(), lock_toml(text).unwrap());
    }

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
