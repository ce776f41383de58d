//! `rust-ready.toml`: scan excludes, criterion weights, declared answers and gate thresholds.
//! Parsed with serde and `deny_unknown_fields`, so an unknown key or a bad value is an error
//! that names the file, the key and the line. Read before the scan, outside the walk.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::guard::{self, Scope};
use crate::options::budget;
use crate::score::criteria::CRITERIA;
use crate::score::{ANSWER_KEYS, Answers};

/// The file name looked up at the scanned root.
pub const FILE_NAME: &str = "rust-ready.toml";

/// The whole file.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// `[scan]`.
    #[serde(default)]
    pub scan: ScanSection,
    /// `[weights]`: criterion id -> weight.
    #[serde(default)]
    pub weights: BTreeMap<String, f64>,
    /// `[answers]`.
    #[serde(default)]
    pub answers: Answers,
    /// `[gate]`.
    #[serde(default)]
    pub gate: GateSection,
    /// `[roles]`: role -> globs, strongest source of a file's role.
    #[serde(default)]
    pub roles: BTreeMap<String, Vec<String>>,
    /// `[roadmap]`: parameters of `rust-ready roadmap`.
    #[serde(default)]
    pub roadmap: RoadmapSection,
}

/// `[roadmap]`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RoadmapSection {
    /// Years for a line's vulnerability density to halve with age (the projection's model);
    /// default from the published Android/Chromium figure (`data::roadmap`).
    pub half_life_years: Option<f64>,
}

/// Smallest and largest `[roadmap] half_life_years` accepted.
pub const HALF_LIFE_RANGE: (f64, f64) = (0.25, 20.0);

/// `[scan]`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ScanSection {
    /// Extra exclude globs.
    #[serde(default)]
    pub exclude: Vec<String>,
}

/// `[gate]`: CI thresholds (command-line flags win).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GateSection {
    /// Fail when the score is below.
    pub min_score: Option<u8>,
    /// Fail on these verdicts.
    pub fail_on: Option<Vec<String>>,
    /// With a baseline: fail on regression.
    pub fail_on_regression: Option<bool>,
    /// Points the score may drop before it counts as a regression (default 0).
    pub max_score_drop: Option<u8>,
    /// New unsafe findings allowed before it counts as a regression (default 0).
    pub max_new_findings: Option<u64>,
}

/// Loads `explicit` or, when None, `root/rust-ready.toml` if it exists. The file found in the
/// tree is read through the guarded open (no link out of the tree, no FIFO, at most
/// [`budget::CONFIG_BYTES`]); errors give the path, position and reason, never the content.
pub fn load(explicit: Option<&Path>, root: &Path) -> Result<Option<(PathBuf, ConfigFile)>, String> {
    let (path, bytes) = match explicit {
        Some(p) => {
            let bytes = guard::read(p, Scope::User, budget::CONFIG_BYTES)
                .map_err(|e| format!("cannot read config {}: {e}", p.display()))?;
            (p.to_path_buf(), bytes)
        }
        None => {
            let dir = if root.is_dir() {
                root
            } else {
                root.parent().unwrap_or(root)
            };
            let canon = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
            let p = dir.join(FILE_NAME);
            let scoped = canon.join(FILE_NAME);
            match guard::read_optional(&scoped, Scope::InTree(&canon), budget::CONFIG_BYTES) {
                Ok(Some(b)) => (p, b),
                Ok(None) => return Ok(None),
                Err(e) => return Err(format!("cannot read config {}: {e}", p.display())),
            }
        }
    };
    let text = std::str::from_utf8(&bytes)
        .map_err(|e| format!("{}: not UTF-8 (byte {})", path.display(), e.valid_up_to()))?;
    let cfg = parse(text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Some((path, cfg)))
}

/// Parses and validates config text.
pub fn parse(text: &str) -> Result<ConfigFile, String> {
    let cfg: ConfigFile = toml::from_str(text).map_err(|e| describe_toml_error(text, &e))?;
    for (k, w) in &cfg.weights {
        if !CRITERIA.iter().any(|c| c.id == k) {
            return Err(format!(
                "[weights] unknown criterion `{k}` (expected one of {})",
                ids()
            ));
        }
        if !w.is_finite() || *w < 0.0 {
            return Err(format!("[weights] `{k}` must be a number >= 0, got {w}"));
        }
    }
    check_range("[gate] min_score", cfg.gate.min_score, 100, "--min-score")?;
    check_range("[gate] max_score_drop", cfg.gate.max_score_drop, 100, "")?;
    crate::roles::RoleGlobs::new(&cfg.roles)?;
    if let Some(h) = cfg.roadmap.half_life_years {
        let (lo, hi) = HALF_LIFE_RANGE;
        if !h.is_finite() || !(lo..=hi).contains(&h) {
            return Err(format!(
                "[roadmap] half_life_years = {h} is out of range: expected {lo}..={hi} years"
            ));
        }
    }
    Ok(cfg)
}

