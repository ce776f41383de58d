//! Rows the memory-safety roadmap is built from: the strategy rules (in the order they are
//! tried), packages of other ecosystems known to carry C/C++ code, the suffix of Rust crates
//! that bind native libraries, and the published code-age figure behind the default half-life.
//! C/C++ library -> crate replacements live in `rust_equivalents.toml` (`[cpp]`), shared with
//! the dependencies section.

/// A strategy for a component, vendored library or declared C/C++ library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StrategyKind {
    /// A mature crate covers the library: replace it.
    ReplaceWithACrate,
    /// Small and exposed: rewrite it in Rust.
    Rewrite,
    /// Memory-unsafe code is still being written here: write new code in Rust.
    NewCodeInRust,
    /// Exposed, large and stable: put it behind a process or sandbox boundary.
    Isolate,
    /// Stable internal code: sanitizer builds and fuzzing, no rewrite.
    Harden,
}

impl StrategyKind {
    /// How the roadmap names it.
    pub fn as_str(self) -> &'static str {
        match self {
            StrategyKind::ReplaceWithACrate => "replace with a crate",
            StrategyKind::Rewrite => "rewrite",
            StrategyKind::NewCodeInRust => "new code in Rust",
            StrategyKind::Isolate => "isolate",
            StrategyKind::Harden => "harden",
        }
    }
}

/// The condition of a strategy rule, checked against measured facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// A crate of the replacement table covers the library.
    CrateCovers,
    /// Exposed (network or format) and at most [`REWRITE_MAX_LINES`] memory-unsafe lines.
    SmallAndExposed,
    /// Memory-unsafe lines were added in the last 12 months (needs history).
    StillWritten,
    /// Exposed and larger than [`REWRITE_MAX_LINES`].
    LargeAndExposed,
    /// Anything else.
    Otherwise,
}

/// Strategy rules, tried in this order; the first that holds decides.
pub const STRATEGY_RULES: &[(When, StrategyKind, &str)] = &[
    (
        When::CrateCovers,
        StrategyKind::ReplaceWithACrate,
        "a mature crate covers this library",
    ),
    (
        When::SmallAndExposed,
        StrategyKind::Rewrite,
        "exposed to untrusted input and small enough to rewrite",
    ),
    (
        When::StillWritten,
        StrategyKind::NewCodeInRust,
        "memory-unsafe code is still being written here: new code pays first",
    ),
    (
        When::LargeAndExposed,
        StrategyKind::Isolate,
        "exposed but too large to rewrite soon: a process or sandbox boundary, plus fuzzing",
    ),
    (
        When::Otherwise,
        StrategyKind::Harden,
        "not exposed and not being written: sanitizer builds and fuzzing, no rewrite",
    ),
];

/// Most memory-unsafe lines a component may have for "rewrite".
pub const REWRITE_MAX_LINES: u64 = 5_000;

/// PyPI packages known to ship C/C++ (or Fortran) extension modules: (normalised name, what).
/// Sorted by name.
pub const NATIVE_PYPI: &[(&str, &str)] = &[
    ("aiohttp", "C HTTP parser"),
    ("bcrypt", "native extension"),
    ("cffi", "C extension"),
    ("cryptography", "OpenSSL bindings"),
    ("grpcio", "C++ core"),
    ("h5py", "HDF5 bindings"),
    ("lxml", "libxml2/libxslt bindings"),
    ("mysqlclient", "libmysqlclient bindings"),
    ("numpy", "C extension"),
    ("opencv-python", "C++ library"),
    ("orjson", "native extension"),
    ("pandas", "C/Cython extensions"),
    ("pillow", "libjpeg/libpng/zlib bindings"),
    ("psycopg2", "libpq bindings"),
    ("psycopg2-binary", "libpq bindings"),
    ("pycryptodome", "C extension"),
    ("pyyaml", "optional libyaml binding"),
    ("pyzmq", "libzmq bindings"),
    ("scikit-learn", "C/Cython extensions"),
    ("scipy", "C/C++/Fortran extensions"),
    ("tensorflow", "C++ core"),
    ("torch", "C++ core"),
    ("ujson", "C extension"),
    ("uvloop", "libuv bindings"),
];

/// npm packages known to be native addons (node-gyp, N-API): (name, what). Sorted by name.
pub const NATIVE_NPM: &[(&str, &str)] = &[
    ("bcrypt", "native addon"),
    ("better-sqlite3", "SQLite in C"),
    ("bufferutil", "native addon"),
    ("canvas", "Cairo bindings"),
    ("cpu-features", "native addon"),
    ("fsevents", "native addon"),
    ("grpc", "C++ core"),
    ("leveldown", "LevelDB in C++"),
    ("libxmljs", "libxml2 bindings"),
    ("node-sass", "libsass in C++"),
    ("re2", "RE2 in C++"),
    ("sharp", "libvips bindings"),
    ("sqlite3", "SQLite in C"),
    ("utf-8-validate", "native addon"),
    ("zeromq", "libzmq bindings"),
];

/// Rust crates binding native (C/C++) libraries end in this.
pub const SYS_CRATE_SUFFIX: &str = "-sys";

/// The published code-age figure behind the default half-life.
pub const AGE_SOURCE: &str = "Google Security Blog, \"Eliminating Memory Safety Vulnerabilities at the Source\" (September 2024), citing Alexopoulos et al., \"How Long Do Vulnerabilities Live in the Code?\" (USENIX Security 2022): 5-year-old code has a 3.4x (Chromium) to 7.4x (Android) lower vulnerability density than new code";
/// Age (years) of the published comparison.
pub const AGE_YEARS: f64 = 5.0;
/// Lowest and highest published density ratio at [`AGE_YEARS`].
pub const AGE_RATIOS: (f64, f64) = (3.4, 7.4);

/// The half-life (years) implied by a density ratio at [`AGE_YEARS`]: 5 / log2(ratio).
pub fn half_life(ratio: f64) -> f64 {
    AGE_YEARS / ratio.log2()
}

/// The default half-life: from the geometric mean of the published ratios (about 5.0x), so
/// the default sits between the two published figures (1.73 and 2.83 years).
pub fn default_half_life() -> f64 {
    let (lo, hi) = AGE_RATIOS;
    (half_life((lo * hi).sqrt()) * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_and_the_half_life_matches_the_published_range() {
        for t in [NATIVE_PYPI, NATIVE_NPM] {
            assert!(t.windows(2).all(|w| w[0].0 < w[1].0));
        }
        let (lo, hi) = AGE_RATIOS;
        assert!((half_life(hi) - 1.73).abs() < 0.01);
        assert!((half_life(lo) - 2.83).abs() < 0.01);
        assert!((default_half_life() - 2.15).abs() < 0.01);
        assert_eq!(STRATEGY_RULES.last().map(|r| r.0), Some(When::Otherwise));
    }
}
