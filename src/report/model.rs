//! The report: the one type every renderer reads and the JSON contract of `shared/DESIGN.md`
//! (schema_version 1). Keys may be added; none is renamed or dropped within a schema version.
//! Nothing here reads the file system or formats text for humans.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The JSON contract version this build writes and reads.
pub const SCHEMA_VERSION: u32 = 1;

/// A whole scan's result.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct Report {
    /// Version of this JSON contract; readers refuse other versions.
    pub schema_version: u32,
    /// The tool that wrote the report.
    pub tool: Tool,
    /// The scanned path, as given on the command line.
    pub root: String,
    /// Where the scanned root sits in its git work tree: its path relative to the work tree's
    /// top (`""` for the top itself, `services/api` for a subfolder); absent outside git. SARIF
    /// URIs are made relative to the repository with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository_path: Option<String>,
    /// The project's name for report headers: the scanned folder's own name (so `scan .`
    /// names the project); absent when unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// What the walk saw.
    pub scanned: Scanned,
    /// Score, verdict and the sentence a lead can quote.
    pub summary: Summary,
    /// Language mix, sorted by code lines desc, then name.
    pub languages: Vec<LanguageRow>,
    /// Memory-unsafe usage inventory.
    #[serde(rename = "unsafe")]
    pub unsafety: UnsafeSection,
    /// Dependencies per ecosystem.
    pub dependencies: Dependencies,
    /// Facts from git history.
    pub history: History,
    /// Project signals found in the tree (names, values, example paths).
    #[serde(default)]
    pub signals: Vec<SignalHit>,
    /// The project's components (first directories) by own code, for "where to start".
    #[serde(default)]
    pub components: Vec<ComponentStats>,
    /// Files and code lines per file role (`product`, `test`, `fixture`, ...).
    #[serde(default)]
    pub roles: Vec<RoleRow>,
    /// Product files in manually managed languages ranked for "where to start" (top 10).
    #[serde(default)]
    pub start_files: Vec<StartFile>,
    /// The ten criteria of the article, each with strength, confidence and evidence.
    pub criteria: Vec<Criterion>,
    /// Where to start, adoption paths, hardening advice.
    pub recommendations: Vec<Recommendation>,
    /// Problems met during the scan (capped list; `warning_counts` has the full counts).
    pub warnings: Vec<Warning>,
    /// Number of warnings per kind, including those beyond the list's cap.
    #[serde(default)]
    pub warning_counts: BTreeMap<String, u64>,
    /// Changes against `--baseline` (absent without one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delta: Option<Delta>,
}

/// An old and a new value.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct Change {
    /// Value in the baseline (null when it had none).
    pub old: Option<f64>,
    /// Value now (null when none).
    pub new: Option<f64>,
    /// new - old (null when either is unknown).
    pub change: Option<f64>,
}

impl Change {
    /// A change between two optional values, rounded to 4 decimals.
    pub fn of(old: Option<f64>, new: Option<f64>) -> Change {
        let r = |x: f64| (x * 10_000.0).round() / 10_000.0;
        Change {
            old: old.map(r),
            new: new.map(r),
            change: old.zip(new).map(|(o, n)| r(n - o)),
        }
    }
}

/// The report's `delta` section: what changed since the baseline report.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct Delta {
    /// The baseline file, as given.
    pub baseline: String,
    /// Score change.
    pub score: Change,
    /// Strength change per criterion id.
    pub criteria: BTreeMap<String, Change>,
    /// Memory-unsafe share change.
    pub memory_unsafe_share: Change,
    /// Non-test unsafe findings per language.
    pub unsafe_findings: BTreeMap<String, Change>,
    /// Hotspot files that were not hotspots in the baseline.
    pub new_hotspots: Vec<String>,
    /// Non-test unsafe findings per kind (all languages), only the kinds whose count changed.
    #[serde(default)]
    pub unsafe_by_kind: BTreeMap<String, Change>,
    /// The verdict in the baseline and now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<VerdictChange>,
    /// Product files of memory-unsafe languages whose code lines or non-test findings grew
    /// (new files included), sorted by path: what `--fail-on new-unsafe-code` fails on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unsafe_code_growth: Vec<FileGrowth>,
}

