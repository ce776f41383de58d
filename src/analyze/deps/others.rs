//! Ruby (Gemfile, Gemfile.lock), PHP (composer.json, composer.lock), .NET (*.csproj/*.fsproj
//! PackageReference, packages.config, Directory.Packages.props, packages.lock.json) and C/C++
//! (vcpkg.json, conanfile.txt, conanfile.py as text, CMake find_package/FetchContent_Declare).

use quick_xml::Reader;
use quick_xml::events::Event;
use serde_json::Value;

use super::model::{Declared, Parsed, dep};

fn quoted(s: &str) -> Vec<String> {
    let mut out = vec![];
    let mut rest = s;
    while let Some(start) = rest.find(['"', '\'']) {
        let q = rest.as_bytes()[start] as char;
        let after = &rest[start + 1..];
        let Some(end) = after.find(q) else { break };
        out.push(after[..end].to_string());
        rest = &after[end + 1..];
    }
    out
}

/// Parses a Gemfile: `gem "name", "req"`; gems inside `group :development/:test` are dev.
pub fn gemfile(text: &str) -> Result<Parsed, String> {
    let mut direct = vec![];
    let mut groups: Vec<bool> = vec![]; // stack: is a dev/test group
    for raw in text.lines() {
        let t = raw.split('#').next().unwrap_or(raw).trim();
        if t.starts_with("group ") || t.starts_with("group(") {
            groups.push(t.contains(":development") || t.contains(":test"));
            continue;
        }
        if t == "end" {
            groups.pop();
            continue;
        }
        if let Some(rest) = t.strip_prefix("gem ").or_else(|| t.strip_prefix("gem(")) {
            let q = quoted(rest);
            let Some(name) = q.first() else { continue };
            let dev = groups.last().copied().unwrap_or(false)
                || rest.contains(":development")
                || rest.contains(":test");
            let req = q
                .get(1)
                .filter(|r| {
                    r.starts_with(['~', '>', '<', '=', '!'])
                        || r.chars().next().is_some_and(|c| c.is_ascii_digit())
                })
                .cloned();
            direct.push(dep(name.clone(), req, if dev { "dev" } else { "normal" }));
        }
    }
    Ok(Parsed::manifest(direct, vec![]))
}

/// Parses a Gemfile.lock: `specs:` entries of GEM (and GIT) sections; PATH gems are local.
pub fn gemfile_lock(text: &str) -> Result<Parsed, String> {
    let mut locked = vec![];
    let mut local = vec![];
    let mut section = "";
    for line in text.lines() {
        if !line.starts_with(' ') && !line.trim().is_empty() {
            section = match line.trim() {
                "GEM" => "gem",
                "GIT" => "git",
                "PATH" => "path",
                _ => "",
            };
            continue;
        }
        // Exactly four spaces: a spec; six: its dependencies.
        let Some(spec) = line.strip_prefix("    ") else {
            continue;
        };
        if spec.starts_with(' ') || section.is_empty() {
            continue;
        }
        let Some((name, rest)) = spec.split_once(" (") else {
            continue;
        };
        let ver = rest.trim_end_matches(')');
        if section == "path" {
            local.push(name.to_string());
        } else {
            locked.push((name.to_string(), ver.to_string()));
        }
    }
    Ok(Parsed::lock(locked, local))
}

fn platform_package(name: &str) -> bool {
    name == "php"
        || name.starts_with("ext-")
        || name.starts_with("lib-")
        || name == "composer-plugin-api"
}

/// Parses composer.json.
pub fn composer(text: &str) -> Result<Parsed, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let mut direct = vec![];
    for (key, kind) in [("require", "normal"), ("require-dev", "dev")] {
        let Some(Value::Object(m)) = v.get(key) else {
            continue;
        };
        for (name, req) in m {
            if !platform_package(name) {
                direct.push(dep(name.clone(), req.as_str().map(str::to_string), kind));
            }
        }
    }
    let local = v
        .get("name")
        .and_then(Value::as_str)
        .map(|n| vec![n.to_string()])
        .unwrap_or_default();
    Ok(Parsed::manifest(direct, local))
}

