//! Detectors: scan a masked file (code only) for memory-unsafe constructs of its language and
//! return the findings with line numbers. Pure functions over bytes.

use super::mask::{Family, Masked, is_ident};
use crate::data::risky_calls;

/// One finding in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// 1-based line.
    pub line: usize,
    /// Kind: a Rust kind (block, function, impl, trait, extern_block), a C function name, or a
    /// language-specific construct (unsafe_pointer, cgo_import, native, ctypes, ...).
    pub kind: &'static str,
    /// Risk level 1..=5.
    pub level: u8,
    /// CWE id, when catalogued.
    pub cwe: Option<u16>,
    /// Inside test code (`#[cfg(test)]`, `#[test]` items; a test path is decided by the caller).
    pub test: bool,
}

/// A crossing from memory-safe code into manual-memory code (or back).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FfiHit {
    /// Mechanism name.
    pub mechanism: &'static str,
    /// `safe_to_manual` or `manual_to_safe`.
    pub direction: &'static str,
}

const SAFE_TO_MANUAL: &str = "safe_to_manual";
const MANUAL_TO_SAFE: &str = "manual_to_safe";

/// Everything one file yields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileReport {
    /// Findings in file order.
    pub findings: Vec<Finding>,
    /// FFI crossings.
    pub ffi: Vec<FfiHit>,
    /// Rust: `#![forbid(unsafe_code)]` seen.
    pub forbid_unsafe: bool,
    /// Rust: `#![deny(unsafe_code)]` seen.
    pub deny_unsafe: bool,
    /// Rust: non-test unsafe blocks with a SAFETY comment.
    pub safety_commented: u64,
}

/// Runs the detector of `family` on a masked file; `raw` is the unmasked source (same length).
pub fn detect(family: Family, m: &Masked, raw: &[u8]) -> FileReport {
    match family {
        Family::Rust => rust(m),
        Family::C => c(m, raw),
        Family::Go => go(m, raw),
        Family::Java => keywords(
            m,
            &[("native", "native", 3)],
            Some(("jni", "native")),
            b"misc.Unsafe",
        ),
        Family::CSharp => keywords(
            m,
            &[
                ("unsafe", "unsafe", 3),
                ("fixed", "fixed", 2),
                ("stackalloc", "stackalloc", 2),
                ("DllImport", "dllimport", 3),
                ("LibraryImport", "libraryimport", 3),
            ],
            Some(("pinvoke", "DllImport")),
            b"",
        ),
        Family::Python => python(m),
        Family::Js => FileReport::default(),
    }
}

/// Identifier tokens of a masked buffer: (start, end, line).
struct Idents<'a> {
    code: &'a [u8],
    i: usize,
    line: usize,
}

impl Iterator for Idents<'_> {
    type Item = (usize, usize, usize);
    fn next(&mut self) -> Option<Self::Item> {
        while self.i < self.code.len() {
            let b = self.code[self.i];
            if b == b'\n' {
                self.line += 1;
                self.i += 1;
            } else if is_ident(b) && !b.is_ascii_digit() {
                let s = self.i;
                while self.i < self.code.len() && is_ident(self.code[self.i]) {
                    self.i += 1;
                }
                return Some((s, self.i, self.line));
            } else if b.is_ascii_digit() {
                while self.i < self.code.len() && is_ident(self.code[self.i]) {
                    self.i += 1;
                }
            } else {
                self.i += 1;
            }
        }
        None
    }
}

fn idents(code: &[u8]) -> Idents<'_> {
    Idents {
        code,
        i: 0,
        line: 1,
    }
}

/// The next non-whitespace byte at or after `i`, with its position.
fn next_non_ws(code: &[u8], mut i: usize) -> Option<(usize, u8)> {
    while let Some(&b) = code.get(i) {
        if !b.is_ascii_whitespace() {
            return Some((i, b));
        }
        i += 1;
    }
    None
}

/// The identifier starting at the next non-whitespace byte after `i`.
fn next_word(code: &[u8], i: usize) -> Option<(usize, &[u8])> {
    let (s, b) = next_non_ws(code, i)?;
    if !is_ident(b) {
        return None;
    }
    let mut e = s;
    while e < code.len() && is_ident(code[e]) {
        e += 1;
    }
    Some((e, &code[s..e]))
}

