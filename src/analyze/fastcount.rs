//! Line counting with tokei's own rules, in one pass and without tokei's per-file overhead
//! (its thread-pool join and parallel bridge, its shared-matcher map, its per-line regex cache
//! and the ~20 delimiter comparisons it makes at every byte of a line it cannot classify
//! whole).
//!
//! The state machine is a transcription of tokei 15's `SyntaxCounter` (`language/syntax.rs`)
//! and `LanguageType::parse_lines`, driven by tokei's own language definitions
//! (`line_comments()`, `multi_line_comments()`, `nested_comments()`, `allows_nested()`,
//! `quotes()`, `verbatim_quotes()`, `doc_quotes()`, `important_syntax()`), quirks included:
//! backslash pairs skipped outside strings, verbatim starts not being important syntax, a code
//! line lost when a Rust doc comment follows it. Bytes that cannot start any delimiter are
//! skipped with one table look-up instead of the full comparison list.
//!
//! What it does not transcribe it declines ([`count`] returns `None`) and the caller uses
//! tokei: Jupyter, Lingua Franca, HTML-like files with a `<script`, `<style` or `<template`
//! tag. Rust doc comments (Markdown children) and Markdown code fences (children in the
//! fence's language) are transcribed, fences with tokei's own two regexes.

use std::sync::{LazyLock, OnceLock};

use aho_corasick::AhoCorasick;
use tokei::LanguageType;

use super::languages::Lines;

std::thread_local! {
    /// [`Counter::rust_doc`]'s buffer for a doc-comment block's Markdown.
    static DOC_SCRATCH: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

/// A doc-comment buffer larger than this is dropped after use rather than kept for the thread.
const DOC_SCRATCH_KEPT: usize = 64 * 1024;

/// tokei's whitespace (`' '` and `\t`..=`\r`, vertical tab included).
fn ws(b: u8) -> bool {
    b == b' ' || (0x09..=0x0d).contains(&b)
}

/// tokei's `trim`.
fn trim(s: &[u8]) -> &[u8] {
    let Some(a) = s.iter().position(|b| !ws(*b)) else {
        return &[];
    };
    let z = s.iter().rposition(|b| !ws(*b)).unwrap_or(a);
    &s[a..=z]
}

/// tokei's `trim_start`.
fn trim_start(s: &[u8]) -> &[u8] {
    match s.iter().position(|b| !ws(*b)) {
        Some(a) => &s[a..],
        None => &[],
    }
}

/// `hay.starts_with(needle)` without the library call: delimiters are one to three bytes and
/// most comparisons fail on the first, where the call's setup dominated the profile.
#[inline(always)]
fn sw(hay: &[u8], needle: &[u8]) -> bool {
    needle.len() <= hay.len() && hay.iter().zip(needle).all(|(a, b)| a == b)
}

/// `hay.ends_with(needle)`, as [`sw`].
#[inline(always)]
fn ew(hay: &[u8], needle: &[u8]) -> bool {
    needle.len() <= hay.len()
        && hay
            .iter()
            .rev()
            .zip(needle.iter().rev())
            .all(|(a, b)| a == b)
}

/// tokei's `contains_slice` (an empty needle is never contained).
fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && memchr::memmem::find(hay, needle).is_some()
}

type Pairs = &'static [(&'static str, &'static str)];

/// One language's delimiters, read from tokei's definitions.
struct Syntax {
    line_comments: &'static [&'static str],
    multi: Pairs,
    nested: Pairs,
    quotes: Pairs,
    verbatim: Pairs,
    doc: Pairs,
    allows_nested: bool,
    fortran: bool,
    literate: bool,
    rust: bool,
    markdown: bool,
    important: Option<AhoCorasick>,
    /// No important-syntax pattern holds whitespace, so a match found in the file's text lies
    /// inside one trimmed line and one search can serve many lines ([`Counter::important`]).
    important_whole: bool,
    /// Bytes at which some delimiter (or a backslash, or for Rust a doc-comment look-ahead)
    /// may start: every other byte of a line under analysis is skipped.
    interesting: [bool; 256],
}

