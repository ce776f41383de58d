//! SARIF 2.1.0 for code scanning. One rule per finding kind (namespaced by language family:
//! `c/strcpy`, `rust/block`) with a short and full description, help in text and Markdown (why
//! it is risky, the CWE, the Rust alternative), a help URI, `security-severity` and tags; one
//! result per unsafe finding location kept in the report, with `partialFingerprints` from the
//! finding's context hash (never its line number), URIs relative to the git work tree when the
//! scanned root is inside one, and an `automationDetails.id` per scanned path. By default only
//! `error` and `warning` results are written (what a reviewer can act on); `note` results
//! (plain `malloc`/`free`, bounded copies) are opt-in. When the report's caps or the level
//! filter left findings out, `invocations[0].toolExecutionNotifications` says so.
//!
//! GitHub's documented upload limits ("SARIF results exceed one or more limits",
//! <https://docs.github.com/en/code-security/code-scanning/troubleshooting-sarif-uploads/results-exceed-limit>,
//! looked up 2026-12): runs per file 20; results per run 25,000 (only the top 5,000 by severity
//! are shown); rules per run 25,000; locations per result 1,000 (100 shown); tags per rule 20
//! (10 shown). The constants below keep every document inside them.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use serde_json::{Value, json};

use super::model::{FindingLocation, Report};

/// GitHub: at most 20 runs per SARIF file; more projects are merged into one run.
pub const GITHUB_MAX_RUNS: usize = 20;
/// GitHub: only the top 5,000 results of a run are shown (25,000 are accepted).
pub const GITHUB_SHOWN_RESULTS: usize = 5_000;
/// GitHub: a run is rejected above 25,000 results.
pub const GITHUB_MAX_RESULTS: usize = 25_000;
/// GitHub: at most 10 tags per rule are shown (20 accepted).
pub const GITHUB_SHOWN_TAGS: usize = 10;

/// What to include.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SarifOptions {
    /// Also write `note`-level results.
    pub notes: bool,
}

/// A 64-bit FNV-1a hash of the finding's kind and its line with the line above and below, each
/// trimmed and with inner whitespace collapsed, as 16 hex digits. Pure: the walk calls it with
/// the bytes it already read. `line` is 1-based.
pub fn context_hash(bytes: &[u8], line: usize, kind: &str) -> String {
    LineCursor::default().context_hash(bytes, line, kind)
}

/// Where the previous [`LineCursor::context_hash`] started reading, so the hashes of one file's
/// findings, asked in line order, read the file once instead of once per finding.
#[derive(Debug, Clone, Copy, Default)]
pub struct LineCursor {
    /// Byte offset of the start of line `index` (0-based).
    offset: usize,
    index: usize,
}

impl LineCursor {
    /// [`context_hash`], resuming from the previous call's position when `line` is not above
    /// it (and from the file's start otherwise).
    pub fn context_hash(&mut self, bytes: &[u8], line: usize, kind: &str) -> String {
        let first = line.saturating_sub(2); // 0-based index of the line above
        if first < self.index || self.offset > bytes.len() {
            *self = LineCursor::default();
        }
        while self.index < first {
            match memchr::memchr(b'\n', &bytes[self.offset..]) {
                Some(e) => {
                    self.offset += e + 1;
                    self.index += 1;
                }
                None => break,
            }
        }
        hash_from(bytes, self.offset, self.index, line, kind)
    }
}

/// The hash of [`context_hash`], reading from `start`, the offset of 0-based line `index`.
fn hash_from(bytes: &[u8], start: usize, index: usize, line: usize, kind: &str) -> String {
    let first = line.saturating_sub(2); // 0-based index of the line above
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    kind.bytes().for_each(&mut eat);
    eat(0);
    let mut start = start;
    let mut index = index;
    let mut taken = 0;
    let want = if line <= 1 { 2 } else { 3 };
    while taken < want && start <= bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |e| start + e);
        if index >= first {
            let mut pending_space = false;
            let mut any = false;
            for &b in bytes[start..end].trim_ascii() {
                if b.is_ascii_whitespace() {
                    pending_space = true;
                    continue;
                }
                if pending_space && any {
                    eat(b' ');
                }
                pending_space = false;
                any = true;
                eat(b);
            }
            eat(b'\n');
            taken += 1;
        }
        if end >= bytes.len() {
            break;
        }
        start = end + 1;
        index += 1;
    }
    format!("{h:016x}")
}

