//! Components that are real units (DESIGN.md, Components): Cargo packages, npm packages and
//! workspaces, Python packages, Go modules and `cmd/*` binaries, Maven/Gradle modules,
//! CMake/Meson library and executable targets, nested projects with their own build. Pure: the
//! walk hands each product file's facts and each build file's bytes; [`finish`] rolls the
//! per-directory facts up into the deepest component root above them. Without any build file
//! the directory components of `signals::component_of` stay the fallback.

use std::collections::BTreeMap;

/// Directories remembered (bounded memory on huge trees; later ones fold into "(other)").
pub const MAX_DIRS: usize = 100_000;
/// Components reported.
pub const MAX_COMPONENTS: usize = 40;

/// What a build file says about its directory.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Root {
    /// library, binary, service, bindings, package.
    pub kind: &'static str,
    /// The build file that declared it.
    pub declared_by: String,
}

/// Facts of the product files directly in one directory.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DirFacts {
    /// Product source files.
    pub files: u64,
    /// Product code lines per language, in no order (a directory holds one or a few: a
    /// short list costs a fraction of a map's node).
    pub languages: Vec<(&'static str, u64)>,
    /// Lines in manually managed languages.
    pub manual: u64,
    /// Lines in Rust.
    pub rust: u64,
    /// Non-test unsafe findings.
    pub findings: u64,
    /// Files that read sockets or packets.
    pub network_files: u64,
    /// Files that parse formats or requests.
    pub parser_files: u64,
    /// Program entry points (`main`), root-relative paths (up to 3).
    pub entry_points: Vec<String>,
}

impl DirFacts {
    /// Adds `n` code lines of `language`.
    fn add_code(&mut self, language: &'static str, n: u64) {
        match self.languages.iter_mut().find(|(l, _)| *l == language) {
            Some((_, c)) => *c += n,
            None => self.languages.push((language, n)),
        }
    }

    fn merge(&mut self, o: DirFacts) {
        for (l, n) in o.languages {
            self.add_code(l, n);
        }
        self.files += o.files;
        self.manual += o.manual;
        self.rust += o.rust;
        self.findings += o.findings;
        self.network_files += o.network_files;
        self.parser_files += o.parser_files;
        self.entry_points.extend(o.entry_points);
        self.entry_points.sort();
        self.entry_points.dedup();
        self.entry_points.truncate(3);
    }

    fn code(&self) -> u64 {
        self.languages.iter().map(|(_, n)| n).sum()
    }
}

/// Per-directory facts and component roots, merged associatively across threads.
#[derive(Debug, Clone, Default)]
pub struct ComponentAcc {
    dirs: BTreeMap<String, DirFacts>,
    roots: BTreeMap<String, Root>,
}

impl ComponentAcc {
    /// Merges another thread's accumulator.
    pub fn merge(&mut self, o: ComponentAcc) {
        for (d, f) in o.dirs {
            self.dir(d).merge(f);
        }
        for (d, r) in o.roots {
            crate::aggregate::keep_min(&mut self.roots, d, r);
        }
    }

    fn dir(&mut self, d: String) -> &mut DirFacts {
        let key = if self.dirs.len() >= MAX_DIRS && !self.dirs.contains_key(&d) {
            "(other)".to_string()
        } else {
            d
        };
        self.dirs.entry(key).or_default()
    }

    /// Notes one product source file.
    pub fn file(&mut self, rel: &str, language: &'static str, f: &FileFacts) {
        let dir = parent(rel);
        // The directory's key is allocated once, not once per file.
        let d = if self.dirs.contains_key(dir) {
            self.dirs.get_mut(dir)
        } else {
            None
        };
        let d = match d {
            Some(d) => d,
            None => self.dir(dir.to_string()),
        };
        d.files += 1;
        d.add_code(language, f.code);
        if f.manual {
            d.manual += f.code;
        }
        if language == "Rust" {
            d.rust += f.code;
        }
        d.findings += f.findings;
        d.network_files += u64::from(f.network);
        d.parser_files += u64::from(f.parser);
        if f.entry_point && d.entry_points.len() < 3 {
            d.entry_points.push(rel.to_string());
        }
    }

    /// Notes a build file (product or at the root); its directory becomes a component root
    /// when the file declares one.
    pub fn build_file(&mut self, rel: &str, bytes: &[u8]) {
        if let Some(kind) = root_kind(rel, bytes) {
            let dir = parent(rel).to_string();
            let r = Root {
                kind,
                declared_by: rel.to_string(),
            };
            crate::aggregate::keep_min(&mut self.roots, dir, r);
        }
    }
}

/// One product file's facts.
#[derive(Debug, Clone, Copy, Default)]
pub struct FileFacts {
    /// Code lines.
    pub code: u64,
    /// A manually managed language.
    pub manual: bool,
    /// Non-test unsafe findings.
    pub findings: u64,
    /// Reads sockets or packets.
    pub network: bool,
    /// Parses formats or requests.
    pub parser: bool,
    /// Holds a program entry point.
    pub entry_point: bool,
}

fn parent(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(d, _)| d)
}

fn has(bytes: &[u8], needle: &str) -> bool {
    memchr::memmem::find(bytes, needle.as_bytes()).is_some()
}

