//! Python: requirements*.txt (extras, markers, URLs; `-r` includes are other requirement files
//! of the tree, parsed on their own), pyproject.toml (PEP 621, PEP 735 groups, Poetry), Pipfile,
//! Pipfile.lock, poetry.lock, uv.lock, setup.cfg.

use serde_json::Value as Json;
use toml::{Table, Value};

use super::model::{Declared, Parsed, dep};

/// The distribution name at the start of a PEP 508 string, normalised (lower case, `_`/`.` -> `-`).
pub fn pep508_name(s: &str) -> Option<String> {
    let s = s.trim();
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
        .unwrap_or(s.len());
    let name = &s[..end];
    if name.is_empty()
        || !name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
    {
        return None;
    }
    Some(name.to_ascii_lowercase().replace(['_', '.'], "-"))
}

/// The version part of a PEP 508 string (after the name and extras, before markers).
fn pep508_req(s: &str) -> Option<String> {
    let s = s.split(';').next().unwrap_or(s).trim();
    let s = match s.find(']') {
        Some(i) if s[..i].contains('[') => &s[i + 1..],
        _ => s.trim_start_matches(|c: char| {
            c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'
        }),
    };
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// Parses a requirements file.
pub fn requirements(text: &str) -> Result<Parsed, String> {
    let mut direct = vec![];
    for raw in text.lines() {
        let line = raw.split(" #").next().unwrap_or(raw).trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with('-') {
            // Options (-r, -c, -e, --index-url, ...) are not dependencies themselves.
            if let Some(n) = line.split("#egg=").nth(1).and_then(pep508_name) {
                direct.push(dep(n, None, "normal"));
            }
            continue;
        }
        if line.contains("://") && !line.contains(" @ ") {
            if let Some(n) = line.split("#egg=").nth(1).and_then(pep508_name) {
                direct.push(dep(n, Some(line.to_string()), "normal"));
            }
            continue;
        }
        let Some(name) = pep508_name(line) else {
            return Err(format!("cannot read requirement {line:?}"));
        };
        direct.push(dep(name, pep508_req(line), "normal"));
    }
    Ok(Parsed::manifest(direct, vec![]))
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        _ => vec![],
    }
}

fn poetry_table(t: Option<&Value>, kind: &'static str, out: &mut Vec<Declared>) {
    let Some(Value::Table(t)) = t else { return };
    for (name, v) in t {
        if name == "python" {
            continue;
        }
        let req = match v {
            Value::String(s) => Some(s.clone()),
            Value::Table(x) => x.get("version").and_then(Value::as_str).map(str::to_string),
            _ => None,
        };
        let optional = matches!(v, Value::Table(x) if x.get("optional").and_then(Value::as_bool) == Some(true));
        if matches!(v, Value::Table(x) if x.contains_key("path")) {
            continue;
        }
        out.push(dep(
            name.to_ascii_lowercase(),
            req,
            if optional { "optional" } else { kind },
        ));
    }
}

/// Parses a pyproject.toml.
pub fn pyproject(text: &str) -> Result<Parsed, String> {
    let t: Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
    let mut direct = vec![];
    let mut local = vec![];
    if let Some(p) = t.get("project") {
        if let Some(n) = p.get("name").and_then(Value::as_str) {
            local.push(n.to_ascii_lowercase());
        }
        for s in strings(p.get("dependencies")) {
            if let Some(n) = pep508_name(&s) {
                direct.push(dep(n, pep508_req(&s), "normal"));
            }
        }
        if let Some(Value::Table(extras)) = p.get("optional-dependencies") {
            for list in extras.values() {
                for s in strings(Some(list)) {
                    if let Some(n) = pep508_name(&s) {
                        direct.push(dep(n, pep508_req(&s), "optional"));
                    }
                }
            }
        }
    }
    if let Some(Value::Table(groups)) = t.get("dependency-groups") {
        for list in groups.values() {
            for s in strings(Some(list)) {
                if let Some(n) = pep508_name(&s) {
                    direct.push(dep(n, pep508_req(&s), "dev"));
                }
            }
        }
    }
    if let Some(poetry) = t.get("tool").and_then(|x| x.get("poetry")) {
        if let Some(n) = poetry.get("name").and_then(Value::as_str) {
            local.push(n.to_ascii_lowercase());
        }
        poetry_table(poetry.get("dependencies"), "normal", &mut direct);
        poetry_table(poetry.get("dev-dependencies"), "dev", &mut direct);
        if let Some(Value::Table(groups)) = poetry.get("group") {
            for g in groups.values() {
                poetry_table(g.get("dependencies"), "dev", &mut direct);
            }
        }
    }
    Ok(Parsed::manifest(direct, local))
}

