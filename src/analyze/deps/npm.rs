//! npm: package.json, package-lock.json v1/v2/v3, yarn.lock (classic and berry) and
//! pnpm-lock.yaml (read line by line: no YAML library, no anchors, no expansion).

use serde_json::Value;

use super::model::{Declared, Parsed, dep};

/// Maximum nesting followed in a v1 lockfile's `dependencies` tree.
const MAX_DEPTH: usize = 64;

/// Parses a package.json.
pub fn manifest(text: &str) -> Result<Parsed, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let mut direct: Vec<Declared> = vec![];
    let mut local = vec![];
    if let Some(n) = v.get("name").and_then(Value::as_str) {
        local.push(n.to_string());
    }
    for (key, kind) in [
        ("dependencies", "normal"),
        ("devDependencies", "dev"),
        ("peerDependencies", "peer"),
        ("optionalDependencies", "optional"),
    ] {
        let Some(Value::Object(m)) = v.get(key) else {
            continue;
        };
        for (name, req) in m {
            let req = req.as_str().map(str::to_string);
            if req.as_deref().is_some_and(|r| {
                r.starts_with("file:") || r.starts_with("link:") || r.starts_with("workspace:")
            }) {
                local.push(name.clone());
                continue;
            }
            direct.push(dep(name.clone(), req, kind));
        }
    }
    Ok(Parsed::manifest(direct, local))
}

fn name_from_key(key: &str) -> Option<&str> {
    let i = key.rfind("node_modules/")?;
    key.get(i + "node_modules/".len()..)
}

/// One `packages` entry of a v2/v3 lockfile; every other field is skipped while parsing, so
/// memory follows the number of packages, not the file's size.
#[derive(serde::Deserialize)]
struct LockEntry {
    version: Option<String>,
    name: Option<String>,
    #[serde(default)]
    link: bool,
}

/// One v1 `dependencies` entry (nested).
#[derive(serde::Deserialize)]
struct V1Entry {
    version: Option<String>,
    #[serde(default)]
    dependencies: std::collections::BTreeMap<String, V1Entry>,
}

#[derive(serde::Deserialize)]
struct PackageLock {
    name: Option<String>,
    packages: Option<std::collections::BTreeMap<String, LockEntry>>,
    #[serde(default)]
    dependencies: std::collections::BTreeMap<String, V1Entry>,
}

/// Parses a package-lock.json (v1, v2, v3) or npm-shrinkwrap.json.
pub fn package_lock(text: &str) -> Result<Parsed, String> {
    let v: PackageLock = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let mut locked = vec![];
    let mut local = vec![];
    if let Some(n) = v.name {
        local.push(n);
    }
    if let Some(pkgs) = v.packages {
        for (key, p) in pkgs {
            if key.is_empty() {
                continue; // the root
            }
            let Some(name) = name_from_key(&key) else {
                // A workspace package folder (not under node_modules).
                if let Some(n) = p.name {
                    local.push(n);
                }
                continue;
            };
            if p.link {
                local.push(name.to_string());
                continue;
            }
            if let Some(ver) = p.version {
                locked.push((name.to_string(), ver));
            }
        }
    } else {
        walk_v1(&v.dependencies, 0, &mut locked);
    }
    Ok(Parsed::lock(locked, local))
}

fn walk_v1(
    deps: &std::collections::BTreeMap<String, V1Entry>,
    depth: usize,
    out: &mut Vec<(String, String)>,
) {
    if depth > MAX_DEPTH {
        return;
    }
    for (name, d) in deps {
        if let Some(ver) = &d.version
            && !ver.starts_with("file:")
            && !ver.starts_with("link:")
        {
            out.push((name.clone(), ver.clone()));
        }
        walk_v1(&d.dependencies, depth + 1, out);
    }
}

/// The package name of a yarn/pnpm spec such as `@scope/name@^1.0.0` or `name@npm:1.0`.
fn spec_name(spec: &str) -> &str {
    let spec = spec.trim().trim_matches('"');
    match spec.get(1..).and_then(|s| s.find('@')) {
        Some(i) => &spec[..i + 1],
        None => spec,
    }
}

/// Parses a yarn.lock (classic v1 or berry).
pub fn yarn_lock(text: &str) -> Result<Parsed, String> {
    let mut locked = vec![];
    let mut local = vec![];
    let mut current: Option<(String, bool)> = None; // (name, is_workspace)
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if !line.starts_with(' ') {
            // `"a@^1", a@^1.1:` or `"a@npm:^1, a@npm:^1.1":`
            let header = line.trim_end().trim_end_matches(':');
            if header == "__metadata" {
                current = None;
                continue;
            }
            let first = header.split(", ").next().unwrap_or(header);
            let name = spec_name(first).to_string();
            let ws = first.contains("@workspace:")
                || first.contains("@link:")
                || first.contains("@portal:")
                || first.contains("@file:");
            current = Some((name, ws));
            continue;
        }
        let t = line.trim();
        let version = t
            .strip_prefix("version: ")
            .or_else(|| t.strip_prefix("version "))
            .map(|v| v.trim().trim_matches('"'));
        if let (Some(ver), Some((name, ws))) = (version, &current) {
            if *ws || ver.starts_with("0.0.0-use.local") {
                local.push(name.clone());
            } else {
                locked.push((name.clone(), ver.to_string()));
            }
            current = None;
        }
    }
    if locked.is_empty()
        && local.is_empty()
        && !text.trim().is_empty()
        && !text.contains("yarn lockfile")
        && !text.contains("__metadata")
    {
        return Err("not a yarn lockfile (no entries)".to_string());
    }
    Ok(Parsed::lock(locked, local))
}

