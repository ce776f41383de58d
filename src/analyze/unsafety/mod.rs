//! Memory-unsafe usage inventory: fills the report's `unsafe` section. For each counted file of
//! a language with a detector, a cheap prefilter (one aho-corasick pass for the candidate
//! tokens) decides whether to lex at all; files that can hold a finding are masked
//! (`mask.rs`: comments and literals blanked) and scanned (`detect.rs`). Aggregates are
//! per-language counters and bounded lists, merged associatively.

pub mod detect;
pub mod mask;
pub mod wrappers;

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use tokei::LanguageType;

use crate::aggregate::TopN;
use crate::analyze::FileInput;
use crate::data::risky_calls::{RISKY_CALLS, sarif_level};
use crate::report::model::{
    FfiBoundary, FindingLocation, Hotspot, PRODUCT_FILES_CAP, ProductFile, RustPosture,
    UnsafeLanguage, UnsafeSection, VENDORED_LIBRARIES_CAP, VendoredLibrary, WrapperRow,
};

/// The library folder of a vendored file: the folder right under the first vendoring folder
/// (`third_party/zlib/deflate.c` -> `third_party/zlib`, `src/lib/lwip/core/tcp.c` ->
/// `src/lib/lwip`); a file directly in the vendoring folder is its own row; else the file's own
/// folder.
pub fn vendored_library(rel: &str) -> String {
    use crate::data::vendoring::{PROJECT_PARENT_DIRS, VENDOR_DIRS};
    let parts: Vec<&str> = rel.split('/').collect();
    let dirs = &parts[..parts.len().saturating_sub(1)];
    for i in 0..dirs.len() {
        let joined = dirs[..=i].join("/");
        if VENDOR_DIRS.contains(&dirs[i]) || PROJECT_PARENT_DIRS.contains(&joined.as_str()) {
            // A file lying directly in the vendoring folder is a library of its own.
            return if i + 1 < dirs.len() {
                dirs[..=i + 1].join("/")
            } else {
                rel.to_string()
            };
        }
    }
    if dirs.is_empty() {
        ".".to_string()
    } else {
        dirs.join("/")
    }
}
use detect::FileReport;
use mask::Family;

/// Hotspots kept.
pub const HOTSPOTS: usize = 20;
/// Finding locations kept per file (for SARIF).
pub const LOCATIONS_PER_FILE: usize = 25;
/// Finding locations kept in total.
pub const LOCATIONS_TOTAL: usize = 5000;
/// Wrappers listed in the report.
pub const WRAPPERS_SHOWN: usize = 20;

/// The lexer family of a tokei language, if it has a detector.
pub fn family(l: LanguageType) -> Option<Family> {
    use LanguageType as L;
    Some(match l {
        L::Rust => Family::Rust,
        L::C | L::CHeader | L::Cpp | L::CppHeader | L::ObjectiveC | L::ObjectiveCpp | L::Cuda => {
            Family::C
        }
        L::Go => Family::Go,
        L::Java => Family::Java,
        L::CSharp => Family::CSharp,
        L::Python => Family::Python,
        L::JavaScript | L::TypeScript | L::Jsx | L::Tsx => Family::Js,
        _ => return None,
    })
}

/// True when the detectors count risky calls in `l` (the C family's catalogue): elsewhere a
/// count of zero says nothing about the code.
pub fn counts_risky_calls(l: LanguageType) -> bool {
    family(l) == Some(Family::C)
}

static C_TOKENS: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    let mut pats: Vec<&str> = RISKY_CALLS.iter().map(|c| c.name).collect();
    pats.extend(["Python.h", "jni.h"]);
    AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(pats)
        .ok()
});