fn finding(line: usize, kind: &'static str, level: u8, test: bool) -> Finding {
    Finding {
        line,
        kind,
        level,
        cwe: None,
        test,
    }
}

// ---------------------------------------------------------------------------------------------
// Rust

/// Attribute content (between `#[`/`#![` and the matching `]`) and the index after it.
fn attribute(code: &[u8], open: usize) -> (usize, &[u8]) {
    let mut depth = 0usize;
    let mut k = open;
    while k < code.len() {
        match code[k] {
            b'[' => depth += 1,
            b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return (k + 1, &code[open + 1..k]);
                }
            }
            _ => {}
        }
        k += 1;
    }
    (code.len(), code.get(open + 1..).unwrap_or(&[]))
}

fn words_of(s: &[u8]) -> Vec<&[u8]> {
    s.split(|b| !is_ident(*b))
        .filter(|w| !w.is_empty())
        .collect()
}

/// `#[test]`, `#[bench]`, `#[tokio::test]`, `#[cfg(test)]`, `#[cfg(all(test, ..))]`; not
/// `cfg(not(test))` nor `cfg_attr(test, ..)`.
fn is_test_attr(content: &[u8]) -> bool {
    // Most attributes (derive, inline, doc, cfg of a feature) name neither word: no split.
    // An attribute is a few dozen bytes: a plain comparison, no searcher built per call.
    let has = |n: &[u8]| content.windows(n.len()).any(|w| w == n);
    if !has(b"test") && !has(b"bench") {
        return false;
    }
    let w = words_of(content);
    if w.first() == Some(&&b"cfg_attr"[..]) {
        return false;
    }
    w.iter().any(|x| *x == b"test" || *x == b"bench") && !w.iter().any(|x| *x == b"not")
}

/// Incremental line numbers for increasing byte positions.
struct Lines<'a> {
    code: &'a [u8],
    pos: usize,
    line: usize,
}

impl Lines<'_> {
    fn at(&mut self, p: usize) -> usize {
        let p = p.min(self.code.len());
        if p > self.pos {
            self.line += memchr::memchr_iter(b'\n', &self.code[self.pos..p]).count();
            self.pos = p;
        }
        self.line
    }
}

/// Occurrences of `word` at identifier boundaries.
fn word_positions<'a>(code: &'a [u8], word: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
    memchr::memmem::find_iter(code, word).filter(move |&p| {
        (p == 0 || !is_ident(code[p - 1])) && code.get(p + word.len()).is_none_or(|b| !is_ident(*b))
    })
}

/// The byte range of the item an outer test attribute ending at `from` applies to: from the
/// item's `{` to its matching `}`. None when a `;` or `,` (a field, a `use`, an out-of-line
/// module) or the end of the enclosing block comes first.
fn item_region(code: &[u8], from: usize) -> Option<(usize, usize)> {
    let mut k = from;
    while k < code.len() {
        match code[k] {
            b'{' => {
                let mut depth = 0usize;
                for (j, b) in code.iter().enumerate().skip(k) {
                    match b {
                        b'{' => depth += 1,
                        b'}' => {
                            depth -= 1;
                            if depth == 0 {
                                return Some((k, j + 1));
                            }
                        }
                        _ => {}
                    }
                }
                return Some((k, code.len()));
            }
            b';' | b',' | b'}' => return None,
            _ => k += 1,
        }
    }
    None
}