/// The kind of component a build file declares for its directory, if any.
pub fn root_kind(rel: &str, bytes: &[u8]) -> Option<&'static str> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let dir = parent(rel);
    let in_cmd = dir.split('/').rev().nth(1) == Some("cmd");
    Some(match name {
        "Cargo.toml" if has(bytes, "[package]") => {
            if has(bytes, "[[bin]]") {
                "binary"
            } else if has(bytes, "pyo3") || has(bytes, "napi") || has(bytes, "wasm-bindgen") {
                "bindings"
            } else {
                "library"
            }
        }
        "package.json" => "package",
        "go.mod" => "module",
        "pyproject.toml" | "setup.py" => "package",
        "pom.xml" | "build.gradle" | "build.gradle.kts" => "module",
        "CMakeLists.txt" | "meson.build" => {
            if has(bytes, "add_executable") || has(bytes, "executable(") {
                "binary"
            } else if has(bytes, "add_library") || has(bytes, "library(") {
                "library"
            } else {
                return None;
            }
        }
        "main.go" if in_cmd => "binary",
        _ => return None,
    })
}

/// A finished component.
#[derive(Debug, Clone, PartialEq)]
pub struct Component {
    /// Root-relative directory ("." for the root).
    pub path: String,
    /// library, binary, service, bindings, package, module, directory.
    pub kind: String,
    /// The build file that declares it.
    pub declared_by: Option<String>,
    /// Rolled-up facts.
    pub facts: DirFacts,
}

/// Rolls the per-directory facts up into the deepest component root above each directory.
/// Returns None when no build file declared any root (callers keep the directory fallback).
pub fn finish(acc: ComponentAcc) -> Option<Vec<Component>> {
    if acc.roots.is_empty() {
        return None;
    }
    let mut out: BTreeMap<String, Component> = BTreeMap::new();
    for (dir, facts) in acc.dirs {
        // The deepest root that is `dir` or one of its ancestors; "" is the tree's root.
        let mut probe = dir.as_str();
        let root = loop {
            if acc.roots.contains_key(probe) {
                break Some(probe.to_string());
            }
            if probe.is_empty() {
                break None;
            }
            probe = parent(probe);
        };
        let (path, kind, by) = match root {
            Some(r) => {
                let root = acc.roots.get(&r);
                let kind = root.map_or("directory", |x| x.kind);
                let by = root.map(|x| x.declared_by.clone());
                (r, kind, by)
            }
            // Outside every declared unit: its top-level directory, as the fallback does.
            None => (
                dir.split('/').next().unwrap_or("").to_string(),
                "directory",
                None,
            ),
        };
        let c = out.entry(path.clone()).or_insert_with(|| Component {
            path: if path.is_empty() { ".".into() } else { path },
            kind: kind.to_string(),
            declared_by: by,
            facts: DirFacts::default(),
        });
        c.facts.merge(facts);
    }
    let mut v: Vec<Component> = out
        .into_values()
        .filter(|c| c.facts.code() > 0)
        .map(|mut c| {
            let entry = !c.facts.entry_points.is_empty();
            if c.kind != "bindings" && c.facts.network_files > 0 && entry {
                c.kind = "service".to_string();
            } else if c.kind == "library" && entry {
                c.kind = "binary".to_string();
            }
            c
        })
        .collect();
    v.sort_by(|a, b| {
        b.facts
            .code()
            .cmp(&a.facts.code())
            .then_with(|| a.path.cmp(&b.path))
    });
    v.truncate(MAX_COMPONENTS);
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_files_declare_roots_and_files_roll_up_to_the_deepest() {
        let mut a = ComponentAcc::default();
        a.build_file("Cargo.toml", b"[workspace]\nmembers = [\"crates/cli\"]\n");
        a.build_file(
            "crates/cli/Cargo.toml",
            b"[package]\nname = \"cli\"\n[[bin]]\nname = \"x\"\n",
        );
        a.build_file("core/CMakeLists.txt", b"add_library(core STATIC a.c)\n");
        a.build_file("docs/CMakeLists.txt", b"project(docs)\n");
        let rust = FileFacts {
            code: 100,
            ..FileFacts::default()
        };
        let c = FileFacts {
            code: 50,
            manual: true,
            findings: 4,
            parser: true,
            ..FileFacts::default()
        };
        a.file("crates/cli/src/main.rs", "Rust", &rust);
        a.file("core/src/parse.c", "C", &c);
        a.file(
            "core/net.c",
            "C",
            &FileFacts {
                network: true,
                entry_point: true,
                ..c
            },
        );
        let v = finish(a).unwrap();
        let kinds: Vec<(&str, &str, u64)> = v
            .iter()
            .map(|c| (c.path.as_str(), c.kind.as_str(), c.facts.code()))
            .collect();
        assert_eq!(
            kinds,
            vec![("core", "service", 100), ("crates/cli", "binary", 100)]
        );
        let mut b = ComponentAcc::default();
        b.build_file("Cargo.toml", b"[package]\nname = \"x\"\n");
        b.file(
            "src/main.rs",
            "Rust",
            &FileFacts {
                entry_point: true,
                ..rust
            },
        );
        b.file("core/a.c", "C", &c);
        let v = finish(b).unwrap();
        assert_eq!(
            v.iter()
                .map(|c| (c.path.as_str(), c.kind.as_str()))
                .collect::<Vec<_>>(),
            vec![(".", "binary")],
            "a root package holds every directory without a deeper build file"
        );
        assert_eq!(v[0].facts.findings, 4);
        assert_eq!(v[0].facts.manual, 50);
        assert!(finish(ComponentAcc::default()).is_none());
    }
}