/// A memory-unsafe product file that grew against the baseline.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct FileGrowth {
    /// Root-relative path (`*` + language when only the language total is known to have grown:
    /// a listing capped at `PRODUCT_FILES_CAP`).
    pub path: String,
    /// tokei's language name.
    pub language: String,
    /// Code lines in the baseline (0 for a new file).
    pub old_code: u64,
    /// Code lines now.
    pub new_code: u64,
    /// Non-test findings in the baseline.
    pub old_findings: u64,
    /// Non-test findings now.
    pub new_findings: u64,
}

/// The verdict before and after.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct VerdictChange {
    /// In the baseline.
    pub old: Option<Verdict>,
    /// Now.
    pub new: Option<Verdict>,
}

/// Name and version of the tool.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct Tool {
    /// Always `rust-ready`.
    pub name: String,
    /// The crate version.
    pub version: String,
}

/// Counters of the walk.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct Scanned {
    /// Regular files read and analysed.
    pub files: u64,
    /// Bytes of those files.
    pub bytes: u64,
    /// Files seen but not analysed (binary, too large, unreadable, special).
    pub skipped: u64,
    /// `skipped` split by reason.
    #[serde(default)]
    pub skipped_by_reason: BTreeMap<String, u64>,
}

/// The headline numbers.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct Summary {
    /// 0..=100, or null when no criterion could be judged.
    pub score: Option<u8>,
    /// One of the contract's verdicts, or null with the score.
    pub verdict: Option<Verdict>,
    /// One sentence a lead can quote.
    pub headline: Option<String>,
    /// Share (0..1) of the project's own code lines, over programming languages, in
    /// manually managed languages (C, C++, assembly, ...).
    #[serde(default)]
    pub memory_unsafe_share: f64,
    /// Share (0..1) of own code lines, over programming languages, in Rust.
    #[serde(default)]
    pub rust_share: f64,
    /// Own code lines of programming languages (the denominator of every share).
    #[serde(default)]
    pub programming_code: u64,
    /// B: disjunction of the judged choose criteria's effective strengths (null when none).
    #[serde(default)]
    pub benefit: Option<f64>,
    /// A: disjunction of the judged avoid criteria's effective strengths (null when none).
    #[serde(default)]
    pub friction: Option<f64>,
    /// For a project with Rust in it: the benefit B if only the code not in Rust yet were
    /// judged (what migrating the rest would still bring); equals `benefit` without Rust.
    #[serde(default)]
    pub remaining_benefit: Option<f64>,
    /// Product source files of programming languages.
    #[serde(default)]
    pub source_files: u64,
    /// Test source files (tests/, *_test.go, ...).
    #[serde(default)]
    pub test_files: u64,
}

/// The verdicts, in the order DESIGN.md checks them.
#[derive(
    Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Rust already carries at least 75% of the code.
    Adopted,
    /// Score >= 70.
    StrongCandidate,
    /// Score 55..=69.
    Candidate,
    /// Score 40..=54: adopt for a component, not the whole.
    Selective,
    /// Score < 40.
    NotRecommended,
}

impl Verdict {
    /// The contract's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Adopted => "adopted",
            Verdict::StrongCandidate => "strong-candidate",
            Verdict::Candidate => "candidate",
            Verdict::Selective => "selective",
            Verdict::NotRecommended => "not-recommended",
        }
    }

    /// Parses the contract's spelling.
    pub fn parse(s: &str) -> Option<Verdict> {
        [
            Verdict::Adopted,
            Verdict::StrongCandidate,
            Verdict::Candidate,
            Verdict::Selective,
            Verdict::NotRecommended,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }
}