/// Rust: finds `unsafe`/`extern` occurrences in the mask and classifies each by what follows;
/// test code is the regions of items under test attributes (`#[test]`, `#[cfg(test)]`, ...)
/// and whole files under `#![cfg(test)]`; crate-level `#![forbid/deny(unsafe_code)]` is
/// posture. Only attributes and the found words are visited, never every byte.
fn rust(m: &Masked) -> FileReport {
    let code = &m.code[..];
    let mut r = FileReport::default();
    let first_brace = memchr::memchr(b'{', code).unwrap_or(code.len());
    let mut file_test = false;
    let mut regions: Vec<(usize, usize)> = Vec::new();
    for p in memchr::memchr_iter(b'#', code) {
        let inner = code.get(p + 1) == Some(&b'!');
        let Some((o, b'[')) = next_non_ws(code, p + 1 + usize::from(inner)) else {
            continue;
        };
        let (end, content) = attribute(code, o);
        if inner {
            let w = words_of(content);
            if w.first() == Some(&&b"forbid"[..]) && w.contains(&&b"unsafe_code"[..]) {
                r.forbid_unsafe = true;
            }
            if w.first() == Some(&&b"deny"[..]) && w.contains(&&b"unsafe_code"[..]) {
                r.deny_unsafe = true;
            }
            if p < first_brace && w.first() == Some(&&b"cfg"[..]) && is_test_attr(content) {
                file_test = true;
            }
        } else if is_test_attr(content)
            && let Some(region) = item_region(code, end)
        {
            regions.push(region);
        }
    }
    let in_test = |p: usize| file_test || regions.iter().any(|(s, e)| *s <= p && p < *e);
    let mut hits: Vec<(usize, bool)> = word_positions(code, b"unsafe").map(|p| (p, true)).collect();
    hits.extend(word_positions(code, b"extern").map(|p| (p, false)));
    hits.sort_unstable();
    let mut lines = Lines {
        code,
        pos: 0,
        line: 1,
    };
    for (p, is_unsafe) in hits {
        if p >= 2 && &code[p - 2..p] == b"r#" {
            continue;
        }
        let line = lines.at(p);
        let test = in_test(p);
        if is_unsafe {
            if let Some(kind) = classify_unsafe(code, p + 6) {
                if kind == "block" && !test && m.safety_above(line) {
                    r.safety_commented += 1;
                }
                if kind == "extern_block" {
                    r.ffi.push(FfiHit {
                        mechanism: "rust_extern",
                        direction: SAFE_TO_MANUAL,
                    });
                }
                r.findings.push(finding(line, kind, 3, test));
            }
        } else if !preceded_by_unsafe(code, p) {
            match extern_target(code, p + 6) {
                Some(b"{") => {
                    r.findings.push(finding(line, "extern_block", 3, test));
                    r.ffi.push(FfiHit {
                        mechanism: "rust_extern",
                        direction: SAFE_TO_MANUAL,
                    });
                }
                Some(b"fn") => r.ffi.push(FfiHit {
                    mechanism: "rust_export",
                    direction: MANUAL_TO_SAFE,
                }),
                _ => {}
            }
        }
    }
    r
}

fn preceded_by_unsafe(code: &[u8], i: usize) -> bool {
    let before = &code[..i];
    let t = before.trim_ascii_end();
    t.ends_with(b"unsafe") && (t.len() == 6 || !is_ident(t[t.len() - 7]))
}

/// After `extern`: skip the (masked) ABI string; returns `{`, `fn` (a function item, not a
/// `fn(` pointer type), `crate` or None.
fn extern_target(code: &[u8], e: usize) -> Option<&'static [u8]> {
    let (p, b) = next_non_ws(code, e)?;
    if b == b'{' {
        return Some(b"{");
    }
    let (after, w) = next_word(code, p)?;
    match w {
        b"fn" => {
            let (_, nb) = next_non_ws(code, after)?;
            (nb != b'(').then_some(&b"fn"[..])
        }
        b"crate" => Some(b"crate"),
        _ => None,
    }
}

/// What follows `unsafe`: block, function, impl, trait, extern_block; None for `unsafe fn(`
/// pointer types and `unsafe(...)` attributes.
fn classify_unsafe(code: &[u8], e: usize) -> Option<&'static str> {
    let (p, b) = next_non_ws(code, e)?;
    if b == b'{' {
        return Some("block");
    }
    let (after, w) = next_word(code, p)?;
    match w {
        b"fn" => {
            let (_, nb) = next_non_ws(code, after)?;
            (nb != b'(').then_some("function")
        }
        b"impl" => Some("impl"),
        b"trait" | b"auto" => Some("trait"),
        b"extern" => match extern_target(code, after) {
            Some(b"{") => Some("extern_block"),
            Some(b"fn") => Some("function"),
            _ => None,
        },
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// C and C++

static RISKY_AC: std::sync::LazyLock<Option<aho_corasick::AhoCorasick>> =
    std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(risky_calls::RISKY_CALLS.iter().map(|c| c.name))
            .ok()
    });