/// Help for one kind of finding.
struct RuleText {
    /// One line: what the construct is.
    short: &'static str,
    /// Why it is risky.
    why: &'static str,
    /// What to write in Rust instead.
    rust: &'static str,
    /// CWE when the finding carries none.
    cwe: Option<&'static str>,
}

const fn t(
    short: &'static str,
    why: &'static str,
    rust: &'static str,
    cwe: Option<&'static str>,
) -> RuleText {
    RuleText {
        short,
        why,
        rust,
        cwe,
    }
}

fn family(language: &str) -> &'static str {
    match language {
        "C" | "C Header" | "C++" | "C++ Header" | "Objective-C" | "Objective-C++" | "CUDA" => "c",
        "Rust" => "rust",
        "Go" => "go",
        "Python" | "Cython" => "python",
        "Java" | "Kotlin" | "Scala" => "java",
        "C#" => "csharp",
        _ => "other",
    }
}

fn text(family: &str, kind: &str) -> RuleText {
    match (family, kind) {
        ("c", "gets") => t(
            "gets reads a line with no bound",
            "gets() cannot know the buffer's size: any line longer than the buffer overflows it. It was removed from C11.",
            "`std::io::BufRead::read_line` into a `String`, which grows as needed.",
            None,
        ),
        ("c", "strcpy" | "wcscpy" | "lstrcpy") => t(
            "unbounded string copy",
            "The copy runs until the source's NUL with no bound on the destination: a longer source overflows the buffer.",
            "`String`/`&str` (`src.to_owned()`, `dst.push_str(src)`), or `copy_from_slice` on slices whose lengths are checked.",
            None,
        ),
        ("c", "strcat" | "wcscat" | "lstrcat") => t(
            "unbounded string append",
            "The append has no bound on the destination's remaining space: a long source overflows the buffer.",
            "`String::push_str` or `format!`, which reallocate instead of overflowing.",
            None,
        ),
        ("c", "strncpy" | "strncat") => t(
            "bounded string copy with C's pitfalls",
            "The bound is easy to get wrong (strncpy does not NUL-terminate on truncation; strncat's bound is the space left, not the buffer size), leading to reads past the end.",
            "`String`/`&str` and slices, whose lengths travel with the data.",
            None,
        ),
        ("c", "sprintf" | "vsprintf" | "swprintf") => t(
            "unbounded formatted write",
            "The formatted output has no bound on the destination: a long argument overflows the buffer.",
            "`format!` or `write!` into a `String`.",
            None,
        ),
        ("c", "scanf" | "fscanf" | "sscanf" | "vscanf" | "vfscanf" | "vsscanf") => t(
            "scanf-family input parsing",
            "`%s` and `%[` conversions without a width write past the destination; unchecked return values leave variables unset.",
            "`str::parse`, `split_whitespace`, or a parser crate such as nom; every failure is a `Result`.",
            None,
        ),
        ("c", "memcpy" | "memmove") => t(
            "raw memory copy",
            "The length is not checked against either buffer: a wrong size reads or writes out of bounds.",
            "`slice::copy_from_slice` / `copy_within`, which check lengths (and panic instead of corrupting memory).",
            None,
        ),
        ("c", "memset") => t(
            "raw memory fill",
            "The length is not checked against the buffer; clearing secrets this way can be optimised away.",
            "`slice.fill(0)`, and the `zeroize` crate for secrets.",
            None,
        ),
        ("c", "malloc" | "calloc" | "realloc") => t(
            "manual heap allocation",
            "Size arithmetic can overflow, failures must be checked by hand, and who frees the memory is a convention the compiler does not check.",
            "`Vec`, `Box` and `String`: allocation failure and size overflow are handled, and ownership frees the memory exactly once.",
            None,
        ),
        ("c", "free") => t(
            "manual deallocation",
            "Freeing by hand allows double frees and uses after free (CWE-415, CWE-416).",
            "Ownership and `Drop`: the compiler frees each value once and rejects uses after the move.",
            None,
        ),
        ("c", "alloca") => t(
            "stack allocation of a runtime size",
            "alloca cannot report failure: a large or attacker-chosen size overruns the stack.",
            "`Vec` (or `smallvec` for small sizes on the stack).",
            None,
        ),
        ("c", "system" | "popen" | "execl" | "execlp" | "execvp") => t(
            "command execution",
            "A command line built from input can run other commands (shell metacharacters, PATH lookup).",
            "`std::process::Command` with each argument passed separately and no shell.",
            None,
        ),
        ("c", "realpath" | "getpw" | "strtrns") => t(
            "writes into a caller buffer of unchecked size",
            "The function writes a result whose length the caller cannot bound into a fixed buffer.",
            "`std::fs::canonicalize` and owned `String`/`PathBuf` results.",
            None,
        ),
        ("rust", "block") => t(
            "unsafe block",
            "An `unsafe` block turns off the compiler's memory-safety checks for its body: the invariants it relies on are checked by people, not by the compiler.",
            "A safe API from std or a vetted crate; when the block stays, a `// SAFETY:` comment naming the invariant, `#![deny(unsafe_op_in_unsafe_fn)]`, and tests under Miri.",
            Some("CWE-119"),
        ),
        ("rust", "function") => t(
            "unsafe function",
            "An `unsafe fn` moves a safety contract to every caller; one caller that breaks it is undefined behaviour.",
            "A safe wrapper that checks the precondition and keeps the `unsafe` inside one module.",
            Some("CWE-119"),
        ),
        ("rust", "impl") => t(
            "unsafe impl",
            "An `unsafe impl` (often `Send`/`Sync`) asserts a property the compiler cannot check; a wrong one allows data races.",
            "Types whose auto traits follow from their fields (`Arc`, `Mutex`), so no `unsafe impl` is needed.",
            Some("CWE-362"),
        ),
        ("rust", "trait") => t(
            "unsafe trait",
            "An `unsafe trait` asks every implementor to uphold invariants that unsafe code relies on.",
            "A safe trait with the invariant checked at run time, or sealed so only this crate implements it.",
            Some("CWE-119"),
        ),
        ("rust", "extern_block") => t(
            "foreign function declarations",
            "Every call into foreign code trusts its memory behaviour and the declared signature, which the compiler cannot verify.",
            "Bindings generated by bindgen behind a safe wrapper, or a pure-Rust crate that replaces the library.",
            Some("CWE-119"),
        ),
        ("go", "unsafe_import") => t(
            "import of package unsafe",
            "Package unsafe steps around Go's type and memory safety.",
            "Safe Go, or a Rust component behind a narrow FFI boundary where raw memory is unavoidable.",
            Some("CWE-119"),
        ),
        ("go", "cgo_import") => t(
            "cgo",
            "cgo links C code into the binary, and C's memory bugs come with it.",
            "A pure-Go or Rust implementation of the C dependency.",
            Some("CWE-119"),
        ),
        ("go", "unsafe_pointer") => t(
            "unsafe.Pointer",
            "Conversions and arithmetic on unsafe.Pointer bypass the type system and the garbage collector's guarantees.",
            "Typed slices and `encoding/binary`; in Rust, `bytemuck`/`zerocopy` for checked casts.",
            Some("CWE-119"),
        ),
        ("python", _) => t(
            "native code through ctypes or cffi",
            "Calls into native code have no memory safety; a wrong signature or lifetime corrupts the interpreter's memory.",
            "A PyO3/maturin extension, whose types are checked at the boundary.",
            Some("CWE-119"),
        ),
        ("java", _) => t(
            "sun.misc.Unsafe or native code",
            "Unsafe and JNI code read and write raw memory outside the JVM's checks.",
            "The JDK's safe APIs (VarHandle, the FFM API), or a Rust library behind a checked JNI boundary (the `jni` crate).",
            Some("CWE-119"),
        ),
        ("csharp", _) => t(
            "unsafe code or native interop",
            "`unsafe`, `fixed`, `stackalloc` and P/Invoke work with raw pointers outside the runtime's checks.",
            "`Span<T>`/`Memory<T>` in C#, or a Rust library behind a checked C ABI.",
            Some("CWE-119"),
        ),
        _ => t(
            "memory-unsafe construct",
            "The construct works with memory the language cannot check.",
            "Safe Rust types (`Vec`, slices, `String`) that carry their length and owner.",
            Some("CWE-119"),
        ),
    }
}