/// How a language manages memory.
#[derive(
    Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
#[serde(rename_all = "lowercase")]
pub enum MemoryModel {
    /// C, C++, assembly: the programmer frees memory.
    Manual,
    /// Garbage collected or reference counted runtimes.
    Gc,
    /// Rust.
    Ownership,
    /// Programming languages that fit none of the above (shell, SQL, ...).
    Other,
    /// Data, markup and prose: not a programming language, outside every denominator.
    None,
}

/// A wrapper of a risky call.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct WrapperRow {
    /// The wrapper's name.
    pub name: String,
    /// The catalogued function its body calls.
    pub wraps: String,
    /// Language of its definition.
    pub language: String,
    /// Root-relative path of its definition.
    pub defined_in: String,
    /// Call sites in product code.
    pub call_sites: u64,
}

/// Files and code lines of one role.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct RoleRow {
    /// The role.
    pub role: crate::roles::Role,
    /// Files of this role (every file read, counted by tokei or not).
    pub files: u64,
    /// Code lines of counted files of this role.
    pub code: u64,
}

/// One row of the language table.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct LanguageRow {
    /// tokei's name of the language.
    pub name: String,
    /// Files counted.
    pub files: u64,
    /// Code lines (own lines, embedded children apart), as tokei's JSON.
    pub code: u64,
    /// Comment lines.
    pub comments: u64,
    /// Blank lines.
    pub blanks: u64,
    /// Code lines in vendored folders or files.
    pub vendored_code: u64,
    /// Code lines in generated or minified files (not vendored).
    pub generated_code: u64,
    /// code - vendored - generated.
    pub own_code: u64,
    /// Code lines of product files (what shares and verdicts read).
    #[serde(default)]
    pub product_code: u64,
    /// Code lines per file role (roles with no lines left out).
    #[serde(default)]
    pub code_by_role: BTreeMap<String, u64>,
    /// product_code over the product code of all programming languages (0 for data/markup).
    pub share: f64,
    /// How the language manages memory.
    pub memory_model: Option<MemoryModel>,
    /// Languages embedded in this one's files (Markdown fences, HTML scripts), kept apart.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub embedded: Vec<EmbeddedRow>,
    /// For C headers: own code lines attributed to C or C++ by neighbouring sources.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributed_to: BTreeMap<String, u64>,
}

/// Lines of a language embedded in another's files.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct EmbeddedRow {
    /// tokei's name of the embedded language.
    pub name: String,
    /// Code lines.
    pub code: u64,
    /// Comment lines.
    pub comments: u64,
    /// Blank lines.
    pub blanks: u64,
}

/// The `unsafe` section.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct UnsafeSection {
    /// Per language, sorted by findings desc then language.
    pub languages: Vec<UnsafeLanguage>,
    /// The files with most findings (top 20, ties by path).
    pub hotspots: Vec<Hotspot>,
    /// Findings in vendored code, reported apart from the project's own.
    #[serde(default)]
    pub vendored: Vec<UnsafeLanguage>,
    /// Rust posture: forbid/deny(unsafe_code) per crate root, SAFETY comment coverage.
    #[serde(default)]
    pub rust_posture: Option<RustPosture>,
    /// Where memory-safe code crosses into manual-memory code.
    #[serde(default)]
    pub ffi: Vec<FfiBoundary>,
    /// Non-test findings with their lines (for SARIF), sorted by path, line, kind; bounded.
    #[serde(default)]
    pub locations: Vec<FindingLocation>,
    /// At most this many locations are kept per file.
    #[serde(default)]
    pub locations_cap_per_file: u64,
    /// At most this many locations are kept in total (the smallest by path, line, kind).
    #[serde(default)]
    pub locations_total_cap: u64,
    /// Project functions and macros whose body calls the risky catalogue; their call sites
    /// count as findings of the wrapped kind (`by_kind` key `name -> kind`).
    #[serde(default)]
    pub wrappers: Vec<WrapperRow>,
    /// Product files in memory-unsafe languages (and Rust), sorted by path; at most
    /// [`PRODUCT_FILES_CAP`] (the smallest paths win), `product_files_total` says how many there
    /// were. The baseline of the `new-unsafe-code` gate and the inventory of the roadmap.
    #[serde(default)]
    pub product_files: Vec<ProductFile>,
    /// How many such files the tree had (more than listed when the cap was reached).
    #[serde(default)]
    pub product_files_total: u64,
    /// Vendored copies of memory-unsafe code, one row per library folder (`deps/zlib`,
    /// `third_party/expat`), sorted by path; at most [`VENDORED_LIBRARIES_CAP`].
    #[serde(default)]
    pub vendored_libraries: Vec<VendoredLibrary>,
}

