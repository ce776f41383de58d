//! Advice: where to start (components ranked for a first migration), the article's adoption
//! paths that fit, hardening for projects already on Rust, and the headline sentence.

use super::evaluate::Facts;
use crate::analyze::signals::component_of;
use crate::report::model::{Confidence, CriterionKind, Recommendation, Report, Verdict};

fn rec(kind: &str, target: impl Into<String>, why: impl Into<String>) -> Recommendation {
    Recommendation {
        kind: kind.to_string(),
        target: target.into(),
        why: why.into(),
        evidence_items: Vec::new(),
    }
}

/// Examples, demos, docs and tooling are not where a migration starts.
fn auxiliary(path: &str) -> bool {
    path.split('/').any(|p| {
        matches!(
            p,
            "examples"
                | "example"
                | "samples"
                | "sample"
                | "demo"
                | "demos"
                | "docs"
                | "doc"
                | "tools"
                | "scripts"
                | "utils"
                | "contrib"
                | "projects"
                | "bench"
                | "benches"
                | "benchmarks"
                | "fuzz"
                | "tests"
                | "test"
                | "include"
        )
    })
}

/// Where to start: product files in manual-memory languages ranked by exposure x risk density
/// x size to port (`report.start_files`, computed during the walk); components as a fallback.
fn start_here(r: &Report, f: &Facts) -> Vec<Recommendation> {
    let files: Vec<Recommendation> = r
        .start_files
        .iter()
        .filter(|s| s.rank > 0)
        .take(3)
        .map(|s| {
            let per_kloc = s.findings as f64 * 1000.0 / s.code.max(1) as f64;
            let what = match s.exposure.as_str() {
                "network parser" => "parses input that arrives from the network",
                "network" => "handles network input",
                "format parser" => "parses files or formats",
                _ => "local code",
            };
            // Risky calls are counted in C-family code only; elsewhere (Cython, assembly) the
            // count says nothing.
            let language =
                crate::analyze::languages::detect_by_name(std::path::Path::new(&s.path)).0;
            let risk = match language {
                Some(l) if !crate::analyze::unsafety::counts_risky_calls(l) => {
                    format!("risky calls not counted in {} (no detector)", l.name())
                }
                _ => format!("{} risky calls ({per_kloc:.1} per KLOC)", s.findings),
            };
            let mut x = rec(
                "start_here",
                s.path.clone(),
                format!("{what}; {} code lines, {risk}", s.code),
            );
            let line = r
                .unsafety
                .locations
                .iter()
                .find(|l| l.path == s.path)
                .map(|l| l.line);
            x.evidence_items.push(crate::report::model::EvidenceItem {
                path: s.path.clone(),
                line,
                what: s.exposure.clone(),
                count: s.findings,
            });
            x
        })
        .collect();
    if !files.is_empty() {
        return files;
    }
    let mut ranked: Vec<(f64, String, String)> = r
        .components
        .iter()
        // A module worth a lead's attention: at least 1,000 product lines.
        .filter(|c| {
            c.own_code >= 1000 && c.path != "(root)" && c.path != "." && !auxiliary(&c.path)
        })
        .map(|c| {
            let manual = c.manual_code as f64 / c.own_code as f64;
            let density = c.unsafe_findings as f64 * 1000.0 / c.own_code as f64;
            let exposure = f64::from(u8::from(c.exposed_files > 0));
            let small = 1.0 / (1.0 + c.own_code as f64 / 5000.0);
            let s = (0.5 * manual + 0.3 * (density / 20.0).min(1.0) + 0.2 * exposure)
                * (0.5 + 0.5 * small);
            let why = format!(
                "{} own code lines, {:.0}% manual-memory, {} unsafe findings ({:.1} per KLOC){}",
                c.own_code,
                manual * 100.0,
                c.unsafe_findings,
                density,
                if c.exposed_files > 0 {
                    format!(", {} file(s) handling external input", c.exposed_files)
                } else {
                    String::new()
                }
            );
            (s, c.path.clone(), why)
        })
        .filter(|(s, _, _)| *s >= 0.15)
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let mut out: Vec<Recommendation> = ranked
        .into_iter()
        .take(3)
        .map(|(_, path, why)| rec("start_here", path, why))
        .collect();
    if out.is_empty() {
        // A managed stack: start where the hot loops or the latency work are.
        for id in ["compute_kernels", "realtime_domain", "gc_tuning"] {
            let Some((_, ex)) = f.signals.get(id) else {
                continue;
            };
            // The component holding most of the examples.
            let mut by_comp: std::collections::BTreeMap<String, usize> = Default::default();
            for e in ex {
                *by_comp.entry(component_of(e)).or_default() += 1;
            }
            if let Some((comp, _)) = by_comp
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            {
                out.push(rec(
                    "start_here",
                    comp.clone(),
                    format!("holds the {id} evidence ({})", ex.join(", ")),
                ));
                break;
            }
        }
    }
    out
}