fn security_severity(level: &str) -> &'static str {
    // GitHub maps > 9.0 to critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low.
    match level {
        "error" => "8.0",
        "warning" => "5.0",
        _ => "2.0",
    }
}

fn cwe_uri(cwe: &str) -> Option<String> {
    let n = cwe.strip_prefix("CWE-")?;
    n.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| format!("https://cwe.mitre.org/data/definitions/{n}.html"))
}

fn rule(id: &str, family: &str, kind: &str, level: &str, cwe: Option<&str>) -> Value {
    let tx = text(family, kind);
    let cwe = cwe.or(tx.cwe);
    let cwe_line = cwe.map_or(String::new(), |c| format!(" ({c})"));
    let full = format!("{}{cwe_line}: {}", tx.short, tx.why);
    let help_text = format!(
        "Why it is risky: {}\nWeakness: {}\nIn Rust: {}",
        tx.why,
        cwe.unwrap_or("not catalogued"),
        tx.rust
    );
    let help_md = format!(
        "**Why it is risky.** {}\n\n**Weakness.** {}\n\n**In Rust.** {}\n",
        tx.why,
        cwe.map_or("not catalogued".to_string(), |c| match cwe_uri(c) {
            Some(u) => format!("[{c}]({u})"),
            None => c.to_string(),
        }),
        tx.rust
    );
    let mut tags = vec![json!("security"), json!("memory-safety")];
    if let Some(c) = cwe {
        tags.push(json!(c));
        tags.push(json!(format!("external/cwe/{}", c.to_lowercase())));
    }
    tags.truncate(GITHUB_SHOWN_TAGS);
    json!({
        "id": id,
        "name": format!("{family}/{kind}"),
        "shortDescription": {"text": format!("{}: {kind}", tx.short)},
        "fullDescription": {"text": full},
        "help": {"text": help_text, "markdown": help_md},
        "helpUri": cwe.and_then(cwe_uri).unwrap_or_else(|| "https://github.com/rust-ready/rust-ready/blob/main/docs/criteria.md".to_string()),
        "defaultConfiguration": {"level": level},
        "properties": {
            "security-severity": security_severity(level),
            "tags": tags,
            "precision": "high",
            "problem.severity": match level { "error" => "error", "warning" => "warning", _ => "recommendation" },
        },
    })
}