/// Cheap check: can this file hold a finding at all?
fn candidate(f: Family, bytes: &[u8]) -> bool {
    let has = |n: &str| memchr::memmem::find(bytes, n.as_bytes()).is_some();
    match f {
        Family::Rust => has("unsafe") || has("extern"),
        Family::C => C_TOKENS.as_ref().is_none_or(|ac| ac.is_match(bytes)),
        Family::Go => has("unsafe") || has("\"C\""),
        Family::Java => has("native") || has("Unsafe"),
        Family::CSharp => {
            has("unsafe")
                || has("fixed")
                || has("stackalloc")
                || has("DllImport")
                || has("LibraryImport")
        }
        Family::Python => has("ctypes") || has("cffi"),
        Family::Js => false,
    }
}

/// Findings of one language.
#[derive(Debug, Clone, Default)]
struct LangCounts {
    findings: u64,
    test_findings: u64,
    by_kind: BTreeMap<String, u64>,
    test_by_kind: BTreeMap<String, u64>,
}

impl LangCounts {
    fn merge(&mut self, o: LangCounts) {
        self.findings += o.findings;
        self.test_findings += o.test_findings;
        for (k, v) in o.by_kind {
            *self.by_kind.entry(k).or_default() += v;
        }
        for (k, v) in o.test_by_kind {
            *self.test_by_kind.entry(k).or_default() += v;
        }
    }
}

/// A hotspot candidate, ordered so the greatest is the most findings, then the smallest path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct HotKey {
    findings: u64,
    path: Reverse<String>,
    language: String,
    code_lines: u64,
}

/// Findings accumulated across files.
#[derive(Debug, Clone)]
pub struct UnsafeAcc {
    own: BTreeMap<String, LangCounts>,
    vendored: BTreeMap<String, LangCounts>,
    hotspots: TopN<HotKey>,
    locations: BTreeSet<FindingLocation>,
    crate_roots: u64,
    forbid: u64,
    deny: u64,
    blocks: u64,
    commented: u64,
    roots_without_lint: BTreeSet<String>,
    ffi: BTreeMap<(String, String), (u64, BTreeSet<String>)>,
    /// Product C/C++ call sites by called name (for wrappers), bounded.
    calls: std::collections::HashMap<Box<str>, u64>,
    /// Wrapper name -> (wrapped catalogue function, language, defining file).
    wrappers: BTreeMap<String, (&'static str, String, String)>,
    /// Product files of memory-unsafe languages and Rust (the smallest paths, bounded), by
    /// path: the path held once, the language as tokei's type (`unsafe.product_files`).
    product_files: BTreeMap<Box<str>, InventoryFacts>,
    product_files_total: u64,
    /// Vendored library folder -> (files, code, findings) of memory-unsafe languages.
    vendored_libs: BTreeMap<String, (u64, u64, u64)>,
    /// The masking buffers, reused file after file (not merged).
    scratch: mask::Masked,
}

impl Default for UnsafeAcc {
    fn default() -> Self {
        UnsafeAcc {
            own: BTreeMap::new(),
            vendored: BTreeMap::new(),
            hotspots: TopN::new(HOTSPOTS),
            locations: BTreeSet::new(),
            crate_roots: 0,
            forbid: 0,
            deny: 0,
            blocks: 0,
            commented: 0,
            roots_without_lint: BTreeSet::new(),
            ffi: BTreeMap::new(),
            calls: std::collections::HashMap::new(),
            wrappers: BTreeMap::new(),
            product_files: BTreeMap::new(),
            product_files_total: 0,
            vendored_libs: BTreeMap::new(),
            scratch: mask::Masked::default(),
        }
    }
}

/// Adds `n` call sites of `name` to the project's table; new names stop being added past
/// [`wrappers::MAX_CALLED_NAMES`].
fn add_call(calls: &mut std::collections::HashMap<Box<str>, u64>, name: &str, n: u64) {
    if let Some(c) = calls.get_mut(name) {
        *c += n;
    } else if calls.len() < wrappers::MAX_CALLED_NAMES {
        calls.insert(name.into(), n);
    }
}

/// One product file's entry in the inventory while the walk runs (its path is the key).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InventoryFacts {
    pub language: tokei::LanguageType,
    pub code: u64,
    pub findings: u64,
    pub parser: bool,
    pub network: bool,
}

