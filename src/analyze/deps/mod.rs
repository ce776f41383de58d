//! Dependencies of every ecosystem, from manifests and lockfiles parsed as data (no package
//! manager ever runs). `analyze` dispatches a file by name to a pure parser (`cargo.rs`,
//! `npm.rs`, `python.rs`, `golang.rs`, `jvm.rs`, `others.rs`); results are merged per
//! ecosystem: direct dependencies deduplicated by name, locked (name, version) pairs minus the
//! project's own packages, and Rust equivalents from `data/rust_equivalents.toml`.

pub mod cargo;
pub mod golang;
pub mod jvm;
pub mod model;
pub mod npm;
pub mod others;
pub mod python;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use crate::aggregate::Warnings;
use crate::analyze::FileInput;
use crate::report::model::{ApartManifest, Dependencies, DirectDep, Ecosystem, RustEquivalents};
use crate::roles::Role;
use model::Parsed;

type Parser = fn(&str) -> Result<Parsed, String>;

/// Which parser reads a file, and for which ecosystem.
pub fn parser_for(rel: &str) -> Option<(&'static str, Parser)> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let lower = name.to_ascii_lowercase();
    let in_requirements_dir = rel.split('/').rev().nth(1) == Some("requirements");
    Some(match name {
        "Cargo.toml" => ("cargo", cargo::manifest),
        "Cargo.lock" => ("cargo", cargo::lock),
        "package.json" => ("npm", npm::manifest),
        "package-lock.json" | "npm-shrinkwrap.json" => ("npm", npm::package_lock),
        "yarn.lock" => ("npm", npm::yarn_lock),
        "pnpm-lock.yaml" => ("npm", npm::pnpm_lock),
        "pyproject.toml" => ("pypi", python::pyproject),
        "Pipfile" => ("pypi", python::pipfile),
        "Pipfile.lock" => ("pypi", python::pipfile_lock),
        "poetry.lock" | "uv.lock" | "pdm.lock" => ("pypi", python::toml_lock),
        "setup.cfg" => ("pypi", python::setup_cfg),
        "go.mod" => ("go", golang::go_mod),
        "go.sum" => ("go", golang::go_sum),
        "pom.xml" => ("maven", jvm::pom),
        "build.gradle" | "build.gradle.kts" => ("gradle", jvm::gradle),
        "Gemfile" | "gems.rb" => ("rubygems", others::gemfile),
        "Gemfile.lock" | "gems.locked" => ("rubygems", others::gemfile_lock),
        "composer.json" => ("composer", others::composer),
        "composer.lock" => ("composer", others::composer_lock),
        "packages.config" | "Directory.Packages.props" => ("nuget", others::dotnet_xml),
        "packages.lock.json" => ("nuget", others::nuget_lock),
        "vcpkg.json" => ("cpp", others::vcpkg),
        "conanfile.txt" => ("cpp", others::conanfile_txt),
        "conanfile.py" => ("cpp", others::conanfile_py),
        "CMakeLists.txt" => ("cpp", others::cmake),
        _ if lower.ends_with(".csproj")
            || lower.ends_with(".fsproj")
            || lower.ends_with(".vbproj") =>
        {
            ("nuget", others::dotnet_xml)
        }
        _ if lower.ends_with(".txt") && (lower.contains("requirements") || in_requirements_dir) => {
            ("pypi", python::requirements)
        }
        _ => return None,
    })
}

/// One ecosystem's merged facts.
#[derive(Debug, Clone, Default)]
struct EcoAcc {
    manifests: BTreeSet<String>,
    direct: BTreeMap<String, model::Declared>,
    locked: BTreeSet<(String, String)>,
    /// Own packages named by manifests (excluded from direct dependencies).
    local: BTreeSet<String>,
    /// Own packages named by lockfiles (workspace members, links): excluded from locked counts.
    lock_local: BTreeSet<String>,
    has_lock: bool,
}

fn kind_rank(k: &str) -> u8 {
    match k {
        "normal" => 0,
        "build" => 1,
        "optional" => 2,
        "peer" => 3,
        _ => 4,
    }
}

impl EcoAcc {
    /// Deduplicates by name: keeps the most significant kind (normal over dev), then the
    /// smallest requirement, so the merge order never matters.
    fn insert_direct(&mut self, d: model::Declared) {
        let keep_old = self.direct.get(&d.name).is_some_and(|old| {
            (kind_rank(old.kind), &old.requirement) <= (kind_rank(d.kind), &d.requirement)
        });
        if !keep_old {
            self.direct.insert(d.name.clone(), d);
        }
    }

    fn add(&mut self, rel: &str, p: Parsed) {
        self.manifests.insert(rel.to_string());
        self.has_lock |= p.is_lock;
        for d in p.direct {
            self.insert_direct(d);
        }
        self.locked.extend(p.locked);
        if p.is_lock {
            self.lock_local.extend(p.local);
        } else {
            self.local.extend(p.local);
        }
    }