fn rule_id(l: &FindingLocation) -> String {
    format!("{}/{}", family(&l.language), l.kind)
}

fn uri(r: &Report, path: &str) -> String {
    let full = match r.repository_path.as_deref() {
        Some(p) if !p.is_empty() => format!("{p}/{path}"),
        _ => path.to_string(),
    };
    uri_path(&full)
}

/// A root-relative path as a URI reference: every byte outside RFC 3986's unreserved set and
/// `/` is percent-encoded, so a file named `javascript:alert(1).c` cannot become a scheme.
pub fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The automation id: one category per scanned path (repository-relative when in git).
fn automation_id(r: &Report) -> String {
    let p = match r.repository_path.as_deref() {
        Some("") => ".".to_string(),
        Some(p) => p.to_string(),
        None => r.root.clone(),
    };
    format!("rust-ready/{p}/")
}

/// One run for one report.
pub fn run_value(r: &Report, o: SarifOptions) -> Value {
    let locs = &r.unsafety.locations;
    let kept: Vec<&FindingLocation> = locs
        .iter()
        .filter(|l| o.notes || l.level != "note")
        .take(GITHUB_MAX_RESULTS)
        .collect();
    let mut rules: BTreeMap<String, Value> = BTreeMap::new();
    for l in &kept {
        let id = rule_id(l);
        rules.entry(id).or_insert_with_key(|id| {
            rule(id, family(&l.language), &l.kind, &l.level, l.cwe.as_deref())
        });
    }
    let index: BTreeMap<&String, usize> = rules.keys().enumerate().map(|(i, k)| (k, i)).collect();
    // Identical contexts in one file are told apart by their order (stable under shifts).
    let mut seen: BTreeMap<(&str, &str), u32> = BTreeMap::new();
    let results: Vec<Value> = kept
        .iter()
        .map(|l| {
            let id = rule_id(l);
            let tx = text(family(&l.language), &l.kind);
            let n = seen
                .entry((l.path.as_str(), l.context_hash.as_str()))
                .or_insert(0);
            *n += 1;
            let mut v = json!({
                "ruleId": id,
                "ruleIndex": index.get(&id).copied().unwrap_or(0),
                "level": l.level,
                "message": {"text": format!("{} ({}) in {}: {} In Rust: {}", tx.short, l.kind, l.language, tx.why, tx.rust)},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(r, &l.path), "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": l.line.max(1)}
                    }
                }]
            });
            if !l.context_hash.is_empty() {
                v["partialFingerprints"] =
                    json!({"primaryLocationLineHash": format!("{}:{n}", l.context_hash)});
            }
            v
        })
        .collect();
    let mut notes = Vec::new();
    let total: u64 = r.unsafety.languages.iter().map(|l| l.findings).sum();
    if total > locs.len() as u64 {
        notes.push(json!({
            "level": "warning",
            "descriptor": {"id": "rust-ready/results-capped"},
            "message": {"text": format!(
                "{} of {total} unsafe findings have a location here: the report keeps at most {} per file and {} in total; the report's unsafe.languages counts every finding",
                locs.len(), r.unsafety.locations_cap_per_file, r.unsafety.locations_total_cap
            )},
        }));
    }
    let left_out: BTreeSet<&str> = locs
        .iter()
        .filter(|l| !o.notes && l.level == "note")
        .map(|l| l.kind.as_str())
        .collect();
    let left_count = locs
        .iter()
        .filter(|l| !o.notes && l.level == "note")
        .count();
    if left_count > 0 {
        notes.push(json!({
            "level": "note",
            "descriptor": {"id": "rust-ready/notes-omitted"},
            "message": {"text": format!(
                "{left_count} note-level findings ({}) are not reported; pass --sarif-notes to include them",
                left_out.into_iter().collect::<Vec<_>>().join(", ")
            )},
        }));
    }
    if results.len() > GITHUB_SHOWN_RESULTS {
        notes.push(json!({
            "level": "warning",
            "descriptor": {"id": "rust-ready/github-display-limit"},
            "message": {"text": format!("{} results: GitHub shows only the top {GITHUB_SHOWN_RESULTS} by severity", results.len())},
        }));
    }
    let mut invocation = json!({"executionSuccessful": true});
    if !notes.is_empty() {
        invocation["toolExecutionNotifications"] = json!(notes);
    }
    json!({
        "tool": {"driver": {
            "name": "rust-ready",
            "version": r.tool.version,
            "semanticVersion": r.tool.version,
            "informationUri": "https://github.com/rust-ready/rust-ready",
            "rules": rules.into_values().collect::<Vec<_>>(),
        }},
        "automationDetails": {"id": automation_id(r)},
        "invocations": [invocation],
        "results": results,
        "properties": {
            "locationsCapPerFile": r.unsafety.locations_cap_per_file,
            "locationsTotalCap": r.unsafety.locations_total_cap,
            "score": r.summary.score,
            "verdict": r.summary.verdict.map(|v| v.as_str()),
            "root": r.root,
        }
    })
}