/// [`keep_smallest`] for the inventory: at most [`PRODUCT_FILES_CAP`] files, the smallest
/// paths (a path is seen once, so the path alone orders them as [`ProductFile`] does).
fn keep_smallest_files(
    files: &mut BTreeMap<Box<str>, InventoryFacts>,
    path: Box<str>,
    facts: InventoryFacts,
) {
    files.insert(path, facts);
    if files.len() > PRODUCT_FILES_CAP {
        files.pop_last();
    }
}

fn keep_smallest<T: Ord>(set: &mut BTreeSet<T>, item: T, cap: usize) {
    set.insert(item);
    if set.len() > cap {
        set.pop_last();
    }
}

impl UnsafeAcc {
    /// The project's wrapper names found so far (every one, once the walk is done).
    pub fn wrapper_names(&self) -> std::collections::HashSet<&str> {
        self.wrappers.keys().map(String::as_str).collect()
    }

    /// Records one product file of a memory-unsafe language or Rust (`unsafe.product_files`).
    pub fn product_file(&mut self, rel: &str, facts: InventoryFacts) {
        self.product_files_total += 1;
        keep_smallest_files(&mut self.product_files, rel.into(), facts);
    }

    /// Records one vendored file of a memory-unsafe language under its library folder.
    pub fn vendored_file(&mut self, rel: &str, code: u64, findings: u64) {
        let e = self.vendored_libs.entry(vendored_library(rel)).or_default();
        e.0 += 1;
        e.1 += code;
        e.2 += findings;
    }

    /// Merges another thread's accumulator.
    pub fn merge(&mut self, o: UnsafeAcc) {
        for (k, (f, c, n)) in o.vendored_libs {
            let e = self.vendored_libs.entry(k).or_default();
            e.0 += f;
            e.1 += c;
            e.2 += n;
        }
        for (l, c) in o.own {
            self.own.entry(l).or_default().merge(c);
        }
        for (l, c) in o.vendored {
            self.vendored.entry(l).or_default().merge(c);
        }
        self.hotspots.merge(o.hotspots);
        self.product_files_total += o.product_files_total;
        for (path, facts) in o.product_files {
            keep_smallest_files(&mut self.product_files, path, facts);
        }
        for loc in o.locations {
            keep_smallest(&mut self.locations, loc, LOCATIONS_TOTAL);
        }
        self.crate_roots += o.crate_roots;
        self.forbid += o.forbid;
        self.deny += o.deny;
        self.blocks += o.blocks;
        self.commented += o.commented;
        for r in o.roots_without_lint {
            keep_smallest(&mut self.roots_without_lint, r, 5);
        }
        for (k, n) in o.calls {
            add_call(&mut self.calls, &k, n);
        }
        for (k, v) in o.wrappers {
            crate::aggregate::keep_min(&mut self.wrappers, k, v);
        }
        for (k, (n, ex)) in o.ffi {
            let e = self.ffi.entry(k).or_default();
            e.0 += n;
            for x in ex {
                keep_smallest(&mut e.1, x, 5);
            }
        }
    }

    fn ffi_hit(&mut self, mechanism: &str, direction: &str, rel: &str) {
        let e = self
            .ffi
            .entry((mechanism.to_string(), direction.to_string()))
            .or_default();
        e.0 += 1;
        keep_smallest(&mut e.1, rel.to_string(), 5);
    }
}