    fn merge(&mut self, o: EcoAcc) {
        self.manifests.extend(o.manifests);
        self.has_lock |= o.has_lock;
        for (_, d) in o.direct {
            self.insert_direct(d);
        }
        self.locked.extend(o.locked);
        self.local.extend(o.local);
        self.lock_local.extend(o.lock_local);
    }
}

/// Parsed manifests accumulated across files.
#[derive(Debug, Clone, Default)]
pub struct DepsAcc {
    eco: BTreeMap<&'static str, EcoAcc>,
    apart: Vec<ApartManifest>,
}

impl DepsAcc {
    /// Merges another thread's accumulator.
    pub fn merge(&mut self, other: DepsAcc) {
        for (k, v) in other.eco {
            self.eco.entry(k).or_default().merge(v);
        }
        self.apart.extend(other.apart);
    }
}

/// Parses the file if it is a manifest or lockfile of the project (vendored ones are not).
pub fn analyze(input: &FileInput<'_>, acc: &mut DepsAcc, warnings: &mut Warnings) {
    if input.class.vendored {
        return;
    }
    let Some((eco, parse)) = parser_for(input.rel) else {
        return;
    };
    let text = String::from_utf8_lossy(input.bytes);
    // A lockfile says it is generated; what decides is where it lies.
    let role = match input.class.role {
        Role::Generated => crate::roles::by_path(input.rel),
        r => r,
    };
    match parse(&text) {
        Ok(p) if role != Role::Product => {
            let own: std::collections::BTreeSet<&String> = p.local.iter().collect();
            let locked: std::collections::BTreeSet<&(String, String)> =
                p.locked.iter().filter(|(n, _)| !own.contains(n)).collect();
            acc.apart.push(ApartManifest {
                path: input.rel.to_string(),
                role,
                ecosystem: eco.to_string(),
                direct_count: p.direct.len() as u64,
                locked_count: p.is_lock.then_some(locked.len() as u64),
            });
        }
        Ok(p) => acc.eco.entry(eco).or_default().add(input.rel, p),
        Err(e) => warnings.push(
            input.rel,
            "manifest_parse",
            format!("cannot parse as {eco} manifest: {e}"),
        ),
    }
}

/// ecosystem -> lower-case package -> crate.
static EQUIVALENTS: LazyLock<BTreeMap<String, BTreeMap<String, String>>> = LazyLock::new(|| {
    let table: toml::Table = include_str!("../../data/rust_equivalents.toml")
        .parse()
        .unwrap_or_default();
    table
        .into_iter()
        .map(|(eco, m)| {
            let inner = m
                .as_table()
                .map(|t| {
                    t.iter()
                        .filter_map(|(k, v)| {
                            Some((k.to_ascii_lowercase(), v.as_str()?.to_string()))
                        })
                        .collect()
                })
                .unwrap_or_default();
            (eco, inner)
        })
        .collect()
});

/// The crate covering `name` of ecosystem `eco`, if catalogued.
pub fn equivalent(eco: &str, name: &str) -> Option<String> {
    let table = match eco {
        "gradle" => "maven",
        e => e,
    };
    let m = EQUIVALENTS.get(table)?;
    let key = name.to_ascii_lowercase();
    m.get(&key)
        .or_else(|| {
            // Maven/Gradle coordinates may be listed by artifact; C/C++ by a prefix of the name.
            key.rsplit(':').next().and_then(|a| m.get(a))
        })
        .cloned()
}

