//! Wrapper allocators and copy helpers: a project function or function-like macro whose body
//! calls the risky catalogue (`zmalloc` -> `malloc`, `ngx_cpymem` -> `memcpy`) makes its own
//! call sites risky too (DESIGN.md, Evidence). One level: a wrapper of a wrapper is not
//! followed. Pure functions over masked C/C++ code (comments and literals already blanked).

use std::collections::HashMap;

use super::mask::is_ident;
use crate::data::risky_calls::RISKY_CALLS;

/// Most distinct called names remembered per scan (bounded memory on huge trees).
pub const MAX_CALLED_NAMES: usize = 200_000;
/// A wrapper is a short helper: a function body longer than this (masked bytes, about a dozen
/// lines) is a function that happens to call `memcpy`, not a wrapper of it.
pub const MAX_WRAPPER_BODY: usize = 600;

/// The catalogued risky function called first in `body`, if any (`name(` with an identifier
/// boundary before it and not a member call).
pub fn risky_call_in(body: &[u8]) -> Option<&'static str> {
    let mut i = 0;
    while i < body.len() {
        if is_ident(body[i]) && (i == 0 || !is_ident(body[i - 1])) {
            let start = i;
            while i < body.len() && is_ident(body[i]) {
                i += 1;
            }
            let name = &body[start..i];
            let member = start > 0 && matches!(body[start - 1], b'.' | b'>');
            if !member
                && next_non_space(body, i) == Some(b'(')
                && let Some(c) = RISKY_CALLS.iter().find(|c| c.name.as_bytes() == name)
            {
                return Some(c.name);
            }
        } else {
            i += 1;
        }
    }
    None
}

fn next_non_space(b: &[u8], mut i: usize) -> Option<u8> {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    b.get(i).copied()
}

fn prev_non_space(b: &[u8], mut i: usize) -> Option<(usize, u8)> {
    while i > 0 {
        i -= 1;
        if !b[i].is_ascii_whitespace() {
            return Some((i, b[i]));
        }
    }
    None
}

/// The identifier ending just before byte `end` (exclusive), skipping blanks.
fn ident_before(b: &[u8], end: usize) -> Option<(usize, &[u8])> {
    let (last, c) = prev_non_space(b, end)?;
    if !is_ident(c) {
        return None;
    }
    let mut s = last;
    while s > 0 && is_ident(b[s - 1]) {
        s -= 1;
    }
    Some((s, &b[s..=last]))
}

/// Index of the bracket matching the one at `open` (`(`/`{`), or None when unbalanced.
fn matching(b: &[u8], open: usize) -> Option<usize> {
    let (o, c) = match b.get(open)? {
        b'(' => (b'(', b')'),
        b'{' => (b'{', b'}'),
        _ => return None,
    };
    let mut depth = 0usize;
    for (k, &x) in b.iter().enumerate().skip(open) {
        if x == o {
            depth += 1;
        } else if x == c {
            depth -= 1;
            if depth == 0 {
                return Some(k);
            }
        }
    }
    None
}

/// Index of the `(` matching the `)` at `close`, searching backwards.
fn matching_back(b: &[u8], close: usize) -> Option<usize> {
    let mut depth = 0usize;
    for k in (0..=close).rev() {
        match b[k] {
            b')' => depth += 1,
            b'(' => {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
            b';' | b'}' => return None,
            _ => {}
        }
    }
    None
}

const NOT_FUNCTIONS: &[&[u8]] = &[
    b"if", b"for", b"while", b"switch", b"return", b"sizeof", b"catch", b"defined",
];

/// Functions and function-like macros defined in `masked` whose body calls the catalogue:
/// (name, wrapped catalogue function). Names that are themselves catalogued are left out.
pub fn definitions(masked: &[u8]) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    macros(masked, &mut out);
    let mut i = 0;
    while i < masked.len() {
        if masked[i] != b'{' {
            i += 1;
            continue;
        }
        // `name ( params ) [const|noexcept|override]* {` is a function body.
        let mut end = i;
        for _ in 0..3 {
            match ident_before(masked, end) {
                Some((s, b"const" | b"noexcept" | b"override" | b"final")) => end = s,
                _ => break,
            }
        }
        let body_end = matching(masked, i);
        let def = prev_non_space(masked, end)
            .filter(|(_, c)| *c == b')')
            .and_then(|(close, _)| matching_back(masked, close))
            .and_then(|open| ident_before(masked, open))
            .filter(|(_, name)| !NOT_FUNCTIONS.contains(name));
        match (def, body_end) {
            (Some((_, name)), Some(e)) => {
                if e - i <= MAX_WRAPPER_BODY
                    && let Some(kind) = risky_call_in(&masked[i..e])
                    && !RISKY_CALLS.iter().any(|c| c.name.as_bytes() == name)
                {
                    out.push((String::from_utf8_lossy(name).into_owned(), kind));
                }
                i = e + 1; // nested blocks are not definitions
            }
            _ => i += 1,
        }
    }
    out
}