fn document(runs: Vec<Value>) -> Value {
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": runs,
    })
}

/// The SARIF document of one report.
pub fn to_value(r: &Report, o: SarifOptions) -> Value {
    document(vec![run_value(r, o)])
}

/// One run per report; above GitHub's 20 runs per file they are merged into one run (rules
/// deduplicated, results and notifications concatenated).
pub fn to_value_many(reports: &[&Report], o: SarifOptions, id: &str) -> Value {
    let mut runs: Vec<Value> = reports.iter().map(|r| run_value(r, o)).collect();
    // Code scanning takes one run per category (the id up to its last `/`): projects that are
    // each the top of their own repository would all be `rust-ready/./`, so they are named by
    // their root instead.
    let ids: BTreeSet<String> = runs
        .iter()
        .filter_map(|r| r["automationDetails"]["id"].as_str().map(str::to_string))
        .collect();
    if ids.len() < runs.len() {
        for (run, r) in runs.iter_mut().zip(reports) {
            run["automationDetails"]["id"] = json!(format!("rust-ready/{}/", r.root));
        }
    }
    if runs.len() <= GITHUB_MAX_RUNS {
        return document(runs);
    }
    let mut rules: BTreeMap<String, Value> = BTreeMap::new();
    let mut results = Vec::new();
    let mut notes = Vec::new();
    for run in &runs {
        for rule in run["tool"]["driver"]["rules"]
            .as_array()
            .into_iter()
            .flatten()
        {
            if let Some(id) = rule["id"].as_str() {
                rules.entry(id.to_string()).or_insert_with(|| rule.clone());
            }
        }
        results.extend(run["results"].as_array().into_iter().flatten().cloned());
        notes.extend(
            run["invocations"][0]["toolExecutionNotifications"]
                .as_array()
                .into_iter()
                .flatten()
                .cloned(),
        );
    }
    let index: BTreeMap<String, usize> = rules
        .keys()
        .cloned()
        .enumerate()
        .map(|(i, k)| (k, i))
        .collect();
    for res in &mut results {
        let i = res["ruleId"].as_str().and_then(|k| index.get(k)).copied();
        res["ruleIndex"] = json!(i.unwrap_or(0));
    }
    results.truncate(GITHUB_MAX_RESULTS);
    notes.push(json!({
        "level": "note",
        "descriptor": {"id": "rust-ready/runs-merged"},
        "message": {"text": format!("{} projects merged into one run (GitHub accepts at most {GITHUB_MAX_RUNS} runs per file)", runs.len())},
    }));
    document(vec![json!({
        "tool": {"driver": {
            "name": "rust-ready",
            "version": env!("CARGO_PKG_VERSION"),
            "informationUri": "https://github.com/rust-ready/rust-ready",
            "rules": rules.into_values().collect::<Vec<_>>(),
        }},
        "automationDetails": {"id": format!("rust-ready/{id}/")},
        "invocations": [{"executionSuccessful": true, "toolExecutionNotifications": notes}],
        "results": results,
    })])
}

