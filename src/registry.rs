//! `--deps-unsafe`: unsafe usage in the locked crates whose sources cargo has already unpacked
//! under `$CARGO_HOME/registry/src`. Opt-in; reads only that directory (never the network, never
//! the scanned tree), skips symlinks, caps file sizes and depth, and lexes with the same Rust
//! lexer as the scan.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::analyze::unsafety::detect::detect;
use crate::analyze::unsafety::mask::{Family, mask};
use crate::report::model::{CrateFindings, CrateUnsafe};

const MAX_FILE: u64 = 8 * 1024 * 1024;
const MAX_DEPTH: usize = 32;

fn cargo_home() -> Option<PathBuf> {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
}

/// The unpacked-source directories of the registries (`registry/src/<index>`).
fn registry_dirs() -> Vec<PathBuf> {
    let Some(home) = cargo_home() else {
        return vec![];
    };
    let mut out: Vec<PathBuf> = std::fs::read_dir(home.join("registry").join("src"))
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn lex_crate(dir: &Path) -> BTreeMap<String, u64> {
    let mut kinds = BTreeMap::new();
    let mut stack = vec![(dir.to_path_buf(), 0usize)];
    while let Some((d, depth)) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let Ok(ft) = e.file_type() else { continue };
            let p = e.path();
            if ft.is_dir() && depth < MAX_DEPTH {
                stack.push((p, depth + 1));
            } else if ft.is_file()
                && p.extension().is_some_and(|x| x == "rs")
                && e.metadata().is_ok_and(|m| m.len() <= MAX_FILE)
                && let Ok(bytes) = std::fs::read(&p)
            {
                let m = mask(Family::Rust, &bytes);
                for f in detect(Family::Rust, &m, &bytes).findings {
                    *kinds.entry(f.kind.to_string()).or_default() += 1;
                }
            }
        }
    }
    kinds
}

/// Counts unsafe usage in each locked crate found on disk.
pub fn crate_unsafe(locked: &[(String, String)]) -> CrateUnsafe {
    let dirs = registry_dirs();
    let mut out = CrateUnsafe::default();
    let mut all: Vec<CrateFindings> = Vec::new();
    let mut missing: Vec<String> = Vec::new();
    for (name, version) in locked {
        let found = dirs
            .iter()
            .map(|d| d.join(format!("{name}-{version}")))
            .find(|p| p.is_dir());
        match found {
            Some(dir) => {
                out.on_disk += 1;
                let by_kind = lex_crate(&dir);
                let findings = by_kind.values().sum();
                out.findings += findings;
                all.push(CrateFindings {
                    package: format!("{name}@{version}"),
                    findings,
                    by_kind,
                });
            }
            None => {
                out.not_on_disk += 1;
                missing.push(format!("{name}@{version}"));
            }
        }
    }
    all.sort_by(|a, b| {
        b.findings
            .cmp(&a.findings)
            .then_with(|| a.package.cmp(&b.package))
    });
    all.truncate(20);
    missing.sort();
    missing.truncate(20);
    out.top = all;
    out.not_on_disk_examples = missing;
    out
}
