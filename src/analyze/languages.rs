//! Language detection from a file's name and our own buffer (never re-opening the file, unlike
//! tokei's `from_path` on extensionless files), and line counting with tokei's
//! `parse_from_slice` on the bytes already read.

use std::collections::BTreeMap;
use std::path::Path;

use tokei::{CodeStats, Config, LanguageType};

/// tokei's `#!/usr/bin/env X` table: X is prefix-matched in this order (languages.json order).
const ENV_SHEBANGS: &[(&str, LanguageType)] = &[
    ("bash", LanguageType::Bash),
    ("crystal", LanguageType::Crystal),
    ("csh", LanguageType::CShell),
    ("cython", LanguageType::Cython),
    ("elvish", LanguageType::Elvish),
    ("fish", LanguageType::Fish),
    ("groovy", LanguageType::Groovy),
    ("just", LanguageType::Just),
    ("ksh", LanguageType::Ksh),
    ("python", LanguageType::Python),
    ("python2", LanguageType::Python),
    ("python3", LanguageType::Python),
    ("racket", LanguageType::Racket),
    ("raku", LanguageType::Raku),
    ("perl6", LanguageType::Raku),
    ("ruby", LanguageType::Ruby),
    ("sh", LanguageType::Sh),
];

/// Detects the language from the file name alone (no I/O). `None` with `needs_shebang` true
/// means the name has no extension and the first line decides.
pub fn detect_by_name(path: &Path) -> (Option<LanguageType>, bool) {
    let Some(name) = path.file_name() else {
        return (None, false);
    };
    if path.extension().is_some() {
        return (LanguageType::from_path(path, &Config::default()), false);
    }
    // A NUL in the path makes tokei's shebang fallback fail at `open` before any syscall, so
    // only its file-name tables are consulted.
    let probe = Path::new("\0").join(name);
    match LanguageType::from_path(&probe, &Config::default()) {
        Some(l) => (Some(l), false),
        None => (None, true),
    }
}

/// tokei's shebang rules applied to the head of our buffer.
pub fn detect_by_shebang(bytes: &[u8]) -> Option<LanguageType> {
    let head = &bytes[..bytes.len().min(128)];
    let first_line = head.split(|b| *b == b'\n').next()?;
    let first_line = std::str::from_utf8(first_line).ok()?;
    let mut words = first_line.split_whitespace();
    let first = words.next()?;
    if first == "#!/usr/bin/env" {
        let word = words.next()?;
        return ENV_SHEBANGS
            .iter()
            .find(|(p, _)| word.starts_with(p))
            .map(|(_, l)| *l);
    }
    LanguageType::list()
        .iter()
        .map(|(l, _)| *l)
        .find(|l| l.shebangs().contains(&first))
}

/// Line counts of one file, own lines apart from embedded children.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Lines {
    /// Code lines.
    pub code: u64,
    /// Comment lines.
    pub comments: u64,
    /// Blank lines.
    pub blanks: u64,
}

impl Lines {
    fn add(&mut self, o: Lines) {
        self.code += o.code;
        self.comments += o.comments;
        self.blanks += o.blanks;
    }
}

fn lines_of(s: &CodeStats) -> Lines {
    Lines {
        code: s.code as u64,
        comments: s.comments as u64,
        blanks: s.blanks as u64,
    }
}

/// Counts a file's lines as tokei does; returns own lines and the summarised embedded
/// children. Our transcription of tokei's rules ([`super::fastcount`]) takes every file it can;
/// tokei's `parse_from_slice` the rest (embedded-language contexts).
pub fn count(language: LanguageType, text: &[u8]) -> (Lines, Vec<(LanguageType, Lines)>) {
    if let Some(counted) = super::fastcount::count(language, text) {
        return counted;
    }
    count_tokei(language, text)
}

/// Counts a file's lines with tokei's own `parse_from_slice`.
pub fn count_tokei(language: LanguageType, text: &[u8]) -> (Lines, Vec<(LanguageType, Lines)>) {
    let stats = language.parse_from_slice(text, &Config::default());
    let children = stats
        .blobs
        .iter()
        .map(|(l, s)| (*l, lines_of(&s.summarise())))
        .collect();
    (lines_of(&stats), children)
}

/// Languages whose tokei parse rebuilds its embedded-block captures over the whole line at each
/// block: cost grows with (blocks on a line) x (line length), 48 s for an 820 KB one-line page.
fn html_like(language: LanguageType) -> bool {
    matches!(
        language,
        LanguageType::Html
            | LanguageType::RubyHtml
            | LanguageType::Svelte
            | LanguageType::Vue
            | LanguageType::GlimmerJs
            | LanguageType::GlimmerTs
    )
}

/// The worst line of an HTML-like file: (embedded block openings on it, its length), when its
/// product is over [`budget::EMBEDDED_LINE_WORK`](crate::options::budget::EMBEDDED_LINE_WORK).
pub fn pathological_line(language: LanguageType, text: &[u8]) -> Option<(usize, usize)> {
    if !html_like(language) {
        return None;
    }
    let limit = crate::options::budget::EMBEDDED_LINE_WORK;
    // The product cannot exceed the limit when the whole file is that small.
    if text.len().saturating_mul(text.len() / 6) <= limit {
        return None;
    }
    let mut worst = None;
    for line in text.split(|&b| b == b'\n') {
        if line.len().saturating_mul(line.len() / 6) <= limit {
            continue;
        }
        let mut opens = 0usize;
        for i in memchr::memchr_iter(b'<', line) {
            let rest = line.get(i + 1..).unwrap_or(&[]);
            let starts =
                |tag: &[u8]| rest.len() >= tag.len() && rest[..tag.len()].eq_ignore_ascii_case(tag);
            if starts(b"script") || starts(b"style") || starts(b"template") {
                opens += 1;
            }
        }
        if opens.saturating_mul(line.len()) > limit {
            let w = (opens, line.len());
            if worst.is_none_or(|(o, l): (usize, usize)| {
                o.saturating_mul(l) < opens.saturating_mul(line.len())
            }) {
                worst = Some(w);
            }
        }
    }
    worst
}

