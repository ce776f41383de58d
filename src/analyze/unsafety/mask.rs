//! Lexers that know where code is. Each turns a source file into a *mask*: the same bytes with
//! every comment, string literal and char literal replaced by spaces (newlines kept, so line
//! numbers survive), plus the lines whose comments carry a `SAFETY:` note. Detectors then scan
//! the mask, which holds code only. One lexer per family: Rust; C-like (C, C++, Objective-C,
//! Java, C#, Go, JavaScript/TypeScript); Python. Pure functions over bytes; never panic.

/// The note that marks a justified `unsafe`, searched in every comment (one searcher, built
/// once).
static SAFETY_NOTE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"SAFETY:"));

/// A file with non-code blanked out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Masked {
    /// Code bytes; comments and literals are spaces, newlines kept.
    pub code: Vec<u8>,
    /// 1-based lines holding a comment that contains `SAFETY:`.
    pub safety_lines: Vec<usize>,
    /// 1-based lines on which a comment starts or continues, sorted.
    pub comment_lines: Vec<usize>,
}

impl Masked {
    /// True when line `l` carries a SAFETY comment, or a run of comment lines directly above
    /// it (ending at `l - 1`) contains one.
    pub fn safety_above(&self, l: usize) -> bool {
        if self.safety_lines.binary_search(&l).is_ok() {
            return true;
        }
        let mut k = l.saturating_sub(1);
        while k >= 1 && self.comment_lines.binary_search(&k).is_ok() {
            if self.safety_lines.binary_search(&k).is_ok() {
                return true;
            }
            k -= 1;
        }
        false
    }
}

/// Language families with a lexer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Rust: nested block comments, raw strings, lifetimes.
    Rust,
    /// C and C++ (incl. raw strings `R"d(...)d"`), Objective-C.
    C,
    /// Go: raw strings in backquotes.
    Go,
    /// Java: text blocks `"""`.
    Java,
    /// C#: verbatim `@"..."` strings.
    CSharp,
    /// JavaScript/TypeScript: template literals in backquotes.
    Js,
    /// Python: `#` comments, triple-quoted strings.
    Python,
}

struct Lexer<'a> {
    src: &'a [u8],
    out: Vec<u8>,
    i: usize,
    line: usize,
    line_pos: usize,
    safety: Vec<usize>,
    comments: Vec<usize>,
}

impl<'a> Lexer<'a> {
    /// A lexer writing into `into`'s buffers (cleared; their capacity is reused).
    fn new(src: &'a [u8], into: &mut Masked) -> Self {
        let mut out = std::mem::take(&mut into.code);
        out.clear();
        out.extend_from_slice(src);
        let mut safety = std::mem::take(&mut into.safety_lines);
        safety.clear();
        let mut comments = std::mem::take(&mut into.comment_lines);
        comments.clear();
        Lexer {
            src,
            out,
            i: 0,
            line: 1,
            line_pos: 0,
            safety,
            comments,
        }
    }

    fn at(&self, k: usize) -> u8 {
        self.src.get(self.i + k).copied().unwrap_or(0)
    }

    fn starts(&self, s: &[u8]) -> bool {
        self.src.get(self.i..).is_some_and(|r| r.starts_with(s))
    }

    /// Blanks `n` bytes from the cursor (keeping newlines) and advances.
    fn blank(&mut self, n: usize) {
        let end = (self.i + n).min(self.src.len());
        if let Some(out) = self.out.get_mut(self.i..end) {
            for b in out.iter_mut() {
                if *b != b'\n' {
                    *b = b' ';
                }
            }
        }
        self.i = end;
    }

    /// Advances over one code byte.
    fn keep(&mut self) {
        self.i += 1;
    }

    /// The 1-based line of byte `pos` (positions asked for never decrease).
    fn line_of(&mut self, pos: usize) -> usize {
        let pos = pos.min(self.src.len());
        if pos > self.line_pos {
            self.line += memchr::memchr_iter(b'\n', &self.src[self.line_pos..pos]).count();
            self.line_pos = pos;
        }
        self.line
    }

    fn note_comment(&mut self, start: usize, start_line: usize) {
        let text = &self.src[start..self.i.min(self.src.len())];
        if SAFETY_NOTE.find(text).is_some() {
            self.safety.push(start_line);
        }
        // The comment's last byte (a line comment stops before its newline).
        let end_line = self.line_of(self.i.saturating_sub(1).max(start));
        for l in start_line..=end_line {
            if self.comments.last() != Some(&l) {
                self.comments.push(l);
            }
        }
    }

