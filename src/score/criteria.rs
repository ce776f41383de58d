//! The ten criteria of the article as data: id, kind, title, default weight, the signals that
//! feed each, and the per-language gain tables of the choose criteria. The evaluation functions
//! live in `evaluate.rs`; the numbers here are the calibrated model (docs/criteria.md).

use crate::report::model::CriterionKind::{self, Avoid, Choose};

/// One criterion's static description.
#[derive(Debug, Clone, Copy)]
pub struct CriterionDef {
    /// Stable id (the JSON contract).
    pub id: &'static str,
    /// choose raises the score, avoid lowers it.
    pub kind: CriterionKind,
    /// Human title.
    pub title: &'static str,
    /// Default weight in its mean (overridable in `[weights]`).
    pub weight: f64,
    /// Signals (ids from data/signals.rs) and facts that feed it.
    pub inputs: &'static [&'static str],
}

/// The criteria, in report order (choose first).
pub const CRITERIA: &[CriterionDef] = &[
    CriterionDef {
        id: "memory_safety",
        kind: Choose,
        title: "Memory safety is a security requirement",
        weight: 1.5,
        inputs: &[
            "memory-unsafe share",
            "risky calls per KLOC",
            "network_server",
            "parser_code",
            "fuzzing",
            "sanitizers",
            "security_policy",
            "rtos_hal",
            "ffi boundaries",
        ],
    },
    CriterionDef {
        id: "predictable_latency",
        kind: Choose,
        title: "Predictable latency, no GC pauses",
        weight: 1.0,
        inputs: &[
            "gc_tuning",
            "latency_work",
            "realtime_domain",
            "compute_kernels",
            "GC'd share of code",
        ],
    },
    CriterionDef {
        id: "ships_binaries",
        kind: Choose,
        title: "Ships binaries; single-binary deployment matters",
        weight: 1.0,
        inputs: &[
            "cli_entry",
            "cli_main",
            "cli_framework",
            "release_tooling",
            "packaging",
            "docker_single_binary",
            "language mix",
        ],
    },
    CriterionDef {
        id: "multi_platform",
        kind: Choose,
        title: "Many targets, including WASM or embedded",
        weight: 1.0,
        inputs: &[
            "ci_os_matrix",
            "wasm",
            "linker_script",
            "rtos_hal",
            "cross_toolchain",
            "mobile_ndk",
            "compute_kernels (wasm opportunity)",
        ],
    },
    CriterionDef {
        id: "infrastructure",
        kind: Choose,
        title: "Infrastructure other systems depend on",
        weight: 1.0,
        inputs: &[
            "network_server",
            "grpc_protobuf",
            "storage_engine",
            "published_library",
            "k8s_systemd",
        ],
    },
    CriterionDef {
        id: "rapid_prototyping",
        kind: Avoid,
        title: "A fast-moving prototype",
        weight: 1.0,
        inputs: &[
            "notebooks",
            "dynamic-language share",
            "size",
            "test ratio",
            "history age",
        ],
    },
    CriterionDef {
        id: "small_unfamiliar_team",
        kind: Avoid,
        title: "A small team unfamiliar with Rust",
        weight: 1.0,
        inputs: &[
            "contributors_365d",
            "Rust share",
            "rust_toolchain",
            "product lines added in 12 months",
        ],
    },
    CriterionDef {
        id: "schema_churn",
        kind: Avoid,
        title: "The schema changes often",
        weight: 1.0,
        inputs: &["migrations", "orm_models", "schema_files"],
    },
    CriterionDef {
        id: "crud_web_app",
        kind: Avoid,
        title: "A CRUD web app with no performance requirements",
        weight: 1.0,
        inputs: &[
            "web_framework",
            "orm_models",
            "templates",
            "benchmarks",
            "latency_work",
        ],
    },
    CriterionDef {
        id: "startup_time",
        kind: Avoid,
        title: "Startup in tens of ms where Go serves as well",
        weight: 1.0,
        inputs: &["Go share", "serverless", "lambda_handlers"],
    },
];

/// Gain Rust brings over a memory model, per choose criterion:
/// (memory_safety, predictable_latency, ships_binaries, multi_platform, infrastructure).
/// Index: manual, gc, ownership, other.
pub const GAIN: [[f64; 5]; 4] = [
    // manual (C, C++, asm): big safety gain; no GC to remove; already binaries; cargo targets
    [1.0, 0.3, 0.3, 0.7, 0.8],
    // gc (Java, Python, JS, ...): already memory safe; GC pauses; runtimes to ship; wasm/embedded
    [0.1, 0.9, 0.6, 0.8, 0.5],
    // ownership (Rust): nothing left to gain
    [0.0, 0.0, 0.0, 0.0, 0.0],
    // other (shell, SQL, ...)
    [0.2, 0.2, 0.5, 0.3, 0.3],
];

/// How well Rust serves each need, for the code already in Rust: an adopted project is scored
/// on how well its needs fit Rust (DESIGN.md, Score and verdict), not on what is left to gain.
pub const RUST_FIT: [f64; 5] = [0.95, 0.9, 0.9, 0.8, 0.85];

/// Disjunctive aggregation: the strongest effective strength carries the case and each other
/// judged criterion adds this fraction of its own strength to what is left (monotone: a weaker
/// criterion never lowers the result; five at 0.3 give 0.45, not a strong case).
pub const DISJUNCTION_TAIL: f64 = 0.2;

/// How much the friction A damps the benefit B: score = 100 * B * (1 - FRICTION_DAMPING * A).
pub const FRICTION_DAMPING: f64 = 0.5;

/// Go is garbage collected but already ships static, cross-compiled binaries.
pub const GO_SHIPS_GAIN: f64 = 0.1;
/// Go's multi-platform gain (no embedded or first-class wasm story, but easy cross builds).
pub const GO_MULTI_GAIN: f64 = 0.3;

/// Effective weight factor per confidence (none is excluded from the means).
pub fn confidence_factor(c: crate::report::model::Confidence) -> f64 {
    use crate::report::model::Confidence::*;
    match c {
        None => 0.0,
        Low => 0.5,
        Medium => 0.8,
        High => 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_unique_and_choose_first() {
        let ids: std::collections::BTreeSet<_> = CRITERIA.iter().map(|c| c.id).collect();
        assert_eq!(ids.len(), 10);
        let first_avoid = CRITERIA.iter().position(|c| c.kind == Avoid).unwrap_or(0);
        assert!(CRITERIA[first_avoid..].iter().all(|c| c.kind == Avoid));
    }
}
