//! Facts -> judgements. Each criterion is a pure function from [`Facts`] (derived once from
//! the report) to a [`Judgement`]: strength in [0, 1], confidence, and evidence strings that
//! name numbers and paths. A choose criterion is need x gain; both parts are in the evidence.

use std::collections::BTreeMap;

use super::criteria::{GAIN, GO_MULTI_GAIN, GO_SHIPS_GAIN, RUST_FIT};
use crate::report::model::{Confidence, MemoryModel, Report};

/// A criterion's outcome before weights and declared answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgement {
    /// 0..1.
    pub strength: f64,
    /// How sure.
    pub confidence: Confidence,
    /// Specific evidence.
    pub evidence: Vec<String>,
    /// The need part of a choose criterion (None for avoid criteria).
    pub need: Option<f64>,
    /// The gain part of a choose criterion (Rust's fit for the code already in Rust).
    pub gain: Option<f64>,
    /// The gain over the code that is not Rust yet only (what migrating the rest brings).
    pub rest_gain: Option<f64>,
}

impl Judgement {
    fn none(why: &str) -> Self {
        Judgement {
            strength: 0.0,
            confidence: Confidence::None,
            evidence: vec![format!("no evidence: {why}")],
            need: None,
            gain: None,
            rest_gain: None,
        }
    }
}

/// What the criteria read, computed once from the report.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// Own code lines of programming languages.
    pub code: u64,
    /// Share (0..1) of own code per memory model.
    pub share: BTreeMap<MemoryModel, f64>,
    /// Share of own code per language name.
    pub lang_share: BTreeMap<String, f64>,
    /// Own code lines per language name.
    pub lang_code: BTreeMap<String, u64>,
    /// Signal id -> (count, examples).
    pub signals: BTreeMap<String, (u64, Vec<String>)>,
    /// Non-test findings in manually managed languages.
    pub manual_findings: u64,
    /// Product code lines of the manually managed languages whose risky calls are counted
    /// (the C-family detector's); the density of `manual_findings` is per KLOC of these.
    pub scanned_manual_code: u64,
    /// Product code lines of every manually managed language.
    pub manual_code: u64,
    /// Hotspot paths in manual languages (up to 4).
    pub manual_hotspots: Vec<String>,
    /// FFI crossings.
    pub ffi: u64,
    /// Contributors in the last year, if history was read.
    pub contributors: Option<u64>,
    /// Product lines added in the 12 months before the last commit, when the change diffs
    /// covered those months.
    pub added_12m: Option<u64>,
    /// Days between first and last commit, if known.
    pub age_days: Option<i64>,
    /// Test files and non-test source files.
    pub test_files: u64,
    /// Non-test source files.
    pub source_files: u64,
    /// Why history facts are missing (when `contributors` is None).
    pub history_note: String,
    /// FFI mechanisms seen (rust_extern, cgo, python_c_ext, ...).
    pub ffi_mechanisms: std::collections::BTreeSet<String>,
}

const MANUAL_LANGS: &[&str] = &[
    "C",
    "C Header",
    "C++",
    "C++ Header",
    "Objective-C",
    "Objective-C++",
    "CUDA",
    "Assembly",
    "GNU Style Assembly",
];
const DYNAMIC_LANGS: &[&str] = &[
    "Python",
    "JavaScript",
    "Ruby",
    "PHP",
    "Perl",
    "Lua",
    "Jupyter Notebooks",
    "R",
    "JSX",
];

impl Facts {
    /// Derives the facts from a report's measured sections.
    pub fn from_report(r: &Report) -> Facts {
        let mut f = Facts {
            code: r.summary.programming_code,
            test_files: r.summary.test_files,
            source_files: r.summary.source_files,
            ..Facts::default()
        };
        for l in &r.languages {
            let Some(m) = l.memory_model else { continue };
            if m == MemoryModel::None {
                continue;
            }
            *f.share.entry(m).or_default() += l.share;
            if m == MemoryModel::Manual {
                f.manual_code += l.product_code;
            }
            if m == MemoryModel::Manual
                && tokei::LanguageType::from_name(&l.name)
                    .is_some_and(crate::analyze::unsafety::counts_risky_calls)
            {
                f.scanned_manual_code += l.product_code;
            }
            f.lang_share.insert(l.name.clone(), l.share);
            f.lang_code.insert(l.name.clone(), l.own_code);
        }
        for s in &r.signals {
            f.signals
                .insert(s.id.clone(), (s.count, s.examples.clone()));
        }
        for u in &r.unsafety.languages {
            if MANUAL_LANGS.contains(&u.language.as_str()) {
                f.manual_findings += u.findings;
            }
        }
        f.manual_hotspots = r
            .unsafety
            .hotspots
            .iter()
            .filter(|h| MANUAL_LANGS.contains(&h.language.as_str()))
            .take(4)
            .map(|h| h.path.clone())
            .collect();
        f.ffi = r.unsafety.ffi.iter().map(|b| b.count).sum();
        f.ffi_mechanisms = r.unsafety.ffi.iter().map(|b| b.mechanism.clone()).collect();
        f.history_note = r.history.reason.clone().map_or_else(
            || "history unknown".to_string(),
            |w| format!("history unknown: {w}"),
        );
        if r.history.available {
            f.contributors = r.history.contributors_365d;
            if let (Some(a), Some(b)) = (&r.history.first_commit, &r.history.last_commit) {
                f.age_days = days_between(a, b);
            }
            f.added_12m = r.history.changes.as_ref().and_then(added_last_year);
        }
        f
    }