/// `#define NAME(args) body` lines (with `\` continuations) whose body calls the catalogue.
fn macros(masked: &[u8], out: &mut Vec<(String, &'static str)>) {
    let mut pos = 0;
    while let Some(off) = memchr::memmem::find(&masked[pos..], b"define") {
        let at = pos + off;
        pos = at + 6;
        let line_start = memchr::memrchr(b'\n', &masked[..at]).map_or(0, |k| k + 1);
        let head = masked[line_start..at].trim_ascii();
        if head != b"#" {
            continue;
        }
        let mut k = pos;
        while k < masked.len() && matches!(masked[k], b' ' | b'\t') {
            k += 1;
        }
        let name_start = k;
        while k < masked.len() && is_ident(masked[k]) {
            k += 1;
        }
        if k == name_start || masked.get(k) != Some(&b'(') {
            continue; // object-like macro
        }
        let name = &masked[name_start..k];
        // The logical line ends at a newline not preceded by a backslash.
        let mut e = k;
        while e < masked.len() {
            if masked[e] == b'\n' && (e == 0 || masked[e - 1] != b'\\') {
                break;
            }
            e += 1;
        }
        let Some(close) = matching(&masked[..e], k) else {
            continue;
        };
        if e - close <= MAX_WRAPPER_BODY
            && let Some(kind) = risky_call_in(&masked[close + 1..e])
            && !RISKY_CALLS.iter().any(|c| c.name.as_bytes() == name)
        {
            out.push((String::from_utf8_lossy(name).into_owned(), kind));
        }
        pos = e;
    }
}

/// Call sites `name(` in `masked` by name, borrowing `masked` (no allocation per name): not
/// member calls, not declarations or definitions (`type name(`), not macro definitions.
pub fn calls_in(masked: &[u8]) -> HashMap<&str, u64> {
    let mut calls: HashMap<&str, u64> = HashMap::new();
    for_each_call(masked, |name| *calls.entry(name).or_default() += 1);
    calls
}

/// Calls `f` with the name of every call site `name(` in `masked` ([`calls_in`]'s rules).
fn for_each_call<'a>(masked: &'a [u8], mut f: impl FnMut(&'a str)) {
    let mut i = 0;
    while i < masked.len() {
        let b = masked[i];
        if !(b.is_ascii_alphabetic() || b == b'_') || (i > 0 && is_ident(masked[i - 1])) {
            i += 1;
            continue;
        }
        let start = i;
        while i < masked.len() && is_ident(masked[i]) {
            i += 1;
        }
        if i - start < 3 || next_non_space(masked, i) != Some(b'(') {
            continue;
        }
        let call = match prev_non_space(masked, start) {
            None => true,
            Some((_, b'.' | b'>' | b'*' | b'&' | b'~' | b':')) => false,
            Some((p, c)) if is_ident(c) => ident_before(masked, p + 1)
                .is_some_and(|(_, w)| matches!(w, b"return" | b"else" | b"case" | b"do")),
            Some(_) => true,
        };
        if !call {
            continue;
        }
        if let Ok(name) = std::str::from_utf8(&masked[start..i]) {
            f(name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_and_macro_wrappers_are_found() {
        let src = b"void *zmalloc(size_t n) {\n  void *p = malloc(n);\n  if (!p) oom();\n  return p;\n}\n\
#define ngx_cpymem(dst, src, n) (((u_char *) memcpy(dst, src, n)) + (n))\n\
#define ngx_align(d, a) (((d) + (a - 1)) & ~(a - 1))\n\
static int plain(int a) { return a + 1; }\n\
namespace x { char *Dup::copy(const char *s) const { return strcpy(d, s); } }\n";
        let mut d = definitions(src);
        d.sort();
        assert_eq!(
            d,
            vec![
                ("copy".to_string(), "strcpy"),
                ("ngx_cpymem".to_string(), "memcpy"),
                ("zmalloc".to_string(), "malloc"),
            ]
        );
    }

    #[test]
    fn a_long_function_calling_memcpy_is_not_a_wrapper() {
        let body = "    step();\n".repeat(80);
        let src = format!("int handle(char *d) {{\n{body}    memcpy(d, b, 4);\n}}\n");
        assert!(definitions(src.as_bytes()).is_empty());
    }

    #[test]
    fn call_sites_exclude_declarations_members_and_definitions() {
        let src = b"void *zmalloc(size_t n);\nvoid *zmalloc(size_t n) { return malloc(n); }\n\
int f(void) { char *a = zmalloc(4); s->zmalloc(3); o.zmalloc(2); return zmalloc(1) != 0; }\n\
#define zmalloc_usable(x) zmalloc(x)\n";
        let calls = calls_in(src);
        assert_eq!(calls.get("zmalloc"), Some(&3)); // a = zmalloc(4), return zmalloc(1), macro body
        assert_eq!(calls.get("malloc"), Some(&1));
    }
}