/// Parses composer.lock.
pub fn composer_lock(text: &str) -> Result<Parsed, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let mut locked = vec![];
    for key in ["packages", "packages-dev"] {
        let Some(Value::Array(a)) = v.get(key) else {
            continue;
        };
        for p in a {
            if let (Some(n), Some(ver)) = (
                p.get("name").and_then(Value::as_str),
                p.get("version").and_then(Value::as_str),
            ) {
                locked.push((n.to_string(), ver.to_string()));
            }
        }
    }
    Ok(Parsed::lock(locked, vec![]))
}

/// Parses MSBuild project XML (*.csproj, *.fsproj, Directory.Packages.props) and packages.config.
pub fn dotnet_xml(text: &str) -> Result<Parsed, String> {
    let mut r = Reader::from_str(text);
    let mut direct = vec![];
    let mut pending: Option<(String, Option<String>)> = None;
    let mut in_version = false;
    let mut depth = 0usize;
    loop {
        let ev = r
            .read_event()
            .map_err(|e| format!("at byte {}: {e}", r.buffer_position()))?;
        match ev {
            Event::Eof => break,
            Event::Start(ref e) | Event::Empty(ref e) => {
                let is_start = matches!(ev, Event::Start(_));
                if is_start {
                    depth += 1;
                    if depth > 256 {
                        return Err("nesting deeper than 256 elements".to_string());
                    }
                }
                let name = e.local_name().as_ref().to_string();
                let attr = |k: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == k)
                        .map(|a| a.value.to_string())
                };
                match name.as_str() {
                    "PackageReference" | "PackageVersion" => {
                        if let Some(inc) = attr("Include").or_else(|| attr("Update")) {
                            let d = (inc, attr("Version"));
                            if is_start {
                                pending = Some(d);
                            } else {
                                direct.push(dep(d.0, d.1, "normal"));
                            }
                        }
                    }
                    "package" => {
                        if let Some(id) = attr("id") {
                            let kind = if attr("developmentDependency").as_deref() == Some("true") {
                                "dev"
                            } else {
                                "normal"
                            };
                            direct.push(dep(id, attr("version"), kind));
                        }
                    }
                    "Version" if pending.is_some() && is_start => in_version = true,
                    _ => {}
                }
            }
            Event::Text(t) if in_version => {
                if let Some(p) = pending.as_mut() {
                    p.1 = Some(t.as_ref().trim().to_string());
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                let name = e.local_name();
                if name.as_ref() == "Version" {
                    in_version = false;
                } else if matches!(name.as_ref(), "PackageReference" | "PackageVersion")
                    && let Some((n, v)) = pending.take()
                {
                    direct.push(dep(n, v, "normal"));
                }
            }
            _ => {}
        }
    }
    Ok(Parsed::manifest(direct, vec![]))
}

/// Parses a NuGet packages.lock.json.
pub fn nuget_lock(text: &str) -> Result<Parsed, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let mut locked = vec![];
    let mut local = vec![];
    if let Some(Value::Object(fws)) = v.get("dependencies") {
        for pkgs in fws.values() {
            let Value::Object(pkgs) = pkgs else { continue };
            for (name, p) in pkgs {
                if p.get("type").and_then(Value::as_str) == Some("Project") {
                    local.push(name.clone());
                } else if let Some(ver) = p.get("resolved").and_then(Value::as_str) {
                    locked.push((name.clone(), ver.to_string()));
                }
            }
        }
    }
    locked.sort();
    locked.dedup();
    Ok(Parsed::lock(locked, local))
}