/// C: the end (just past the `(`) of the last place in the raw bytes that looks like a call of
/// a catalogued function, or None when there is none. Lexing can stop there.
pub fn c_last_candidate(raw: &[u8]) -> Option<usize> {
    let ac = RISKY_AC.as_ref()?;
    let mut last = None;
    for hit in ac.find_iter(raw) {
        let (s, e) = (hit.start(), hit.end());
        if (s > 0 && is_ident(raw[s - 1])) || raw.get(e).is_some_and(|b| is_ident(*b)) {
            continue;
        }
        if let Some((p, b'(')) = next_non_ws(raw, e) {
            last = Some(p + 1);
        }
    }
    last
}

/// True when the line holding byte `p` is an `#include`/`#import` directive.
fn on_include_line(code: &[u8], p: usize) -> bool {
    let start = memchr::memrchr(b'\n', &code[..p]).map_or(0, |i| i + 1);
    let t = code[start..p].trim_ascii_start();
    t.strip_prefix(b"#").is_some_and(|d| {
        let d = d.trim_ascii_start();
        d.starts_with(b"include") || d.starts_with(b"import")
    })
}

fn c(m: &Masked, raw: &[u8]) -> FileReport {
    let code = &m.code[..];
    let mut r = FileReport::default();
    for (header, mech) in [(&b"Python.h"[..], "python_c_ext"), (b"jni.h", "jni")] {
        for p in memchr::memmem::find_iter(raw, header) {
            if on_include_line(raw, p) {
                r.ffi.push(FfiHit {
                    mechanism: mech,
                    direction: SAFE_TO_MANUAL,
                });
                break;
            }
        }
    }
    let Some(ac) = RISKY_AC.as_ref() else {
        return r;
    };
    let mut lines = Lines {
        code,
        pos: 0,
        line: 1,
    };
    for hit in ac.find_iter(code) {
        let (s, e) = (hit.start(), hit.end());
        if (s > 0 && is_ident(code[s - 1])) || code.get(e).is_some_and(|b| is_ident(*b)) {
            continue;
        }
        // A call: the name then `(`, possibly after whitespace (also on the next lines).
        if next_non_ws(code, e).map(|(_, b)| b) != Some(b'(') {
            continue;
        }
        let line_start = memchr::memrchr(b'\n', &code[..s]).map_or(0, |i| i + 1);
        if !plain_or_std_qualified(&code[line_start..], s - line_start) || on_include_line(code, s)
        {
            continue;
        }
        let Some(call) = risky_calls::lookup(&code[s..e]) else {
            continue;
        };
        r.findings.push(Finding {
            line: lines.at(s),
            kind: call.name,
            level: call.level,
            cwe: Some(call.cwe),
            test: false,
        });
    }
    r
}

/// Not a member call (`.f(`, `->f(`), and qualified only as `::f(` or `std::f(`.
fn plain_or_std_qualified(line: &[u8], s: usize) -> bool {
    let before = line[..s].trim_ascii_end();
    if before.ends_with(b".") || before.ends_with(b"->") {
        return false;
    }
    if let Some(q) = before.strip_suffix(b"::") {
        let q = q.trim_ascii_end();
        let start = q.iter().rposition(|b| !is_ident(*b)).map_or(0, |p| p + 1);
        let qual = &q[start..];
        return qual.is_empty() || qual == b"std";
    }
    true
}

// ---------------------------------------------------------------------------------------------
// Go

fn go(m: &Masked, raw: &[u8]) -> FileReport {
    let code = &m.code[..];
    let mut r = FileReport::default();
    let mut in_block = false;
    let mut offset = 0usize;
    for (n, line) in code.split(|b| *b == b'\n').enumerate() {
        let start = offset;
        offset += line.len() + 1;
        let t = line.trim_ascii();
        let is_import = t.starts_with(b"import") && (t.len() == 6 || !is_ident(t[6]));
        if is_import || in_block {
            let raw_line = raw.get(start..start + line.len()).unwrap_or(&[]);
            if memchr::memmem::find(raw_line, b"\"unsafe\"").is_some() {
                r.findings.push(finding(n + 1, "unsafe_import", 2, false));
            }
            if memchr::memmem::find(raw_line, b"\"C\"").is_some() {
                r.findings.push(finding(n + 1, "cgo_import", 3, false));
                r.ffi.push(FfiHit {
                    mechanism: "cgo",
                    direction: SAFE_TO_MANUAL,
                });
            }
            if is_import && t.contains(&b'(') && !t.contains(&b')') {
                in_block = true;
            } else if in_block && t.contains(&b')') {
                in_block = false;
            }
        }
        let mut k = 0;
        while let Some(p) = memchr::memmem::find(&line[k..], b"unsafe.Pointer") {
            let s = k + p;
            let e = s + b"unsafe.Pointer".len();
            let left_ok = s == 0 || !is_ident(line[s - 1]);
            let right_ok = line.get(e).is_none_or(|b| !is_ident(*b));
            if left_ok && right_ok {
                r.findings.push(finding(n + 1, "unsafe_pointer", 3, false));
            }
            k = e;
        }
    }
    r
}