/// The range a flag has, for its config key: `[gate] min_score = 150` is an error naming the
/// key, as `--min-score 150` is.
fn check_range(key: &str, v: Option<u8>, max: u8, flag: &str) -> Result<(), String> {
    match v {
        Some(n) if n > max => {
            let same = if flag.is_empty() {
                String::new()
            } else {
                format!(", as for {flag}")
            };
            Err(format!(
                "{key} = {n} is out of range: expected 0..={max}{same}"
            ))
        }
        _ => Ok(()),
    }
}

fn ids() -> String {
    CRITERIA.iter().map(|c| c.id).collect::<Vec<_>>().join(", ")
}

/// A TOML error as position and reason only. toml's own `Display` quotes the offending line,
/// which for a file linked to `/proc/self/environ` or a credentials file would print secrets;
/// here quoted values are redacted and only key-shaped names (bare TOML keys) are kept.
pub fn describe_toml_error(text: &str, e: &toml::de::Error) -> String {
    let reason = redact_quoted(e.message());
    match e.span() {
        Some(span) => {
            let (line, col) = line_col(text, span.start);
            format!("line {line}, column {col}: {reason}")
        }
        None => reason,
    }
}

/// 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let head = text.as_bytes().get(..offset).unwrap_or(text.as_bytes());
    let line = head.iter().filter(|b| **b == b'\n').count() + 1;
    let col = head.iter().rev().take_while(|b| **b != b'\n').count() + 1;
    (line, col)
}