/// Parses vcpkg.json.
pub fn vcpkg(text: &str) -> Result<Parsed, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let mut direct = vec![];
    if let Some(Value::Array(a)) = v.get("dependencies") {
        for d in a {
            let name = d.as_str().or_else(|| d.get("name").and_then(Value::as_str));
            if let Some(n) = name {
                let req = d
                    .get("version>=")
                    .and_then(Value::as_str)
                    .map(|s| format!(">={s}"));
                direct.push(dep(n.to_string(), req, "normal"));
            }
        }
    }
    Ok(Parsed::manifest(direct, vec![]))
}

fn conan_ref(r: &str) -> Option<Declared> {
    let r = r.trim();
    let (name, ver) = r.split_once('/')?;
    let ver = ver.split('@').next().unwrap_or(ver);
    (!name.is_empty()).then(|| dep(name.to_string(), Some(ver.to_string()), "normal"))
}

/// Parses conanfile.txt (`[requires]` and `[tool_requires]`).
pub fn conanfile_txt(text: &str) -> Result<Parsed, String> {
    let mut direct = vec![];
    let mut section = "";
    for raw in text.lines() {
        let t = raw.split('#').next().unwrap_or(raw).trim();
        if t.starts_with('[') {
            section = match t {
                "[requires]" => "normal",
                "[tool_requires]" | "[build_requires]" => "build",
                _ => "",
            };
            continue;
        }
        if !section.is_empty()
            && !t.is_empty()
            && let Some(mut d) = conan_ref(t)
        {
            {
                d.kind = if section == "build" {
                    "build"
                } else {
                    "normal"
                };
                direct.push(d);
            }
        }
    }
    Ok(Parsed::manifest(direct, vec![]))
}

/// Reads conanfile.py as text: quoted `name/version` references in `requires` lines or
/// `self.requires(...)` calls. The file is never run.
pub fn conanfile_py(text: &str) -> Result<Parsed, String> {
    let mut direct = vec![];
    for line in text.lines() {
        let t = line.trim();
        let kind = if t.contains("tool_requires") || t.contains("build_requires") {
            "build"
        } else if t.contains("requires") {
            "normal"
        } else {
            continue;
        };
        for q in quoted(t) {
            if let Some(mut d) = conan_ref(&q) {
                d.kind = kind;
                direct.push(d);
            }
        }
    }
    Ok(Parsed::manifest(direct, vec![]))
}

