//! Scoring: the ten criteria of the article (`criteria.rs` as data, `evaluate.rs` as pure
//! functions), declared answers, the disjunctive aggregation and score formula of DESIGN.md, the
//! verdict, the headline and the recommendations (`advice.rs`). Reads only the report.

pub mod advice;
pub mod criteria;
pub mod evaluate;

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::report::model::{Confidence, Criterion, CriterionKind, EvidenceItem, Report, Verdict};
use criteria::{CRITERIA, DISJUNCTION_TAIL, FRICTION_DAMPING, confidence_factor};
use evaluate::{Facts, Judgement, r3};

/// What a team says about itself: what the code cannot show.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Answers {
    /// none, some or strong.
    pub team_rust_experience: Option<Experience>,
    /// People working on the project.
    pub team_size: Option<u32>,
    /// A legal or contractual memory-safety requirement exists.
    pub memory_safety_required: Option<bool>,
    /// Latency objective in milliseconds (p99).
    pub latency_slo_ms: Option<u32>,
    /// Years the code is expected to live.
    pub expected_lifetime_years: Option<u32>,
    /// The project is a prototype.
    pub prototype: Option<bool>,
}

/// A team's Rust experience.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Experience {
    /// Nobody has shipped Rust.
    None,
    /// Some members have.
    Some,
    /// The team ships Rust today.
    Strong,
}

/// The answer keys, for messages.
pub const ANSWER_KEYS: &[&str] = &[
    "expected_lifetime_years",
    "latency_slo_ms",
    "memory_safety_required",
    "prototype",
    "team_rust_experience",
    "team_size",
];

/// Weights and declared answers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScoreConfig {
    /// Criterion id -> weight (overrides the defaults).
    pub weights: BTreeMap<String, f64>,
    /// Declared answers.
    pub answers: Answers,
}

/// Fills `criteria`, `summary.score/verdict/headline` and `recommendations` from the facts
/// already in the report.
pub fn apply(report: &mut Report, cfg: &ScoreConfig) {
    let facts = Facts::from_report(report);
    let mut out = Vec::with_capacity(CRITERIA.len());
    let mut rest_strengths = Vec::new();
    for def in CRITERIA {
        let mut j = judge(def.id, &facts);
        let declared = declare(def.id, &mut j, &facts, &cfg.answers);
        let weight = cfg.weights.get(def.id).copied().unwrap_or(def.weight);
        if def.kind == CriterionKind::Choose
            && j.confidence != Confidence::None
            && let (Some(need), Some(rest)) = (j.need, j.rest_gain)
        {
            rest_strengths.push((need * rest * confidence_factor(j.confidence)).clamp(0.0, 1.0));
        }
        out.push(Criterion {
            id: def.id.to_string(),
            kind: def.kind,
            title: def.title.to_string(),
            strength: r3(j.strength),
            confidence: j.confidence,
            weight,
            declared,
            evidence: j.evidence,
            evidence_items: evidence_items(def.inputs, def.id, report),
        });
    }
    let score = score_of(&out);
    report.summary.benefit = aggregate(&out, CriterionKind::Choose).map(r3);
    report.summary.friction = aggregate(&out, CriterionKind::Avoid).map(r3);
    // What moving the rest (the code not in Rust yet) would still bring, beside the fit score.
    report.summary.remaining_benefit = if report.summary.rust_share > 0.0 {
        disjunction(rest_strengths.iter().copied()).map(r3)
    } else {
        report.summary.benefit
    };
    let rust = report.summary.rust_share;
    report.summary.score = score;
    report.summary.verdict = score.map(|s| verdict(s, rust));
    report.criteria = out;
    component_verdicts(report);
    report.recommendations = advice::recommendations(report, &facts);
    report.summary.headline = Some(advice::headline(report));
}