/// Notes FFI markers that live in files of any language (binding.gyp, build.rs, Cargo.toml).
pub fn observe(input: &FileInput<'_>, acc: &mut UnsafeAcc) {
    if input.class.vendored {
        return;
    }
    let name = input.rel.rsplit('/').next().unwrap_or(input.rel);
    let has = |n: &str| memchr::memmem::find(input.bytes, n.as_bytes()).is_some();
    match name {
        "binding.gyp" => acc.ffi_hit("node_addon", "safe_to_manual", input.rel),
        "build.rs" if has("cc::Build") || has("bindgen::") || has("cmake::") => {
            acc.ffi_hit("rust_build_c", "safe_to_manual", input.rel);
        }
        "Cargo.toml" => {
            let sys = input
                .bytes
                .split(|b| *b == b'\n')
                .filter(|l| {
                    let t = l.trim_ascii_start();
                    let key_end = t.iter().position(|b| *b == b'=' || *b == b' ').unwrap_or(0);
                    t[..key_end].ends_with(b"-sys")
                })
                .count();
            for _ in 0..sys {
                acc.ffi_hit("rust_sys_crate", "safe_to_manual", input.rel);
            }
        }
        _ => {}
    }
}

/// Distinct called names kept per product C/C++ file for where-to-start ([`analyze`]).
pub const FILE_CALLS_KEPT: usize = 1024;
/// Code lines from which a file is a start candidate without risky calls of its own (the
/// floor of `signals::start_candidate`).
pub const START_CANDIDATE_LINES: u64 = 1000;

/// The names a product C/C++ file calls, with their call sites: which of them are the
/// project's wrappers is known only when every file is read.
pub type FileCalls = Vec<(Box<str>, u64)>;

/// Analyzes one counted file; `code_lines` is tokei's own code count of the file. Returns the
/// file's non-test findings in own (not vendored) code; `calls` receives a product C/C++
/// file's called names ([`FileCalls`]; left empty otherwise). `premasked` is a mask of the
/// whole file another analyzer already made (signals), used instead of lexing it again.
pub fn analyze(
    input: &FileInput<'_>,
    code_lines: u64,
    acc: &mut UnsafeAcc,
    calls: &mut FileCalls,
    premasked: Option<(Family, &mask::Masked)>,
) -> u64 {
    let Some(language) = input.language else {
        return 0;
    };
    let name = input.rel.rsplit('/').next().unwrap_or(input.rel);
    let is_root = language == LanguageType::Rust
        && matches!(name, "lib.rs" | "main.rs")
        && !input.class.vendored
        && !input.class.test;
    let Some(fam) = family(language) else {
        return 0;
    };
    let product_c = fam == Family::C && input.class.product();
    if !product_c && !candidate(fam, input.bytes) {
        if is_root {
            acc.crate_roots += 1;
            keep_smallest(&mut acc.roots_without_lint, input.rel.to_string(), 5);
        }
        return 0;
    }
    // One masking buffer per thread (in the accumulator), reused across files.
    let mut own = std::mem::take(&mut acc.scratch);
    let whole = premasked
        .filter(|(f, m)| *f == fam && m.code.len() == input.bytes.len())
        .map(|(_, m)| m);
    // Whether `own` holds this file's mask (else `whole` does).
    let mut fresh = false;
    let full = |own: &mut mask::Masked, fresh: &mut bool| {
        if whole.is_none() {
            mask::mask_into(fam, input.bytes, own);
            *fresh = true;
        }
    };
    if product_c {
        // Product C/C++ is masked whole: wrappers are found in any function, and their call
        // sites anywhere.
        full(&mut own, &mut fresh);
        let masked = if fresh { &own } else { whole.unwrap_or(&own) };
        for (name, kind) in wrappers::definitions(&masked.code) {
            let v = (kind, language.name().to_string(), input.rel.to_string());
            crate::aggregate::keep_min(&mut acc.wrappers, name, v);
        }
    } else if fam == Family::C {
        // Lex only up to the last call-looking occurrence of a catalogued function; with none
        // (and no Python/JNI header) there is nothing to find.
        let ffi_header = memchr::memmem::find(input.bytes, b"Python.h").is_some()
            || memchr::memmem::find(input.bytes, b"jni.h").is_some();
        match detect::c_last_candidate(input.bytes) {
            Some(limit) if !ffi_header => {
                mask::mask_prefix_into(fam, input.bytes, limit, &mut own);
                fresh = true;
            }
            None if !ffi_header => {
                acc.scratch = own;
                return 0;
            }
            _ => full(&mut own, &mut fresh),
        }
    } else {
        full(&mut own, &mut fresh);
    }
    let masked = if fresh { &own } else { whole.unwrap_or(&own) };
    let report = detect::detect(fam, masked, input.bytes);
    if product_c {
        // In a fixed order (most call sites first, then by name), so which names a cap keeps
        // never depends on the hash map's seed.
        let mut these: Vec<(&str, u64)> = wrappers::calls_in(&masked.code).into_iter().collect();
        these.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        for &(name, n) in &these {
            add_call(&mut acc.calls, name, n);
        }
        // Kept only where the file can be a start candidate (signals::start_candidate).
        let risky = report.findings.iter().any(|f| !f.test);
        if code_lines >= START_CANDIDATE_LINES || risky {
            calls.extend(
                these
                    .iter()
                    .take(FILE_CALLS_KEPT)
                    .map(|&(name, n)| (Box::from(name), n)),
            );
        }
    }
    acc.scratch = own;
    record(input, language, code_lines, is_root, &report, acc);
    if input.class.vendored
        && crate::data::memory_models::memory_model(language.name())
            == crate::report::model::MemoryModel::Manual
    {
        let n = report.findings.iter().filter(|f| !f.test).count() as u64;
        acc.vendored_file(input.rel, code_lines, n);
    }
    if input.class.vendored || input.class.test {
        0
    } else {
        report.findings.iter().filter(|f| !f.test).count() as u64
    }
}