/// Reads CMake `find_package(Name ...)` and `FetchContent_Declare(name ...)`.
pub fn cmake(text: &str) -> Result<Parsed, String> {
    let mut direct = vec![];
    for line in text.lines() {
        let t = line.split('#').next().unwrap_or(line).trim_start();
        let lower = t.to_ascii_lowercase();
        for call in ["find_package(", "fetchcontent_declare("] {
            if let Some(rest) = lower.strip_prefix(call) {
                let orig = &t[call.len()..];
                let _ = rest;
                let name = orig
                    .trim_start()
                    .split(|c: char| c.is_whitespace() || c == ')')
                    .next()
                    .unwrap_or("");
                if !name.is_empty() && !name.starts_with('$') {
                    direct.push(dep(name.to_string(), None, "normal"));
                }
            }
        }
    }
    Ok(Parsed::manifest(direct, vec![]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gemfile_and_lock() {
        let g = gemfile("source 'https://rubygems.org'\ngem 'rails', '~> 7.1'\ngem \"pg\"\ngroup :development, :test do\n  gem 'rspec-rails'\nend\ngem 'debug', platforms: %i[ mri ], group: :test\n").unwrap();
        let n: Vec<(&str, &str, Option<&str>)> = g
            .direct
            .iter()
            .map(|d| (d.name.as_str(), d.kind, d.requirement.as_deref()))
            .collect();
        assert_eq!(
            n,
            vec![
                ("rails", "normal", Some("~> 7.1")),
                ("pg", "normal", None),
                ("rspec-rails", "dev", None),
                ("debug", "dev", None)
            ]
        );
        let l = gemfile_lock("PATH\n  remote: .\n  specs:\n    mygem (0.1.0)\n\nGEM\n  remote: https://rubygems.org/\n  specs:\n    actionpack (7.1.3)\n      rack (>= 2.2.4)\n    rack (3.0.9)\n\nPLATFORMS\n  ruby\n").unwrap();
        assert_eq!(
            l.locked,
            vec![
                ("actionpack".into(), "7.1.3".into()),
                ("rack".into(), "3.0.9".into())
            ]
        );
        assert_eq!(l.local, vec!["mygem"]);
    }

    #[test]
    fn composer_files() {
        let c = composer(r#"{"name":"acme/app","require":{"php":">=8.1","ext-json":"*","laravel/framework":"^11.0"},"require-dev":{"phpunit/phpunit":"^10"}}"#).unwrap();
        assert_eq!(c.direct.len(), 2);
        let l = composer_lock(r#"{"packages":[{"name":"laravel/framework","version":"v11.0.0"}],"packages-dev":[{"name":"phpunit/phpunit","version":"10.5.0"}]}"#).unwrap();
        assert_eq!(l.locked.len(), 2);
    }

    #[test]
    fn dotnet_files() {
        let p = dotnet_xml(r#"<Project Sdk="Microsoft.NET.Sdk"><ItemGroup><PackageReference Include="Newtonsoft.Json" Version="13.0.3" /><PackageReference Include="Serilog"><Version>3.1.1</Version></PackageReference></ItemGroup></Project>"#).unwrap();
        let n: Vec<(&str, Option<&str>)> = p
            .direct
            .iter()
            .map(|d| (d.name.as_str(), d.requirement.as_deref()))
            .collect();
        assert_eq!(
            n,
            vec![
                ("Newtonsoft.Json", Some("13.0.3")),
                ("Serilog", Some("3.1.1"))
            ]
        );
        let pc = dotnet_xml(r#"<?xml version="1.0"?><packages><package id="NUnit" version="3.14.0" developmentDependency="true" /></packages>"#).unwrap();
        assert_eq!(pc.direct[0].kind, "dev");
        let l = nuget_lock(r#"{"version":1,"dependencies":{"net8.0":{"Serilog":{"type":"Direct","resolved":"3.1.1"},"Core":{"type":"Project"}},"net6.0":{"Serilog":{"type":"Direct","resolved":"3.1.1"}}}}"#).unwrap();
        assert_eq!(l.locked, vec![("Serilog".into(), "3.1.1".into())]);
        assert!(dotnet_xml("<Project><ItemGroup></Project>").is_err());
    }

    #[test]
    fn cpp_files() {
        let v = vcpkg(
            r#"{"name":"app","dependencies":["fmt",{"name":"openssl","version>=":"3.0.0"}]}"#,
        )
        .unwrap();
        assert_eq!(v.direct.len(), 2);
        let c = conanfile_txt("[requires]\nzlib/1.3.1\nboost/1.84.0@user/stable\n[tool_requires]\ncmake/3.28.1\n[generators]\nCMakeDeps\n").unwrap();
        let n: Vec<(&str, &str)> = c.direct.iter().map(|d| (d.name.as_str(), d.kind)).collect();
        assert_eq!(
            n,
            vec![("zlib", "normal"), ("boost", "normal"), ("cmake", "build")]
        );
        let py = conanfile_py("class A(ConanFile):\n    requires = \"zlib/1.3.1\", \"openssl/3.2.1\"\n    def build_requirements(self):\n        self.tool_requires(\"ninja/1.11.1\")\n").unwrap();
        assert_eq!(py.direct.len(), 3);
        let m = cmake("find_package(OpenSSL REQUIRED)\nFIND_PACKAGE(ZLIB)\n# find_package(Ignored)\nFetchContent_Declare(googletest URL x)\nfind_package(${X})\n").unwrap();
        let n: Vec<&str> = m.direct.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(n, vec!["OpenSSL", "ZLIB", "googletest"]);
    }
}