/// Most entries of `unsafe.vendored_libraries`.
pub const VENDORED_LIBRARIES_CAP: usize = 200;

/// One vendored library folder of memory-unsafe code.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct VendoredLibrary {
    /// Root-relative folder: the folder under a vendoring folder (`vendor/zlib`), or the
    /// vendored file's own folder.
    pub path: String,
    /// Memory-unsafe files in it.
    pub files: u64,
    /// Their code lines.
    pub code: u64,
    /// Unsafe findings in them.
    pub findings: u64,
}

/// Most entries of `unsafe.product_files`.
pub const PRODUCT_FILES_CAP: usize = 50_000;

/// One product file of a memory-unsafe language (or Rust).
#[derive(
    Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq, Eq, PartialOrd, Ord,
)]
pub struct ProductFile {
    /// Root-relative path.
    pub path: String,
    /// tokei's language name.
    pub language: String,
    /// Own code lines.
    pub code: u64,
    /// Non-test unsafe findings in the file (risky calls, unsafe blocks, ...).
    pub findings: u64,
    /// The file parses formats or requests (by name, or defining a parse function): the
    /// same flag components and where-to-start read.
    #[serde(default)]
    pub parser: bool,
    /// The file listens on sockets or reads packets (`network_server` in its code).
    #[serde(default)]
    pub network: bool,
}

/// Where one finding is.
#[derive(
    Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq, Eq, PartialOrd, Ord,
)]
pub struct FindingLocation {
    /// Root-relative path.
    pub path: String,
    /// 1-based line.
    pub line: u64,
    /// tokei's name of the language.
    pub language: String,
    /// The finding's kind.
    pub kind: String,
    /// SARIF level from the catalogue's risk: error, warning or note.
    pub level: String,
    /// CWE id (e.g. CWE-120) when catalogued.
    pub cwe: Option<String>,
    /// Hash of the finding's kind and its whitespace-trimmed line with the lines around it
    /// (never the line number), so it survives lines inserted above; SARIF's
    /// `partialFingerprints` are built from it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub context_hash: String,
}

/// Findings of one language.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct UnsafeLanguage {
    /// tokei's name of the language.
    pub language: String,
    /// Findings in non-test own code.
    pub findings: u64,
    /// Findings in test code.
    pub test_findings: u64,
    /// findings per 1000 own code lines of the language.
    pub per_kloc: f64,
    /// findings per kind.
    pub by_kind: BTreeMap<String, u64>,
    /// test findings per kind.
    pub test_by_kind: BTreeMap<String, u64>,
}

/// A file with many findings.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct Hotspot {
    /// Root-relative path.
    pub path: String,
    /// tokei's name of the language.
    pub language: String,
    /// Non-test findings in the file.
    pub findings: u64,
    /// findings per 1000 code lines of the file.
    pub per_kloc: f64,
}