impl Syntax {
    fn new(l: LanguageType) -> Syntax {
        let mut interesting = [false; 256];
        let mut mark = |s: &str| {
            if let Some(b) = s.bytes().next() {
                interesting[b as usize] = true;
            }
        };
        for c in l.line_comments() {
            mark(c);
        }
        for (s, e) in l
            .multi_line_comments()
            .iter()
            .chain(l.nested_comments())
            .chain(l.quotes())
            .chain(l.verbatim_quotes())
            .chain(l.doc_quotes())
        {
            mark(s);
            mark(e);
        }
        mark("\\");
        let markdown = matches!(
            l,
            LanguageType::Markdown | LanguageType::UnrealDeveloperMarkdown
        );
        if markdown {
            mark("`");
        }
        let rust = l == LanguageType::Rust;
        if rust {
            // tokei looks for a doc comment at every whitespace byte too; only a line's first
            // trailing whitespace byte can find one the `/` itself would not
            // ([`Counter::trailing_rust_doc`]).
            mark("/");
        }
        let important = l.important_syntax();
        let important_whole = important
            .iter()
            .all(|p| !p.is_empty() && !p.bytes().any(ws));
        Syntax {
            line_comments: l.line_comments(),
            multi: l.multi_line_comments(),
            nested: l.nested_comments(),
            quotes: l.quotes(),
            verbatim: l.verbatim_quotes(),
            doc: l.doc_quotes(),
            allows_nested: l.allows_nested(),
            fortran: matches!(l, LanguageType::FortranModern | LanguageType::FortranLegacy),
            literate: l.is_literate(),
            rust,
            markdown,
            important: if important.is_empty() {
                None
            } else {
                AhoCorasick::builder()
                    .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                    .build(important)
                    .ok()
            },
            important_whole,
            interesting,
        }
    }

    fn any_multi(&self) -> impl Iterator<Item = &(&'static str, &'static str)> {
        self.multi.iter().chain(self.nested)
    }
}

/// tokei's fence regexes (`language/embedding.rs`), so matching is theirs byte for byte.
static MD_START: LazyLock<Option<regex::bytes::Regex>> =
    LazyLock::new(|| regex::bytes::Regex::new(r"```\S+\s").ok());
static MD_END: LazyLock<Option<regex::bytes::Regex>> =
    LazyLock::new(|| regex::bytes::Regex::new(r"```\s?").ok());

static SYNTAX: LazyLock<Box<[OnceLock<Option<Syntax>>]>> = LazyLock::new(|| {
    let n = LanguageType::list()
        .iter()
        .map(|(l, _)| *l as usize + 1)
        .max()
        .unwrap_or(0);
    (0..n).map(|_| OnceLock::new()).collect()
});

fn syntax(l: LanguageType) -> Option<&'static Syntax> {
    SYNTAX
        .get(l as usize)?
        .get_or_init(|| Some(Syntax::new(l)))
        .as_ref()
}

/// Whether the fast path takes this file, before any work: tokei's embedded-language
/// contexts other than Rust's doc comments are left to tokei.
pub fn handles(l: LanguageType, text: &[u8]) -> bool {
    use LanguageType as L;
    let has = |n: &[u8]| memchr::memmem::find(text, n).is_some();
    match l {
        L::Jupyter | L::LinguaFranca => false,
        L::Html | L::RubyHtml | L::Svelte | L::Vue | L::GlimmerJs | L::GlimmerTs => {
            !(has(b"<script") || has(b"<style") || has(b"<template"))
        }
        _ => true,
    }
}

/// The mutable part of tokei's `SyntaxCounter`.
#[derive(Default)]
struct State {
    quote: Option<&'static str>,
    verbatim: bool,
    stack: Vec<&'static str>,
}

impl State {
    fn plain(&self) -> bool {
        self.quote.is_none() && self.stack.is_empty()
    }
}