    /// `//` to end of line.
    fn line_comment(&mut self) {
        let start = self.i;
        let line = self.line_of(start);
        let len = memchr::memchr(b'\n', &self.src[self.i..]).unwrap_or(self.src.len() - self.i);
        // No newline inside: blanked whole.
        let end = self.i + len;
        if let Some(out) = self.out.get_mut(self.i..end) {
            out.fill(b' ');
        }
        self.i = end;
        self.note_comment(start, line);
    }

    /// `/* ... */`, nested when `nested`.
    fn block_comment(&mut self, nested: bool) {
        let start = self.i;
        let line = self.line_of(start);
        let mut depth = 0usize;
        while self.i < self.src.len() {
            if self.starts(b"/*") {
                depth += 1;
                self.blank(2);
                if !nested {
                    depth = 1;
                }
            } else if self.starts(b"*/") {
                self.blank(2);
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            } else {
                self.blank(1);
            }
        }
        self.note_comment(start, line);
    }

    /// A quoted literal ending at an unescaped `quote` (backslash escapes when `escapes`).
    fn quoted(&mut self, quote: u8, escapes: bool, stop_at_newline: bool) {
        self.blank(1);
        while self.i < self.src.len() {
            let c = self.at(0);
            if escapes && c == b'\\' {
                self.blank(2);
            } else if c == quote {
                self.blank(1);
                return;
            } else if stop_at_newline && c == b'\n' {
                return;
            } else {
                self.blank(1);
            }
        }
    }

    /// Blanks up to and including the first occurrence of `end`, or to end of file.
    fn until(&mut self, end: &[u8]) {
        match memchr::memmem::find(&self.src[self.i..], end) {
            Some(p) => self.blank(p + end.len()),
            None => self.blank(self.src.len() - self.i),
        }
    }
}

/// True for bytes that can continue an identifier (non-ASCII counts, conservatively).
pub fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// Masks a source file of the given family.
pub fn mask(family: Family, src: &[u8]) -> Masked {
    let mut m = Masked::default();
    mask_into(family, src, &mut m);
    m
}

/// Masks into `into`, reusing its buffers (the hot path keeps one per thread, so a scan
/// allocates for masking only when a file is larger than any before it).
pub fn mask_into(family: Family, src: &[u8], into: &mut Masked) {
    let mut lx = Lexer::new(src, into);
    match family {
        Family::Rust => rust(&mut lx),
        Family::Python => python(&mut lx),
        f => c_like(&mut lx, f),
    }
    into.code = lx.out;
    into.safety_lines = lx.safety;
    into.comment_lines = lx.comments;
}

/// Masks only the first `limit` bytes (callers know nothing of interest lies beyond); the rest
/// of the buffer is copied unmasked.
pub fn mask_prefix(family: Family, src: &[u8], limit: usize) -> Masked {
    let mut m = Masked::default();
    mask_prefix_into(family, src, limit, &mut m);
    m
}

/// [`mask_prefix`] into reused buffers.
pub fn mask_prefix_into(family: Family, src: &[u8], limit: usize, into: &mut Masked) {
    let limit = limit.min(src.len());
    mask_into(family, &src[..limit], into);
    into.code.extend_from_slice(&src[limit..]);
}

/// Bytes that can start a comment, a string or a char literal (in any family).
fn special(b: u8) -> bool {
    matches!(b, b'/' | b'"' | b'\'' | b'`' | b'@' | b'#')
}

/// Jumps over code to the next byte that may start a comment or literal: a SIMD search for
/// `/`, `"` and `'` where those are the only openers (Rust, C, C++, Java), a byte scan for the
/// families that also open literals with a backquote or `@`.
fn skip_code(lx: &mut Lexer<'_>, simple: bool) {
    let rest = &lx.src[lx.i..];
    let n = if simple {
        memchr::memchr3(b'/', b'"', b'\'', rest)
    } else {
        rest.iter().position(|b| special(*b))
    };
    lx.i += n.unwrap_or(rest.len());
}