/// Rust's own safety posture.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct RustPosture {
    /// Crate roots (lib.rs/main.rs) seen.
    pub crate_roots: u64,
    /// Crate roots with `#![forbid(unsafe_code)]`.
    pub forbid_unsafe: u64,
    /// Crate roots with `#![deny(unsafe_code)]`.
    pub deny_unsafe: u64,
    /// Unsafe blocks in own non-test code.
    pub unsafe_blocks: u64,
    /// Of those, blocks with a `// SAFETY:` comment.
    pub safety_commented: u64,
    /// safety_commented / unsafe_blocks, null when there are no blocks.
    pub safety_coverage: Option<f64>,
    /// Example crate roots without forbid/deny (up to 5).
    #[serde(default)]
    pub roots_without_lint: Vec<String>,
}

/// One kind of FFI crossing.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct FfiBoundary {
    /// Mechanism: rust_extern, rust_sys_crate, cgo, jni, pinvoke, ctypes, cffi, python_c_ext, node_addon.
    pub mechanism: String,
    /// `safe_to_manual` (safe code calls manual-memory code) or `manual_to_safe`.
    pub direction: String,
    /// Number of occurrences.
    pub count: u64,
    /// Up to five example paths.
    pub examples: Vec<String>,
}

/// The `dependencies` section.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct Dependencies {
    /// One entry per ecosystem with a product manifest, sorted by direct_count desc then name.
    pub ecosystems: Vec<Ecosystem>,
    /// Manifests and lockfiles of docs sites, examples, fixtures, benchmarks, tests and
    /// tooling: listed with their own counts, never summed into the product's.
    #[serde(default)]
    pub apart: Vec<ApartManifest>,
}

/// A manifest or lockfile that is not the product's.
#[derive(
    Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq, Eq, PartialOrd, Ord,
)]
pub struct ApartManifest {
    /// Root-relative path.
    pub path: String,
    /// Its role.
    pub role: crate::roles::Role,
    /// Its ecosystem.
    pub ecosystem: String,
    /// Direct dependencies it declares (manifests).
    pub direct_count: u64,
    /// Distinct third-party (name, version) pairs it locks (lockfiles; null for manifests).
    pub locked_count: Option<u64>,
}

/// Dependencies of one ecosystem.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct Ecosystem {
    /// cargo, npm, pypi, go, maven, gradle, rubygems, composer, nuget, cpp.
    pub ecosystem: String,
    /// Manifest and lockfile paths, sorted.
    pub manifests: Vec<String>,
    /// Direct dependencies, deduplicated by name, sorted by name.
    pub direct: Vec<DirectDep>,
    /// len(direct).
    pub direct_count: u64,
    /// Distinct (name, version) third-party packages in lockfiles; null when no lockfile.
    pub locked_count: Option<u64>,
    /// How many direct dependencies have a mature Rust counterpart.
    pub rust_equivalents: RustEquivalents,
    /// With `--deps-unsafe` (cargo only): unsafe usage in locked crates found on disk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crate_unsafe: Option<CrateUnsafe>,
    /// With `--cargo-metadata` (cargo only): what hardened `cargo metadata --no-deps` reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cargo_metadata: Option<CargoMetadata>,
}

/// Unsafe usage in the locked crates whose sources are already in the local cargo registry.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct CrateUnsafe {
    /// Locked crates whose sources were found on disk and lexed.
    pub on_disk: u64,
    /// Locked crates not on disk (nothing is ever downloaded).
    pub not_on_disk: u64,
    /// Up to 20 of those, sorted.
    pub not_on_disk_examples: Vec<String>,
    /// Unsafe findings over all crates on disk (tests included).
    pub findings: u64,
    /// Crates with most findings (top 20).
    pub top: Vec<CrateFindings>,
}

/// One crate's unsafe findings.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct CrateFindings {
    /// `name@version`.
    pub package: String,
    /// Findings.
    pub findings: u64,
    /// Findings per kind.
    pub by_kind: BTreeMap<String, u64>,
}