/// Counts (own lines, embedded children) exactly as `language.parse_from_slice(text,
/// &Config::default())` would, or `None` when tokei must do it ([`handles`] is false).
pub fn count(l: LanguageType, text: &[u8]) -> Option<(Lines, Vec<(LanguageType, Lines)>)> {
    if !handles(l, text) {
        return None;
    }
    let sx = syntax(l)?;
    let mut c = Counter {
        sx,
        text,
        st: State::default(),
        lines: Lines::default(),
        children: Vec::new(),
        last_nonws: text.iter().rposition(|b| !ws(*b)),
        nonws_from: (usize::MAX, 0),
        important_at: None,
    };
    c.run();
    let mut children = c.children;
    children.sort_by_key(|(l, _)| *l);
    Some((c.lines, children))
}

struct Counter<'a> {
    sx: &'static Syntax,
    text: &'a [u8],
    st: State,
    lines: Lines,
    /// Embedded children, summarised (tokei's blobs): Rust doc comments, Markdown fences.
    children: Vec<(LanguageType, Lines)>,
    last_nonws: Option<usize>,
    /// (i, j): the first non-whitespace byte at or after any position in `i..=j` is `j`.
    nonws_from: (usize, usize),
    /// Start of the important-syntax match the last whole-text search found (`usize::MAX`:
    /// none left), or `None` before the first search.
    important_at: Option<usize>,
}

enum Report {
    Normal,
    /// A Rust doc block was consumed; counting resumes at this offset.
    Child(usize),
}

