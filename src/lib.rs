//! rust-ready: should this codebase adopt Rust, how strongly, and where would it start?
//!
//! Map of the crate (data flows one way):
//! - [`options`]: validated settings and every budget; [`guard`]: the one guarded open every
//!   read goes through; [`walk`]: the one parallel pass over the tree;
//! - [`analyze`]: per-file analyzers (languages, unsafe usage, dependencies, signals), pure;
//! - [`aggregate`]: streaming per-thread totals merged at the end;
//! - [`history`]: git facts, read-only; [`score`]: criteria, score, verdict;
//! - [`report`]: the [`Report`] model and its renderers (the only formatting code).

pub mod aggregate;
pub mod analyze;
pub mod app;
pub mod cargo_meta;
pub mod changes;
pub mod cli;
pub mod config;
pub mod data;
pub mod error;
pub mod exit;
pub mod gate;
pub mod guard;
pub mod history;
pub mod options;
pub mod progress;
pub mod registry;
pub mod report;
pub mod roadmap;
pub mod roles;
pub mod schema;
pub mod score;
pub mod walk;

use std::collections::BTreeMap;
use std::path::Path;

pub use error::ScanError;
pub use options::Options;
pub use report::model::Report;

use aggregate::Totals;
use data::memory_models::memory_model;
use report::model::{
    EmbeddedRow, LanguageRow, MemoryModel, SCHEMA_VERSION, Scanned, Summary, Tool,
};

/// Scans the tree at `path` and returns its report.
///
/// Fails only when the root itself cannot be scanned (missing, unreadable) or an option is
/// invalid; every per-file problem becomes a `warnings` entry.
pub fn scan(path: &Path, opts: &Options) -> Result<Report, ScanError> {
    let md = std::fs::metadata(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            ScanError::NotFound(path.to_path_buf())
        } else {
            ScanError::Unreadable {
                path: path.to_path_buf(),
                source: e,
            }
        }
    })?;
    // Canonical root: results never depend on the working directory or the spelling of PATH.
    let root = path.canonicalize().map_err(|e| ScanError::Unreadable {
        path: path.to_path_buf(),
        source: e,
    })?;
    if md.is_dir() {
        std::fs::read_dir(&root).map_err(|e| ScanError::Unreadable {
            path: path.to_path_buf(),
            source: e,
        })?;
    }
    let totals = walk::walk(&root, opts)?;
    let cargo_locked = if opts.deps_unsafe {
        analyze::deps::cargo_locked(&totals.deps)
    } else {
        Vec::new()
    };
    let mut report = build_report(path, totals);
    if let Some(cargo) = report
        .dependencies
        .ecosystems
        .iter_mut()
        .find(|e| e.ecosystem == "cargo")
    {
        if opts.deps_unsafe {
            cargo.crate_unsafe = Some(registry::crate_unsafe(&cargo_locked));
        }
        if opts.cargo_metadata && md.is_dir() {
            cargo.cargo_metadata = cargo_meta::run(&root);
        }
    }
    if opts.history {
        let wanted: Vec<&str> = report
            .unsafety
            .product_files
            .iter()
            .map(|f| f.path.as_str())
            .collect();
        let complete =
            report.unsafety.product_files_total == report.unsafety.product_files.len() as u64;
        let counted = changes::Counted::new(&report.unsafety.product_files, complete);
        let counts = |p: &str, deleted: bool| counted.counts(p, deleted);
        let read = history::read(
            &root,
            Some(&history::Wanted {
                files: &wanted,
                counts: &counts,
                budget: opts.history_budget,
            }),
        );
        let (h, refused) = (read.history, read.refused);
        report.history = h;
        if let Some(raw) = read.changes {
            let components: Vec<String> =
                report.components.iter().map(|c| c.path.clone()).collect();
            let today = changes::Today {
                product_files: &report.unsafety.product_files,
                product_files_complete: complete,
                languages: &report.languages,
                components: &components,
            };
            report.history.changes = Some(changes::join(&raw, &today));
        }
        if let Some(r) = refused {
            *report.warning_counts.entry("history".into()).or_default() += 1;
            report.warnings.push(report::model::Warning {
                path: r.path,
                kind: "history".into(),
                message: format!("history unavailable: {}", r.reason),
            });
            report.warnings.sort_by(|a, b| {
                (&a.path, &a.kind, &a.message).cmp(&(&b.path, &b.kind, &b.message))
            });
        }
        if report.history.shallow {
            let message = report.history.reason.clone().unwrap_or_default();
            report.warnings.push(report::model::Warning {
                path: ".git".into(),
                kind: "history".into(),
                message,
            });
            *report.warning_counts.entry("history".into()).or_default() += 1;
        }
    } else {
        report.history.reason = Some("disabled by --no-history".into());
    }
    report.repository_path = repository_path(&root);
    score::apply(&mut report, &opts.scoring);
    Ok(report)
}

