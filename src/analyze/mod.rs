//! Per-file analysis. The walk reads each file once and hands its bytes, as a [`FileInput`], to
//! [`analyze_file`], which calls every analyzer in a fixed list. Analyzers are pure: they read
//! the input and add to their accumulator in [`Totals`]; none touches the file system.

pub mod deps;
pub mod languages;
pub mod signals;
pub mod unsafety;

use std::path::Path;

use tokei::LanguageType;

use crate::aggregate::Totals;
use crate::options::Analyzers;

/// What the walk knows about a file, and its bytes (BOM-decoded to UTF-8 when it had one).
#[derive(Debug, Clone, Copy)]
pub struct FileInput<'a> {
    /// Path on disk (for messages only; analyzers never open it).
    pub path: &'a Path,
    /// Root-relative path with `/` separators (lossy UTF-8).
    pub rel: &'a str,
    /// The file's content.
    pub bytes: &'a [u8],
    /// tokei's language, if recognised.
    pub language: Option<LanguageType>,
    /// Classification from path and head.
    pub class: FileClass,
}

/// How a file is classified before analysis.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FileClass {
    /// A path component starts with a dot.
    pub hidden: bool,
    /// Under a vendoring folder or marked linguist-vendored.
    pub vendored: bool,
    /// Generated or minified.
    pub generated: bool,
    /// Test code by path (tests/, test/, benches/, *_test.go, ...).
    pub test: bool,
    /// Counted in the languages table (not hidden, or `--hidden`).
    pub counted: bool,
}

/// Runs every analyzer on one file.
pub fn analyze_file(input: &FileInput<'_>, on: Analyzers, totals: &mut Totals) {
    if input.class.counted
        && let Some(language) = input.language
    {
        let (own, children) = match languages::pathological_line(language, input.bytes) {
            Some((opens, len)) => {
                totals.warnings.push(
                    input.rel,
                    "slow_parse",
                    format!(
                        "a {len}-byte line with {opens} embedded <script>/<style>/<template> blocks: \
                         counted linearly (code and blank lines, no embedded languages), since \
                         tokei's count is quadratic there"
                    ),
                );
                (languages::count_linear(input.bytes), Vec::new())
            }
            None => languages::count(language, input.bytes),
        };
        totals.languages.entry(language).or_default().add_file(
            own,
            &children,
            input.class.vendored,
            input.class.generated,
        );
        totals
            .headers
            .observe(input.rel, language, own.code, input.class);
        let findings = if on.unsafety {
            unsafety::analyze(input, own.code, &mut totals.unsafety)
        } else {
            0
        };
        if on.signals {
            let model = crate::data::memory_models::memory_model(language.name());
            signals::observe_code(input, model, own.code, findings, &mut totals.signals);
        }
    }
    if on.unsafety {
        unsafety::observe(input, &mut totals.unsafety);
    }
    if on.deps {
        deps::analyze(input, &mut totals.deps, &mut totals.warnings);
    }
    if on.signals {
        signals::analyze(input, &mut totals.signals);
    }
}

/// Lets analyzers that work on names see a file that was not read (too large, binary).
pub fn observe_unread(rel: &str, totals: &mut Totals) {
    signals::observe_path(rel, &mut totals.signals);
}