fn lang(f: &Facts, names: &[&str]) -> f64 {
    names
        .iter()
        .map(|n| f.lang_share.get(*n).copied().unwrap_or(0.0))
        .sum()
}

fn has(f: &Facts, id: &str) -> bool {
    f.signals.get(id).is_some_and(|s| s.0 > 0)
}

/// The article's adoption paths that fit this tree.
fn paths(f: &Facts) -> Vec<Recommendation> {
    let mut out = vec![];
    let manual = lang(
        f,
        &[
            "C",
            "C Header",
            "C++",
            "C++ Header",
            "Objective-C",
            "Objective-C++",
        ],
    );
    let py = lang(f, &["Python", "Jupyter Notebooks"]);
    let web = lang(
        f,
        &["TypeScript", "JavaScript", "TSX", "JSX", "Vue", "Svelte"],
    );
    let rust = lang(f, &["Rust"]);
    let go = lang(f, &["Go"]);
    if has(f, "rtos_hal") || has(f, "linker_script") {
        out.push(rec("adoption_path", "embedded-hal firmware", "bare-metal target (linker script / RTOS / HAL): write new drivers or tasks with embedded-hal and a HAL crate, link them into the existing image"));
    }
    let c_ext = f.ffi_mechanisms.contains("python_c_ext");
    if c_ext && py >= 0.05 {
        out.push(rec("adoption_path", "PyO3/maturin extension replacing the C extension", "a Python package with C extension modules: rewrite the extension (starting with its parser or decoder) as a PyO3 module built by maturin; the Python API stays as it is"));
    } else if manual >= 0.3 && rust < 0.75 && has(f, "cxx_bridge") {
        out.push(rec("adoption_path", "extend the existing cxx bridge", format!("{:.0}% of product code is C/C++ and the project already bridges with cxx: move the next C++ module behind #[cxx::bridge] rather than adding a second FFI mechanism", manual * 100.0)));
    } else if manual >= 0.3 && rust < 0.75 {
        out.push(rec("adoption_path", "Rust module inside the C/C++ codebase", format!("{:.0}% of product code is C/C++: move one parser or protocol module behind a C ABI (cbindgen) and grow from there", manual * 100.0)));
    }
    if web >= 0.3 && has(f, "compute_kernels") {
        out.push(rec("adoption_path", "wasm-bindgen module for the TypeScript front end", "numeric hot loops (typed arrays, workers) run in the browser: compile them to WebAssembly with wasm-bindgen and keep the UI in TypeScript"));
    }
    if py >= 0.3 && (has(f, "compute_kernels") || has(f, "latency_work") || has(f, "notebooks")) {
        out.push(rec("adoption_path", "PyO3 extension for a Python hot path", "keep Python for the workflow and move the measured hot function into a PyO3/maturin extension"));
    }
    if (has(f, "cli_entry") || has(f, "cli_framework")) && rust < 0.75 && go < 0.5 && manual < 0.3 {
        out.push(rec("adoption_path", "CLI rewrite", "a command-line tool on a runtime-dependent stack: a Rust rewrite ships one static binary per platform"));
    }
    let library = has(f, "published_library") && !has(f, "cli_entry") && !has(f, "k8s_systemd");
    if (has(f, "network_server") || has(f, "grpc_protobuf"))
        && rust < 0.75
        && manual < 0.3
        && !library
    {
        out.push(rec("adoption_path", "new service on axum", "write the next latency- or safety-critical service in Rust (axum/tonic) beside the existing ones instead of rewriting them"));
    }
    out
}

/// Hardening advice for a project already on Rust.
fn harden(r: &Report) -> Vec<Recommendation> {
    let mut out = vec![];
    if let Some(p) = &r.unsafety.rust_posture {
        if let Some(cov) = p.safety_coverage
            && cov < 1.0
        {
            out.push(rec(
                "harden",
                "SAFETY comments",
                format!(
                    "{} of {} unsafe blocks carry a // SAFETY: comment ({:.0}%); document the rest",
                    p.safety_commented,
                    p.unsafe_blocks,
                    cov * 100.0
                ),
            ));
        }
        for root in &p.roots_without_lint {
            out.push(rec("harden", root.clone(), "crate root without #![forbid(unsafe_code)] or #![deny(unsafe_code)]: add one where the crate needs no unsafe"));
        }
    }
    for h in r
        .unsafety
        .hotspots
        .iter()
        .filter(|h| h.language == "Rust")
        .take(3)
    {
        out.push(rec("harden", h.path.clone(), format!("{} unsafe findings ({:.1} per KLOC): review, encapsulate behind safe APIs, test under Miri", h.findings, h.per_kloc)));
    }
    out
}

