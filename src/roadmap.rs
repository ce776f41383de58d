//! The memory-safety roadmap (`rust-ready roadmap`): a pure function from a [`Report`] (and
//! the `[roadmap]` settings) to a [`Roadmap`] a lead can edit and publish, following "The Case
//! for Memory Safe Roadmaps" (CISA, NSA, FBI and partners, 2023): inventory, priorities, a
//! strategy per component, development-process changes and milestones. Every number is taken
//! from the report or computed from its numbers with the arithmetic written out; a part the
//! report has no facts for says so. Rules and tables are in `data::roadmap`; renderers in
//! `report::roadmap` only format.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::data::memory_models::memory_model;
use crate::data::roadmap::{
    self as rules, NATIVE_NPM, NATIVE_PYPI, REWRITE_MAX_LINES, STRATEGY_RULES, StrategyKind, When,
};
use crate::report::model::{ChangeHistory, ComponentStats, MemoryModel, ProductFile, Report};

/// Items listed per priority level (the level's totals count every file).
pub const ITEMS_PER_LEVEL: usize = 15;
/// Locations shown as evidence per item.
const EVIDENCE_PER_ITEM: usize = 3;
/// Years the projection covers.
pub const PROJECTION_YEARS: u32 = 3;

/// Settings of the roadmap (`[roadmap]` in rust-ready.toml).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoadmapConfig {
    /// Years for a line's vulnerability density to halve with age.
    pub half_life_years: f64,
    /// Where the value comes from: `default` or `rust-ready.toml`.
    pub half_life_from: String,
}

impl Default for RoadmapConfig {
    fn default() -> Self {
        RoadmapConfig {
            half_life_years: rules::default_half_life(),
            half_life_from: "default".to_string(),
        }
    }
}

/// The whole roadmap.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Roadmap {
    /// Project name (the report's `project`, else its root).
    pub project: String,
    /// The scanned root.
    pub root: String,
    /// The tool version that wrote the report.
    pub tool_version: String,
    /// Date the history's windows end at, when known.
    pub as_of: Option<String>,
    /// Why there are no history facts, when there are none.
    pub no_history: Option<String>,
    /// When a budget cut the change walk short: what it covered (churn is a lower bound).
    pub history_truncated: Option<String>,
    /// What there is.
    pub inventory: Inventory,
    /// P1..P3.
    pub priorities: Vec<Level>,
    /// Strategy per component, vendored library and declared C/C++ library.
    pub strategies: Vec<Strategy>,
    /// Development-process changes: enforceable and checkable ones.
    pub process: Vec<Practice>,
    /// Milestones in quarters.
    pub milestones: Milestones,
    /// The code-age model (None without history).
    pub projection: Option<Projection>,
    /// Parameters and sources.
    pub model: ModelParams,
}

/// The inventory.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Inventory {
    /// Product lines of programming languages (the denominator of shares).
    pub programming_code: u64,
    /// Product lines in memory-unsafe languages.
    pub unsafe_code: u64,
    /// Product lines in Rust.
    pub rust_code: u64,
    /// Memory-unsafe share of product code (the report's).
    pub memory_unsafe_share: f64,
    /// Rust share (the report's).
    pub rust_share: f64,
    /// Memory-unsafe languages and Rust, by product lines.
    pub languages: Vec<LanguageLine>,
    /// Components with their memory-unsafe lines.
    pub components: Vec<ComponentLine>,
    /// Memory-unsafe native dependencies of the higher-level ecosystems.
    pub native_dependencies: Vec<NativeDependency>,
    /// Ecosystems whose manifests were read.
    pub ecosystems_read: Vec<String>,
    /// Vendored memory-unsafe libraries.
    pub vendored: Vec<VendoredLine>,
    /// C/C++ libraries the build declares (CMake, Conan, vcpkg, ...).
    pub declared_native: Vec<DeclaredLibrary>,
}

/// One language of the inventory.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LanguageLine {
    /// tokei's name.
    pub name: String,
    /// `manual` or `ownership`.
    pub memory_model: String,
    /// Files.
    pub files: u64,
    /// Product lines.
    pub product_code: u64,
    /// Share of programming product lines.
    pub share: f64,
}

/// One component of the inventory.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComponentLine {
    /// Path.
    pub path: String,
    /// Kind (library, binary, service, directory, ...).
    pub kind: String,
    /// Languages, largest first.
    pub languages: Vec<String>,
    /// Product lines.
    pub product_code: u64,
    /// Memory-unsafe lines.
    pub manual_code: u64,
    /// Non-test unsafe findings.
    pub findings: u64,
    /// network, format or none.
    pub exposure: String,
}

/// A native dependency of a higher-level ecosystem.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NativeDependency {
    /// Ecosystem.
    pub ecosystem: String,
    /// Package.
    pub package: String,
    /// What native code it carries (from the table, or the `-sys` convention).
    pub carries: String,
}

/// A vendored library.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VendoredLine {
    /// Folder.
    pub path: String,
    /// Files.
    pub files: u64,
    /// Lines.
    pub code: u64,
    /// Findings.
    pub findings: u64,
    /// The crate that covers it, when the table knows its name.
    pub crate_replacement: Option<String>,
}