fn record(
    input: &FileInput<'_>,
    language: LanguageType,
    code_lines: u64,
    is_root: bool,
    r: &FileReport,
    acc: &mut UnsafeAcc,
) {
    if is_root {
        acc.crate_roots += 1;
        acc.forbid += u64::from(r.forbid_unsafe);
        acc.deny += u64::from(r.deny_unsafe && !r.forbid_unsafe);
        if !r.forbid_unsafe && !r.deny_unsafe {
            keep_smallest(&mut acc.roots_without_lint, input.rel.to_string(), 5);
        }
    }
    if r.findings.is_empty() && r.ffi.is_empty() {
        return;
    }
    let lang = language.name();
    let vendored = input.class.vendored;
    let by_language = if vendored {
        &mut acc.vendored
    } else {
        &mut acc.own
    };
    // Keys are allocated once per language and kind, not once per file and finding.
    if !by_language.contains_key(lang) {
        by_language.insert(lang.to_string(), LangCounts::default());
    }
    let Some(counts) = by_language.get_mut(lang) else {
        return;
    };
    let mut file_findings = 0u64;
    for f in &r.findings {
        let test = f.test || input.class.test;
        if test {
            counts.test_findings += 1;
            crate::aggregate::add_to(&mut counts.test_by_kind, f.kind, 1);
        } else {
            counts.findings += 1;
            crate::aggregate::add_to(&mut counts.by_kind, f.kind, 1);
            file_findings += 1;
        }
    }
    if vendored {
        return;
    }
    if language == LanguageType::Rust {
        let blocks = r
            .findings
            .iter()
            .filter(|f| f.kind == "block" && !f.test && !input.class.test)
            .count() as u64;
        acc.blocks += blocks;
        acc.commented += r.safety_commented.min(blocks);
    }
    for h in &r.ffi {
        acc.ffi_hit(h.mechanism, h.direction, input.rel);
    }
    if file_findings > 0 {
        acc.hotspots.push(HotKey {
            findings: file_findings,
            path: Reverse(input.rel.to_string()),
            language: lang.to_string(),
            code_lines,
        });
    }
    // Locations are ordered by path first: when the kept set is full of smaller paths, none of
    // this file's would stay, so none is built (nor its context hash computed).
    if acc.locations.len() >= LOCATIONS_TOTAL
        && acc
            .locations
            .last()
            .is_some_and(|l| l.path.as_str() < input.rel)
    {
        return;
    }
    let located = r.findings.iter().filter(|f| !f.test && !input.class.test);
    let mut cursor = crate::report::sarif::LineCursor::default();
    for f in located.take(LOCATIONS_PER_FILE) {
        keep_smallest(
            &mut acc.locations,
            FindingLocation {
                path: input.rel.to_string(),
                line: f.line as u64,
                language: lang.to_string(),
                kind: f.kind.to_string(),
                level: sarif_level(f.level).to_string(),
                cwe: f.cwe.map(|c| format!("CWE-{c}")),
                context_hash: cursor.context_hash(input.bytes, f.line, f.kind),
            },
            LOCATIONS_TOTAL,
        );
    }
}

