//! Scoring: the ten criteria of the article (`criteria.rs` as data, `evaluate.rs` as pure
//! functions), declared answers, the weighted means, the score formula of DESIGN.md, the
//! verdict, the headline and the recommendations (`advice.rs`). Reads only the report.

pub mod advice;
pub mod criteria;
pub mod evaluate;

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::report::model::{Confidence, Criterion, CriterionKind, Report, Verdict};
use criteria::{CRITERIA, confidence_factor};
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
    for def in CRITERIA {
        let mut j = judge(def.id, &facts);
        let declared = declare(def.id, &mut j, &facts, &cfg.answers);
        let weight = cfg.weights.get(def.id).copied().unwrap_or(def.weight);
        out.push(Criterion {
            id: def.id.to_string(),
            kind: def.kind,
            title: def.title.to_string(),
            strength: r3(j.strength),
            confidence: j.confidence,
            weight,
            declared,
            evidence: j.evidence,
        });
    }
    let score = score_of(&out);
    report.summary.benefit = mean(&out, CriterionKind::Choose).map(r3);
    report.summary.friction = mean(&out, CriterionKind::Avoid).map(r3);
    let rust = report.summary.rust_share;
    report.summary.score = score;
    report.summary.verdict = score.map(|s| verdict(s, rust));
    report.criteria = out;
    report.recommendations = advice::recommendations(report, &facts);
    report.summary.headline = Some(advice::headline(report));
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

/// Weighted mean of strengths of one kind; None when nothing of that kind could be judged.
fn mean(cs: &[Criterion], kind: CriterionKind) -> Option<f64> {
    let (mut num, mut den) = (0.0, 0.0);
    for c in cs
        .iter()
        .filter(|c| c.kind == kind && c.confidence != Confidence::None)
    {
        let w = c.weight * confidence_factor(c.confidence);
        num += w * c.strength;
        den += w;
    }
    (den > 0.0).then(|| num / den)
}

/// `round(100 * (0.85 * B * (1 - 0.5 * A) + 0.15 * (1 - A)))`; None when nothing was judged.
pub fn score_of(cs: &[Criterion]) -> Option<u8> {
    let b = mean(cs, CriterionKind::Choose);
    let a = mean(cs, CriterionKind::Avoid);
    if b.is_none() && a.is_none() {
        return None;
    }
    let (b, a) = (b.unwrap_or(0.0), a.unwrap_or(0.0));
    let s = 100.0 * (0.85 * b * (1.0 - 0.5 * a) + 0.15 * (1.0 - a));
    Some(s.round().clamp(0.0, 100.0) as u8)
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
        }
    }

    #[test]
    fn formula_matches_design() {
        let cs = vec![
            crit("a", CriterionKind::Choose, 0.8, Confidence::High),
            crit("b", CriterionKind::Avoid, 0.2, Confidence::High),
        ];
        // 100 * (0.85 * 0.8 * 0.9 + 0.15 * 0.8) = 73.2
        assert_eq!(score_of(&cs), Some(73));
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