/// A C/C++ library declared by the build.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeclaredLibrary {
    /// Name as declared.
    pub name: String,
    /// The crate that covers it.
    pub crate_replacement: Option<String>,
}

/// A priority level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Level {
    /// 1, 2 or 3.
    pub level: u8,
    /// What it holds.
    pub label: String,
    /// Files at this level.
    pub files: u64,
    /// Their lines.
    pub code: u64,
    /// Their non-test findings.
    pub findings: u64,
    /// Lines added to them in 12 months (None without history).
    pub added_12m: Option<u64>,
    /// The first [`ITEMS_PER_LEVEL`] files, most findings first.
    pub items: Vec<Item>,
}

/// One file of a priority level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    /// Path.
    pub path: String,
    /// Its component.
    pub component: String,
    /// Language.
    pub language: String,
    /// Why it is at this level.
    pub why: String,
    /// Lines.
    pub code: u64,
    /// Non-test findings.
    pub findings: u64,
    /// `path:line kind` of its first findings, and the exposure signal's location.
    pub evidence: Vec<String>,
    /// Lines added in 12 months (None: no history).
    pub added_12m: Option<u64>,
    /// Lines added in 24 months.
    pub added_24m: Option<u64>,
    /// Last change.
    pub last_change: Option<String>,
}

/// The strategy for one target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Strategy {
    /// Component path, vendored folder or library name.
    pub target: String,
    /// component, vendored or declared.
    pub what: String,
    /// The chosen strategy.
    pub strategy: StrategyKind,
    /// The rule that decided, in words.
    pub rule: String,
    /// The facts it read.
    pub facts: String,
}

/// One development-process change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Practice {
    /// What.
    pub practice: String,
    /// present, missing, partial, not found in the tree, not-applicable, or enforce (the tool
    /// does it in CI).
    pub status: String,
    /// Measured evidence.
    pub evidence: String,
    /// How to put it in place.
    pub how: String,
}

/// Milestones.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Milestones {
    /// Memory-unsafe lines added in the 12 months before `as_of` (None without history).
    pub unsafe_added_12m: Option<u64>,
    /// Rust lines added in the same 12 months.
    pub rust_added_12m: Option<u64>,
    /// Of those 12 months, how many the change walk covered (fewer when a budget stopped it).
    pub months_covered: Option<u64>,
    /// (memory-unsafe + Rust lines added) / months covered x 3: the team's measured quarterly
    /// rate of writing systems code, taken as its capacity to port.
    pub quarterly_churn: Option<f64>,
    /// The steps.
    pub rows: Vec<Milestone>,
}

/// One milestone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Milestone {
    /// Name.
    pub name: String,
    /// Lines it covers.
    pub lines: u64,
    /// Quarters it takes (None when the churn is unknown or zero).
    pub quarters: Option<u64>,
    /// First and last quarter (1-based, counted from the start of the roadmap).
    pub from_quarter: Option<u64>,
    /// Last quarter.
    pub to_quarter: Option<u64>,
    /// The arithmetic, written out.
    pub arithmetic: String,
}

/// The code-age projection: a model, not a measurement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Projection {
    /// Memory-unsafe lines added in the last 24 months.
    pub unsafe_added_24m: u64,
    /// Of those 24 months, how many the change walk covered.
    pub months_covered: u64,
    /// Per year at that trend (added_24m / months covered x 12).
    pub trend_per_year: f64,
    /// Age buckets (lines, age in years used for the bucket).
    pub buckets: Vec<(String, u64, f64)>,
    /// Lines whose age is unknown (left out).
    pub unknown: u64,
    /// Year 0..=PROJECTION_YEARS: (year, risk-weighted lines at trend, with new code in Rust).
    pub rows: Vec<(u32, f64, f64)>,
}

/// Model parameters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelParams {
    /// Half-life used.
    pub half_life_years: f64,
    /// `default` or `rust-ready.toml`.
    pub half_life_from: String,
    /// The published range (from 7.4x and 3.4x).
    pub published_range: (f64, f64),
    /// Where the figure comes from.
    pub source: String,
    /// Most memory-unsafe lines for "rewrite".
    pub rewrite_max_lines: u64,
}

fn manual(language: &str) -> bool {
    memory_model(language) == MemoryModel::Manual
}

fn header(language: &str) -> bool {
    language.ends_with("Header")
}

/// The component a path belongs to: the longest component path that holds it.
fn component_of<'a>(path: &str, components: &'a [ComponentStats]) -> Option<&'a ComponentStats> {
    components
        .iter()
        .filter(|c| {
            c.path == "."
                || path == c.path
                || path.starts_with(&format!("{}/", c.path.trim_end_matches('/')))
        })
        .max_by_key(|c| if c.path == "." { 0 } else { c.path.len() })
}