// ---------------------------------------------------------------------------------------------
// Java, C#

fn keywords(
    m: &Masked,
    table: &[(&str, &'static str, u8)],
    ffi: Option<(&'static str, &str)>,
    substring: &[u8],
) -> FileReport {
    let code = &m.code[..];
    let mut r = FileReport::default();
    for (s, e, line) in idents(code) {
        let w = &code[s..e];
        if let Some((_, kind, level)) = table.iter().find(|(k, _, _)| k.as_bytes() == w) {
            r.findings.push(finding(line, kind, *level, false));
            if let Some((mech, trigger)) = ffi
                && (trigger.as_bytes() == w || (mech == "pinvoke" && w == b"LibraryImport"))
            {
                r.ffi.push(FfiHit {
                    mechanism: mech,
                    direction: SAFE_TO_MANUAL,
                });
            }
        }
    }
    if !substring.is_empty() {
        for (n, line) in code.split(|b| *b == b'\n').enumerate() {
            if memchr::memmem::find(line, substring).is_some() {
                r.findings.push(finding(n + 1, "sun_misc_unsafe", 4, false));
            }
        }
    }
    r.findings.sort_by_key(|f| f.line);
    r
}

// ---------------------------------------------------------------------------------------------
// Python

fn python(m: &Masked) -> FileReport {
    let mut r = FileReport::default();
    for (n, line) in m.code.split(|b| *b == b'\n').enumerate() {
        let t = line.trim_ascii();
        let w = words_of(t);
        let module = match (w.first().copied(), w.get(1).copied()) {
            (Some(b"import"), Some(m)) | (Some(b"from"), Some(m)) => m,
            _ => continue,
        };
        // `import os, ctypes` also counts.
        let names: Vec<&[u8]> = if w.first() == Some(&&b"import"[..]) {
            w[1..].to_vec()
        } else {
            vec![module]
        };
        for name in names {
            let kind = match name {
                b"ctypes" => "ctypes",
                b"cffi" => "cffi",
                _ => continue,
            };
            r.findings.push(finding(n + 1, kind, 2, false));
            r.ffi.push(FfiHit {
                mechanism: kind,
                direction: SAFE_TO_MANUAL,
            });
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::super::mask::mask;
    use super::*;

    fn kinds(f: Family, src: &str) -> Vec<(&'static str, bool)> {
        let m = mask(f, src.as_bytes());
        detect(f, &m, src.as_bytes())
            .findings
            .iter()
            .map(|x| (x.kind, x.test))
            .collect()
    }

    fn count(f: Family, src: &str) -> usize {
        kinds(f, src).len()
    }

    #[test]
    fn rust_kinds() {
        let src = r#"
pub unsafe fn a() {}
pub const unsafe fn b() {}
async unsafe fn c() {}
unsafe extern "C" fn d() {}
unsafe impl Send for X {}
unsafe trait T {}
pub unsafe auto trait U {}
extern "C" { fn e(); }
unsafe extern "C" { fn f(); }
extern crate core;
extern "C" fn exported() {}
fn g() { unsafe { h() } }
type P = unsafe fn(u8);
type Q = unsafe extern "C" fn(i32) -> i32;
type R = extern "C" fn();
#[unsafe(no_mangle)] fn i() {}
"#;
        assert_eq!(
            kinds(Family::Rust, src)
                .into_iter()
                .map(|k| k.0)
                .collect::<Vec<_>>(),
            vec![
                "function",
                "function",
                "function",
                "function",
                "impl",
                "trait",
                "trait",
                "extern_block",
                "extern_block",
                "block"
            ]
        );
    }

    #[test]
    fn rust_comments_strings_and_raw_idents_do_not_count() {
        let src = "// unsafe {}\n/* /* unsafe {} */ unsafe {} */\nlet s = \"unsafe {\";\nlet r = r#\"unsafe {\"#;\nlet r#unsafe = 1;\nlet q = '\"'; unsafe { }\n";
        assert_eq!(count(Family::Rust, src), 1);
    }

    #[test]
    fn rust_macro_bodies_count() {
        let src = "macro_rules! m { ($e:expr) => { unsafe { $e } }; }\n";
        assert_eq!(count(Family::Rust, src), 1);
    }

    #[test]
    fn rust_cfg_test_items_are_test_code() {
        let src = "fn a() { unsafe {} }\n#[cfg(test)]\nmod tests {\n  fn b() { unsafe {} }\n  #[test]\n  fn c() { unsafe {} }\n}\n#[cfg(test)]\nuse x;\nfn d() { unsafe {} }\n#[cfg(not(test))]\nfn e() { unsafe {} }\n#[tokio::test]\nasync fn f() { unsafe {} }\n";
        assert_eq!(
            kinds(Family::Rust, src),
            vec![
                ("block", false),
                ("block", true),
                ("block", true),
                ("block", false),
                ("block", false),
                ("block", true)
            ]
        );
        assert!(
            kinds(Family::Rust, "#![cfg(test)]\nfn a() { unsafe {} }")
                .iter()
                .all(|k| k.1)
        );
    }

    #[test]
    fn rust_safety_comments_and_posture() {
        let src = "#![forbid(unsafe_code)]\n// SAFETY: in bounds\nunsafe { a() }\nunsafe { b() }\nunsafe { // SAFETY: ok\n c() }\n// SAFETY: the index\n// was checked above\nunsafe { d() }\n/* SAFETY: x */\n\nunsafe { e() }\n";
        let m = mask(Family::Rust, src.as_bytes());
        let r = detect(Family::Rust, &m, src.as_bytes());
        assert!(r.forbid_unsafe);
        assert_eq!(r.findings.len(), 5);
        assert_eq!(r.safety_commented, 3);
    }

    #[test]
    fn c_calls_member_qualified_include_macro() {
        let src = "#include <string.h>\n#include \"free(.h\"\n#define COPY(d, s) strcpy(d, s)\nvoid f(char *d) {\n  strcpy(d, \"x\");\n  std::memcpy(d, d, 1);\n  ::memset(d, 0, 1);\n  pool.free(d);\n  p->free(d);\n  Pool::free(d);\n  free (d);\n  char *s = \"gets(\"; // sprintf(\n  malloc\n    (4);\n}\n";
        assert_eq!(
            kinds(Family::C, src)
                .into_iter()
                .map(|k| k.0)
                .collect::<Vec<_>>(),
            vec!["strcpy", "strcpy", "memcpy", "memset", "free", "malloc"]
        );
    }

    #[test]
    fn go_imports_and_pointers() {
        let src = "package p\n\nimport (\n\t\"fmt\"\n\t\"unsafe\"\n)\n\nimport \"C\"\n\nvar s = \"unsafe.Pointer\"\n\nfunc f(x *int) uintptr { return uintptr(unsafe.Pointer(x)) }\n";
        let m = mask(Family::Go, src.as_bytes());
        let r = detect(Family::Go, &m, src.as_bytes());
        let k: Vec<_> = r.findings.iter().map(|f| f.kind).collect();
        assert_eq!(k, vec!["unsafe_import", "cgo_import", "unsafe_pointer"]);
        assert_eq!(r.ffi.len(), 1);
    }

    #[test]
    fn java_csharp_python() {
        assert_eq!(
            count(
                Family::Java,
                "import sun.misc.Unsafe;\nclass A { native int f(); String s = \"native\"; }"
            ),
            2
        );
        assert_eq!(
            kinds(Family::CSharp, "[DllImport(\"x\")] static extern int f();\nunsafe void g() { fixed (int* p = a) {} var s = stackalloc int[4]; }")
                .into_iter()
                .map(|k| k.0)
                .collect::<Vec<_>>(),
            vec!["dllimport", "unsafe", "fixed", "stackalloc"]
        );
        assert_eq!(
            count(
                Family::Python,
                "import os, ctypes\nfrom cffi import FFI\n# import ctypes\ns = 'import ctypes'\n"
            ),
            2
        );
    }
}