/// A linear count for files tokei would take superlinear time on: blank lines and code lines,
/// no comments and no embedded children.
pub fn count_linear(text: &[u8]) -> Lines {
    let mut lines = Lines::default();
    if text.is_empty() {
        return lines;
    }
    let body = text.strip_suffix(b"\n").unwrap_or(text);
    for line in body.split(|&b| b == b'\n') {
        if line.trim_ascii().is_empty() {
            lines.blanks += 1;
        } else {
            lines.code += 1;
        }
    }
    lines
}

/// Per-language totals, merged associatively across threads.
#[derive(Debug, Clone, Default)]
pub struct LangAcc {
    /// Files counted.
    pub files: u64,
    /// Own lines.
    pub lines: Lines,
    /// Code lines in vendored files.
    pub vendored_code: u64,
    /// Code lines in generated files (not vendored).
    pub generated_code: u64,
    /// Code lines per role, indexed by `Role::index`.
    pub by_role: [u64; 9],
    /// Embedded children's lines.
    pub embedded: BTreeMap<LanguageType, Lines>,
}

impl LangAcc {
    /// Adds one file's counts.
    pub fn add_file(
        &mut self,
        own: Lines,
        children: &[(LanguageType, Lines)],
        role: crate::roles::Role,
    ) {
        use crate::roles::Role;
        self.files += 1;
        self.lines.add(own);
        match role {
            Role::Vendored => self.vendored_code += own.code,
            Role::Generated => self.generated_code += own.code,
            _ => {}
        }
        self.by_role[role.index()] += own.code;
        for (l, c) in children {
            self.embedded.entry(*l).or_default().add(*c);
        }
    }

    /// Merges another accumulator into this one.
    pub fn merge(&mut self, o: LangAcc) {
        self.files += o.files;
        self.lines.add(o.lines);
        self.vendored_code += o.vendored_code;
        self.generated_code += o.generated_code;
        for (a, b) in self.by_role.iter_mut().zip(o.by_role) {
            *a += b;
        }
        for (l, c) in o.embedded {
            self.embedded.entry(l).or_default().add(c);
        }
    }
}

/// True when a `.ts` file is a Qt Linguist translation (an XML document with a `<TS` root),
/// not TypeScript.
pub fn is_qt_linguist(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let t = head.trim_ascii_start();
    (t.starts_with(b"<?xml") || t.starts_with(b"<!DOCTYPE TS") || t.starts_with(b"<TS"))
        && memchr::memmem::find(head, b"<TS").is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pathological_one_line_html_is_counted_linearly() {
        let page = "<script>var a=1;</script><style>.a{b:c}</style>".repeat(500);
        let (opens, len) = pathological_line(LanguageType::Html, page.as_bytes()).unwrap();
        assert_eq!((opens, len), (1000, page.len()));
        assert!(pathological_line(LanguageType::JavaScript, page.as_bytes()).is_none());
        let normal = "<script>var a=1;</script>\n".repeat(5000);
        assert!(pathological_line(LanguageType::Html, normal.as_bytes()).is_none());
        let l = count_linear(b"a\n\n  \nb");
        assert_eq!((l.code, l.blanks), (2, 2));
        assert_eq!(count_linear(b"x\n").code, 1);
    }

    #[test]
    fn detects_by_extension_and_name() {
        assert_eq!(
            detect_by_name(Path::new("a/b.rs")).0,
            Some(LanguageType::Rust)
        );
        assert_eq!(
            detect_by_name(Path::new("Makefile")).0,
            Some(LanguageType::Makefile)
        );
        assert_eq!(
            detect_by_name(Path::new("Dockerfile")).0,
            Some(LanguageType::Dockerfile)
        );
        assert_eq!(detect_by_name(Path::new("run")), (None, true));
        assert_eq!(detect_by_name(Path::new("x.unknownext")), (None, false));
    }

    #[test]
    fn detects_shebangs_like_tokei() {
        assert_eq!(
            detect_by_shebang(b"#!/bin/bash\necho"),
            Some(LanguageType::Bash)
        );
        assert_eq!(
            detect_by_shebang(b"#!/usr/bin/env python3\n"),
            Some(LanguageType::Python)
        );
        assert_eq!(detect_by_shebang(b"#!/usr/bin/env perl\n"), None);
        assert_eq!(detect_by_shebang(b"\xff\xfe"), None);
        assert_eq!(detect_by_shebang(b""), None);
    }

    #[test]
    fn counts_own_lines_and_children() {
        let md = b"# T\n\ntext\n\n```rust\nfn main() {}\n```\n";
        let (own, children) = count(LanguageType::Markdown, md);
        assert!(own.comments + own.code > 0);
        assert_eq!(children.len(), 1);
        assert_eq!(children[0].0, LanguageType::Rust);
        assert_eq!(children[0].1.code, 1);
    }
}