/// Lines added over the last `window` months that the change walk covered: (memory-unsafe,
/// Rust, months covered). When a budget stopped the walk, only the months from
/// `covered_since`'s month on count (at least one month).
pub fn added_in(ch: &ChangeHistory, window: usize) -> (u64, u64, u64) {
    let rows = ch.covered_months(window);
    let unsafe_lines = rows
        .iter()
        .flat_map(|m| m.added.iter())
        .filter(|(l, _)| manual(l))
        .map(|(_, n)| *n)
        .sum();
    let rust = rows
        .iter()
        .map(|m| m.added.get("Rust").copied().unwrap_or(0))
        .sum();
    (unsafe_lines, rust, rows.len().max(1) as u64)
}

/// The priority of one memory-unsafe product file: (level, why).
pub fn priority(f: &ProductFile, component_exposure: &str) -> (u8, &'static str) {
    if f.network {
        (1, "reads from the network (socket or packet code)")
    } else if f.parser && component_exposure == "network" {
        (1, "parser in a network-facing component")
    } else if f.parser && crate::analyze::signals::path_names_network(&f.path) {
        (1, "parser whose path names a network protocol")
    } else if f.parser {
        (2, "parser of files or formats")
    } else {
        (3, "internal code")
    }
}

const LEVEL_LABELS: [&str; 3] = [
    "network-facing parsers and protocol code",
    "parsers of untrusted files and formats",
    "internal code and tools",
];

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The crate replacing a C/C++ library named `name` (a folder or a declared package).
pub fn replacement(name: &str) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    // `zlib-1.3.1` -> `zlib`: drop version parts.
    let base: Vec<&str> = lower
        .split(['-', '_'])
        .take_while(|p| !p.starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    let joined = base.join("-");
    [lower.as_str(), joined.as_str(), &base.join("_")]
        .iter()
        .find_map(|n| crate::analyze::deps::equivalent("cpp", n))
        .or_else(|| {
            lower
                .strip_prefix("lib")
                .and_then(|n| crate::analyze::deps::equivalent("cpp", n))
        })
}

/// Builds the roadmap.
pub fn build(r: &Report, cfg: &RoadmapConfig) -> Roadmap {
    let changes = r.history.changes.as_ref();
    let no_history = if changes.is_some() {
        None
    } else {
        Some(
            r.history
                .reason
                .clone()
                .unwrap_or_else(|| "the report has no change history".to_string()),
        )
    };
    let files_hist: BTreeMap<&str, &crate::report::model::FileChange> = changes
        .map(|c| c.files.iter().map(|f| (f.path.as_str(), f)).collect())
        .unwrap_or_default();
    let comp_hist: BTreeMap<&str, &crate::report::model::ComponentChurn> = changes
        .map(|c| c.components.iter().map(|f| (f.path.as_str(), f)).collect())
        .unwrap_or_default();

    let inventory = inventory(r);
    let priorities = priorities(r, &files_hist, changes.is_some());
    let strategies = strategies(r, &inventory, &comp_hist, changes.is_some());
    let process = process(r);
    let milestones = milestones(&priorities, changes);
    let projection = changes.map(|c| projection(c, cfg.half_life_years));
    let (lo, hi) = rules::AGE_RATIOS;
    Roadmap {
        project: r.project.clone().unwrap_or_else(|| r.root.clone()),
        root: r.root.clone(),
        tool_version: r.tool.version.clone(),
        as_of: changes.map(|c| c.as_of.clone()),
        no_history,
        history_truncated: changes.filter(|c| c.truncated).map(|c| {
            format!(
                "the change walk stopped at a budget after {} commits (covered since {}): churn and ages are lower bounds",
                c.commits_diffed,
                c.covered_since.as_deref().unwrap_or("unknown")
            )
        }),
        inventory,
        priorities,
        strategies,
        process,
        milestones,
        projection,
        model: ModelParams {
            half_life_years: cfg.half_life_years,
            half_life_from: cfg.half_life_from.clone(),
            published_range: (round2(rules::half_life(hi)), round2(rules::half_life(lo))),
            source: rules::AGE_SOURCE.to_string(),
            rewrite_max_lines: REWRITE_MAX_LINES,
        },
    }
}