/// In a project with Rust in it (a migration under way), each remaining memory-unsafe
/// component gets its own verdict: its memory-safety need by exposure and risky-call density,
/// x its manual-memory share, damped by the project's friction.
fn component_verdicts(r: &mut Report) {
    if r.summary.rust_share < 0.1 {
        return;
    }
    let friction = r.summary.friction.unwrap_or(0.0);
    for c in &mut r.components {
        if c.memory_unsafe_share < 0.5 || c.product_code == 0 {
            continue;
        }
        // The project's exposure ranking, applied to the component's own evidence.
        let need: f64 = match c.exposure.as_str() {
            "network" => evaluate::EXPOSURE_NEED[0].1,
            "format" => evaluate::EXPOSURE_NEED[1].1,
            _ => evaluate::LOCAL_NEED,
        };
        let manual = c.manual_code.max(1) as f64;
        let per_kloc = c.findings as f64 * 1000.0 / manual;
        let density = evaluate::density_factor(per_kloc);
        let strength = (need * density * c.memory_unsafe_share).clamp(0.0, 1.0);
        let score = score_from(strength, friction);
        c.score = Some(score);
        c.verdict = Some(verdict(score, 0.0));
    }
}

/// Located evidence of a criterion: its input signals' example locations (`path:line` for
/// code matches, `path` for file rules) and, for memory safety, the hotspot files.
fn evidence_items(inputs: &[&str], id: &str, r: &Report) -> Vec<EvidenceItem> {
    let mut out = Vec::new();
    for s in r.signals.iter().filter(|s| inputs.contains(&s.id.as_str())) {
        for ex in &s.examples {
            let (path, line) = match ex.rsplit_once(':') {
                Some((p, l)) if l.bytes().all(|b| b.is_ascii_digit()) && !l.is_empty() => {
                    (p.to_string(), l.parse().ok())
                }
                _ => (ex.clone(), None),
            };
            out.push(EvidenceItem {
                path,
                line,
                what: s.id.clone(),
                count: s.count,
            });
        }
    }
    if id == "memory_safety" {
        for h in r.unsafety.hotspots.iter().take(5) {
            let line = r
                .unsafety
                .locations
                .iter()
                .find(|l| l.path == h.path)
                .map(|l| l.line);
            out.push(EvidenceItem {
                path: h.path.clone(),
                line,
                what: format!("{} risky calls ({})", h.findings, h.language),
                count: h.findings,
            });
        }
    }
    out
}

fn judge(id: &str, f: &Facts) -> Judgement {
    match id {
        "memory_safety" => evaluate::memory_safety(f),
        "predictable_latency" => evaluate::predictable_latency(f),
        "ships_binaries" => evaluate::ships_binaries(f),
        "multi_platform" => evaluate::multi_platform(f),
        "infrastructure" => evaluate::infrastructure(f),
        "rapid_prototyping" => evaluate::rapid_prototyping(f),
        "small_unfamiliar_team" => evaluate::small_unfamiliar_team(f),
        "schema_churn" => evaluate::schema_churn(f),
        "crud_web_app" => evaluate::crud_web_app(f),
        _ => evaluate::startup_time(f),
    }
}