/// The third-party (name, version) pairs of the Cargo lockfiles, sorted.
pub fn cargo_locked(acc: &DepsAcc) -> Vec<(String, String)> {
    acc.eco
        .get("cargo")
        .map(|a| {
            a.locked
                .iter()
                .filter(|(n, _)| !a.lock_local.contains(n))
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

/// Builds the report section.
pub fn finish(acc: DepsAcc) -> Dependencies {
    let mut ecosystems: Vec<Ecosystem> = acc
        .eco
        .into_iter()
        .map(|(eco, a)| {
            let direct: Vec<DirectDep> = a
                .direct
                .into_values()
                .filter(|d| !a.local.contains(&d.name) && !a.lock_local.contains(&d.name))
                .map(|d| DirectDep {
                    name: d.name,
                    requirement: d.requirement,
                    kind: d.kind.to_string(),
                })
                .collect();
            // A lockfile's own entries (workspace members, links) are not third-party; a registry
            // package that merely shares a name with a manifest elsewhere in the tree still is.
            let locked = a
                .locked
                .iter()
                .filter(|(n, _)| !a.lock_local.contains(n))
                .count() as u64;
            let mut eq = RustEquivalents {
                of: direct.len() as u64,
                ..RustEquivalents::default()
            };
            if eco == "cargo" {
                eq.covered = eq.of;
            } else {
                for d in &direct {
                    match equivalent(eco, &d.name) {
                        Some(c) => {
                            eq.covered += 1;
                            if eq.examples.len() < 10 {
                                eq.examples.push(format!("{} -> {c}", d.name));
                            }
                        }
                        None if eq.uncovered.len() < 20 => eq.uncovered.push(d.name.clone()),
                        None => {}
                    }
                }
            }
            Ecosystem {
                ecosystem: eco.to_string(),
                manifests: a.manifests.into_iter().collect(),
                direct_count: direct.len() as u64,
                direct,
                locked_count: a.has_lock.then_some(locked),
                rust_equivalents: eq,
                crate_unsafe: None,
                cargo_metadata: None,
            }
        })
        .collect();
    ecosystems.sort_by(|a, b| {
        b.direct_count
            .cmp(&a.direct_count)
            .then_with(|| a.ecosystem.cmp(&b.ecosystem))
    });
    let mut apart = acc.apart;
    apart.sort();
    Dependencies { ecosystems, apart }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equivalents_catalogue_is_large_and_sorted() {
        let n: usize = EQUIVALENTS.values().map(BTreeMap::len).sum();
        assert!(n >= 200, "{n}");
        for eco in ["npm", "pypi", "go", "maven", "rubygems", "nuget", "cpp"] {
            assert!(EQUIVALENTS.contains_key(eco), "{eco}");
        }
        assert_eq!(equivalent("npm", "express").as_deref(), Some("axum"));
        assert_eq!(equivalent("pypi", "Requests").as_deref(), Some("reqwest"));
        assert_eq!(equivalent("cpp", "OpenSSL").as_deref(), Some("rustls"));
        assert_eq!(
            equivalent("gradle", "com.fasterxml.jackson.core:jackson-databind").as_deref(),
            Some("serde_json")
        );
        // The file's tables are sorted (one key per line).
        let text = include_str!("../../data/rust_equivalents.toml");
        for table in text.split("\n[").skip(1) {
            let keys: Vec<String> = table
                .lines()
                .skip(1)
                .filter(|l| l.contains(" = "))
                .map(|l| {
                    l.split(" = ")
                        .next()
                        .unwrap_or("")
                        .trim_matches('"')
                        .to_ascii_lowercase()
                })
                .collect();
            let mut sorted = keys.clone();
            sorted.sort();
            assert_eq!(keys, sorted);
        }
    }

    #[test]
    fn dispatch_by_name() {
        assert_eq!(parser_for("a/Cargo.toml").map(|p| p.0), Some("cargo"));
        assert_eq!(
            parser_for("requirements-dev.txt").map(|p| p.0),
            Some("pypi")
        );
        assert_eq!(
            parser_for("requirements/base.txt").map(|p| p.0),
            Some("pypi")
        );
        assert_eq!(parser_for("src/App.csproj").map(|p| p.0), Some("nuget"));
        assert!(parser_for("notes.txt").is_none());
    }

    #[test]
    fn no_lockfile_is_null_and_local_packages_are_excluded() {
        let mut acc = DepsAcc::default();
        let mut e = EcoAcc::default();
        e.add(
            "package.json",
            npm::manifest(r#"{"name":"app","dependencies":{"express":"^4"}}"#).unwrap_or_default(),
        );
        acc.eco.insert("npm", e);
        let d = finish(acc);
        assert_eq!(d.ecosystems[0].locked_count, None);
        assert_eq!(d.ecosystems[0].rust_equivalents.covered, 1);
    }
}

#[cfg(test)]
mod proptests {
    use super::parser_for;
    use proptest::prelude::*;

    const NAMES: &[&str] = &[
        "Cargo.toml",
        "Cargo.lock",
        "package.json",
        "package-lock.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "pyproject.toml",
        "Pipfile",
        "Pipfile.lock",
        "poetry.lock",
        "setup.cfg",
        "requirements.txt",
        "go.mod",
        "go.sum",
        "pom.xml",
        "build.gradle",
        "Gemfile",
        "Gemfile.lock",
        "composer.json",
        "composer.lock",
        "a.csproj",
        "packages.lock.json",
        "vcpkg.json",
        "conanfile.txt",
        "conanfile.py",
        "CMakeLists.txt",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_bytes_never_panic_any_parser(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let text = String::from_utf8_lossy(&bytes);
            for n in NAMES {
                if let Some((_, parse)) = parser_for(n) {
                    let _ = parse(&text);
                }
            }
        }

        #[test]
        fn structured_noise_never_panics(s in "[\\[\\]{}<>\"'=:,@/ a-z0-9\\n-]{0,300}") {
            for n in NAMES {
                if let Some((_, parse)) = parser_for(n) {
                    let _ = parse(&s);
                }
            }
        }
    }
}