fn inventory(r: &Report) -> Inventory {
    let languages: Vec<LanguageLine> = r
        .languages
        .iter()
        .filter(|l| {
            l.product_code > 0
                && matches!(
                    l.memory_model,
                    Some(MemoryModel::Manual | MemoryModel::Ownership)
                )
        })
        .map(|l| LanguageLine {
            name: l.name.clone(),
            memory_model: if l.memory_model == Some(MemoryModel::Manual) {
                "manual".to_string()
            } else {
                "ownership".to_string()
            },
            files: l.files,
            product_code: l.product_code,
            share: l.share,
        })
        .collect();
    let sum = |m: &str| -> u64 {
        languages
            .iter()
            .filter(|l| l.memory_model == m)
            .map(|l| l.product_code)
            .sum()
    };
    let mut native = Vec::new();
    let mut declared = Vec::new();
    for e in &r.dependencies.ecosystems {
        for d in &e.direct {
            let lower = d.name.to_ascii_lowercase().replace('_', "-");
            let hit = match e.ecosystem.as_str() {
                "pypi" => NATIVE_PYPI
                    .iter()
                    .find(|(n, _)| *n == lower)
                    .map(|(_, w)| (*w).to_string()),
                "npm" => NATIVE_NPM
                    .iter()
                    .find(|(n, _)| *n == lower)
                    .map(|(_, w)| (*w).to_string()),
                "cargo" => lower
                    .ends_with(rules::SYS_CRATE_SUFFIX)
                    .then(|| "binds a native library (a -sys crate)".to_string()),
                _ => None,
            };
            if let Some(carries) = hit {
                native.push(NativeDependency {
                    ecosystem: e.ecosystem.clone(),
                    package: d.name.clone(),
                    carries,
                });
            }
            if e.ecosystem == "cpp" {
                declared.push(DeclaredLibrary {
                    name: d.name.clone(),
                    crate_replacement: replacement(&d.name),
                });
            }
        }
    }
    Inventory {
        programming_code: r.summary.programming_code,
        unsafe_code: sum("manual"),
        rust_code: sum("ownership"),
        memory_unsafe_share: r.summary.memory_unsafe_share,
        rust_share: r.summary.rust_share,
        languages,
        components: r
            .components
            .iter()
            .map(|c| ComponentLine {
                path: c.path.clone(),
                kind: c.kind.clone(),
                languages: c.languages.clone(),
                product_code: c.product_code,
                manual_code: c.manual_code,
                findings: c.findings,
                exposure: c.exposure.clone(),
            })
            .collect(),
        native_dependencies: native,
        ecosystems_read: r
            .dependencies
            .ecosystems
            .iter()
            .map(|e| e.ecosystem.clone())
            .collect(),
        vendored: r
            .unsafety
            .vendored_libraries
            .iter()
            .map(|v| VendoredLine {
                path: v.path.clone(),
                files: v.files,
                code: v.code,
                findings: v.findings,
                crate_replacement: replacement(v.path.rsplit('/').next().unwrap_or(&v.path)),
            })
            .collect(),
        declared_native: declared,
    }
}

fn priorities(
    r: &Report,
    hist: &BTreeMap<&str, &crate::report::model::FileChange>,
    has_history: bool,
) -> Vec<Level> {
    let network_examples: Vec<&str> = r
        .signals
        .iter()
        .filter(|s| s.id == "network_server")
        .flat_map(|s| s.examples.iter().map(String::as_str))
        .collect();
    let mut levels: Vec<Level> = (1..=3u8)
        .map(|l| Level {
            level: l,
            label: LEVEL_LABELS[usize::from(l - 1)].to_string(),
            files: 0,
            code: 0,
            findings: 0,
            added_12m: has_history.then_some(0),
            items: vec![],
        })
        .collect();
    let mut all: Vec<Vec<Item>> = vec![vec![], vec![], vec![]];
    for f in r
        .unsafety
        .product_files
        .iter()
        .filter(|f| manual(&f.language) && !header(&f.language))
    {
        let comp = component_of(&f.path, &r.components);
        let exposure = comp.map_or("none", |c| c.exposure.as_str());
        let (level, why) = priority(f, exposure);
        let i = usize::from(level - 1);
        let h = hist.get(f.path.as_str());
        let mut evidence: Vec<String> = network_examples
            .iter()
            .filter(|e| e.split(':').next() == Some(f.path.as_str()))
            .map(|e| format!("{e} network_server"))
            .collect();
        if f.parser && evidence.is_empty() {
            evidence.push(format!("{} parser (name or parse function)", f.path));
        }
        evidence.extend(
            r.unsafety
                .locations
                .iter()
                .filter(|l| l.path == f.path)
                .take(EVIDENCE_PER_ITEM)
                .map(|l| format!("{}:{} {}", l.path, l.line, l.kind)),
        );
        let lv = &mut levels[i];
        lv.files += 1;
        lv.code += f.code;
        lv.findings += f.findings;
        if let (Some(t), Some(h)) = (lv.added_12m.as_mut(), h) {
            *t += h.added_12m;
        }
        all[i].push(Item {
            path: f.path.clone(),
            component: comp.map_or_else(|| ".".to_string(), |c| c.path.clone()),
            language: f.language.clone(),
            why: why.to_string(),
            code: f.code,
            findings: f.findings,
            evidence,
            added_12m: if has_history {
                Some(h.map_or(0, |h| h.added_12m))
            } else {
                None
            },
            added_24m: if has_history {
                Some(h.map_or(0, |h| h.added_24m))
            } else {
                None
            },
            last_change: h.and_then(|h| h.last_change.clone()),
        });
    }
    for (lv, mut items) in levels.iter_mut().zip(all) {
        items.sort_by(|a, b| {
            b.findings
                .cmp(&a.findings)
                .then(b.code.cmp(&a.code))
                .then(a.path.cmp(&b.path))
        });
        items.truncate(ITEMS_PER_LEVEL);
        lv.items = items;
    }
    levels
}