/// The canonical `root`'s directory (itself, or a file's parent) relative to the nearest enclosing git work tree (a directory
/// holding `.git`, a directory or a worktree's file), with `/` separators; `None` outside git.
/// Only metadata is read: nothing is opened.
pub fn repository_path(root: &Path) -> Option<String> {
    let dir = if root.is_dir() { root } else { root.parent()? };
    let top = dir.ancestors().find(|a| a.join(".git").exists())?;
    let rel = dir.strip_prefix(top).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// Turns merged totals into a report (without history and scoring).
pub fn build_report(path: &Path, totals: Totals) -> Report {
    let Totals {
        files,
        bytes,
        skipped,
        languages,
        headers,
        unsafety,
        deps,
        mut signals,
        roles,
        components: unit_acc,
        warnings,
    } = totals;
    let start_files = analyze::signals::start_files(&mut signals, &unsafety.wrapper_names());

    let mut rows: Vec<LanguageRow> = languages
        .into_iter()
        .map(|(lang, acc)| {
            let name = lang.name().to_string();
            let model = memory_model(&name);
            let code = acc.lines.code;
            LanguageRow {
                own_code: code.saturating_sub(acc.vendored_code + acc.generated_code),
                files: acc.files,
                code,
                comments: acc.lines.comments,
                blanks: acc.lines.blanks,
                vendored_code: acc.vendored_code,
                generated_code: acc.generated_code,
                product_code: acc.by_role[crate::roles::Role::Product.index()],
                code_by_role: crate::roles::Role::ALL
                    .iter()
                    .filter(|r| acc.by_role[r.index()] > 0)
                    .map(|r| (r.name().to_string(), acc.by_role[r.index()]))
                    .collect(),
                share: 0.0,
                memory_model: Some(model),
                embedded: acc
                    .embedded
                    .into_iter()
                    .map(|(l, c)| EmbeddedRow {
                        name: l.name().to_string(),
                        code: c.code,
                        comments: c.comments,
                        blanks: c.blanks,
                    })
                    .collect(),
                attributed_to: if name == "C Header" {
                    headers.attribute()
                } else {
                    BTreeMap::new()
                },
                name,
            }
        })
        .collect();
    let programming: u64 = rows
        .iter()
        .filter(|r| r.memory_model != Some(MemoryModel::None))
        .map(|r| r.product_code)
        .sum();
    let share_of = |n: u64| {
        if programming == 0 {
            0.0
        } else {
            round4(n as f64 / programming as f64)
        }
    };
    for r in &mut rows {
        if r.memory_model != Some(MemoryModel::None) {
            r.share = share_of(r.product_code);
        }
    }
    rows.sort_by(|a, b| b.code.cmp(&a.code).then_with(|| a.name.cmp(&b.name)));
    let sum_model = |m: MemoryModel| {
        rows.iter()
            .filter(|r| r.memory_model == Some(m))
            .map(|r| r.product_code)
            .sum::<u64>()
    };
    let own_code: BTreeMap<String, u64> = rows
        .iter()
        .map(|r| (r.name.clone(), r.product_code))
        .collect();
    let (signal_hits, (test_files, code_files), dir_components) = analyze::signals::finish(signals);
    // Real units from build files when any declares one; directories otherwise.
    let components = match analyze::components::finish(unit_acc) {
        Some(units) => units.into_iter().map(component_stats).collect(),
        None => dir_components,
    };
    let summary = Summary {
        source_files: code_files,
        test_files,
        memory_unsafe_share: share_of(sum_model(MemoryModel::Manual)),
        rust_share: share_of(sum_model(MemoryModel::Ownership)),
        programming_code: programming,
        ..Summary::default()
    };
    let skipped_total = skipped.values().sum();
    Report {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: "rust-ready".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        root: path.to_string_lossy().into_owned(),
        repository_path: None,
        project: None,
        scanned: Scanned {
            files,
            bytes,
            skipped: skipped_total,
            skipped_by_reason: skipped
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        },
        summary,
        languages: rows,
        unsafety: analyze::unsafety::finish(unsafety, &own_code),
        dependencies: analyze::deps::finish(deps),
        history: report::model::History::default(),
        signals: signal_hits,
        components,
        roles: crate::roles::Role::ALL
            .iter()
            .map(|r| (r, roles.by_role[r.index()]))
            .filter(|(_, (files, _))| *files > 0)
            .map(|(r, (files, code))| report::model::RoleRow {
                role: *r,
                files,
                code,
            })
            .collect(),
        start_files,
        criteria: Vec::new(),
        recommendations: Vec::new(),
        warnings: warnings.kept.into_iter().collect(),
        warning_counts: warnings.counts,
        delta: None,
    }
}

/// A component's report row from its rolled-up facts.
fn component_stats(c: analyze::components::Component) -> report::model::ComponentStats {
    let f = c.facts;
    let code: u64 = f.languages.iter().map(|(_, n)| n).sum();
    let mut langs: Vec<(&&str, &u64)> = f.languages.iter().map(|(l, n)| (l, n)).collect();
    langs.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    let exposure = if f.network_files > 0 {
        "network"
    } else if f.parser_files > 0 {
        "format"
    } else {
        "none"
    };
    report::model::ComponentStats {
        path: c.path,
        files: f.files,
        own_code: code,
        manual_code: f.manual,
        unsafe_findings: f.findings,
        exposed_files: f.network_files + f.parser_files,
        kind: c.kind,
        declared_by: c.declared_by,
        role: "product".into(),
        languages: langs.iter().take(3).map(|(l, _)| l.to_string()).collect(),
        product_code: code,
        memory_unsafe_share: if code > 0 {
            round4(f.manual as f64 / code as f64)
        } else {
            0.0
        },
        findings: f.findings,
        exposure: exposure.into(),
        entry_points: f.entry_points,
        verdict: None,
        score: None,
    }
}

/// Rounds a fraction to four decimals, so JSON stays short and stable.
pub fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}