/// Parses a Pipfile.
pub fn pipfile(text: &str) -> Result<Parsed, String> {
    let t: Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
    let mut direct = vec![];
    poetry_table(t.get("packages"), "normal", &mut direct);
    poetry_table(t.get("dev-packages"), "dev", &mut direct);
    for d in &mut direct {
        if d.requirement.as_deref() == Some("*") {
            d.requirement = None;
        }
    }
    Ok(Parsed::manifest(direct, vec![]))
}

/// Parses a Pipfile.lock (JSON).
pub fn pipfile_lock(text: &str) -> Result<Parsed, String> {
    let v: Json = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let mut locked = vec![];
    for section in ["default", "develop"] {
        let Some(Json::Object(m)) = v.get(section) else {
            continue;
        };
        for (name, p) in m {
            if let Some(ver) = p.get("version").and_then(Json::as_str) {
                locked.push((
                    name.to_ascii_lowercase(),
                    ver.trim_start_matches("==").to_string(),
                ));
            }
        }
    }
    Ok(Parsed::lock(locked, vec![]))
}

/// Parses poetry.lock or uv.lock (`[[package]]` tables; editable/virtual/workspace sources are
/// the project's own).
pub fn toml_lock(text: &str) -> Result<Parsed, String> {
    let t: Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
    let mut locked = vec![];
    let mut local = vec![];
    if let Some(Value::Array(pkgs)) = t.get("package") {
        for p in pkgs {
            let (Some(name), Some(ver)) = (
                p.get("name").and_then(Value::as_str),
                p.get("version").and_then(Value::as_str),
            ) else {
                if let Some(name) = p.get("name").and_then(Value::as_str) {
                    local.push(name.to_ascii_lowercase());
                }
                continue;
            };
            let source = p.get("source");
            let own = source.is_some_and(|s| {
                s.get("editable").is_some()
                    || s.get("virtual").is_some()
                    || s.get("workspace").is_some()
                    || s.get("directory").is_some()
                    || s.get("type")
                        .and_then(Value::as_str)
                        .is_some_and(|ty| ty == "directory" || ty == "file")
            });
            if own {
                local.push(name.to_ascii_lowercase());
            } else {
                locked.push((name.to_ascii_lowercase(), ver.to_string()));
            }
        }
    }
    Ok(Parsed::lock(locked, local))
}