fn per_kloc(findings: u64, code: u64) -> f64 {
    if code == 0 {
        0.0
    } else {
        (findings as f64 * 1000.0 / code as f64 * 100.0).round() / 100.0
    }
}

fn languages(
    m: BTreeMap<String, LangCounts>,
    own_code: &BTreeMap<String, u64>,
) -> Vec<UnsafeLanguage> {
    let mut v: Vec<UnsafeLanguage> = m
        .into_iter()
        .map(|(language, c)| UnsafeLanguage {
            per_kloc: per_kloc(c.findings, own_code.get(&language).copied().unwrap_or(0)),
            language,
            findings: c.findings,
            test_findings: c.test_findings,
            by_kind: c.by_kind,
            test_by_kind: c.test_by_kind,
        })
        .collect();
    v.sort_by(|a, b| {
        (b.findings + b.test_findings)
            .cmp(&(a.findings + a.test_findings))
            .then_with(|| a.language.cmp(&b.language))
    });
    v
}

/// Builds the report section. `own_code` maps tokei language names to own code lines.
pub fn finish(mut acc: UnsafeAcc, own_code: &BTreeMap<String, u64>) -> UnsafeSection {
    let mut wrapper_rows = Vec::new();
    for (name, (kind, lang, defined_in)) in std::mem::take(&mut acc.wrappers) {
        let n = acc.calls.get(name.as_str()).copied().unwrap_or(0);
        if n == 0 {
            continue;
        }
        let c = acc.own.entry(lang.clone()).or_default();
        c.findings += n;
        *c.by_kind.entry(format!("{name} -> {kind}")).or_default() += n;
        wrapper_rows.push(WrapperRow {
            name,
            wraps: kind.to_string(),
            language: lang,
            defined_in,
            call_sites: n,
        });
    }
    wrapper_rows.sort_by(|a, b| {
        b.call_sites
            .cmp(&a.call_sites)
            .then_with(|| a.name.cmp(&b.name))
    });
    wrapper_rows.truncate(WRAPPERS_SHOWN);
    let posture = (acc.crate_roots > 0 || acc.blocks > 0).then(|| RustPosture {
        crate_roots: acc.crate_roots,
        forbid_unsafe: acc.forbid,
        deny_unsafe: acc.deny,
        unsafe_blocks: acc.blocks,
        safety_commented: acc.commented,
        safety_coverage: (acc.blocks > 0)
            .then(|| (acc.commented as f64 / acc.blocks as f64 * 10_000.0).round() / 10_000.0),
        roots_without_lint: acc.roots_without_lint.into_iter().collect(),
    });
    let mut ffi: Vec<FfiBoundary> = acc
        .ffi
        .into_iter()
        .map(|((mechanism, direction), (count, ex))| FfiBoundary {
            mechanism,
            direction,
            count,
            examples: ex.into_iter().collect(),
        })
        .collect();
    ffi.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.mechanism.cmp(&b.mechanism))
    });
    UnsafeSection {
        languages: languages(acc.own, own_code),
        hotspots: acc
            .hotspots
            .into_sorted_desc()
            .into_iter()
            .map(|h| Hotspot {
                per_kloc: per_kloc(h.findings, h.code_lines),
                path: h.path.0,
                language: h.language,
                findings: h.findings,
            })
            .collect(),
        vendored: languages(acc.vendored, &BTreeMap::new()),
        rust_posture: posture,
        ffi,
        locations: acc.locations.into_iter().collect(),
        product_files: acc
            .product_files
            .into_iter()
            .map(|(path, f)| ProductFile {
                path: path.into(),
                language: f.language.name().to_string(),
                code: f.code,
                findings: f.findings,
                parser: f.parser,
                network: f.network,
            })
            .collect(),
        vendored_libraries: acc
            .vendored_libs
            .into_iter()
            .take(VENDORED_LIBRARIES_CAP)
            .map(|(path, (files, code, findings))| VendoredLibrary {
                path,
                files,
                code,
                findings,
            })
            .collect(),
        product_files_total: acc.product_files_total,
        locations_cap_per_file: LOCATIONS_PER_FILE as u64,
        locations_total_cap: LOCATIONS_TOTAL as u64,
        wrappers: wrapper_rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_called_name_table_stops_growing_at_its_cap() {
        let mut calls = std::collections::HashMap::new();
        for i in 0..wrappers::MAX_CALLED_NAMES {
            add_call(&mut calls, &format!("f{i}"), 1);
        }
        add_call(&mut calls, "new_name", 5);
        add_call(&mut calls, "f0", 2);
        assert_eq!(calls.len(), wrappers::MAX_CALLED_NAMES);
        assert!(!calls.contains_key("new_name"));
        assert_eq!(calls.get("f0"), Some(&3));
    }

    #[test]
    fn only_c_family_code_has_its_risky_calls_counted() {
        use tokei::LanguageType as L;
        assert!(counts_risky_calls(L::C) && counts_risky_calls(L::CppHeader));
        assert!(!counts_risky_calls(L::Rust) && !counts_risky_calls(L::Assembly));
        assert!(!counts_risky_calls(L::Cython));
    }
}