/// The opt-in cross-check by cargo itself, run hardened (`--no-deps --frozen`, cwd `/`,
/// `RUSTUP_TOOLCHAIN=stable`, wrappers emptied, offline).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct CargoMetadata {
    /// Workspace packages cargo reports.
    pub packages: u64,
    /// Declared dependencies over those packages.
    pub dependencies: u64,
    /// Of those, optional ones (behind features).
    pub optional: u64,
    /// Of those, platform-specific ones (`[target.'cfg(..)']`).
    pub platform_specific: u64,
    /// Set when cargo could not run or failed (the scan goes on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A direct dependency.
#[derive(
    Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq, Eq, PartialOrd, Ord,
)]
pub struct DirectDep {
    /// Package name as the ecosystem spells it.
    pub name: String,
    /// Version requirement as written, or null.
    pub requirement: Option<String>,
    /// normal, dev, build, optional, peer.
    pub kind: String,
}

/// Rust coverage of an ecosystem's direct dependencies.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct RustEquivalents {
    /// Direct dependencies with a known crate.
    pub covered: u64,
    /// Direct dependencies considered.
    pub of: u64,
    /// `package -> crate` examples.
    pub examples: Vec<String>,
    /// Direct dependencies without a known crate (up to 20).
    #[serde(default)]
    pub uncovered: Vec<String>,
}

/// Git facts.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct History {
    /// False when there is no readable git repository (or `--no-history`).
    pub available: bool,
    /// Commits reachable from HEAD (capped walk; see `truncated`).
    pub commits: Option<u64>,
    /// Distinct authors in the 365 days before the newest commit.
    pub contributors_365d: Option<u64>,
    /// Date (YYYY-MM-DD) of the oldest commit walked.
    pub first_commit: Option<String>,
    /// Date (YYYY-MM-DD) of the newest commit.
    pub last_commit: Option<String>,
    /// Why history is unavailable, when it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// True for a shallow clone: commits and contributors are known only for the fetched part,
    /// so history-based criteria are not judged ("history unknown (shallow, N commits)").
    #[serde(default)]
    pub shallow: bool,
    /// Facts from tree diffs of first-parent commits; `None` ("unknown") on a shallow clone,
    /// without history or with `--no-history`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes: Option<ChangeHistory>,
}

/// What changed, from tree diffs of first-parent commits back from HEAD (bounded).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct ChangeHistory {
    /// The date windows end at: the newest commit's date (YYYY-MM-DD).
    pub as_of: String,
    /// First-parent commits whose tree diff was read (line diffs for the last 24 months,
    /// tree-level only beyond, back until every product file was seen or 5 years).
    pub commits_diffed: u64,
    /// Oldest commit date the diffs reached (YYYY-MM-DD).
    pub covered_since: Option<String>,
    /// True when a budget (time, bytes, commits) stopped the diffs before the windows were covered.
    pub truncated: bool,
    /// How code ages are measured: `added-lines` (a file's lines younger than 1 / 2 years are at
    /// most the lines added to it in 12 / 24 months; the rest are dated by the file's last
    /// change), `file` (a line's age is its file's last change) or `line` (blame-like).
    pub age_method: String,
    /// Per calendar month (`YYYY-MM`), oldest first, the last 24 months up to `as_of`.
    pub monthly: Vec<MonthRow>,
    /// Age profile of memory-unsafe product code lines.
    pub unsafe_age: AgeProfile,
    /// Distinct authors (by email) of non-merge commits reachable from HEAD whose diff against
    /// their first parent touches a `.rs` file (any role), authored in the 365 days before
    /// `as_of`.
    pub rust_authors_365d: u64,
    /// Per component (same paths as `components`): memory-unsafe churn.
    #[serde(default)]
    pub components: Vec<ComponentChurn>,
    /// Per product file of `unsafe.product_files`: last change and lines added.
    #[serde(default)]
    pub files: Vec<FileChange>,
}

