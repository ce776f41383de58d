//! Facts -> judgements. Each criterion is a pure function from [`Facts`] (derived once from
//! the report) to a [`Judgement`]: strength in [0, 1], confidence, and evidence strings that
//! name numbers and paths. A choose criterion is need x gain; both parts are in the evidence.

use std::collections::BTreeMap;

use super::criteria::{GAIN, GO_MULTI_GAIN, GO_SHIPS_GAIN};
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
    /// The gain part of a choose criterion.
    pub gain: Option<f64>,
}

impl Judgement {
    fn none(why: &str) -> Self {
        Judgement {
            strength: 0.0,
            confidence: Confidence::None,
            evidence: vec![format!("no evidence: {why}")],
            need: None,
            gain: None,
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
    /// Hotspot paths in manual languages (up to 4).
    pub manual_hotspots: Vec<String>,
    /// FFI crossings.
    pub ffi: u64,
    /// Contributors in the last year, if history was read.
    pub contributors: Option<u64>,
    /// Days between first and last commit, if known.
    pub age_days: Option<i64>,
    /// Test files and non-test source files.
    pub test_files: u64,
    /// Non-test source files.
    pub source_files: u64,
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
        if r.history.available {
            f.contributors = r.history.contributors_365d;
            if let (Some(a), Some(b)) = (&r.history.first_commit, &r.history.last_commit) {
                f.age_days = days_between(a, b);
            }
        }
        f
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

    /// Gain of criterion `k` (index into GAIN rows) weighted by the language mix.
    fn gain(&self, k: usize) -> f64 {
        let go = self.lang("Go");
        let mut g = 0.0;
        for (m, row) in [
            (MemoryModel::Manual, 0usize),
            (MemoryModel::Gc, 1),
            (MemoryModel::Ownership, 2),
            (MemoryModel::Other, 3),
        ] {
            let mut share = self.share_of(m);
            let mut gain = GAIN[row][k];
            if m == MemoryModel::Gc && (k == 2 || k == 3) && go > 0.0 {
                // Go already ships single static binaries and cross-compiles.
                let go_gain = if k == 2 { GO_SHIPS_GAIN } else { GO_MULTI_GAIN };
                g += go * go_gain;
                share = (share - go).max(0.0);
                gain = GAIN[row][k];
            }
            g += share * gain;
        }
        clamp(g)
    }

    /// Gain on predictable latency from the language mix.
    pub fn gc_gain(&self) -> f64 {
        self.gain(1)
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
    gain: f64,
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

/// memory_safety: exposure (network, parsers, security practice, firmware) x manual-memory share.
pub fn memory_safety(f: &Facts) -> Judgement {
    if f.code == 0 {
        return Judgement::none("no code in programming languages");
    }
    let exposure = [
        "network_server",
        "parser_code",
        "fuzzing",
        "sanitizers",
        "security_policy",
        "rtos_hal",
    ];
    let mut need = 0.4;
    let mut why = vec![];
    if f.has("network_server") {
        need += 0.25;
        why.push("serves network input");
    }
    if f.has("parser_code") {
        need += 0.15;
        why.push("parses external data");
    }
    if f.has("fuzzing") || f.has("sanitizers") || f.has("security_policy") {
        need += 0.15;
        why.push("security practice in place (fuzzing, sanitizers or a policy)");
    }
    if f.has("rtos_hal") {
        need += 0.25;
        why.push("device firmware, hard to patch in the field");
    }
    let manual = f.share_of(MemoryModel::Manual);
    let manual_code = (manual * f.code as f64).round();
    let per_kloc = if manual_code > 0.0 {
        f.manual_findings as f64 * 1000.0 / manual_code
    } else {
        0.0
    };
    if per_kloc >= 5.0 {
        need += 0.15;
        why.push("dense use of risky C calls");
    }
    let need = clamp(need);
    let gain = f.gain(0);
    let mut evidence = vec![];
    if manual > 0.0 {
        let hot = if f.manual_hotspots.is_empty() {
            String::new()
        } else {
            format!(", in {}", f.manual_hotspots.join(", "))
        };
        evidence.push(format!(
            "{:.0}% of own code is manually managed ({}); {} risky calls, {:.1} per KLOC{hot}",
            manual * 100.0,
            f.mix(),
            f.manual_findings,
            per_kloc
        ));
    } else {
        evidence.push(format!(
            "no manually managed code: the stack ({}) is already memory safe",
            f.mix()
        ));
    }
    if f.ffi > 0 {
        evidence.push(format!("{} FFI crossings into manual-memory code", f.ffi));
    }
    evidence.extend(f.describe(&exposure));
    let need_why = if why.is_empty() {
        "baseline: every program handles some input".to_string()
    } else {
        why.join("; ")
    };
    let gain_why = format!(
        "{:.0}% manual-memory code (C/C++/asm gain most; GC'd code and Rust little)",
        manual * 100.0
    );
    // Without manual-memory code and without any exposure evidence, only the language mix
    // speaks: judged, but with low confidence.
    let confidence = if manual == 0.0 && why.is_empty() && f.ffi == 0 {
        Confidence::Low.min(size_confidence(f))
    } else {
        size_confidence(f)
    };
    choose(need, gain, confidence, evidence, need_why, gain_why)
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
            _ => 0.4,
        };
    }
    let gain = f.gain(1);
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
    let gain = f.gain(2);
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
        .map(|i| {
            if matches!(*i, "linker_script" | "rtos_hal") {
                1.5
            } else {
                1.0
            }
        })
        .sum();
    let web_compute = f.has("compute_kernels")
        && (f.lang("TypeScript") + f.lang("JavaScript") + f.lang("TSX") + f.lang("JSX")) > 0.3;
    if web_compute {
        n += 2.0; // a browser compute module is the wasm-bindgen opportunity
    }
    if n == 0.0 {
        return Judgement::none("no OS matrix, wasm, embedded or cross-compilation evidence");
    }
    let need = clamp(0.2 + 0.2 * n);
    let gain = f.gain(3);
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
    let gain = f.gain(4);
    choose(
        need,
        gain,
        signal_confidence(f.evidence_weight(&ids)),
        f.describe(&ids),
        format!("{n} infrastructure signal(s)"),
        format!("stack: {}", f.mix()),
    )
}

/// rapid_prototyping: notebooks, scripts, dynamic languages, young history; amplified by small
/// size and few tests.
pub fn rapid_prototyping(f: &Facts) -> Judgement {
    if f.code == 0 && !f.has("notebooks") {
        return Judgement::none("no code");
    }
    let nb_share = f.lang("Jupyter Notebooks");
    let notebooks = f.count("notebooks");
    let dynamic: f64 = DYNAMIC_LANGS.iter().map(|l| f.lang(l)).sum();
    let mut base = 0.0;
    let mut ev = vec![];
    if notebooks > 0 {
        base += 0.3 + 0.4 * nb_share.max(0.5_f64.min(notebooks as f64 / 10.0));
        ev.push(format!(
            "{notebooks} notebooks ({:.0}% of code)",
            nb_share * 100.0
        ));
    }
    base += 0.3 * dynamic;
    if dynamic > 0.0 {
        ev.push(format!(
            "{:.0}% of code in dynamic languages",
            dynamic * 100.0
        ));
    }
    if f.has("scripts") {
        base += 0.1;
        ev.extend(f.describe(&["scripts"]));
    }
    if let Some(days) = f.age_days
        && days < 180
    {
        base += 0.2;
        ev.push(format!("history spans only {days} days"));
    }
    let small = f.code < 2000;
    let ratio = if f.source_files > 0 {
        f.test_files as f64 / f.source_files as f64
    } else {
        0.0
    };
    let few_tests = ratio < 0.1;
    let amp = 1.0 + 0.3 * f64::from(u8::from(small)) + 0.3 * f64::from(u8::from(few_tests));
    ev.push(format!(
        "{} own code lines; {} test files for {} source files ({:.2})",
        f.code, f.test_files, f.source_files, ratio
    ));
    Judgement {
        strength: r3(clamp(base * amp)),
        confidence: if f.code < 200 {
            Confidence::Low
        } else {
            Confidence::Medium
        },
        evidence: ev,
        need: None,
        gain: None,
    }
}

/// small_unfamiliar_team: contributors in the last year and Rust already present.
pub fn small_unfamiliar_team(f: &Facts) -> Judgement {
    if f.code == 0 {
        return Judgement::none("no code in programming languages");
    }
    let rust = f.lang("Rust");
    let mut unfamiliar = clamp(1.0 - rust * 5.0);
    let mut ev = vec![format!("Rust is {:.0}% of own code", rust * 100.0)];
    if f.has("rust_toolchain") {
        unfamiliar = (unfamiliar - 0.3).max(0.0);
        ev.push("a rust-toolchain file exists".to_string());
    }
    match f.contributors {
        Some(n) => {
            let small = match n {
                0..=3 => 1.0,
                4..=10 => 0.6,
                11..=30 => 0.3,
                _ => 0.1,
            };
            ev.push(format!(
                "{n} contributors in the year before the last commit"
            ));
            Judgement {
                strength: r3(unfamiliar * (0.2 + 0.8 * small)),
                confidence: Confidence::Medium,
                evidence: ev,
                need: None,
                gain: None,
            }
        }
        None => {
            ev.push("team size unknown (no git history)".to_string());
            Judgement {
                strength: r3(unfamiliar * 0.5),
                confidence: Confidence::Low,
                evidence: ev,
                need: None,
                gain: None,
            }
        }
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
        let with_rust = facts(
            &[C, ("Rust", MemoryModel::Ownership, 0.3)],
            &["rust_toolchain"],
        );
        assert!(
            small_unfamiliar_team(&with_rust).strength
                < small_unfamiliar_team(&facts(&[C], &[])).strength
        );
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