#[cfg(test)]
mod proptests {
    use super::detect::detect;
    use super::mask::{Family, mask};
    use proptest::prelude::*;

    const FAMILIES: [Family; 7] = [
        Family::Rust,
        Family::C,
        Family::Go,
        Family::Java,
        Family::CSharp,
        Family::Js,
        Family::Python,
    ];

    const RUST_SRC: &str = "// SAFETY: x\nunsafe fn f<'a>(p: &'a u8) -> u8 { unsafe { *p } }\n/* /* n */ */ let s = r#\"unsafe {\"#; let c = '\\'';\n#[cfg(test)] mod t { fn g() { unsafe {} } }\nextern \"C\" { fn h(); }\n";
    const C_SRC: &str = "#include <string.h>\n/* strcpy( */ void f(char *d) { strcpy(d, \"free(\"); p->free(d); std::memcpy(d, d, 1); char c = '\\''; auto r = R\"x(gets()x\"; }\n";

    fn kinds(f: Family, src: &[u8]) -> Vec<(usize, &'static str)> {
        detect(f, &mask(f, src), src)
            .findings
            .iter()
            .map(|x| (x.line, x.kind))
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            for f in FAMILIES {
                let m = mask(f, &bytes);
                prop_assert_eq!(m.code.len(), bytes.len());
                let _ = detect(f, &m, &bytes);
            }
        }

        #[test]
        fn truncations_of_real_sources_never_panic(cut in 0usize..400) {
            for (f, src) in [(Family::Rust, RUST_SRC), (Family::C, C_SRC)] {
                let b = &src.as_bytes()[..cut.min(src.len())];
                let _ = detect(f, &mask(f, b), b);
            }
        }

        #[test]
        fn invalid_utf8_in_a_comment_changes_nothing(byte in 0x80u8..=0xFF) {
            for (f, src, at) in [(Family::Rust, RUST_SRC, "// SAFETY"), (Family::C, C_SRC, "/* strcpy")] {
                let pos = src.find(at).unwrap_or(0) + 3;
                let mut b = src.as_bytes().to_vec();
                b.insert(pos, byte);
                prop_assert_eq!(kinds(f, src.as_bytes()), kinds(f, &b));
            }
        }
    }
}