/// Applies declared answers; returns true when one replaced the inferred strength.
fn declare(id: &str, j: &mut Judgement, f: &Facts, a: &Answers) -> bool {
    let set = |j: &mut Judgement, strength: f64, why: String| {
        j.strength = r3(strength.clamp(0.0, 1.0));
        j.confidence = Confidence::High;
        j.evidence.insert(0, format!("declared: {why}"));
    };
    match id {
        "memory_safety" => {
            let Some(req) = a.memory_safety_required else {
                return false;
            };
            let need = if req { 1.0 } else { 0.1 };
            let gain = j
                .gain
                .unwrap_or_else(|| evaluate::memory_safety(f).gain.unwrap_or(0.0));
            set(
                j,
                need * gain,
                format!("memory_safety_required = {req} (need {need:.1} x gain {gain:.2})"),
            );
            true
        }
        "predictable_latency" => {
            let Some(ms) = a.latency_slo_ms else {
                return false;
            };
            let need = match ms {
                0..=9 => 1.0,
                10..=99 => 0.7,
                _ => 0.2,
            };
            let gain = j.gain.unwrap_or_else(|| f.gc_gain());
            set(
                j,
                need * gain,
                format!("latency_slo_ms = {ms} (need {need:.1} x gain {gain:.2})"),
            );
            true
        }
        "small_unfamiliar_team" => {
            if a.team_rust_experience.is_none() && a.team_size.is_none() {
                return false;
            }
            let unfamiliar = match a.team_rust_experience {
                Some(Experience::None) => 1.0,
                Some(Experience::Some) => 0.5,
                Some(Experience::Strong) => 0.0,
                None => 1.0 - (f.lang_share.get("Rust").copied().unwrap_or(0.0) * 5.0).min(1.0),
            };
            let small = match a.team_size {
                Some(0..=3) => 1.0,
                Some(4..=10) => 0.6,
                Some(_) => 0.3,
                None => 0.6,
            };
            set(
                j,
                unfamiliar * (0.5 + 0.5 * small),
                format!(
                    "team_rust_experience = {:?}, team_size = {:?}",
                    a.team_rust_experience, a.team_size
                )
                .to_lowercase(),
            );
            true
        }
        "rapid_prototyping" => {
            if let Some(p) = a.prototype {
                set(j, if p { 1.0 } else { 0.0 }, format!("prototype = {p}"));
                return true;
            }
            let Some(years) = a.expected_lifetime_years else {
                return false;
            };
            let s = match years {
                0..=1 => j.strength.max(0.8),
                2..=4 => j.strength,
                _ => j.strength * 0.3,
            };
            set(j, s, format!("expected_lifetime_years = {years}"));
            true
        }
        _ => false,
    }
}

/// Effective strength of a judged criterion: strength x confidence factor x (weight relative
/// to its default), in [0, 1]. None when it could not be judged.
fn effective(c: &Criterion) -> Option<f64> {
    if c.confidence == Confidence::None {
        return None;
    }
    let default = CRITERIA
        .iter()
        .find(|d| d.id == c.id)
        .map_or(1.0, |d| d.weight);
    let rel = if default > 0.0 {
        c.weight / default
    } else {
        c.weight
    };
    Some((c.strength * confidence_factor(c.confidence) * rel).clamp(0.0, 1.0))
}

/// Disjunction of effective strengths: `1 - (1 - e_max) * prod(1 - tail * e_other)`.
pub fn disjunction(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let mut v: Vec<f64> = values.into_iter().collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(|a, b| b.total_cmp(a));
    let mut rest = 1.0 - v[0];
    for e in &v[1..] {
        rest *= 1.0 - DISJUNCTION_TAIL * e;
    }
    Some((1.0 - rest).clamp(0.0, 1.0))
}

/// B or A: the disjunction over the judged criteria of one kind.
fn aggregate(cs: &[Criterion], kind: CriterionKind) -> Option<f64> {
    disjunction(cs.iter().filter(|c| c.kind == kind).filter_map(effective))
}

/// `round(100 * B * (1 - FRICTION_DAMPING * A))`; None when nothing was judged.
pub fn score_of(cs: &[Criterion]) -> Option<u8> {
    let b = aggregate(cs, CriterionKind::Choose);
    let a = aggregate(cs, CriterionKind::Avoid);
    if b.is_none() && a.is_none() {
        return None;
    }
    Some(score_from(b.unwrap_or(0.0), a.unwrap_or(0.0)))
}

/// The score of a benefit and a friction in [0, 1].
pub fn score_from(b: f64, a: f64) -> u8 {
    let s = 100.0 * b * (1.0 - FRICTION_DAMPING * a);
    s.round().clamp(0.0, 100.0) as u8
}