/// The first rule of [`STRATEGY_RULES`] that holds for these facts.
pub fn choose(
    crate_covers: bool,
    exposed: bool,
    manual_code: u64,
    still_written: Option<bool>,
) -> (StrategyKind, &'static str) {
    for (when, kind, why) in STRATEGY_RULES {
        let holds = match when {
            When::CrateCovers => crate_covers,
            When::SmallAndExposed => exposed && manual_code <= REWRITE_MAX_LINES,
            When::StillWritten => still_written == Some(true),
            When::LargeAndExposed => exposed && manual_code > REWRITE_MAX_LINES,
            When::Otherwise => true,
        };
        if holds {
            return (*kind, why);
        }
    }
    (StrategyKind::Harden, "")
}

fn strategies(
    r: &Report,
    inv: &Inventory,
    hist: &BTreeMap<&str, &crate::report::model::ComponentChurn>,
    has_history: bool,
) -> Vec<Strategy> {
    // A component is exposed when one of its files is P1 or P2 (its own sources, not
    // headers named like parsers). The listing is capped, so the components of every file
    // are counted from the report's product files again.
    let exposed_components: std::collections::BTreeSet<String> = r
        .unsafety
        .product_files
        .iter()
        .filter(|f| manual(&f.language) && !header(&f.language))
        .filter_map(|f| {
            let comp = component_of(&f.path, &r.components)?;
            (priority(f, &comp.exposure).0 <= 2).then(|| comp.path.clone())
        })
        .collect();
    let mut out = vec![];
    for c in r.components.iter().filter(|c| c.manual_code > 0) {
        let exposed = exposed_components.contains(&c.path);
        let h = hist.get(c.path.as_str());
        let still = has_history.then(|| h.is_some_and(|h| h.unsafe_added_12m > 0));
        let (kind, why) = choose(false, exposed, c.manual_code, still);
        let churn = match (has_history, h) {
            (false, _) => "churn unknown (no history)".to_string(),
            (true, None) => "no memory-unsafe lines added in 12 months".to_string(),
            (true, Some(h)) => format!(
                "{} memory-unsafe lines added in 12 months, {} in 24, {} Rust lines in 12",
                h.unsafe_added_12m, h.unsafe_added_24m, h.rust_added_12m
            ),
        };
        out.push(Strategy {
            target: c.path.clone(),
            what: "component".to_string(),
            strategy: kind,
            rule: why.to_string(),
            facts: format!(
                "{} memory-unsafe of {} product lines, {} risky calls, {}; {churn}",
                c.manual_code,
                c.product_code,
                c.findings,
                if exposed {
                    "P1 or P2 files in it"
                } else {
                    "no P1 or P2 file in it"
                }
            ),
        });
    }
    for v in &inv.vendored {
        let (kind, why) = choose(v.crate_replacement.is_some(), false, v.code, None);
        out.push(Strategy {
            target: v.path.clone(),
            what: "vendored".to_string(),
            strategy: kind,
            rule: why.to_string(),
            facts: match &v.crate_replacement {
                Some(c) => format!("{} vendored lines, crate {c}", v.code),
                None => format!(
                    "{} vendored lines, {} findings; no crate in the table for this name",
                    v.code, v.findings
                ),
            },
        });
    }
    for d in &inv.declared_native {
        if let Some(c) = &d.crate_replacement {
            out.push(Strategy {
                target: d.name.clone(),
                what: "declared".to_string(),
                strategy: StrategyKind::ReplaceWithACrate,
                rule: STRATEGY_RULES[0].2.to_string(),
                facts: format!("declared by the C/C++ build; crate {c}"),
            });
        }
    }
    out
}

fn signal<'a>(r: &'a Report, id: &str) -> Option<&'a crate::report::model::SignalHit> {
    r.signals.iter().find(|s| s.id == id)
}