/// Blanks a literal's prefix letters (`b`, `c`, `r`, `br`, `r##`, ...) that end right before
/// `quote`, so the mask holds no fragment of the literal.
fn blank_prefix(lx: &mut Lexer<'_>, quote: usize) {
    let mut k = quote;
    while k > 0 && matches!(lx.src[k - 1], b'#' | b'r' | b'b' | b'c') && quote - k < 260 {
        k -= 1;
    }
    if k < quote
        && (k == 0 || !is_ident(lx.src[k - 1]))
        && let Some(out) = lx.out.get_mut(k..quote)
    {
        out.fill(b' ');
    }
}

/// At a `"`: the number of `#` of a raw string prefix `r#..#"` / `br#"` / `cr"` just before
/// it, or None when the quote opens an ordinary string.
fn rust_raw_prefix(src: &[u8], quote: usize) -> Option<usize> {
    let mut k = quote;
    let mut hashes = 0;
    while k > 0 && src[k - 1] == b'#' {
        hashes += 1;
        k -= 1;
    }
    if k == 0 || src[k - 1] != b'r' {
        return None;
    }
    k -= 1;
    if k > 0 && matches!(src[k - 1], b'b' | b'c') {
        k -= 1;
    }
    (k == 0 || !is_ident(src[k - 1])).then_some(hashes)
}

fn rust(lx: &mut Lexer<'_>) {
    // A leading shebang (not an inner attribute `#![`) is not code.
    if lx.starts(b"#!") && !lx.starts(b"#![") {
        lx.line_comment();
    }
    while lx.i < lx.src.len() {
        match lx.at(0) {
            b'/' if lx.at(1) == b'/' => lx.line_comment(),
            b'/' if lx.at(1) == b'*' => lx.block_comment(true),
            b'"' => match rust_raw_prefix(lx.src, lx.i) {
                Some(hashes) => {
                    blank_prefix(lx, lx.i);
                    lx.blank(1);
                    let mut end = vec![b'"'];
                    end.extend(std::iter::repeat_n(b'#', hashes));
                    lx.until(&end);
                }
                None => {
                    blank_prefix(lx, lx.i);
                    lx.quoted(b'"', true, false)
                }
            },
            b'\'' => {
                let at = lx.i;
                rust_quote(lx);
                // A char literal (not a lifetime) was blanked: blank a `b` prefix too.
                if lx.out.get(at) == Some(&b' ') {
                    blank_prefix(lx, at);
                }
            }
            _ => {
                lx.keep();
                skip_code(lx, true);
            }
        }
    }
}

fn skip_ident(lx: &mut Lexer<'_>) {
    while lx.i < lx.src.len() && is_ident(lx.at(0)) {
        lx.keep();
    }
}

/// A `'`: a char literal (`'a'`, `'\n'`, `'"'`, `'\u{1F600}'`) or a lifetime/label (`'a`).
fn rust_quote(lx: &mut Lexer<'_>) {
    if lx.at(1) == b'\\' {
        // Escaped char (`'\''`, `'\n'`, `'\u{1F600}'`): the escaped byte, then up to the quote.
        let rest = lx.src.get(lx.i + 3..).unwrap_or(&[]);
        match rest
            .iter()
            .take(10)
            .position(|b| *b == b'\'' || *b == b'\n')
        {
            Some(p) if rest.get(p) == Some(&b'\'') => lx.blank(3 + p + 1),
            _ => lx.keep(),
        }
        return;
    }
    // One UTF-8 character then a closing quote means a char literal.
    let width = utf8_width(lx.at(1));
    if lx.at(1) != 0 && lx.at(1) != b'\n' && lx.at(1 + width) == b'\'' {
        lx.blank(width + 2);
    } else {
        lx.keep(); // lifetime or label
    }
}