    /// How much of the product is numeric kernel code: files with compute signals over product
    /// source files, x5, capped at 1.
    fn compute_density(&self) -> f64 {
        let n = self.count("compute_kernels") as f64;
        (n / self.source_files.max(1) as f64 * 5.0).min(1.0)
    }

    fn share_of(&self, m: MemoryModel) -> f64 {
        self.share.get(&m).copied().unwrap_or(0.0)
    }

    fn lang(&self, name: &str) -> f64 {
        self.lang_share.get(name).copied().unwrap_or(0.0)
    }

    fn has(&self, id: &str) -> bool {
        self.signals.get(id).is_some_and(|s| s.0 > 0)
    }

    fn count(&self, id: &str) -> u64 {
        self.signals.get(id).map_or(0, |s| s.0)
    }

    /// Weight of evidence: one per present signal, half more when it has three or more files.
    fn evidence_weight(&self, ids: &[&str]) -> f64 {
        ids.iter()
            .map(|id| match self.count(id) {
                0 => 0.0,
                1 | 2 => 1.0,
                _ => 1.5,
            })
            .sum()
    }

    /// "id (N: a, b)" for the present signals among `ids`.
    fn describe(&self, ids: &[&str]) -> Vec<String> {
        ids.iter()
            .filter_map(|id| {
                let (n, ex) = self.signals.get(*id)?;
                let more = if *n as usize > ex.len().min(3) {
                    ", ..."
                } else {
                    ""
                };
                let shown: Vec<&str> = ex.iter().take(3).map(String::as_str).collect();
                Some(format!("{id} ({n}: {}{more})", shown.join(", ")))
            })
            .collect()
    }

    /// Gain of criterion `k` (index into GAIN rows) weighted by the language mix, with the code
    /// already in Rust credited with Rust's fit for the need ([`RUST_FIT`]).
    fn gain(&self, k: usize) -> f64 {
        let rust = self.share_of(MemoryModel::Ownership);
        clamp(self.rest_gain(k) * (1.0 - rust) + rust * RUST_FIT[k])
    }

    /// Gain of criterion `k` over the code that is not Rust yet (shares renormalised over it):
    /// a 65% Rust project with a C core is judged on its C core.
    fn rest_gain(&self, k: usize) -> f64 {
        let rust = self.share_of(MemoryModel::Ownership);
        let rest = 1.0 - rust;
        if rest <= 0.0 {
            return 0.0;
        }
        let go = self.lang("Go");
        let mut g = 0.0;
        for (m, row) in [
            (MemoryModel::Manual, 0usize),
            (MemoryModel::Gc, 1),
            (MemoryModel::Other, 3),
        ] {
            let mut share = self.share_of(m);
            if m == MemoryModel::Gc && (k == 2 || k == 3) && go > 0.0 {
                // Go already ships single static binaries and cross-compiles.
                let go_gain = if k == 2 { GO_SHIPS_GAIN } else { GO_MULTI_GAIN };
                g += go * go_gain;
                share = (share - go).max(0.0);
            }
            g += share * GAIN[row][k];
        }
        clamp(g / rest)
    }

    /// Gain on predictable latency from the language mix.
    pub fn gc_gain(&self) -> f64 {
        self.gain(1)
    }