fn process(r: &Report) -> Vec<Practice> {
    let has_unsafe = r
        .languages
        .iter()
        .any(|l| l.memory_model == Some(MemoryModel::Manual) && l.product_code > 0);
    let mut out = vec![Practice {
        practice: "CI gate: no new memory-unsafe product code".to_string(),
        status: "enforce".to_string(),
        evidence: {
            let unsafe_files: Vec<&ProductFile> = r
                .unsafety
                .product_files
                .iter()
                .filter(|f| manual(&f.language))
                .collect();
            format!(
                "the baseline today: {} memory-unsafe product files, {} lines",
                unsafe_files.len(),
                unsafe_files.iter().map(|f| f.code).sum::<u64>()
            )
        },
        how: "keep the main branch's report as a baseline and run rust-ready scan . --baseline base.json --fail-on new-unsafe-code on every pull request".to_string(),
    }];
    let sig = |id: &str, what: &str, how: &str| -> Practice {
        match signal(r, id) {
            Some(s) => Practice {
                practice: what.to_string(),
                status: "present".to_string(),
                evidence: format!("{} file(s), e.g. {}", s.count, s.examples.join(", ")),
                how: how.to_string(),
            },
            None => Practice {
                practice: what.to_string(),
                status: if has_unsafe {
                    "not found in the tree"
                } else {
                    "not-applicable"
                }
                .to_string(),
                evidence: format!("no {id} signal in the report (it may live outside the tree)"),
                how: how.to_string(),
            },
        }
    };
    out.push(sig(
        "fuzzing",
        "Fuzz targets for the P1 and P2 parsers",
        "a libFuzzer/AFL target per parser, run in CI (OSS-Fuzz for open source)",
    ));
    out.push(sig(
        "sanitizers",
        "Sanitizer builds (ASan, UBSan) in CI",
        "a CI job building and testing with -fsanitize=address,undefined",
    ));
    match &r.unsafety.rust_posture {
        None => {
            out.push(Practice {
                practice: "forbid(unsafe_code) in Rust crates".to_string(),
                status: "not-applicable".to_string(),
                evidence: "no Rust crate root in the report".to_string(),
                how: "add it to every new crate that needs no unsafe".to_string(),
            });
            out.push(Practice {
                practice: "SAFETY comments on every unsafe block".to_string(),
                status: "not-applicable".to_string(),
                evidence: "no Rust unsafe blocks in the report".to_string(),
                how: "clippy's undocumented_unsafe_blocks lint".to_string(),
            });
        }
        Some(p) => {
            let linted = p.forbid_unsafe + p.deny_unsafe;
            out.push(Practice {
                practice: "forbid(unsafe_code) in Rust crates".to_string(),
                status: if linted >= p.crate_roots {
                    "present"
                } else if linted > 0 {
                    "partial"
                } else {
                    "missing"
                }
                .to_string(),
                evidence: format!(
                    "{} of {} crate roots forbid, {} deny unsafe_code{}",
                    p.forbid_unsafe,
                    p.crate_roots,
                    p.deny_unsafe,
                    if p.roots_without_lint.is_empty() {
                        String::new()
                    } else {
                        format!("; without: {}", p.roots_without_lint.join(", "))
                    }
                ),
                how: "add it to every crate root that needs no unsafe".to_string(),
            });
            out.push(Practice {
                practice: "SAFETY comments on every unsafe block".to_string(),
                status: match p.safety_coverage {
                    None => "not-applicable",
                    Some(c) if c >= 1.0 => "present",
                    Some(c) if c > 0.0 => "partial",
                    Some(_) => "missing",
                }
                .to_string(),
                evidence: format!(
                    "{} of {} unsafe blocks commented",
                    p.safety_commented, p.unsafe_blocks
                ),
                how: "clippy's undocumented_unsafe_blocks lint".to_string(),
            });
        }
    }
    out.push(sig(
        "security_policy",
        "A published security policy",
        "SECURITY.md naming how to report a vulnerability",
    ));
    out
}

fn milestones(levels: &[Level], ch: Option<&ChangeHistory>) -> Milestones {
    let window = ch.map(|c| added_in(c, 12));
    let added12 = window.map(|w| w.0);
    let rust12 = window.map(|w| w.1);
    let months = window.map(|w| w.2);
    let q = window.map(|(a, r, m)| (a + r) as f64 / m as f64 * 3.0);
    let mut rows = vec![Milestone {
        name: "Gate on: new code in Rust, --fail-on new-unsafe-code in CI".to_string(),
        lines: 0,
        quarters: Some(1),
        from_quarter: Some(1),
        to_quarter: Some(1),
        arithmetic:
            "a fixed first quarter (a plan, not a measurement): the gate and a Rust toolchain in CI"
                .to_string(),
    }];
    let mut next = 2u64;
    for lv in levels.iter().filter(|l| l.files > 0 && l.level <= 2) {
        let name = format!("P{}: {}", lv.level, lv.label);
        let (quarters, arithmetic) = match q {
            None => (
                None,
                format!(
                    "{} lines; quarters unknown: no history to measure churn",
                    lv.code
                ),
            ),
            Some(q) if q <= 0.0 => (
                None,
                format!(
                    "{} lines; quarters unknown: no memory-unsafe or Rust lines were added in 12 months, so the team's rate is not measured",
                    lv.code
                ),
            ),
            Some(q) => {
                let m = months.unwrap_or(12);
                let n = (lv.code as f64 / q).ceil().max(1.0) as u64;
                (
                    Some(n),
                    format!(
                        "{} lines / {} lines per quarter (({} memory-unsafe + {} Rust lines added in {m} months) x 3 / {m}) = {:.2}, rounded up: {n} quarter{}",
                        lv.code,
                        round2(q),
                        added12.unwrap_or(0),
                        rust12.unwrap_or(0),
                        lv.code as f64 / q,
                        if n == 1 { "" } else { "s" }
                    ),
                )
            }
        };
        let (from, to) = match quarters {
            Some(n) => {
                let f = next;
                next += n;
                (Some(f), Some(f + n - 1))
            }
            None => (None, None),
        };
        rows.push(Milestone {
            name,
            lines: lv.code,
            quarters,
            from_quarter: from,
            to_quarter: to,
            arithmetic,
        });
    }
    if let Some(p3) = levels.iter().find(|l| l.level == 3 && l.files > 0) {
        rows.push(Milestone {
            name: "P3: harden internal code (sanitizers, fuzzing); rewrite only when touched"
                .to_string(),
            lines: p3.code,
            quarters: None,
            from_quarter: None,
            to_quarter: None,
            arithmetic: format!(
                "{} lines are not sized: stable internal code is hardened, not rewritten",
                p3.code
            ),
        });
    }
    Milestones {
        unsafe_added_12m: added12,
        rust_added_12m: rust12,
        months_covered: months,
        quarterly_churn: q.map(round2),
        rows,
    }
}

