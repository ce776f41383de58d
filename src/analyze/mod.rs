//! Per-file analysis. The walk reads each file once and hands its bytes, as a [`FileInput`], to
//! [`analyze_file`], which calls every analyzer in a fixed list. Analyzers are pure: they read
//! the input and add to their accumulator in [`Totals`]; none touches the file system.

pub mod components;
pub mod deps;
pub mod fastcount;
pub mod languages;
pub mod multisearch;
pub mod signals;
pub mod unsafety;

use std::path::Path;

use tokei::LanguageType;

use crate::aggregate::Totals;
use crate::options::Analyzers;
use crate::roles::Role;

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

/// How a file is classified before analysis. `role` is the decision (`crate::roles`); the
/// flags are derived from it once, for the analyzers' convenience.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FileClass {
    /// The file's role.
    pub role: Role,
    /// A path component starts with a dot.
    pub hidden: bool,
    /// Under a vendoring folder or marked linguist-vendored.
    pub vendored: bool,
    /// Generated or minified.
    pub generated: bool,
    /// Own code that is not product: tests, fixtures, examples, benchmarks, docs, tooling.
    pub test: bool,
    /// Counted in the languages table (not hidden, or `--hidden`).
    pub counted: bool,
}

impl FileClass {
    /// The class of a file with `role`.
    pub fn new(role: Role, hidden: bool, counted: bool) -> FileClass {
        FileClass {
            role,
            hidden,
            vendored: role == Role::Vendored,
            generated: role == Role::Generated,
            test: role.is_auxiliary(),
            counted,
        }
    }

    /// Product code: what shares, densities and criteria read.
    pub fn product(&self) -> bool {
        self.role == Role::Product
    }
}

/// Runs every analyzer on one file.
pub fn analyze_file(input: &FileInput<'_>, on: Analyzers, totals: &mut Totals) {
    let mut role_code = 0;
    let mut file_signals = if on.signals {
        signals::analyze(input, &mut totals.signals)
    } else {
        signals::FileSignals::default()
    };
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
        totals
            .languages
            .entry(language)
            .or_default()
            .add_file(own, &children, input.class.role);
        role_code = own.code;
        totals
            .headers
            .observe(input.rel, language, own.code, input.class);
        let mut calls = unsafety::FileCalls::new();
        let findings = if on.unsafety {
            let premasked = if on.signals {
                totals.signals.whole_mask()
            } else {
                None
            };
            unsafety::analyze(input, own.code, &mut totals.unsafety, &mut calls, premasked)
        } else {
            0
        };
        if on.signals {
            let manual = crate::data::memory_models::memory_model(language.name())
                == crate::report::model::MemoryModel::Manual;
            // Decided once per file: components, where-to-start and product files read it.
            if input.class.product() {
                file_signals.parsing = signals::parsing(input.rel, input.bytes, manual);
            }
        }
        if on.unsafety && input.class.product() {
            let model = crate::data::memory_models::memory_model(language.name());
            if model == crate::report::model::MemoryModel::Manual
                || language == tokei::LanguageType::Rust
            {
                totals.unsafety.product_file(
                    input.rel,
                    unsafety::InventoryFacts {
                        language,
                        code: own.code,
                        findings,
                        parser: file_signals.parser(),
                        network: file_signals.network,
                    },
                );
            }
        }
        if on.signals {
            let model = crate::data::memory_models::memory_model(language.name());
            let manual = model == crate::report::model::MemoryModel::Manual;
            signals::observe_code(
                input,
                model,
                own.code,
                findings,
                file_signals,
                calls,
                &mut totals.signals,
            );
            if input.class.product() && model != crate::report::model::MemoryModel::None {
                let facts = components::FileFacts {
                    code: own.code,
                    manual,
                    findings,
                    network: file_signals.network,
                    parser: file_signals.parser(),
                    entry_point: file_signals.entry,
                };
                totals.components.file(input.rel, language.name(), &facts);
            }
        }
    }
    totals.roles.add(input.class.role, role_code);
    if input.class.product() {
        totals.components.build_file(input.rel, input.bytes);
    }
    if on.unsafety {
        unsafety::observe(input, &mut totals.unsafety);
    }
    if on.deps {
        deps::analyze(input, &mut totals.deps, &mut totals.warnings);
    }
}

/// Lets analyzers that work on names see a file that was not read (too large, binary).
pub fn observe_unread(rel: &str, role: Role, totals: &mut Totals) {
    signals::observe_path(rel, role, &mut totals.signals);
}