/// All recommendations: where to start, adoption paths, hardening.
pub fn recommendations(r: &Report, f: &Facts) -> Vec<Recommendation> {
    if r.summary.verdict == Some(Verdict::Adopted) {
        let mut out = harden(r);
        let mut seen = std::collections::BTreeSet::new();
        out.retain(|x| seen.insert((x.kind.clone(), x.target.clone())));
        return out;
    }
    let mut out = start_here(r, f);
    out.extend(paths(f));
    if r.summary.rust_share > 0.0 {
        out.extend(harden(r));
    }
    // One recommendation per (kind, target).
    let mut seen = std::collections::BTreeSet::new();
    out.retain(|x| seen.insert((x.kind.clone(), x.target.clone())));
    if out.is_empty() {
        let friction = r
            .criteria
            .iter()
            .filter(|c| c.kind == CriterionKind::Avoid && c.confidence != Confidence::None)
            .max_by(|a, b| {
                a.strength
                    .total_cmp(&b.strength)
                    .then_with(|| b.id.cmp(&a.id))
            });
        let why = match friction {
            Some(c) if c.strength > 0.0 => format!(
                "no component or adoption path stands out, and {} ({:.2}) argues against a migration; revisit when that changes",
                c.title.to_lowercase(),
                c.strength
            ),
            _ => "no component or adoption path stands out; keep the current stack".to_string(),
        };
        out.push(rec("not_now", "(whole project)", why));
    }
    out
}

/// One sentence a lead can quote.
/// Words that keep their spelling inside a sentence (languages, acronyms, products).
const PROPER_NOUNS: &[&str] = &[
    "API",
    "C",
    "C++",
    "CLI",
    "CRUD",
    "Go",
    "GC",
    "gRPC",
    "HTTP",
    "Java",
    "JavaScript",
    "JVM",
    "ORM",
    "Python",
    "Rust",
    "SQL",
    "TypeScript",
    "WASM",
];

/// A title as it reads mid-sentence: lower case, except the words of [`PROPER_NOUNS`]
/// ("A small team unfamiliar with Rust" -> "a small team unfamiliar with Rust").
pub fn in_sentence(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let proper = PROPER_NOUNS
            .iter()
            .find(|p| p.eq_ignore_ascii_case(word.as_str()));
        match proper {
            Some(p) => out.push_str(p),
            None => out.push_str(&word.to_lowercase()),
        }
        word.clear();
    };
    for ch in title.chars() {
        if ch.is_alphanumeric() || ch == '+' {
            word.push(ch);
        } else {
            flush(&mut word, &mut out);
            out.push(ch);
        }
    }
    flush(&mut word, &mut out);
    out
}

pub fn headline(r: &Report) -> String {
    let Some(score) = r.summary.score else {
        return "Not scored: no criterion could be judged on this tree.".to_string();
    };
    let verdict = r.summary.verdict.map_or("not scored", |v| v.as_str());
    if r.summary.verdict == Some(Verdict::Adopted) {
        return format!(
            "Already on Rust ({:.0}% of own code); score {score}/100; focus on hardening.",
            r.summary.rust_share * 100.0
        );
    }
    let top = |kind: CriterionKind| {
        r.criteria
            .iter()
            .filter(|c| c.kind == kind && c.confidence != Confidence::None && c.strength > 0.1)
            .max_by(|a, b| {
                (a.strength * a.weight)
                    .total_cmp(&(b.strength * b.weight))
                    .then_with(|| b.id.cmp(&a.id))
            })
    };
    let why = match top(CriterionKind::Choose) {
        Some(c) => format!(
            "strongest case: {} ({:.2})",
            in_sentence(&c.title),
            c.strength
        ),
        None => "no criterion makes a case for Rust".to_string(),
    };
    let against = top(CriterionKind::Avoid)
        .map(|c| format!("; against: {} ({:.2})", in_sentence(&c.title), c.strength))
        .unwrap_or_default();
    let worth_starting = score >= 40;
    // Mid-migration the advice is to continue, with the most exposed code not in Rust yet.
    let verb = if r.summary.rust_share >= 0.1 {
        format!(
            "{:.0}% already in Rust; continue with",
            r.summary.rust_share * 100.0
        )
    } else {
        "start with".to_string()
    };
    let start = r
        .recommendations
        .iter()
        .find(|x| worth_starting && (x.kind == "start_here" || x.kind == "adoption_path"))
        .map(|x| format!("; {verb} {}", x.target))
        .unwrap_or_default();
    format!("{verdict} ({score}/100): {why}{against}{start}.")
}

#[cfg(test)]
mod headline_tests {
    use super::in_sentence;

    #[test]
    fn proper_nouns_keep_their_case() {
        assert_eq!(
            in_sentence("A small team unfamiliar with Rust"),
            "a small team unfamiliar with Rust"
        );
        assert_eq!(
            in_sentence("Predictable latency, no GC pauses"),
            "predictable latency, no GC pauses"
        );
        assert_eq!(
            in_sentence("Startup in tens of ms where Go serves as well"),
            "startup in tens of ms where Go serves as well"
        );
        assert_eq!(
            in_sentence("Many targets, including WASM or embedded"),
            "many targets, including WASM or embedded"
        );
        assert_eq!(
            in_sentence("A CRUD web app with no performance requirements"),
            "a CRUD web app with no performance requirements"
        );
    }
}