/// Replaces double-quoted text with `"…"` and backquoted text that is not a bare key with
/// `` `…` ``; joins the message onto one line.
pub fn redact_quoted(msg: &str) -> String {
    let one = msg.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(one.len());
    let mut rest = one.as_str();
    while let Some(i) = rest.find(['"', '`']) {
        let (before, tail) = rest.split_at(i);
        out.push_str(before);
        let q = if tail.starts_with('"') { '"' } else { '`' };
        let body = &tail[1..];
        let Some(end) = body.find(q) else {
            out.push(q);
            out.push('…');
            rest = "";
            break;
        };
        let inner = &body[..end];
        let bare = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
        let keyish = q == '`'
            && !inner.is_empty()
            && ((inner.len() <= 64 && inner.bytes().all(bare))
                || (inner.len() <= 2 && inner.bytes().all(|b| b.is_ascii_punctuation())));
        out.push(q);
        out.push_str(if keyish { inner } else { "…" });
        out.push(q);
        rest = &body[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Applies `KEY=VALUE` answers from the command line on top of `answers`.
pub fn apply_answer(answers: &mut Answers, kv: &str) -> Result<(), String> {
    let (k, v) = kv
        .split_once('=')
        .ok_or_else(|| format!("--answer {kv:?}: expected KEY=VALUE"))?;
    let (k, v) = (k.trim(), v.trim());
    let bad = |what: &str| format!("--answer {k}: {what}, got {v:?}");
    match k {
        "team_rust_experience" => {
            answers.team_rust_experience = Some(match v {
                "none" => crate::score::Experience::None,
                "some" => crate::score::Experience::Some,
                "strong" => crate::score::Experience::Strong,
                _ => return Err(bad("expected none, some or strong")),
            })
        }
        "team_size" => {
            answers.team_size = Some(v.parse().map_err(|_| bad("expected a whole number"))?)
        }
        "memory_safety_required" => {
            answers.memory_safety_required =
                Some(v.parse().map_err(|_| bad("expected true or false"))?)
        }
        "latency_slo_ms" => {
            answers.latency_slo_ms = Some(v.parse().map_err(|_| bad("expected milliseconds"))?)
        }
        "expected_lifetime_years" => {
            answers.expected_lifetime_years = Some(v.parse().map_err(|_| bad("expected years"))?)
        }
        "prototype" => {
            answers.prototype = Some(v.parse().map_err(|_| bad("expected true or false"))?)
        }
        _ => {
            return Err(format!(
                "--answer: unknown key `{k}` (expected one of {})",
                ANSWER_KEYS.join(", ")
            ));
        }
    }
    Ok(())
}

/// The commented template `rust-ready init` writes.
pub const TEMPLATE: &str = r#"# rust-ready configuration. Every key is optional; delete what you do not need.

[scan]
# Extra paths to leave out (gitignore syntax, relative to the scanned root).
# exclude = ["third_party/", "*.generated.c"]

[weights]
# Weight of each criterion in its mean (defaults shown by `rust-ready criteria`).
# memory_safety = 1.5
# predictable_latency = 1.0
# ships_binaries = 1.0
# multi_platform = 1.0
# infrastructure = 1.0
# rapid_prototyping = 1.0
# small_unfamiliar_team = 1.0
# schema_churn = 1.0
# crud_web_app = 1.0
# startup_time = 1.0

[answers]
# What the code cannot show. A declared answer replaces the inferred strength and the report
# marks the criterion `declared: true`.
# team_rust_experience = "none"      # none | some | strong
# team_size = 4
# memory_safety_required = true      # a legal or contractual requirement
# latency_slo_ms = 20                # p99 objective
# expected_lifetime_years = 10
# prototype = false

[roles]
# What a path is for, when conventions guess wrong: product, test, fixture, example, benchmark,
# docs, tooling, vendored, generated. Only product files feed the verdict.
# test = ["qa/**"]
# product = ["tools/server/"]

[gate]
# CI thresholds; command-line flags win.
# min_score = 55
# fail_on = ["not-recommended"]
# fail_on_regression = true
# max_score_drop = 0
# max_new_findings = 0
# fail_on = ["new-unsafe-code"]     # with --baseline: fail when memory-unsafe product code grew

[roadmap]
# `rust-ready roadmap`: years for a line's vulnerability density to halve with age (default
# 2.15, from 5-year-old code's 3.4x-7.4x lower density in Google's 2024 Android data).
# half_life_years = 2.15
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roadmap_half_life_is_validated() {
        assert_eq!(
            parse("[roadmap]\nhalf_life_years = 3.0\n").map(|c| c.roadmap.half_life_years),
            Ok(Some(3.0))
        );
        let e = parse("[roadmap]\nhalf_life_years = 0\n").unwrap_err();
        assert!(
            e.contains("half_life_years") && e.contains("out of range"),
            "{e}"
        );
        let e = parse("[roadmap]\nhalf_life = 2\n").unwrap_err();
        assert!(e.contains("half_life"), "{e}");
    }

    #[test]
    fn template_parses() {
        assert_eq!(parse(TEMPLATE), Ok(ConfigFile::default()));
    }

    #[test]
    fn unknown_keys_and_bad_values_are_named() {
        let e = parse("[answers]\nteam_sise = 3\n").unwrap_err();
        assert!(!e.contains('\n'), "{e}");
        assert!(e.contains("team_sise"), "{e}");
        assert!(e.contains("line 2"), "{e}");
        let e = parse("[weights]\nspeed = 2.0\n").unwrap_err();
        assert!(e.contains("speed"), "{e}");
        let e = parse("[answers]\nteam_rust_experience = \"lots\"\n").unwrap_err();
        assert!(
            e.contains("lots") || e.contains("team_rust_experience"),
            "{e}"
        );
        assert!(parse("[gate]\nmin_score = 300\n").is_err());
        let e = parse("[gate]\nmin_score = 150\n").unwrap_err();
        assert!(e.contains("min_score") && e.contains("0..=100"), "{e}");
        let e = parse("[gate]\nmax_score_drop = 101\n").unwrap_err();
        assert!(e.contains("max_score_drop"), "{e}");
        assert!(parse("[gate]\nmin_score = 100\nmax_score_drop = 5\n").is_ok());
    }

    #[test]
    fn errors_never_quote_values() {
        let e = parse("TOKEN=\"ghp_secret123\"\n[answers]\nprototype = \"sekrit\"\n").unwrap_err();
        assert!(!e.contains("ghp_secret123") && !e.contains("sekrit"), "{e}");
        let e = parse("[answers]\nteam_size = \"s3cr3t-value\"\n").unwrap_err();
        assert!(!e.contains("s3cr3t"), "{e}");
        assert!(e.contains("line 2"), "{e}");
        let e = parse("HOME=/root\0PATH=/usr/bin:/bin\0GITHUB_TOKEN=abc\0").unwrap_err();
        assert!(!e.contains("/usr/bin") && !e.contains("abc"), "{e}");
        assert_eq!(redact_quoted("a `b` \"c\" `d e`"), "a `b` \"…\" `…`");
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
    }

    #[test]
    fn answers_from_the_command_line() {
        let mut a = Answers::default();
        apply_answer(&mut a, "team_size=3").unwrap();
        apply_answer(&mut a, "prototype = true").unwrap();
        assert_eq!(a.team_size, Some(3));
        assert_eq!(a.prototype, Some(true));
        assert!(apply_answer(&mut a, "team_size=many").is_err());
        assert!(
            apply_answer(&mut a, "colour=blue")
                .unwrap_err()
                .contains("colour")
        );
        assert!(apply_answer(&mut a, "novalue").is_err());
    }
}
