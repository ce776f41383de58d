//! Scoring: the ten criteria of the article, the score and the verdict (issue 5).
//! Placeholder until the criteria land: leaves criteria empty and the score null.

use crate::report::model::Report;

/// Weights and declared answers.
#[derive(Debug, Clone, Default)]
pub struct ScoreConfig {}

/// Fills `criteria`, `summary.score/verdict/headline` and `recommendations` from the facts
/// already in the report.
pub fn apply(_report: &mut Report, _cfg: &ScoreConfig) {}