    /// The manually managed languages of the product, largest first.
    fn manual_languages(&self) -> String {
        let mut v: Vec<(&String, &f64)> = self
            .lang_share
            .iter()
            .filter(|(n, s)| {
                **s > 0.0 && crate::data::memory_models::memory_model(n) == MemoryModel::Manual
            })
            .collect();
        v.sort_by(|a, b| b.1.total_cmp(a.1).then_with(|| a.0.cmp(b.0)));
        v.iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn mix(&self) -> String {
        let mut v: Vec<(&String, &f64)> = self
            .lang_share
            .iter()
            .filter(|(_, s)| **s >= 0.05)
            .collect();
        v.sort_by(|a, b| b.1.total_cmp(a.1).then_with(|| a.0.cmp(b.0)));
        let parts: Vec<String> = v
            .iter()
            .take(4)
            .map(|(n, s)| format!("{n} {:.0}%", **s * 100.0))
            .collect();
        parts.join(", ")
    }
}

fn clamp(x: f64) -> f64 {
    x.clamp(0.0, 1.0)
}

/// Rounds to 3 decimals for stable JSON.
pub fn r3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Days between two YYYY-MM-DD dates.
fn days_between(a: &str, b: &str) -> Option<i64> {
    Some(days_from_civil(b)? - days_from_civil(a)?)
}

fn days_from_civil(s: &str) -> Option<i64> {
    let mut it = s.split('-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next()?.parse().ok()?;
    let d: i64 = it.next()?.get(..2)?.parse().ok()?;
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

fn choose(
    need: f64,
    (gain, rest): (f64, f64),
    confidence: Confidence,
    mut evidence: Vec<String>,
    need_why: String,
    gain_why: String,
) -> Judgement {
    evidence.insert(0, format!("need {:.2}: {need_why}", need));
    evidence.insert(1, format!("gain {:.2}: {gain_why}", gain));
    Judgement {
        strength: r3(clamp(need * gain)),
        confidence,
        evidence,
        need: Some(r3(need)),
        gain: Some(r3(gain)),
        rest_gain: Some(r3(rest)),
    }
}

/// Confidence from the number of distinct signals behind a judgement.
fn signal_confidence(n: f64) -> Confidence {
    if n >= 2.5 {
        Confidence::High
    } else if n >= 1.5 {
        Confidence::Medium
    } else {
        Confidence::Low
    }
}

fn size_confidence(f: &Facts) -> Confidence {
    match f.code {
        0 => Confidence::None,
        1..=49 => Confidence::Low,
        50..=199 => Confidence::Medium,
        _ => Confidence::High,
    }
}

/// Memory-safety need by exposure, strongest first (DESIGN.md: exposure ranks need).
pub const EXPOSURE_NEED: [(&str, f64, &str); 4] = [
    (
        "network_server",
        0.9,
        "network-facing: reads input from sockets or packets",
    ),
    (
        "parser_code",
        0.8,
        "parses untrusted files or formats (exposed without any socket)",
    ),
    (
        "rtos_hal",
        0.8,
        "device firmware, hard to patch in the field",
    ),
    (
        "linker_script",
        0.75,
        "bare-metal code, hard to patch in the field",
    ),
];
/// Need of a program with none of the exposures above: a local tool or an internal library.
pub const LOCAL_NEED: f64 = 0.5;

/// How raw memory handling scales memory-safety need: risky calls per KLOC of manual-memory
/// code (wrappers included); modern C++ with few raw calls needs less.
pub fn density_factor(per_kloc: f64) -> f64 {
    match per_kloc {
        d if d >= 5.0 => 1.0,
        d if d >= 2.0 => 0.9,
        d if d >= 0.5 => 0.75,
        _ => 0.6,
    }
}

/// memory_safety: need from exposure (network-facing parser > parser of untrusted files or
/// formats > local tool), security practice and risky-call density, x the gain of the stack.
pub fn memory_safety(f: &Facts) -> Judgement {
    if f.code == 0 {
        return Judgement::none("no code in programming languages");
    }
    let (mut need, mut why) = (LOCAL_NEED, "a local tool or internal library".to_string());
    let mut exposure = "";
    for (id, n, what) in EXPOSURE_NEED {
        if f.has(id) && n > need {
            need = n;
            why = what.to_string();
            exposure = id;
            break;
        }
    }
    let mut why = vec![why];
    if exposure == "parser_code" && f.has("published_library") {
        // A decoder in a library others embed parses untrusted data for every program using it.
        need = 0.85;
        why.push("a library others embed".to_string());
    }
    if f.has("fuzzing") || f.has("sanitizers") || f.has("security_policy") {
        need += 0.1;
        why.push("security practice in place (fuzzing, sanitizers or a policy)".to_string());
    }
    let manual = f.share_of(MemoryModel::Manual);
    // Density over the manual-memory code whose calls are counted: assembly or Cython, which
    // no detector reads, neither dilutes it nor, alone, says the code handles memory safely.
    let per_kloc = if f.scanned_manual_code > 0 {
        f.manual_findings as f64 * 1000.0 / f.scanned_manual_code as f64
    } else {
        0.0
    };
    // Raw memory handling makes the exposure real; modern C++ with few raw calls less so. The
    // discount applies to the share of manual code whose calls were counted; the rest
    // (assembly, Cython: no detector) is neither discounted nor counted as safe.
    if manual > 0.0 && f.scanned_manual_code > 0 {
        let covered = (f.scanned_manual_code as f64 / f.manual_code.max(1) as f64).min(1.0);
        let density = covered * density_factor(per_kloc) + (1.0 - covered);
        need *= density;
        if covered < 0.95 {
            why.push(format!(
                "{per_kloc:.1} risky calls per KLOC in the {:.0}% of manual code a detector reads (x{density:.2})",
                covered * 100.0
            ));
        } else {
            why.push(format!(
                "{per_kloc:.1} risky calls per KLOC (x{density:.1})"
            ));
        }
    } else if manual > 0.0 {
        why.push(format!(
            "risky calls not counted in {} (no detector): exposure alone",
            f.manual_languages()
        ));
    }
    // Room is left above: no judgement from code is certain.
    let need = need.min(0.95);
    let gain = (f.gain(0), f.rest_gain(0));
    let mut evidence = vec![];
    if manual > 0.0 {
        let hot = if f.manual_hotspots.is_empty() {
            String::new()
        } else {
            format!(", in {}", f.manual_hotspots.join(", "))
        };
        evidence.push(format!(
            "{:.0}% of product code is manually managed ({}); {} risky calls, {:.1} per KLOC{hot}",
            manual * 100.0,
            f.mix(),
            f.manual_findings,
            per_kloc
        ));
    } else {
        evidence.push(format!(
            "no manually managed product code: the stack ({}) is memory safe",
            f.mix()
        ));
    }
    if f.ffi > 0 {
        evidence.push(format!("{} FFI crossings into manual-memory code", f.ffi));
    }
    evidence.extend(f.describe(&[
        "network_server",
        "parser_code",
        "rtos_hal",
        "linker_script",
        "fuzzing",
        "sanitizers",
        "security_policy",
    ]));
    let rust = f.share_of(MemoryModel::Ownership);
    let gain_why = if rust > 0.0 {
        format!(
            "{:.0}% manual-memory code, {:.0}% already Rust (credited with Rust's fit); the rest would gain {:.2}",
            manual * 100.0,
            rust * 100.0,
            gain.1
        )
    } else {
        format!(
            "{:.0}% manual-memory code (C/C++/asm gain most; GC'd code little)",
            manual * 100.0
        )
    };
    // Without manual-memory code and without exposure evidence, only the language mix speaks.
    let exposed = EXPOSURE_NEED.iter().any(|(id, _, _)| f.has(id));
    let confidence = if manual == 0.0 && !exposed && f.ffi == 0 {
        Confidence::Low.min(size_confidence(f))
    } else {
        size_confidence(f)
    };
    choose(need, gain, confidence, evidence, why.join("; "), gain_why)
}

/// predictable_latency: GC tuning, latency work, real-time or compute domains x GC'd share.
pub fn predictable_latency(f: &Facts) -> Judgement {
    let ids = [
        "gc_tuning",
        "latency_work",
        "realtime_domain",
        "compute_kernels",
    ];
    let present: Vec<&&str> = ids.iter().filter(|i| f.has(i)).collect();
    if present.is_empty() {
        return Judgement::none(
            "no GC tuning, latency measurement, real-time or compute hot-loop code found",
        );
    }
    let mut need: f64 = 0.3;
    for id in &present {
        need += match **id {
            "gc_tuning" => 0.3,
            "latency_work" => 0.2,
            "realtime_domain" => 0.3,
            // Typed arrays and workers hint at hot loops; how much depends on how much of
            // the product they make up (a compute module, or one buffer in a large app).
            _ => 0.15 + 0.45 * f.compute_density(),
        };
    }
    let gain = (f.gain(1), f.rest_gain(1));
    let need_why = format!("{} signal(s) of latency sensitivity", present.len());
    let gain_why = format!(
        "{:.0}% of code runs under a garbage collector; manual-memory code has no GC to remove",
        f.share_of(MemoryModel::Gc) * 100.0
    );
    choose(
        clamp(need),
        gain,
        signal_confidence(f.evidence_weight(&ids)),
        f.describe(&ids),
        need_why,
        gain_why,
    )
}

/// ships_binaries: CLI entry points, release tooling, packaging x runtime-dependence of the stack.
pub fn ships_binaries(f: &Facts) -> Judgement {
    let ids = [
        "cli_entry",
        "cli_main",
        "cli_framework",
        "release_tooling",
        "packaging",
        "docker_single_binary",
    ];
    let n = ids.iter().filter(|i| f.has(i)).count();
    if n == 0 {
        return Judgement::none("no CLI entry points, release tooling or packaging found");
    }
    let need = clamp(0.3 + 0.2 * n as f64);
    let gain = (f.gain(2), f.rest_gain(2));
    let gain_why = if f.lang("Go") > 0.3 {
        "Go already ships static single binaries".to_string()
    } else {
        format!(
            "stack: {} (interpreted/VM stacks ship a runtime; C/C++ binaries gain from cargo's packaging)",
            f.mix()
        )
    };
    choose(
        need,
        gain,
        signal_confidence(f.evidence_weight(&ids)),
        f.describe(&ids),
        format!("{n} shipping signal(s)"),
        gain_why,
    )
}

/// multi_platform: OS matrices, wasm, embedded and cross toolchains x the stack's portability gap.
pub fn multi_platform(f: &Facts) -> Judgement {
    let ids = [
        "ci_os_matrix",
        "wasm",
        "linker_script",
        "rtos_hal",
        "cross_toolchain",
        "mobile_ndk",
    ];
    // Bare-metal evidence weighs more: the article's embedded case.
    let mut n: f64 = ids
        .iter()
        .filter(|i| f.has(i))
        .map(|i| match *i {
            // Bare-metal evidence weighs more: the article's embedded case.
            "linker_script" | "rtos_hal" => 1.5,
            // Desktop OS portability is common and most stacks already have it.
            "ci_os_matrix" | "cross_toolchain" => 0.5,
            _ => 1.0,
        })
        .sum();
    let web_compute = f.count("compute_kernels") >= 2
        && (f.lang("TypeScript") + f.lang("JavaScript") + f.lang("TSX") + f.lang("JSX")) > 0.3;
    if web_compute {
        n += 1.0 + f.compute_density(); // a browser compute module: the wasm-bindgen opportunity
    }
    if n == 0.0 {
        return Judgement::none("no OS matrix, wasm, embedded or cross-compilation evidence");
    }
    let need = clamp(0.2 + 0.2 * n);
    let gain = (f.gain(3), f.rest_gain(3));
    let mut ev = f.describe(&ids);
    if web_compute {
        ev.extend(f.describe(&["compute_kernels"]));
        ev.push("browser compute code could move to a wasm-bindgen module".to_string());
    }
    choose(
        need,
        gain,
        signal_confidence(n),
        ev,
        format!("{n} portability signal(s)"),
        format!("stack: {}", f.mix()),
    )
}

/// infrastructure: servers, storage engines, published libraries, units x the stack.
pub fn infrastructure(f: &Facts) -> Judgement {
    let ids = [
        "network_server",
        "grpc_protobuf",
        "storage_engine",
        "published_library",
        "k8s_systemd",
    ];
    let n = ids.iter().filter(|i| f.has(i)).count();
    if n == 0 {
        return Judgement::none(
            "no servers, storage engines, published libraries or service units found",
        );
    }
    let need = clamp(0.3 + 0.17 * n as f64);
    let gain = (f.gain(4), f.rest_gain(4));
    choose(
        need,
        gain,
        signal_confidence(f.evidence_weight(&ids)),
        f.describe(&ids),
        format!("{n} infrastructure signal(s)"),
        format!("stack: {}", f.mix()),
    )
}

/// rapid_prototyping: youth, size and test ratio of the product, notebooks, dynamic languages.
/// A scripts folder is not a prototype; a large, tested or old product is not one either.
pub fn rapid_prototyping(f: &Facts) -> Judgement {
    if f.code == 0 && !f.has("notebooks") {
        return Judgement::none("no code");
    }
    let nb_share = f.lang("Jupyter Notebooks");
    let notebooks = f.count("notebooks");
    let dynamic: f64 = DYNAMIC_LANGS.iter().map(|l| f.lang(l)).sum();
    let ratio = if f.source_files > 0 {
        f.test_files as f64 / f.source_files as f64
    } else {
        0.0
    };
    let young = f.age_days.is_some_and(|d| d < 365);
    let small = f.code < 3000;
    let few_tests = ratio < 0.05;
    let mut s: f64 = 0.0;
    let mut ev = vec![];
    if notebooks > 0 {
        s += 0.3 + 0.6 * nb_share.max(0.5_f64.min(notebooks as f64 / 10.0));
        ev.push(format!(
            "{notebooks} notebooks ({:.0}% of product code)",
            nb_share * 100.0
        ));
    }
    if let Some(days) = f.age_days
        && young
    {
        s += 0.35;
        ev.push(format!("history spans only {days} days"));
    }
    // Small alone is a small product; small and untested (or young) is a prototype.
    if small && (few_tests || young) {
        s += 0.3;
    }
    if (small || young) && dynamic > 0.0 {
        s += 0.2 * dynamic;
        ev.push(format!(
            "{:.0}% of product code in dynamic languages",
            dynamic * 100.0
        ));
    }
    // A large product is not a prototype, whatever else is true.
    if f.code >= 20_000 && notebooks == 0 {
        s *= 0.3;
    }
    ev.push(format!(
        "{} product code lines; {} test files for {} product source files ({:.2})",
        f.code, f.test_files, f.source_files, ratio
    ));
    Judgement {
        strength: r3(clamp(s)),
        confidence: if f.code < 200 {
            Confidence::Low
        } else {
            Confidence::Medium
        },
        evidence: ev,
        need: None,
        gain: None,
        rest_gain: None,
    }
}

/// Product lines added in the last 12 of the change history's months; `None` when the diffs
/// stopped on a budget or cover fewer than 12 months (a low count would then mean nothing).
fn added_last_year(c: &crate::report::model::ChangeHistory) -> Option<u64> {
    let rows = c.covered_months(12);
    (!c.truncated && rows.len() == 12).then(|| rows.iter().flat_map(|m| m.added.values()).sum())
}

/// How much of a small team's friction applies at a pace of `added` product lines a year:
/// the article's "productivity hit" is a hit to delivery, and one to six maintainers adding a
/// few hundred lines a year are maintaining, not delivering (first row whose bound the pace is
/// under). Larger teams keep their friction (0.15 at most, for unfamiliarity alone): their size
/// already says they can absorb the learning, and their pace says nothing more.
const PACE_TIERS: &[(u64, f64)] = &[(500, 0.3), (2_000, 0.6)];
/// The largest team (contributors in the year) whose friction the pace qualifies.
const PACED_TEAM: u64 = 6;

/// small_unfamiliar_team: contributors in the last year (from history; unknown history is
/// unknown, not small), Rust already present, and the pace of new product code (a maintained
/// library with one or two maintainers and no feature work has little delivery to slow).
pub fn small_unfamiliar_team(f: &Facts) -> Judgement {
    if f.code == 0 {
        return Judgement::none("no code in programming languages");
    }
    let Some(n) = f.contributors else {
        return Judgement::none(&f.history_note);
    };
    let rust = f.lang("Rust");
    let mut unfamiliar = clamp(1.0 - rust * 5.0);
    let mut ev = vec![format!("Rust is {:.0}% of product code", rust * 100.0)];
    if f.has("rust_toolchain") {
        unfamiliar = (unfamiliar - 0.3).max(0.0);
        ev.push("a rust-toolchain file exists".to_string());
    }
    let small = match n {
        0..=2 => 0.8,
        3..=6 => 0.4,
        7..=15 => 0.15,
        _ => 0.0,
    };
    ev.push(format!(
        "{n} contributors in the year before the last commit"
    ));
    let pace = match f.added_12m {
        Some(a) if n <= PACED_TEAM => {
            let k = PACE_TIERS
                .iter()
                .find(|(under, _)| a < *under)
                .map_or(1.0, |(_, k)| *k);
            if k < 1.0 && unfamiliar > 0.0 {
                ev.push(format!(
                    "{a} product lines added in the year before the last commit: maintenance \
                     pace, the productivity hit weighs {k}"
                ));
            }
            k
        }
        _ => 1.0,
    };
    Judgement {
        strength: r3(unfamiliar * small * pace),
        confidence: Confidence::Medium,
        evidence: ev,
        need: None,
        gain: None,
        rest_gain: None,
    }
}

/// schema_churn: migrations, ORM models and schema files.
pub fn schema_churn(f: &Facts) -> Judgement {
    let m = f.count("migrations");
    if m == 0 && !f.has("orm_models") && !f.has("schema_files") {
        return Judgement::none("no migrations, ORM models or schema files");
    }
    let mut s = 0.7 * (m as f64 / 20.0).min(1.0);
    if f.has("orm_models") {
        s += 0.2;
    }
    if f.has("schema_files") {
        s += 0.1;
    }
    Judgement {
        strength: r3(clamp(s)),
        confidence: if m > 0 {
            Confidence::Medium
        } else {
            Confidence::Low
        },
        evidence: f.describe(&["migrations", "orm_models", "schema_files"]),
        need: None,
        gain: None,
        rest_gain: None,
    }
}

/// crud_web_app: web framework + ORM + templates, damped by performance signals.
pub fn crud_web_app(f: &Facts) -> Judgement {
    if !f.has("web_framework") && !f.has("web_framework_dep") {
        return Judgement::none("no web framework");
    }
    let mut s = 0.4;
    if f.has("orm_models") {
        s += 0.3;
    }
    if f.has("templates") {
        s += 0.3;
    }
    let perf = ["benchmarks", "latency_work", "gc_tuning"]
        .iter()
        .filter(|i| f.has(i))
        .count();
    s *= 1.0 - 0.25 * perf as f64;
    let mut ev = f.describe(&[
        "web_framework",
        "web_framework_dep",
        "orm_models",
        "templates",
    ]);
    if perf > 0 {
        ev.push(format!(
            "{perf} performance signal(s) argue against a plain CRUD app"
        ));
    } else {
        ev.push("no benchmarks or latency work found".to_string());
    }
    Judgement {
        strength: r3(clamp(s)),
        confidence: Confidence::Medium,
        evidence: ev,
        need: None,
        gain: None,
        rest_gain: None,
    }
}

/// startup_time: Go already dominant, serverless functions.
pub fn startup_time(f: &Facts) -> Judgement {
    let go = f.lang("Go");
    if go < 0.3 && !f.has("serverless") && !f.has("lambda_handlers") {
        return Judgement::none("Go is not dominant and no serverless functions");
    }
    let mut s = 0.0;
    let mut ev = vec![];
    if go >= 0.3 {
        s += 0.7 * go;
        ev.push(format!(
            "Go is {:.0}% of own code and already starts fast",
            go * 100.0
        ));
    }
    if f.has("serverless") || f.has("lambda_handlers") {
        s += 0.3;
        ev.extend(f.describe(&["serverless", "lambda_handlers"]));
    }
    Judgement {
        strength: r3(clamp(s)),
        confidence: Confidence::Medium,
        evidence: ev,
        need: None,
        gain: None,
        rest_gain: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(langs: &[(&str, MemoryModel, f64)], signals: &[&str]) -> Facts {
        let mut f = Facts {
            code: 5000,
            source_files: 50,
            test_files: 10,
            ..Facts::default()
        };
        for (n, m, s) in langs {
            *f.share.entry(*m).or_default() += s;
            f.lang_share.insert((*n).to_string(), *s);
            if *m == MemoryModel::Manual {
                f.manual_code += (s * f.code as f64) as u64;
            }
            if *m == MemoryModel::Manual
                && tokei::LanguageType::from_name(n)
                    .is_some_and(crate::analyze::unsafety::counts_risky_calls)
            {
                f.scanned_manual_code += (s * f.code as f64) as u64;
            }
        }
        for s in signals {
            f.signals
                .insert((*s).to_string(), (1, vec![format!("{s}.file")]));
        }
        f
    }

    const C: (&str, MemoryModel, f64) = ("C", MemoryModel::Manual, 1.0);
    const PY: (&str, MemoryModel, f64) = ("Python", MemoryModel::Gc, 1.0);
    const GO: (&str, MemoryModel, f64) = ("Go", MemoryModel::Gc, 1.0);

    #[test]
    fn network_exposure_raises_memory_safety_for_c_not_for_python() {
        let c = memory_safety(&facts(&[C], &[]));
        let c_net = memory_safety(&facts(&[C], &["network_server"]));
        assert!(c_net.strength > c.strength);
        let py_net = memory_safety(&facts(&[PY], &["network_server"]));
        assert!(
            py_net.strength < 0.15,
            "a GC'd stack gains little: {}",
            py_net.strength
        );
        assert!(c_net.evidence.iter().any(|e| e.starts_with("need")));
        assert!(c_net.evidence.iter().any(|e| e.starts_with("gain")));
    }

    #[test]
    fn risky_call_density_discounts_only_the_manual_code_it_was_counted_in() {
        let parser = ["parser_code"];
        // C with no risky calls: modern code, need x0.6.
        let c = memory_safety(&facts(&[C], &parser));
        // Cython (no detector) with a sliver of C: the density speaks for the sliver only.
        let cython = [
            ("Cython", MemoryModel::Manual, 0.97),
            ("C", MemoryModel::Manual, 0.03),
        ];
        let cy = memory_safety(&facts(&cython, &parser));
        assert!(
            cy.strength > c.strength + 0.15,
            "{} vs {}",
            cy.strength,
            c.strength
        );
        assert!(
            cy.evidence
                .iter()
                .any(|e| e.contains("3% of manual code a detector reads"))
        );
        // No detector at all: exposure alone, said so.
        let only = memory_safety(&facts(&[("Cython", MemoryModel::Manual, 1.0)], &parser));
        assert!(
            only.evidence
                .iter()
                .any(|e| e.contains("not counted in Cython"))
        );
        assert!((only.strength - cy.strength).abs() < 0.02);
    }

    #[test]
    fn latency_needs_evidence_and_favours_gc_stacks() {
        assert_eq!(
            predictable_latency(&facts(&[GO], &[])).confidence,
            Confidence::None
        );
        let go = predictable_latency(&facts(&[GO], &["gc_tuning"]));
        let c = predictable_latency(&facts(&[C], &["gc_tuning"]));
        assert!(go.strength > c.strength);
        let more = predictable_latency(&facts(&[GO], &["gc_tuning", "latency_work"]));
        assert!(more.strength > go.strength);
    }

    #[test]
    fn go_already_ships_binaries() {
        let go = ships_binaries(&facts(&[GO], &["cli_entry", "release_tooling"]));
        let py = ships_binaries(&facts(&[PY], &["cli_entry", "release_tooling"]));
        assert!(py.strength > go.strength * 3.0);
        assert_eq!(
            ships_binaries(&facts(&[PY], &[])).confidence,
            Confidence::None
        );
    }

    #[test]
    fn embedded_signals_raise_multi_platform() {
        let base = multi_platform(&facts(&[C], &["ci_os_matrix"]));
        let emb = multi_platform(&facts(&[C], &["ci_os_matrix", "linker_script", "rtos_hal"]));
        assert!(emb.strength > base.strength);
    }

    #[test]
    fn infrastructure_signals_accumulate() {
        let a = infrastructure(&facts(&[C], &["network_server"]));
        let b = infrastructure(&facts(
            &[C],
            &["network_server", "storage_engine", "k8s_systemd"],
        ));
        assert!(b.strength > a.strength);
        assert_eq!(
            infrastructure(&facts(&[C], &[])).confidence,
            Confidence::None
        );
    }

    #[test]
    fn notebooks_and_dynamic_code_mean_prototype() {
        let c = rapid_prototyping(&facts(&[C], &[]));
        let mut nb = facts(
            &[
                ("Jupyter Notebooks", MemoryModel::Gc, 0.6),
                ("Python", MemoryModel::Gc, 0.4),
            ],
            &[],
        );
        nb.signals
            .insert("notebooks".into(), (6, vec!["a.ipynb".into()]));
        assert!(rapid_prototyping(&nb).strength > c.strength + 0.3);
    }

    #[test]
    fn rust_in_tree_and_bigger_teams_lower_team_friction() {
        let mut none = facts(&[C], &[]);
        none.contributors = Some(2);
        let mut big = none.clone();
        big.contributors = Some(40);
        assert!(small_unfamiliar_team(&none).strength > small_unfamiliar_team(&big).strength);
        let mut with_rust = facts(
            &[C, ("Rust", MemoryModel::Ownership, 0.1)],
            &["rust_toolchain"],
        );
        with_rust.contributors = Some(2);
        assert!(small_unfamiliar_team(&with_rust).strength < small_unfamiliar_team(&none).strength);
        // Unknown history is unknown, not a small team.
        assert_eq!(
            small_unfamiliar_team(&facts(&[C], &[])).confidence,
            Confidence::None
        );
        let mut huge = none.clone();
        huge.contributors = Some(147);
        assert_eq!(small_unfamiliar_team(&huge).strength, 0.0);
    }

    #[test]
    fn a_maintenance_pace_lowers_team_friction_and_an_unknown_pace_does_not() {
        let mut busy = facts(&[C], &[]);
        busy.contributors = Some(2);
        let unknown = small_unfamiliar_team(&busy).strength;
        busy.added_12m = Some(40_000);
        assert_eq!(small_unfamiliar_team(&busy).strength, unknown);
        let mut quiet = busy.clone();
        quiet.added_12m = Some(60);
        let j = small_unfamiliar_team(&quiet);
        assert!((j.strength - unknown * 0.3).abs() < 1e-9, "{}", j.strength);
        assert!(
            j.evidence
                .iter()
                .any(|e| e.contains("60 product lines added"))
        );
        let mut some = busy.clone();
        some.added_12m = Some(1_000);
        assert!(small_unfamiliar_team(&some).strength > j.strength);
        assert!(small_unfamiliar_team(&some).strength < unknown);
        // A team of twelve keeps its (small) friction whatever its pace.
        let mut twelve = quiet.clone();
        twelve.contributors = Some(12);
        twelve.added_12m = None;
        let paced = small_unfamiliar_team(&twelve).strength;
        twelve.added_12m = Some(60);
        assert_eq!(small_unfamiliar_team(&twelve).strength, paced);
        assert!(paced > 0.0);
    }

    #[test]
    fn the_pace_needs_twelve_whole_months_of_diffs() {
        use crate::report::model::{ChangeHistory, MonthRow};
        let month = |n: u64| MonthRow {
            added: [("C".to_string(), n)].into_iter().collect(),
            ..MonthRow::default()
        };
        let mut c = ChangeHistory {
            monthly: (0..24)
                .map(|i| month(if i < 12 { 1_000 } else { 5 }))
                .collect(),
            ..ChangeHistory::default()
        };
        assert_eq!(added_last_year(&c), Some(60));
        c.truncated = true;
        assert_eq!(added_last_year(&c), None);
        c.truncated = false;
        c.monthly.truncate(6);
        assert_eq!(added_last_year(&c), None);
    }

    #[test]
    fn migrations_raise_schema_churn_and_web_stack_means_crud() {
        assert_eq!(
            schema_churn(&facts(&[PY], &[])).confidence,
            Confidence::None
        );
        let mut m = facts(&[PY], &["orm_models"]);
        m.signals.insert("migrations".into(), (15, vec![]));
        assert!(schema_churn(&m).strength > 0.6);
        let crud = crud_web_app(&facts(&[PY], &["web_framework", "orm_models", "templates"]));
        let perf = crud_web_app(&facts(
            &[PY],
            &["web_framework", "orm_models", "templates", "benchmarks"],
        ));
        assert!(crud.strength > perf.strength);
    }

    #[test]
    fn go_dominance_and_serverless_mean_startup_friction() {
        assert_eq!(
            startup_time(&facts(&[PY], &[])).confidence,
            Confidence::None
        );
        assert!(startup_time(&facts(&[GO], &[])).strength > 0.5);
        assert!(startup_time(&facts(&[PY], &["serverless"])).strength > 0.0);
    }

    #[test]
    fn civil_days() {
        assert_eq!(days_between("2024-01-01", "2024-12-31"), Some(365));
    }
}