/// Parses a setup.cfg (`install_requires`, `extras_require`).
pub fn setup_cfg(text: &str) -> Result<Parsed, String> {
    let mut direct = vec![];
    let mut section = String::new();
    let mut key = String::new();
    for raw in text.lines() {
        let line = raw.split('#').next().unwrap_or(raw);
        let t = line.trim();
        if t.starts_with('[') && t.ends_with(']') {
            section = t.to_string();
            key.clear();
            continue;
        }
        let continuation = line.starts_with(' ') || line.starts_with('\t');
        let value = if !continuation {
            match t.split_once('=') {
                Some((k, v)) => {
                    key = k.trim().to_string();
                    v.trim()
                }
                None => continue,
            }
        } else {
            t
        };
        let kind = match (section.as_str(), key.as_str()) {
            ("[options]", "install_requires") => "normal",
            ("[options.extras_require]", _) => "optional",
            _ => continue,
        };
        if let Some(n) = pep508_name(value) {
            direct.push(dep(n, pep508_req(value), kind));
        }
    }
    Ok(Parsed::manifest(direct, vec![]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requirement_lines() {
        let p = requirements("# comment\n-r base.txt\nDjango>=4.2,<5.0  # web\ncelery[redis]==5.3.6\nrequests ; python_version > '3.8'\nmy_pkg.sub @ https://x/y.whl\ngit+https://github.com/a/b.git#egg=frob\n--index-url https://pypi.org/simple\n-e git+https://g/x.git#egg=edit_me\n").unwrap();
        let n: Vec<(&str, Option<&str>)> = p
            .direct
            .iter()
            .map(|d| (d.name.as_str(), d.requirement.as_deref()))
            .collect();
        assert_eq!(
            n,
            vec![
                ("django", Some(">=4.2,<5.0")),
                ("celery", Some("==5.3.6")),
                ("requests", None),
                ("my-pkg-sub", Some("@ https://x/y.whl")),
                ("frob", Some("git+https://github.com/a/b.git#egg=frob")),
                ("edit-me", None),
            ]
        );
        assert!(requirements("!!!\n").is_err());
    }

    #[test]
    fn pyproject_pep621_and_poetry() {
        let p = pyproject("[project]\nname = \"App\"\ndependencies = [\"numpy>=1.26\", \"pandas\"]\n[project.optional-dependencies]\nviz = [\"matplotlib\"]\n[dependency-groups]\ndev = [\"pytest>=8\"]\n").unwrap();
        assert_eq!(p.direct.len(), 4);
        assert_eq!(p.local, vec!["app"]);
        let q = pyproject("[tool.poetry]\nname = \"svc\"\n[tool.poetry.dependencies]\npython = \"^3.11\"\nfastapi = \"^0.110\"\nlocal = { path = \"../l\" }\n[tool.poetry.group.dev.dependencies]\npytest = \"^8\"\n").unwrap();
        let n: Vec<(&str, &str)> = q.direct.iter().map(|d| (d.name.as_str(), d.kind)).collect();
        assert_eq!(n, vec![("fastapi", "normal"), ("pytest", "dev")]);
    }

    #[test]
    fn pipfile_and_locks() {
        let p = pipfile("[packages]\nrequests = \"*\"\nflask = {version = \">=2\"}\n[dev-packages]\npytest = \"*\"\n").unwrap();
        assert_eq!(p.direct.len(), 3);
        let l = pipfile_lock(r#"{"_meta":{},"default":{"requests":{"version":"==2.31.0"}},"develop":{"pytest":{"version":"==8.0.0"}}}"#).unwrap();
        assert_eq!(
            l.locked,
            vec![
                ("requests".into(), "2.31.0".into()),
                ("pytest".into(), "8.0.0".into())
            ]
        );
        let uv = "version = 1\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\nsource = { editable = \".\" }\n[[package]]\nname = \"numpy\"\nversion = \"1.26.4\"\nsource = { registry = \"https://pypi.org/simple\" }\n";
        let u = toml_lock(uv).unwrap();
        assert_eq!(u.locked, vec![("numpy".into(), "1.26.4".into())]);
        assert_eq!(u.local, vec!["app"]);
        let poetry = "[[package]]\nname = \"click\"\nversion = \"8.1.7\"\n\n[metadata]\nlock-version = \"2.0\"\n";
        assert_eq!(toml_lock(poetry).unwrap().locked.len(), 1);
    }

    #[test]
    fn setup_cfg_lists() {
        let p = setup_cfg("[metadata]\nname = x\n[options]\ninstall_requires =\n    requests>=2\n    attrs\n[options.extras_require]\ntest = pytest\n").unwrap();
        let n: Vec<(&str, &str)> = p.direct.iter().map(|d| (d.name.as_str(), d.kind)).collect();
        assert_eq!(
            n,
            vec![
                ("requests", "normal"),
                ("attrs", "normal"),
                ("pytest", "optional")
            ]
        );
    }
}