fn projection(ch: &ChangeHistory, h: f64) -> Projection {
    let a = &ch.unsafe_age;
    let older = a
        .lines
        .saturating_sub(a.changed_5y)
        .saturating_sub(a.unknown);
    let buckets = vec![
        ("changed within 1 year".to_string(), a.changed_1y, 0.5),
        (
            "1 to 2 years".to_string(),
            a.changed_2y.saturating_sub(a.changed_1y),
            1.5,
        ),
        (
            "2 to 5 years".to_string(),
            a.changed_5y.saturating_sub(a.changed_2y),
            3.5,
        ),
        ("over 5 years".to_string(), older, 5.0),
    ];
    let (added24, _, months24) = added_in(ch, 24);
    let per_year = added24 as f64 / months24 as f64 * 12.0;
    let w = |age: f64| 0.5f64.powf(age / h);
    let rows = (0..=PROJECTION_YEARS)
        .map(|t| {
            let t = f64::from(t);
            let existing: f64 = buckets
                .iter()
                .map(|(_, n, age)| *n as f64 * w(age + t))
                .sum();
            let new: f64 = (0..t as u32)
                .map(|k| per_year * w(f64::from(k) + 0.5))
                .sum();
            (t as u32, round2(existing + new), round2(existing))
        })
        .collect();
    Projection {
        unsafe_added_24m: added24,
        months_covered: months24,
        trend_per_year: round2(per_year),
        buckets,
        unknown: a.unknown,
        rows,
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use crate::report::model::{AgeProfile, FileChange, MonthRow};

    fn file(path: &str, code: u64, findings: u64, parser: bool, network: bool) -> ProductFile {
        ProductFile {
            path: path.to_string(),
            language: "C".to_string(),
            code,
            findings,
            parser,
            network,
        }
    }

    /// A report with three components (network, format, internal) and 24 months of history.
    pub fn sample() -> Report {
        let mut r = crate::build_report(
            std::path::Path::new("t"),
            crate::aggregate::Totals::default(),
        );
        r.unsafety.product_files = vec![
            file("net/proto.c", 100, 5, true, true),
            file("formats/png.c", 200, 3, true, false),
            file("tools/dump.c", 50, 1, false, false),
        ];
        r.components = ["net", "formats", "tools"]
            .iter()
            .zip([("network", 100), ("format", 200), ("none", 50)])
            .map(|(p, (e, n))| ComponentStats {
                path: (*p).to_string(),
                exposure: e.to_string(),
                manual_code: n,
                product_code: n,
                ..ComponentStats::default()
            })
            .collect();
        r.history.changes = Some(ChangeHistory {
            as_of: "2026-11-30".to_string(),
            monthly: (0..24)
                .map(|i| MonthRow {
                    month: format!("{}-{:02}", 2024 + (i + 11) / 12, (i + 11) % 12 + 1),
                    added: [("C".to_string(), 10), ("Rust".to_string(), 100)]
                        .into_iter()
                        .collect(),
                    rust_share: Some(0.1 + 0.01 * f64::from(i)),
                    ..MonthRow::default()
                })
                .collect(),
            unsafe_age: AgeProfile {
                lines: 350,
                changed_1y: 100,
                changed_2y: 150,
                changed_5y: 300,
                unknown: 0,
            },
            files: vec![FileChange {
                path: "net/proto.c".to_string(),
                last_change: Some("2026-10-01".to_string()),
                added_12m: 40,
                added_24m: 60,
            }],
            components: vec![crate::report::model::ComponentChurn {
                path: "tools".to_string(),
                unsafe_added_12m: 7,
                ..Default::default()
            }],
            ..ChangeHistory::default()
        });
        r
    }

    #[test]
    fn priorities_follow_exposure_and_strategies_the_rules() {
        let rm = build(&sample(), &RoadmapConfig::default());
        let first = |l: usize| rm.priorities[l].items[0].path.as_str();
        assert_eq!(first(0), "net/proto.c");
        assert_eq!(first(1), "formats/png.c");
        assert_eq!(first(2), "tools/dump.c");
        assert_eq!(rm.priorities[0].added_12m, Some(40));
        let s: BTreeMap<&str, StrategyKind> = rm
            .strategies
            .iter()
            .map(|s| (s.target.as_str(), s.strategy))
            .collect();
        assert_eq!(s["net"], StrategyKind::Rewrite);
        assert_eq!(s["formats"], StrategyKind::Rewrite);
        assert_eq!(
            s["tools"],
            StrategyKind::NewCodeInRust,
            "C added in 12 months"
        );
        assert_eq!(
            choose(false, true, REWRITE_MAX_LINES + 1, Some(false)).0,
            StrategyKind::Isolate
        );
        assert_eq!(choose(false, false, 10, None).0, StrategyKind::Harden);
        assert_eq!(
            choose(true, true, 10, None).0,
            StrategyKind::ReplaceWithACrate
        );
    }

    #[test]
    fn milestones_show_their_arithmetic_and_the_projection_its_model() {
        let rm = build(&sample(), &RoadmapConfig::default());
        // 120 C + 1200 Rust lines in 12 months -> 330 per quarter; P1 100 lines -> 1 quarter.
        assert_eq!(rm.milestones.quarterly_churn, Some(330.0));
        let p1 = &rm.milestones.rows[1];
        assert_eq!(p1.quarters, Some(1));
        assert_eq!((p1.from_quarter, p1.to_quarter), (Some(2), Some(2)));
        let p2 = &rm.milestones.rows[2];
        assert_eq!((p2.from_quarter, p2.to_quarter), (Some(3), Some(3)));
        assert!(
            p1.arithmetic.contains("100 lines / 330 lines per quarter"),
            "{}",
            p1.arithmetic
        );
        // A walk cut short after 3 of the 12 months: the rate is over the months covered.
        let mut cut = sample();
        if let Some(c) = cut.history.changes.as_mut() {
            c.truncated = true;
            c.covered_since = Some("2026-09-15".to_string());
        }
        let cut = build(&cut, &RoadmapConfig::default());
        assert_eq!(cut.milestones.months_covered, Some(3));
        assert_eq!(
            cut.milestones.quarterly_churn,
            Some(330.0),
            "110 a month either way"
        );
        assert!(cut.history_truncated.is_some());
        let p = rm
            .projection
            .as_ref()
            .map(|p| p.rows.clone())
            .unwrap_or_default();
        assert_eq!(p.len(), 4);
        assert_eq!(p[0].1, p[0].2, "year 0: the same");
        assert!(p[3].1 > p[3].2, "the trend keeps adding young unsafe code");
        assert!(p[3].2 < p[0].2, "without new unsafe code the weight decays");
    }

    #[test]
    fn without_history_every_section_says_unknown() {
        let mut r = sample();
        r.history.changes = None;
        r.history.reason = Some("no .git".to_string());
        let rm = build(&r, &RoadmapConfig::default());
        assert_eq!(rm.no_history.as_deref(), Some("no .git"));
        assert!(rm.projection.is_none());
        assert_eq!(rm.priorities[0].items[0].added_12m, None);
        assert!(rm.milestones.rows[1].arithmetic.contains("no history"));
        assert!(rm.strategies[0].facts.contains("no history"));
    }

    #[test]
    fn replacements_match_library_folders() {
        assert_eq!(replacement("zlib-1.3.1").as_deref(), Some("flate2"));
        assert_eq!(replacement("libpng").as_deref(), Some("png"));
        assert_eq!(replacement("cJSON").as_deref(), Some("serde_json"));
        assert_eq!(replacement("http_parser").as_deref(), Some("httparse"));
        assert_eq!(replacement("minilib"), None);
        assert_eq!(replacement("picohttpparser").as_deref(), Some("httparse"));
        use crate::analyze::unsafety::vendored_library as lib;
        assert_eq!(lib("third_party/zlib/deflate.c"), "third_party/zlib");
        assert_eq!(lib("src/lib/lwip/core/tcp.c"), "src/lib/lwip");
        assert_eq!(lib("src/thirdparty/compat.h"), "src/thirdparty/compat.h");
    }

    #[test]
    fn every_number_of_the_markdown_is_a_figure_of_the_roadmap() {
        let rm = build(&sample(), &RoadmapConfig::default());
        let md = crate::report::roadmap::markdown(&rm);
        assert!(md.contains("100 lines / 330 lines per quarter ((120 memory-unsafe + 1200 Rust lines added in 12 months) x 3 / 12) = 0.30, rounded up: 1 quarter"), "{md}");
        assert!(md.contains("| +3 |"), "{md}");
        let json = serde_json::to_value(&rm).unwrap_or_default();
        let mut known = std::collections::BTreeSet::new();
        fn walk(v: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
            match v {
                serde_json::Value::Number(n) => {
                    let f = n.as_f64().unwrap_or(0.0);
                    out.insert(n.to_string());
                    out.insert(format!("{f}"));
                    out.insert(format!("{f:.2}"));
                    out.insert(format!("{:.1}", f * 100.0));
                }
                serde_json::Value::String(s) => out.extend(tokens(s)),
                serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
                serde_json::Value::Object(o) => o.values().for_each(|x| walk(x, out)),
                _ => {}
            }
        }
        fn tokens(s: &str) -> Vec<String> {
            let mut out = vec![];
            let mut cur = String::new();
            for c in s.chars().chain(std::iter::once(' ')) {
                if c.is_ascii_digit() || (c == '.' && !cur.is_empty()) {
                    cur.push(c);
                } else if !cur.is_empty() {
                    out.push(cur.trim_end_matches('.').to_string());
                    cur.clear();
                }
            }
            out
        }
        walk(&json, &mut known);
        for c in [
            "1", "2", "3", "4", "5", "6", "12", "24", "2022", "2023", "2024", "3.4", "7.4",
        ] {
            known.insert(c.to_string());
        }
        for t in tokens(&md) {
            assert!(known.contains(&t), "{t} is not a figure of the roadmap");
        }
    }
}