/// Parses a pnpm-lock.yaml (v5 to v9) by reading the keys of its `packages:` section.
pub fn pnpm_lock(text: &str) -> Result<Parsed, String> {
    let mut locked = vec![];
    let mut in_packages = false;
    let mut saw_version = false;
    for line in text.lines() {
        if line.starts_with("lockfileVersion") {
            saw_version = true;
        }
        if !line.starts_with(' ') && !line.trim().is_empty() {
            in_packages = line.trim_end() == "packages:";
            continue;
        }
        if !in_packages {
            continue;
        }
        let Some(key) = line.strip_prefix("  ") else {
            continue;
        };
        if key.starts_with(' ') || !key.trim_end().ends_with(':') {
            continue;
        }
        let key = key
            .trim_end()
            .trim_end_matches(':')
            .trim_matches(|c| c == '\'' || c == '"');
        let key = key.strip_prefix('/').unwrap_or(key);
        let key = key.split('(').next().unwrap_or(key); // peer suffixes (v6+)
        let (name, version) = if let Some(i) = key.get(1..).and_then(|s| s.rfind('@')) {
            (&key[..i + 1], &key[i + 2..])
        } else if let Some(i) = key.rfind('/') {
            (&key[..i], &key[i + 1..]) // v5: /name/1.2.3
        } else {
            continue;
        };
        if version.starts_with("link:") || version.starts_with("file:") {
            continue;
        }
        locked.push((name.to_string(), version.to_string()));
    }
    if !saw_version {
        return Err("not a pnpm lockfile (no lockfileVersion)".to_string());
    }
    Ok(Parsed::lock(locked, vec![]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_json_kinds_and_local_links() {
        let p = manifest(r#"{"name":"ui","dependencies":{"react":"^18.2.0","shared":"workspace:*"},"devDependencies":{"vite":"^5"},"peerDependencies":{"react-dom":">=18"},"optionalDependencies":{"fsevents":"2"}}"#).unwrap();
        let k: Vec<(&str, &str)> = p.direct.iter().map(|d| (d.name.as_str(), d.kind)).collect();
        assert_eq!(
            k,
            vec![
                ("react", "normal"),
                ("vite", "dev"),
                ("react-dom", "peer"),
                ("fsevents", "optional")
            ]
        );
        assert_eq!(p.local, vec!["ui", "shared"]);
        assert!(manifest("{").is_err());
    }

    #[test]
    fn package_lock_v3_v1() {
        let v3 = r#"{"name":"ui","lockfileVersion":3,"packages":{"":{"name":"ui"},"node_modules/react":{"version":"18.2.0"},"node_modules/@types/react":{"version":"18.2.64","dev":true},"node_modules/a/node_modules/react":{"version":"17.0.2"},"node_modules/shared":{"resolved":"packages/shared","link":true},"packages/shared":{"name":"shared","version":"1.0.0"}}}"#;
        let p = package_lock(v3).unwrap();
        assert_eq!(p.locked.len(), 3);
        assert!(
            p.locked
                .contains(&("@types/react".into(), "18.2.64".into()))
        );
        assert!(p.local.contains(&"shared".to_string()));
        let v1 = r#"{"name":"old","lockfileVersion":1,"dependencies":{"a":{"version":"1.0.0","dependencies":{"b":{"version":"2.0.0"}}},"c":{"version":"file:../c"}}}"#;
        assert_eq!(package_lock(v1).unwrap().locked.len(), 2);
    }

    #[test]
    fn yarn_classic_and_berry() {
        let classic = "# THIS IS AN AUTOGENERATED FILE.\n# yarn lockfile v1\n\n\"@babel/core@^7.0.0\", \"@babel/core@^7.1.0\":\n  version \"7.24.0\"\n  resolved \"https://x\"\n\nlodash@^4.17.21:\n  version \"4.17.21\"\n";
        let p = yarn_lock(classic).unwrap();
        assert_eq!(
            p.locked,
            vec![
                ("@babel/core".into(), "7.24.0".into()),
                ("lodash".into(), "4.17.21".into())
            ]
        );
        let berry = "__metadata:\n  version: 8\n\n\"app@workspace:.\":\n  version: 0.0.0-use.local\n\n\"react@npm:^18.2.0\":\n  version: 18.2.0\n  resolution: \"react@npm:18.2.0\"\n";
        let p = yarn_lock(berry).unwrap();
        assert_eq!(p.locked, vec![("react".into(), "18.2.0".into())]);
        assert_eq!(p.local, vec!["app"]);
    }

    #[test]
    fn pnpm_versions() {
        let v9 = "lockfileVersion: '9.0'\n\nimporters:\n  .:\n    dependencies:\n      react:\n        specifier: ^18\n\npackages:\n\n  '@types/node@20.11.0':\n    resolution: {integrity: sha512-x}\n\n  react@18.2.0:\n    resolution: {integrity: sha512-y}\n\nsnapshots:\n  react@18.2.0: {}\n";
        let p = pnpm_lock(v9).unwrap();
        assert_eq!(
            p.locked,
            vec![
                ("@types/node".into(), "20.11.0".into()),
                ("react".into(), "18.2.0".into())
            ]
        );
        let v6 = "lockfileVersion: '6.0'\npackages:\n  /react-dom@18.2.0(react@18.2.0):\n    dependencies: {}\n";
        assert_eq!(
            pnpm_lock(v6).unwrap().locked,
            vec![("react-dom".into(), "18.2.0".into())]
        );
        let v5 = "lockfileVersion: 5.4\npackages:\n  /lodash/4.17.21:\n    dev: false\n";
        assert_eq!(
            pnpm_lock(v5).unwrap().locked,
            vec![("lodash".into(), "4.17.21".into())]
        );
        assert!(pnpm_lock("packages:\n").is_err());
    }
}