/// Writes SARIF JSON.
pub fn render(r: &Report, o: SarifOptions, out: &mut dyn Write) -> io::Result<()> {
    write_value(&to_value(r, o), out)
}

/// Writes a SARIF value, pretty, with a final newline.
pub fn write_value(v: &Value, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, v).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_hash_ignores_position_and_indentation() {
        let a = b"int x;\nvoid f(char *d) {\n  strcpy(d, s);\n}\n";
        let b = b"// new\nint x;\nvoid f(char *d) {\n\tstrcpy(d,  s);\n}\n";
        assert_eq!(context_hash(a, 3, "strcpy"), context_hash(b, 4, "strcpy"));
        assert_ne!(context_hash(a, 3, "strcpy"), context_hash(a, 3, "strcat"));
        assert_ne!(context_hash(a, 3, "strcpy"), context_hash(a, 2, "strcpy"));
        // First and last lines, and a line past the end, never panic.
        let _ = context_hash(a, 1, "k");
        let _ = context_hash(a, 99, "k");
        let _ = context_hash(b"", 1, "k");
    }

    proptest::proptest! {
        /// A cursor reused across one file's findings, asked in any order, gives each finding
        /// the hash a fresh read from the file's start gives.
        #[test]
        fn cursor_hashes_equal_fresh_hashes(
            text in "[a-c \n\t]{0,80}",
            lines in proptest::collection::vec(0usize..30, 0..12),
        ) {
            let mut cursor = LineCursor::default();
            for line in lines {
                proptest::prop_assert_eq!(
                    cursor.context_hash(text.as_bytes(), line, "k"),
                    context_hash(text.as_bytes(), line, "k")
                );
            }
        }
    }
}