impl ChangeHistory {
    /// The last `window` months, newest first, that the change walk covered: when a budget
    /// stopped it, only the months from `covered_since`'s month on.
    pub fn covered_months(&self, window: usize) -> Vec<&MonthRow> {
        let since = match (&self.covered_since, self.truncated) {
            (Some(s), true) => Some(s.get(..7).unwrap_or(s)),
            _ => None,
        };
        self.monthly
            .iter()
            .rev()
            .take(window)
            .filter(|m| since.is_none_or(|s| m.month.as_str() >= s))
            .collect()
    }
}

/// One month of changes.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct MonthRow {
    /// `YYYY-MM`.
    pub month: String,
    /// Lines added to product files per language (tokei's names), from line diffs (Myers) of
    /// first-parent commits authored in the month; a deleted file's role and language come
    /// from its path and name alone.
    pub added: BTreeMap<String, u64>,
    /// Lines removed from product files per language.
    pub removed: BTreeMap<String, u64>,
    /// Rust's share of programming-language product lines at the end of the month: today's
    /// product code lines walked back with the net diff lines (added - removed) of later
    /// months, an approximation (diff lines are physical lines, counts are code lines); null
    /// when the diffs did not cover every later month.
    pub rust_share: Option<f64>,
}

/// How old memory-unsafe product code is (lines, by last change).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct AgeProfile {
    /// Memory-unsafe product code lines considered.
    pub lines: u64,
    /// Lines changed within 1 year of `as_of` (see `age_method`).
    pub changed_1y: u64,
    /// Within 2 years (includes `changed_1y`).
    pub changed_2y: u64,
    /// Within 5 years (includes `changed_2y`).
    pub changed_5y: u64,
    /// Lines whose last change the bounded walk did not reach (a budget stopped it before the
    /// 5-year horizon, or the file is not committed). `lines - changed_5y - unknown` are older
    /// than 5 years.
    pub unknown: u64,
}

/// Memory-unsafe churn of one component.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct ComponentChurn {
    /// Component path.
    pub path: String,
    /// Lines added to memory-unsafe product paths under it (files deleted since included) in
    /// the last 12 months.
    pub unsafe_added_12m: u64,
    /// ... in the last 24 months.
    pub unsafe_added_24m: u64,
    /// Lines added to Rust product files in the last 12 months.
    pub rust_added_12m: u64,
    /// Newest last change of its memory-unsafe product files of today (YYYY-MM-DD); null
    /// when none was reached.
    pub last_change: Option<String>,
}

/// History of one product file.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct FileChange {
    /// Root-relative path.
    pub path: String,
    /// Date of its last change (YYYY-MM-DD): the newest first-parent commit that changed its
    /// path (a rename counts as a change); null when the bounded walk did not reach it (older
    /// than 5 years, a budget, or not committed).
    pub last_change: Option<String>,
    /// Lines added in the 12 months before `as_of`.
    pub added_12m: u64,
    /// Lines added in the 24 months before `as_of`.
    pub added_24m: u64,
}

/// A named project signal.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct SignalHit {
    /// Signal id from the signals table.
    pub id: String,
    /// How many files matched.
    pub count: u64,
    /// Up to five example paths, sorted.
    pub examples: Vec<String>,
}

/// Facts about one component (a top directory, or two levels under src/, crates/, ...).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct ComponentStats {
    /// Root-relative directory.
    pub path: String,
    /// Non-test source files.
    pub files: u64,
    /// Own code lines of programming languages.
    pub own_code: u64,
    /// Of those, lines in manually managed languages.
    pub manual_code: u64,
    /// Non-test unsafe findings.
    pub unsafe_findings: u64,
    /// Files whose names suggest untrusted input (parsers, network, protocol code).
    pub exposed_files: u64,
    /// library, binary, service, bindings, package, module (from its build file), or
    /// directory (no build file declares it).
    #[serde(default)]
    pub kind: String,
    /// The build file that declares it, when one does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared_by: Option<String>,
    /// Always `product`: components are built from product files.
    #[serde(default)]
    pub role: String,
    /// Its languages by product lines, largest first (up to 3).
    #[serde(default)]
    pub languages: Vec<String>,
    /// Product code lines.
    #[serde(default)]
    pub product_code: u64,
    /// Share of its product code in manually managed languages.
    #[serde(default)]
    pub memory_unsafe_share: f64,
    /// Non-test unsafe findings.
    #[serde(default)]
    pub findings: u64,
    /// `network` (reads sockets or packets), `format` (parses files or formats) or `none`.
    #[serde(default)]
    pub exposure: String,
    /// Files holding a program entry point (up to 3).
    #[serde(default)]
    pub entry_points: Vec<String>,
    /// In a project with Rust in it: this component's own verdict (what to continue with).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
    /// The score behind `verdict`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<u8>,
}