impl Counter<'_> {
    /// tokei's "the line holds important syntax" for the line `pos..end` (`line` its trimmed
    /// text). The search runs over the rest of the text and its match serves every line up to
    /// it: a match lies inside one line, and the first-ending match is found first, so no
    /// line before it holds one.
    fn important(&mut self, pos: usize, end: usize, line: &[u8]) -> bool {
        let Some(ac) = self.sx.important.as_ref() else {
            return false;
        };
        if !self.sx.important_whole {
            return ac.is_match(line);
        }
        let at = match self.important_at {
            Some(at) if at >= pos => at,
            _ => {
                let at = ac
                    .find(&self.text[pos..])
                    .map_or(usize::MAX, |m| pos + m.start());
                self.important_at = Some(at);
                at
            }
        };
        at < end
    }

    fn run(&mut self) {
        let text = self.text;
        let mut pos = 0;
        while pos < text.len() {
            let end = memchr::memchr(b'\n', &text[pos..]).map_or(text.len(), |p| pos + p + 1);
            let raw = &text[pos..end];
            let line = if self.sx.fortran { raw } else { trim(raw) };
            if self.st.plain() {
                if trim(line).is_empty() {
                    self.lines.blanks += 1;
                    pos = end;
                    continue;
                }
                if !self.important(pos, end, line) {
                    if self.sx.literate
                        || self.sx.line_comments.iter().any(|c| sw(line, c.as_bytes()))
                    {
                        self.lines.comments += 1;
                    } else {
                        self.lines.code += 1;
                    }
                    pos = end;
                    continue;
                }
            }
            let started_in_comments = !self.st.stack.is_empty();
            if let Report::Child(next) = self.multi_line(pos, end) {
                pos = next;
                continue;
            }
            if self.sx.literate || self.line_is_comment(line, started_in_comments) {
                self.lines.comments += 1;
            } else {
                self.lines.code += 1;
            }
            pos = end;
        }
    }

    /// tokei's `perform_multi_line_analysis` over the line `start..end`.
    fn multi_line(&mut self, start: usize, end: usize) -> Report {
        let text = self.text;
        let sx = self.sx;
        // tokei's RegexCache: the line's first opening-fence match, taken only at its start.
        let fence = if sx.markdown {
            MD_START
                .as_ref()
                .and_then(|re| re.find(&text[start..end]))
                .map(|m| (start + m.start(), start + m.end()))
        } else {
            None
        };
        let mut i = start;
        let mut whole = true;
        let interesting = &sx.interesting;
        while i < end {
            // A tight scan to the next byte that may start a delimiter (most bytes cannot).
            match text[i..end].iter().position(|&b| interesting[b as usize]) {
                Some(k) => i += k,
                None => break,
            }
            if self.last_nonws.is_none_or(|z| i > z) {
                whole = false;
                break;
            }
            let window = &text[i..];
            if let Some(n) = self
                .end_of_quote(window)
                .or_else(|| self.end_of_multi(window))
            {
                i += n;
                continue;
            } else if self.st.quote.is_some() {
                i += 1;
                continue;
            }
            if sx.rust
                && self.st.stack.is_empty()
                && let Some(next) = self.rust_doc(i)
            {
                return Report::Child(next);
            }
            if let Some((cs, ce)) = fence
                && cs == i
                && self.st.stack.is_empty()
                && let Some(next) = self.md_fence(cs, ce)
            {
                return Report::Child(next);
            }
            if let Some(n) = self
                .parse_quote(window)
                .or_else(|| self.parse_multi(window))
            {
                i += n;
                continue;
            }
            if self.st.plain() && sx.line_comments.iter().any(|c| sw(window, c.as_bytes())) {
                whole = false;
                break;
            }
            i += 1;
        }
        if sx.rust
            && whole
            && let Some(next) = self.trailing_rust_doc(start, end)
        {
            return Report::Child(next);
        }
        Report::Normal
    }

    /// tokei's doc-comment look-ahead at whitespace, for a line walked to its end. At a
    /// whitespace byte inside the line the look-ahead finds the same comment the walk finds at
    /// the `/` it reaches next, and nothing else happens at whitespace; so only the first
    /// trailing whitespace byte (the newline included) can add something: a doc comment on a
    /// following line, which takes this line's rest with it (tokei's lost code line).
    fn trailing_rust_doc(&mut self, start: usize, end: usize) -> Option<usize> {
        let text = self.text;
        let t = text[start..end]
            .iter()
            .rposition(|b| !ws(*b))
            .map_or(start, |p| start + p + 1);
        if t >= end || self.last_nonws.is_none_or(|z| t > z) || !self.st.plain() {
            return None;
        }
        self.rust_doc(t)
    }

    fn end_of_quote(&mut self, window: &[u8]) -> Option<usize> {
        if let Some(q) = self.st.quote
            && sw(window, q.as_bytes())
        {
            self.st.quote = None;
            return Some(q.len());
        }
        if self.st.verbatim || window.first() != Some(&b'\\') {
            return None;
        }
        let rest = &window[1..];
        if rest.first() == Some(&b'\\')
            || self.sx.quotes.iter().any(|(s, _)| sw(rest, s.as_bytes()))
        {
            Some(2)
        } else {
            None
        }
    }

    fn end_of_multi(&mut self, window: &[u8]) -> Option<usize> {
        let last = *self.st.stack.last()?;
        if sw(window, last.as_bytes()) {
            self.st.stack.pop();
            Some(last.len())
        } else {
            None
        }
    }

    fn parse_quote(&mut self, window: &[u8]) -> Option<usize> {
        if !self.st.stack.is_empty() {
            return None;
        }
        let starts = |p: Pairs| p.iter().find(|(s, _)| sw(window, s.as_bytes())).copied();
        let (found, verbatim) = if let Some(p) = starts(self.sx.doc) {
            (p, false)
        } else if let Some(p) = starts(self.sx.verbatim) {
            (p, true)
        } else {
            (starts(self.sx.quotes)?, false)
        };
        self.st.quote = Some(found.1);
        self.st.verbatim = verbatim;
        Some(found.0.len())
    }

    fn parse_multi(&mut self, window: &[u8]) -> Option<usize> {
        if self.st.quote.is_some() {
            return None;
        }
        let sx = self.sx;
        for &(s, e) in sx.any_multi() {
            if sw(window, s.as_bytes()) {
                if self.st.stack.is_empty() || sx.allows_nested || sx.nested.contains(&(s, e)) {
                    self.st.stack.push(e);
                }
                return Some(s.len());
            }
        }
        None
    }

    /// The first non-whitespace byte at or after `i`.
    fn next_nonws(&mut self, i: usize) -> usize {
        let (a, z) = self.nonws_from;
        if a <= i && i <= z {
            return z;
        }
        let z = self.text[i..]
            .iter()
            .position(|b| !ws(*b))
            .map_or(self.text.len(), |p| i + p);
        self.nonws_from = (i, z);
        z
    }

    /// tokei's Rust context: at `i` in plain mode, the rest (whitespace and newlines skipped)
    /// opening a `///` or `//!` comment makes the run of such lines a Markdown child. Returns
    /// where counting resumes.
    fn rust_doc(&mut self, i: usize) -> Option<usize> {
        let text = self.text;
        let j = self.next_nonws(i);
        let rest = &text[j..];
        let syntax: &[u8] = if sw(rest, b"///") {
            b"///"
        } else if sw(rest, b"//!") {
            b"//!"
        } else {
            return None;
        };
        // The block's Markdown, in a per-thread buffer reused across blocks and files (taken
        // out while in use, so a nested count starts its own).
        let mut markdown = DOC_SCRATCH.take();
        markdown.clear();
        let mut end_of_block = text.len();
        let mut pos = i;
        while pos < text.len() {
            let end = memchr::memchr(b'\n', &text[pos..]).map_or(text.len(), |p| pos + p + 1);
            let k = self.next_nonws(pos);
            if sw(&text[k..], syntax) {
                let line = trim_start(&text[pos..end]);
                markdown.extend_from_slice(&line[3.min(line.len())..]);
                end_of_block = end;
            } else {
                end_of_block = pos;
                break;
            }
            pos = end;
        }
        let (own, children) = super::languages::count(LanguageType::Markdown, trim(&markdown));
        if markdown.capacity() <= DOC_SCRATCH_KEPT {
            DOC_SCRATCH.set(markdown);
        }
        self.add_child(LanguageType::Markdown, own, &children);
        Some(end_of_block)
    }

    /// tokei's Markdown context at an opening fence `cs..ce` (```` ```lang ````): the code up
    /// to the closing fence is counted in the first language the fence names, the fence
    /// lines as comments. `None` when no name is a language (the line stays a comment).
    fn md_fence(&mut self, cs: usize, ce: usize) -> Option<usize> {
        let text = self.text;
        let close = MD_END.as_ref()?.find(&text[ce..]);
        let end_of_code = close.map_or(text.len(), |m| ce + m.start());
        let end_of_block = close.map_or(text.len(), |m| ce + m.end());
        let ident = trim(&text[cs..ce]).get(3..)?;
        let language = ident.split(|b| *b == b',').find_map(|s| {
            <LanguageType as std::str::FromStr>::from_str(&String::from_utf8_lossy(s)).ok()
        })?;
        let (own, children) = super::languages::count(language, trim(&text[ce..end_of_code]));
        self.lines.comments += if close.is_some() { 2 } else { 1 };
        self.add_child(language, own, &children);
        Some(end_of_block)
    }

    /// Adds a child's lines (its own children folded in, as tokei's `summarise`).
    fn add_child(&mut self, l: LanguageType, own: Lines, nested: &[(LanguageType, Lines)]) {
        let mut t = own;
        for (_, n) in nested {
            t.code += n.code;
            t.comments += n.comments;
            t.blanks += n.blanks;
        }
        match self.children.iter_mut().find(|(k, _)| *k == l) {
            Some((_, c)) => {
                c.code += t.code;
                c.comments += t.comments;
                c.blanks += t.blanks;
            }
            None => self.children.push((l, t)),
        }
    }

    /// tokei's `line_is_comment` with the default configuration.
    fn line_is_comment(&self, line: &[u8], started_in_comments: bool) -> bool {
        if self.st.quote.is_some() {
            return false;
        }
        let sx = self.sx;
        let trimmed = trim(line);
        if started_in_comments && sx.doc.iter().any(|(_, e)| contains(line, e.as_bytes())) {
            return true;
        }
        let whole_line = sx.line_comments.iter().any(|c| sw(trimmed, c.as_bytes()))
            || sx
                .any_multi()
                .any(|(s, e)| sw(trimmed, s.as_bytes()) && ew(trimmed, e.as_bytes()));
        if whole_line || started_in_comments {
            return true;
        }
        let Some(q) = self.st.stack.last() else {
            return false;
        };
        sx.any_multi()
            .any(|(s, e)| e == q && sw(trimmed, s.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use tokei::{CodeStats, Config};

    /// A tokei result with its embedded blobs folded in.
    fn summarise(s: &CodeStats) -> Lines {
        let t = s.summarise();
        Lines {
            code: t.code as u64,
            comments: t.comments as u64,
            blanks: t.blanks as u64,
        }
    }

    fn tokei(l: LanguageType, text: &[u8]) -> (Lines, Vec<(LanguageType, Lines)>) {
        let s = l.parse_from_slice(text, &Config::default());
        let own = Lines {
            code: s.code as u64,
            comments: s.comments as u64,
            blanks: s.blanks as u64,
        };
        (
            own,
            s.blobs.iter().map(|(l, b)| (*l, summarise(b))).collect(),
        )
    }

    fn same(l: LanguageType, text: &str) {
        if let Some(ours) = count(l, text.as_bytes()) {
            assert_eq!(ours, tokei(l, text.as_bytes()), "{l:?} on {text:?}");
        }
    }

    #[test]
    fn quirks_match_tokei() {
        use LanguageType as L;
        same(L::Rust, "let s = \"a\";\n/// doc\nfn f() {}\n");
        same(L::Rust, "/* a /* b */ c */ x\n/*\n\n*/\n");
        same(L::Rust, "let r = r#\"a\n\"#; // x\n\\\\ \"\n");
        same(
            L::Rust,
            "//! crate\n//!\n//! ```\n//! x\n//! ```\nfn main() {}\n",
        );
        same(L::C, "/* a */ int x;\n/* b\n c */\nint y; /* d\n*/ e\n\n");
        same(L::Python, "\"\"\"doc\nmore\"\"\"\nx = '''a\n\nb'''\n# c\n");
        same(L::Sh, "echo \"a\\\"b\" # c\n'x\ny'\n");
        same(L::Markdown, "# T\n\ntext\n");
        same(
            L::Markdown,
            "a\n```rust\nfn f() {}\n/// d\n```\nb ```c x\n\\```py\n```\n```nope\n",
        );
        same(L::Markdown, "```rust,ignore\n//! x\n```js\n");
        same(L::FortranModern, "  ! c\n! d\nx = 'a'\n");
        same(L::CSharp, "var s = @\"a\\\";\n\"\nx\n");
        same(L::Toml, "a = \"\"\"\nb\n\"\"\"\n# c\n");
    }

    const PIECES: &[&str] = &[
        "a",
        " ",
        "\t",
        "\n",
        "```rust\n",
        "```c ",
        "```",
        "\n",
        "\n\n",
        "\\",
        "\\\\",
        "x = 1;",
        "  ",
        "\r\n",
    ];

    fn pieces(l: LanguageType) -> Vec<String> {
        let mut v: Vec<String> = PIECES.iter().map(|s| (*s).to_string()).collect();
        for c in l.line_comments() {
            v.push((*c).to_string());
        }
        for (s, e) in l
            .multi_line_comments()
            .iter()
            .chain(l.nested_comments())
            .chain(l.quotes())
            .chain(l.verbatim_quotes())
            .chain(l.doc_quotes())
        {
            v.push((*s).to_string());
            v.push((*e).to_string());
        }
        v.extend(l.important_syntax().iter().map(|s| (*s).to_string()));
        v
    }

    fn lang_strategy() -> impl Strategy<Value = LanguageType> {
        use LanguageType as L;
        prop::sample::select(vec![
            L::Rust,
            L::C,
            L::Cpp,
            L::CSharp,
            L::Java,
            L::JavaScript,
            L::TypeScript,
            L::Go,
            L::Python,
            L::Sh,
            L::Bash,
            L::Yaml,
            L::Toml,
            L::Json,
            L::Markdown,
            L::Html,
            L::Css,
            L::Xml,
            L::Ruby,
            L::Php,
            L::Swift,
            L::Kotlin,
            L::Lua,
            L::Haskell,
            L::Sql,
            L::FortranModern,
            L::Makefile,
            L::Perl,
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn equals_tokei_on_delimiter_soup(
            l in lang_strategy(),
            picks in prop::collection::vec(0usize..1000, 0..60),
        ) {
            let p = pieces(l);
            let text: String = picks.iter().map(|k| p[k % p.len()].as_str()).collect();
            if let Some(ours) = count(l, text.as_bytes()) {
                prop_assert_eq!(ours, tokei(l, text.as_bytes()), "{:?} on {:?}", l, text);
            }
        }
    }
}