/// The verdict: adopted when Rust carries >= 75% of the code, else by score band.
pub fn verdict(score: u8, rust_share: f64) -> Verdict {
    if rust_share >= 0.75 {
        Verdict::Adopted
    } else if score >= 70 {
        Verdict::StrongCandidate
    } else if score >= 55 {
        Verdict::Candidate
    } else if score >= 40 {
        Verdict::Selective
    } else {
        Verdict::NotRecommended
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crit(id: &str, kind: CriterionKind, strength: f64, confidence: Confidence) -> Criterion {
        Criterion {
            id: id.into(),
            kind,
            title: id.into(),
            strength,
            confidence,
            weight: 1.0,
            declared: false,
            evidence: vec![],
            evidence_items: vec![],
        }
    }

    #[test]
    fn formula_matches_design() {
        let cs = vec![
            crit("a", CriterionKind::Choose, 0.8, Confidence::High),
            crit("b", CriterionKind::Avoid, 0.2, Confidence::High),
        ];
        // 100 * 0.8 * (1 - 0.5 * 0.2) = 72
        assert_eq!(score_of(&cs), Some(72));
    }

    #[test]
    fn one_strong_reason_carries_and_weak_ones_never_lower_it() {
        let strong = vec![crit(
            "strong",
            CriterionKind::Choose,
            0.85,
            Confidence::High,
        )];
        let mut more = strong.clone();
        for id in ["ships_binaries", "multi_platform", "infrastructure"] {
            more.push(crit(id, CriterionKind::Choose, 0.2, Confidence::Low));
            assert!(score_of(&more) >= score_of(&strong), "{more:?}");
        }
        assert!(score_of(&strong) >= Some(70));
        // Many weak ones do not compound into a strong case.
        let weak: Vec<Criterion> = ["a", "b", "c", "d", "e"]
            .iter()
            .map(|id| crit(id, CriterionKind::Choose, 0.3, Confidence::High))
            .collect();
        assert!(score_of(&weak) < Some(55), "{:?}", score_of(&weak));
        // Monotone in every element, whatever its rank.
        for x in [0.0, 0.1, 0.5, 0.9, 1.0] {
            let base = disjunction([0.6, 0.4, 0.2]).unwrap();
            assert!(disjunction([0.6, 0.4, 0.2, x]).unwrap() >= base);
        }
    }

    #[test]
    fn criteria_without_evidence_do_not_move_the_score() {
        let base = vec![
            crit("a", CriterionKind::Choose, 0.8, Confidence::High),
            crit("b", CriterionKind::Avoid, 0.2, Confidence::High),
        ];
        let mut more = base.clone();
        more.push(crit("c", CriterionKind::Choose, 0.0, Confidence::None));
        more.push(crit("d", CriterionKind::Avoid, 0.0, Confidence::None));
        assert_eq!(score_of(&base), score_of(&more));
        assert_eq!(
            score_of(&[crit("x", CriterionKind::Choose, 0.5, Confidence::None)]),
            None
        );
    }

    #[test]
    fn verdict_bands() {
        assert_eq!(verdict(90, 0.8), Verdict::Adopted);
        assert_eq!(verdict(70, 0.0), Verdict::StrongCandidate);
        assert_eq!(verdict(69, 0.0), Verdict::Candidate);
        assert_eq!(verdict(54, 0.0), Verdict::Selective);
        assert_eq!(verdict(39, 0.0), Verdict::NotRecommended);
    }

    #[test]
    fn declared_answers_override() {
        let f = Facts::default();
        let mut j = evaluate::small_unfamiliar_team(&f);
        let a = Answers {
            team_rust_experience: Some(Experience::Strong),
            ..Answers::default()
        };
        assert!(declare("small_unfamiliar_team", &mut j, &f, &a));
        assert_eq!(j.strength, 0.0);
        assert_eq!(j.confidence, Confidence::High);
        let mut p = evaluate::rapid_prototyping(&f);
        let a = Answers {
            prototype: Some(true),
            ..Answers::default()
        };
        assert!(declare("rapid_prototyping", &mut p, &f, &a));
        assert_eq!(p.strength, 1.0);
    }
}