/// A product file in a manually managed language, ranked for a first migration.
#[derive(
    Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq, Eq, PartialOrd, Ord,
)]
pub struct StartFile {
    /// Root-relative path.
    pub path: String,
    /// Code lines.
    pub code: u64,
    /// Non-test unsafe findings (risky calls) in it, call sites of the project's wrappers
    /// (`unsafe.wrappers`) included.
    pub findings: u64,
    /// `network` (reads sockets or packets), `format` (parses files or formats), or `local`.
    pub exposure: String,
    /// exposure x risk density x size to port, in thousandths (the ranking key).
    pub rank: u64,
}

/// A criterion's judgement.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct Criterion {
    /// Stable id (memory_safety, ...).
    pub id: String,
    /// choose or avoid.
    pub kind: CriterionKind,
    /// Human title.
    pub title: String,
    /// 0..1.
    pub strength: f64,
    /// How sure the judgement is; `none` leaves it out of the score.
    pub confidence: Confidence,
    /// Weight in its mean.
    pub weight: f64,
    /// True when the strength comes from a declared answer.
    pub declared: bool,
    /// Why, in specific words.
    pub evidence: Vec<String>,
    /// The same evidence as located facts: product files only, code evidence with its line.
    #[serde(default)]
    pub evidence_items: Vec<EvidenceItem>,
}

/// One located piece of evidence (DESIGN.md, Evidence): the one evidence type used by
/// criteria, components and recommendations.
#[derive(
    Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq, Eq, PartialOrd, Ord,
)]
pub struct EvidenceItem {
    /// Root-relative path.
    pub path: String,
    /// 1-based line for code evidence; null for evidence that is a whole file (a manifest, a
    /// packaging file, a file name).
    pub line: Option<u64>,
    /// What it shows (a signal id or a finding kind).
    pub what: String,
    /// How many such facts the scan found in total (files for a signal, calls for findings).
    pub count: u64,
}

/// Whether a criterion argues for or against Rust.
#[derive(
    Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
#[serde(rename_all = "lowercase")]
pub enum CriterionKind {
    /// Raises the score.
    Choose,
    /// Lowers the score.
    Avoid,
}

/// Confidence of a judgement.
#[derive(
    Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Could not be judged.
    None,
    /// Weak evidence.
    Low,
    /// Some evidence.
    Medium,
    /// Strong evidence or declared.
    High,
}

/// One recommendation.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct Recommendation {
    /// start_here, adoption_path, harden.
    pub kind: String,
    /// A directory, module or path name.
    pub target: String,
    /// Why, in specific words.
    pub why: String,
    /// The located facts behind it (a start-here file's first risky call, ...).
    #[serde(default)]
    pub evidence_items: Vec<EvidenceItem>,
}

/// A problem met during the scan; the scan went on.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    /// Root-relative path (lossy UTF-8), or "" for the whole scan.
    pub path: String,
    /// too_large, unreadable, special_file, symlink_loop, walk_error, manifest_parse,
    /// ignore_file (an ignore file or .gitattributes refused, an invalid glob, a rule budget),
    /// history (git metadata refused), budget (a clamped option), slow_parse (counted linearly),
    /// ...
    pub kind: String,
    /// What happened.
    pub message: String,
}