fn utf8_width(b: u8) -> usize {
    match b {
        0xF0..=0xF7 => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

fn c_like(lx: &mut Lexer<'_>, f: Family) {
    while lx.i < lx.src.len() {
        let c = lx.at(0);
        match c {
            b'/' if lx.at(1) == b'/' => lx.line_comment(),
            b'/' if lx.at(1) == b'*' => lx.block_comment(false),
            b'"' if f == Family::Java && lx.starts(b"\"\"\"") => {
                lx.blank(3);
                lx.until(b"\"\"\"");
            }
            b'"' => lx.quoted(b'"', true, true),
            b'\'' if f == Family::Js => lx.quoted(b'\'', true, true),
            b'\'' => c_char(lx),
            b'`' if matches!(f, Family::Go | Family::Js) => lx.quoted(b'`', f == Family::Js, false),
            b'@' if f == Family::CSharp && lx.at(1) == b'"' => {
                lx.blank(1);
                verbatim(lx);
            }
            _ => {
                lx.keep();
                skip_code(lx, matches!(f, Family::C | Family::Java));
                // C++ raw strings `R"d(..)d"` (also u8R, uR, UR, LR): the quote follows an R
                // that ends a prefix word.
                if f == Family::C && lx.at(0) == b'"' && lx.i > 0 && lx.src[lx.i - 1] == b'R' {
                    let mut k = lx.i - 1;
                    while k > 0 && is_ident(lx.src[k - 1]) {
                        k -= 1;
                    }
                    if matches!(&lx.src[k..lx.i], b"R" | b"u8R" | b"uR" | b"UR" | b"LR") {
                        lx.i -= 1;
                        cpp_raw(lx);
                    }
                }
            }
        }
    }
}

/// A C char literal `'x'`, `'\''`; a `'` after a digit (C++14 separator) stays code.
fn c_char(lx: &mut Lexer<'_>) {
    if lx.i > 0 && lx.src[lx.i - 1].is_ascii_digit() {
        lx.keep();
        return;
    }
    let rest = &lx.src[lx.i + 1..];
    let mut k = 0;
    while k < rest.len() && k < 16 {
        match rest[k] {
            b'\\' => k += 2,
            b'\'' => {
                lx.blank(k + 2);
                return;
            }
            b'\n' => break,
            _ => k += 1,
        }
    }
    lx.keep();
}

/// C# verbatim string body after `@`: `""` is an escaped quote.
fn verbatim(lx: &mut Lexer<'_>) {
    lx.blank(1);
    while lx.i < lx.src.len() {
        if lx.starts(b"\"\"") {
            lx.blank(2);
        } else if lx.at(0) == b'"' {
            lx.blank(1);
            return;
        } else {
            lx.blank(1);
        }
    }
}

/// C++ raw string at `R"delim(`: ends at `)delim"`.
fn cpp_raw(lx: &mut Lexer<'_>) {
    let rest = &lx.src[lx.i + 2..];
    let Some(open) = rest.iter().take(17).position(|b| *b == b'(') else {
        lx.keep();
        return;
    };
    let delim = rest[..open].to_vec();
    if delim
        .iter()
        .any(|b| b.is_ascii_whitespace() || *b == b'\\' || *b == b')')
    {
        lx.keep();
        return;
    }
    lx.blank(2 + open + 1);
    let mut end = vec![b')'];
    end.extend_from_slice(&delim);
    end.push(b'"');
    lx.until(&end);
}

fn python(lx: &mut Lexer<'_>) {
    while lx.i < lx.src.len() {
        let c = lx.at(0);
        match c {
            b'#' => lx.line_comment(),
            b'"' | b'\'' => py_string(lx),
            _ if is_ident(c) => {
                // String prefixes (r, b, f, u, rb, br, fr, rf) directly before a quote.
                let start = lx.i;
                skip_ident(lx);
                let word = &lx.src[start..lx.i];
                let prefix = word.len() <= 2
                    && word
                        .iter()
                        .all(|b| matches!(b.to_ascii_lowercase(), b'r' | b'b' | b'f' | b'u'));
                if prefix && matches!(lx.at(0), b'"' | b'\'') {
                    let raw = word.iter().any(|b| b.eq_ignore_ascii_case(&b'r'));
                    for k in start..lx.i {
                        if let Some(b) = lx.out.get_mut(k) {
                            *b = b' ';
                        }
                    }
                    py_string_raw(lx, raw);
                }
            }
            _ => lx.keep(),
        }
    }
}

fn py_string(lx: &mut Lexer<'_>) {
    py_string_raw(lx, false);
}

fn py_string_raw(lx: &mut Lexer<'_>, raw: bool) {
    let q = lx.at(0);
    if lx.at(1) == q && lx.at(2) == q {
        lx.blank(3);
        let end = [q, q, q];
        while lx.i < lx.src.len() {
            if !raw && lx.at(0) == b'\\' {
                lx.blank(2);
            } else if lx.starts(&end) {
                lx.blank(3);
                return;
            } else {
                lx.blank(1);
            }
        }
        return;
    }
    // Raw strings still cannot end on an escaped quote, so escapes skip either way.
    let _ = raw;
    lx.quoted(q, true, true);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(f: Family, s: &str) -> String {
        String::from_utf8_lossy(&mask(f, s.as_bytes()).code)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn rust_nested_comments_and_doc_comments() {
        assert_eq!(code(Family::Rust, "a /* x /* unsafe {} */ y */ b"), "a b");
        assert_eq!(code(Family::Rust, "/// unsafe { }\nfn f() {}"), "fn f() {}");
        assert_eq!(code(Family::Rust, "//! unsafe\nx"), "x");
    }

    #[test]
    fn rust_strings_all_forms() {
        assert_eq!(code(Family::Rust, r#"let s = "un\"safe {";"#), "let s = ;");
        assert_eq!(
            code(Family::Rust, r###"let s = r##"a "# unsafe {"##;"###),
            "let s = ;"
        );
        assert_eq!(
            code(Family::Rust, r##"let s = b"unsafe"; let t = br#"x"#;"##),
            "let s = ; let t = ;"
        );
        assert_eq!(code(Family::Rust, r#"let c = c"unsafe";"#), "let c = ;");
        assert_eq!(code(Family::Rust, "let r#unsafe = 1;"), "let r#unsafe = 1;");
    }

    #[test]
    fn rust_char_versus_lifetime() {
        assert_eq!(
            code(Family::Rust, r#"let q = '"'; unsafe {}"#),
            "let q = ; unsafe {}"
        );
        assert_eq!(
            code(Family::Rust, "fn f<'a>(x: &'a T) {}"),
            "fn f<'a>(x: &'a T) {}"
        );
        assert_eq!(
            code(Family::Rust, r"let c = '\''; let d = b'x';"),
            "let c = ; let d = ;"
        );
        assert_eq!(
            code(Family::Rust, "let e = '\\u{1F600}'; 'outer: loop {}"),
            "let e = ; 'outer: loop {}"
        );
        assert_eq!(code(Family::Rust, "let z = 'é';"), "let z = ;");
    }

    #[test]
    fn safety_comments_are_recorded() {
        let m = mask(
            Family::Rust,
            b"// SAFETY: checked\nunsafe { x }\n/* SAFETY: y */ unsafe {}\n",
        );
        assert_eq!(m.safety_lines, vec![1, 3]);
    }

    #[test]
    fn c_strings_chars_comments() {
        assert_eq!(
            code(Family::C, r#"a("strcpy(", 'x'); /* free( */ // gets("#),
            "a( , );"
        );
        assert_eq!(code(Family::C, r#"s = R"xy(strcpy( )" )xy"; b"#), "s = ; b");
        assert_eq!(code(Family::C, r#"s = u8R"(free()"; c"#), "s = u8 ; c");
        assert_eq!(
            code(Family::C, "int x = 1'000'000; free(p);"),
            "int x = 1'000'000; free(p);"
        );
    }

    #[test]
    fn go_java_csharp_js_literals() {
        assert_eq!(code(Family::Go, "x := `unsafe.Pointer` + y"), "x := + y");
        assert_eq!(
            code(Family::Java, "s = \"\"\"\n native \n\"\"\"; t"),
            "s = ; t"
        );
        assert_eq!(code(Family::CSharp, r#"s = @"a\""unsafe"; t"#), "s = ; t");
        assert_eq!(code(Family::Js, "s = `a ${b} unsafe`; t"), "s = ; t");
    }

    #[test]
    fn python_strings_and_comments() {
        assert_eq!(
            code(
                Family::Python,
                "x = '''\nimport ctypes\n''' # import cffi\ny"
            ),
            "x = y"
        );
        assert_eq!(code(Family::Python, r#"p = rb"\d" + f'{x}'"#), "p = +");
    }

    #[test]
    fn mask_keeps_length_and_newlines() {
        let src = "a /* b\nc */ \"d\ne\" f\n";
        let m = mask(Family::C, src.as_bytes());
        assert_eq!(m.code.len(), src.len());
        assert_eq!(m.code.iter().filter(|b| **b == b'\n').count(), 3);
    }
}
