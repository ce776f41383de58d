//! Project signals: the matcher over `data::signals::SIGNALS`, fed by the one-pass walk, plus
//! per-component code facts for "where to start". Path rules are checked first (an index by
//! extension, then the other rules); a file's bytes are searched only when a signal with
//! content patterns selected it, by one automaton over the patterns of the signals it selected
//! (built once per such set, [`crate::analyze::multisearch`]). Vendored files are ignored.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, LazyLock, RwLock};

use crate::analyze::multisearch::Patterns;

use crate::analyze::FileInput;
use crate::analyze::unsafety::mask;
use crate::data::signals::{PATTERN_LANGUAGES, PROJECT_SIGNALS, PathRule, SIGNALS};
use crate::report::model::{ComponentStats, MemoryModel, SignalHit, StartFile};
use crate::roles::Role;

/// Example paths kept per signal.
pub const EXAMPLES: usize = 5;
/// Bytes of each file searched for content patterns.
pub const CONTENT_HEAD: usize = 32 * 1024;
/// Bytes of a product source file with a lexer searched: a server's `accept` loop or a
/// capture loop may sit far below the first screens of a large file.
pub const CODE_HEAD: usize = 256 * 1024;
/// Components reported.
pub const COMPONENTS: usize = 40;

/// A set of rows of `SIGNALS`, one bit per row.
type SignalSet = u64;
const _: () = assert!(SIGNALS.len() <= 64, "SignalSet holds one bit per signal");

fn bit(i: usize) -> SignalSet {
    1 << i
}

/// One automaton over the content patterns of a set of signals, and the signals each pattern
/// belongs to (a pattern shared by two signals is searched once).
#[derive(Debug)]
struct ContentMatcher {
    patterns: Patterns,
    owners: Vec<SignalSet>,
}

/// The row of `PATTERN_LANGUAGES` whose extensions hold this lower-case file name's, or
/// [`NO_DIALECT`].
fn dialect(name_lower: &str) -> u8 {
    let Some(dot) = name_lower.rfind('.') else {
        return NO_DIALECT;
    };
    let ext = &name_lower[dot..];
    PATTERN_LANGUAGES
        .iter()
        .position(|(exts, _)| exts.contains(&ext))
        .and_then(|i| u8::try_from(i).ok())
        .unwrap_or(NO_DIALECT)
}

/// A file in none of `PATTERN_LANGUAGES`' languages.
const NO_DIALECT: u8 = u8::MAX;

/// Language-specific patterns: pattern -> its row in `PATTERN_LANGUAGES`.
static PATTERN_DIALECT: LazyLock<HashMap<&'static str, u8>> = LazyLock::new(|| {
    let mut m = HashMap::new();
    for (i, (_, pats)) in PATTERN_LANGUAGES.iter().enumerate() {
        for p in *pats {
            m.insert(*p, u8::try_from(i).unwrap_or(NO_DIALECT));
        }
    }
    m
});

impl ContentMatcher {
    /// The patterns of the signals in `set` that a file of `dialect` may hold.
    fn new(set: SignalSet, dialect: u8) -> Option<ContentMatcher> {
        let mut pats: Vec<&str> = Vec::new();
        let mut owners: Vec<SignalSet> = Vec::new();
        for (i, sig) in SIGNALS.iter().enumerate() {
            if set & bit(i) == 0 {
                continue;
            }
            for p in sig.content {
                if PATTERN_DIALECT.get(p).is_some_and(|d| *d != dialect) {
                    continue;
                }
                match pats.iter().position(|q| q == p) {
                    Some(k) => owners[k] |= bit(i),
                    None => {
                        pats.push(p);
                        owners.push(bit(i));
                    }
                }
            }
        }
        Patterns::new(pats).map(|patterns| ContentMatcher { patterns, owners })
    }
}

/// (signals searched, dialect) -> the automaton over their patterns: a handful per scan, since
/// the set follows from the path rules.
type MatcherMap = HashMap<(SignalSet, u8), Arc<ContentMatcher>>;

static MATCHERS: LazyLock<RwLock<MatcherMap>> = LazyLock::new(|| RwLock::new(HashMap::new()));
/// Sets cached at most (more are built per file and dropped).
const MATCHERS_KEPT: usize = 64;

fn matcher(set: SignalSet, dialect: u8) -> Option<Arc<ContentMatcher>> {
    if let Ok(map) = MATCHERS.read()
        && let Some(m) = map.get(&(set, dialect))
    {
        return Some(Arc::clone(m));
    }
    let m = Arc::new(ContentMatcher::new(set, dialect)?);
    if let Ok(mut map) = MATCHERS.write()
        && map.len() < MATCHERS_KEPT
    {
        map.insert((set, dialect), Arc::clone(&m));
    }
    Some(m)
}

/// The path rules as an index: plain extension suffixes (`.rs`) by extension, every other
/// rule in a list, so a file costs one map look-up plus the rules that are not extensions.
struct PathIndex {
    /// Lower-case extension suffixes, matched against the lower-cased extension.
    lower_ext: HashMap<&'static str, SignalSet>,
    /// Mixed-case extension suffixes, matched as written.
    exact_ext: HashMap<&'static str, SignalSet>,
    /// Suffixes that are not plain extensions (`src/main.rs`, `_bench.go`, `.up.sql`).
    suffixes: Vec<(&'static str, SignalSet)>,
    /// Every rule that is not a suffix, with its signal.
    rules: Vec<(&'static PathRule, SignalSet)>,
    /// Signals with content patterns (the others hit on their path alone).
    with_content: SignalSet,
    /// `PROJECT_SIGNALS`, the ones tooling, test and benchmark files may raise.
    project: SignalSet,
}

static PATHS: LazyLock<PathIndex> = LazyLock::new(|| {
    let mut ix = PathIndex {
        lower_ext: HashMap::new(),
        exact_ext: HashMap::new(),
        suffixes: Vec::new(),
        rules: Vec::new(),
        with_content: 0,
        project: 0,
    };
    for (i, sig) in SIGNALS.iter().enumerate() {
        if !sig.content.is_empty() {
            ix.with_content |= bit(i);
        }
        if PROJECT_SIGNALS.contains(&sig.id) {
            ix.project |= bit(i);
        }
        for rule in sig.paths {
            let PathRule::Suffix(sfx) = rule else {
                ix.rules.push((rule, bit(i)));
                continue;
            };
            for &x in *sfx {
                let plain = x.len() > 1 && x.starts_with('.') && !x[1..].contains(['.', '/']);
                let map = if x.bytes().any(|b| b.is_ascii_uppercase()) {
                    &mut ix.exact_ext
                } else {
                    &mut ix.lower_ext
                };
                if plain {
                    *map.entry(x).or_default() |= bit(i);
                } else {
                    ix.suffixes.push((x, bit(i)));
                }
            }
        }
    }
    ix
});

/// Per-component facts.
#[derive(Debug, Clone, Default)]
struct Component {
    files: u64,
    own_code: u64,
    manual_code: u64,
    unsafe_findings: u64,
    exposure: u64,
}

/// Start-here candidates reported.
pub const START_FILES: usize = 10;
/// Candidates kept during the walk (re-ranked at the end, when the project's exposure is known).
const START_KEPT: usize = 200;

/// A candidate ordered so the greatest is the best start. The rank saturates (a parser with
/// 30 risky calls and 400 lines is at the top), and in a large C project dozens of files reach
/// it: ties go to more risky calls, then more code, then the smallest path, never to the
/// alphabet alone.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct StartKey {
    rank: u64,
    findings: u64,
    code: u64,
    path: std::cmp::Reverse<String>,
    parsing: Parsing,
    network: bool,
    /// The file's call sites by called name (product C/C++): those of the project's wrappers
    /// are added to `findings` when the walk is done.
    calls: crate::analyze::unsafety::FileCalls,
}

/// What a start file is exposed to, in the report: a parser in a network-facing project,
/// code that reads sockets, a parser of files and formats, or local code (the weights are
/// [`start_rank`]'s).
fn exposure(parser: bool, network_file: bool, network_project: bool) -> &'static str {
    match (parser, network_file) {
        (true, _) if network_project => "network parser",
        (_, true) => "network",
        (true, false) => "format parser",
        _ => "local",
    }
}

/// The rank of a start candidate: exposure x risky calls x size.
///
/// - Exposure: a parser (network-facing project 1.0, else 0.8); a file that only defines a
///   parse helper or two among other work (`style_parse` in `style.c`) 0.6 of the way from
///   local code to that; code that reads sockets at least 0.7; local code 0.3.
/// - Risky calls as a count that saturates at [`START_RISK_FULL`]: a large central parser
///   with a dozen risky calls is more to secure than a 200-line helper with five, so the
///   count, not the density, measures it.
/// - Size: a file under 400 lines is a small share of the risk; larger files are not held
///   back (the central parser of a project is often its largest file).
///
/// Measured on the 21 labelled C/C++ trees of the calibration set (docs/calibration.md, r8):
/// a labelled start file among the first three on 13 of 21, against 7 of 21 with the density
/// and size penalty this replaced.
fn start_rank(k: &StartKey, network_project: bool) -> u64 {
    let parser: f64 = if network_project { 1.0 } else { 0.8 };
    let parse: f64 = match k.parsing {
        Parsing::None => 0.3,
        Parsing::Parser => parser,
        Parsing::Helper => 0.3 + 0.6 * (parser - 0.3),
    };
    let e = if k.network { parse.max(0.7) } else { parse };
    let risk = ((k.findings as f64).ln_1p() / (START_RISK_FULL as f64).ln_1p()).min(1.0);
    let size = ((k.code as f64 + 200.0) / 600.0).min(1.0);
    (e * (0.3 + 0.7 * risk) * size * 1000.0).round() as u64
}

/// Risky calls at which a start candidate's risk is full.
const START_RISK_FULL: u64 = 30;

/// What the content match found in one file that other analyzers use.
#[derive(Debug, Clone, Copy, Default)]
pub struct FileSignals {
    /// The file listens on sockets or reads packets (network_server in code).
    pub network: bool,
    /// The file holds a program entry point (cli_main or cli_entry).
    pub entry: bool,
    /// How the file parses formats or requests ([`parsing`], set by the caller).
    pub parsing: Parsing,
    /// The file's path raised `parser_code` (its name says parser).
    pub named_parser: bool,
}

impl FileSignals {
    /// The file parses formats or requests, as a parser or with a parse helper.
    pub fn parser(&self) -> bool {
        self.parsing != Parsing::None
    }
}

/// True when the file's name says it handles network connections or protocols.
fn has_network_name(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel).to_ascii_lowercase();
    let stem = name.split('.').next().unwrap_or(&name);
    NETWORK_NAMES.iter().any(|k| stem.contains(k))
}

/// True when a folder or the name on the file's path names network code or a protocol
/// (`lib/http2/hpack.c`, `src/ssl.c`): the roadmap puts such parsers with network code.
pub fn path_names_network(rel: &str) -> bool {
    rel.split('/').any(|part| {
        let lower = part.to_ascii_lowercase();
        let stem = lower.split('.').next().unwrap_or(&lower);
        NETWORK_NAMES.iter().any(|k| stem.contains(k))
    })
}

/// How strongly a file's name and definitions say it parses input.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Parsing {
    /// Nothing says so.
    #[default]
    None,
    /// It defines one or two parse functions among other work (`style_parse` in `style.c`).
    Helper,
    /// Its name says it parses a format, or it defines [`PARSER_FUNCTIONS`] or more parse
    /// functions.
    Parser,
}

/// The signal that says the product parses external input.
const PARSER_SIGNAL: &str = "parser_code";

/// Parse-function definitions that make a file a parser without a parser's name.
pub const PARSER_FUNCTIONS: usize = 3;

/// How a file parses input ([`Parsing`]): by name, or (for C-like code, where the definitions
/// are searched) by the parse functions it defines.
pub fn parsing(rel: &str, bytes: &[u8], search_definitions: bool) -> Parsing {
    let name = rel.rsplit('/').next().unwrap_or(rel).to_ascii_lowercase();
    let stem = name.split('.').next().unwrap_or(&name);
    let inside = |list: &[&str]| list.iter().any(|k| stem.contains(k));
    let token = |list: &[&str]| {
        stem.split(|c: char| !c.is_ascii_alphanumeric())
            .any(|t| list.contains(&t))
    };
    // Configuration and option parsers read the operator's input, not an attacker's.
    if inside(CONFIG_NAMES) || stem.ends_with("conf") || token(CONFIG_TOKENS) {
        return Parsing::None;
    }
    let reads = inside(READING_NAMES);
    // A writer of a format (`archive_write_set_format_zip`, `base64_encode`) produces it; it
    // does not parse input, so its format's name alone does not make it a parser.
    let writer = inside(WRITING_NAMES) && !reads;
    // A compression format's name is also its library's prefix (`zstd_compress.c`,
    // `benchzstd.c`): it names a parser only beside a reading word (`filter_xz` read side,
    // `decompress_lzma`).
    let compression = inside(COMPRESSION_NAMES) || token(COMPRESSION_TOKENS);
    let named = inside(FORMAT_NAMES) || token(FORMAT_TOKENS) || (compression && reads);
    if named && !writer {
        return Parsing::Parser;
    }
    match search_definitions.then(|| parse_functions(bytes)) {
        Some(n) if n >= PARSER_FUNCTIONS => Parsing::Parser,
        Some(n) if n >= 1 => Parsing::Helper,
        _ => Parsing::None,
    }
}

/// Names of files that parse external input (formats, requests, packets), found anywhere in
/// the file's stem.
const FORMAT_NAMES: &[&str] = &[
    "pars", "lexer", "decod", "codec", "tokeniz", "deserial", "inflat", "xml", "json", "yaml",
    "png", "jpeg", "jpg", "gif", "tiff", "webp", "font", "asn1", "x509", "request", "mime",
    "print-", "dissect", "reader", "scanner", "decomp", "uncompr", "zip", "cpio", "iso9660",
    "mtree", "warc", "pcap", "dwarf", "7zip",
];
/// Names of files that read configuration or options (trusted input): never parsers.
const CONFIG_NAMES: &[&str] = &["config", "cfg", "option", "settings", "getopt", "cmdline"];
/// Short configuration names, as whole tokens of the stem (`conf.c`, `client_opts.c`).
const CONFIG_TOKENS: &[&str] = &["conf", "opts"];
/// Compression formats, parsers by name only beside one of [`READING_NAMES`].
const COMPRESSION_NAMES: &[&str] = &["lzma", "zstd", "lz4", "bzip", "brotli", "lzop", "lzip"];
/// Short compression names, as whole tokens of the stem.
const COMPRESSION_TOKENS: &[&str] = &["xz", "gz", "bz2", "lzo"];
/// Words of a file name that say it reads its format.
const READING_NAMES: &[&str] = &["read", "decod", "pars", "unpack", "extract", "load"];
/// Words of a file name that say it writes its format (unless it also reads it).
const WRITING_NAMES: &[&str] = &["write", "encod"];
/// Format names too short to find inside words (`tar` in `start`, `rar` in `library`):
/// matched as whole tokens of the stem (`archive_read_support_format_tar`).
const FORMAT_TOKENS: &[&str] = &[
    "tar", "rar", "rar5", "cab", "lha", "xar", "ar", "7z", "elf", "der", "pem", "bmp", "ico",
    "pdf", "svg", "ttf", "otf", "woff", "cbor", "bson", "msgpack", "mp4", "ogg", "wav",
];
/// Names of files that handle network connections and protocols.
const NETWORK_NAMES: &[&str] = &[
    "net", "socket", "server", "conn", "proto", "client", "http", "ssl", "tls", "url",
];

/// Signal hits accumulated across files.
#[derive(Debug, Clone)]
pub struct SignalAcc {
    hits: BTreeMap<&'static str, (u64, BTreeSet<String>)>,
    start: crate::aggregate::TopN<StartKey>,
    components: BTreeMap<String, Component>,
    test_files: u64,
    code_files: u64,
    /// The masking buffers, reused file after file (not merged).
    scratch: mask::Masked,
    /// The family `scratch` masked the current file in, when it masked the whole file.
    whole: Option<mask::Family>,
    /// The lower-cased path, reused file after file (not merged).
    lower: String,
    /// Content matches of the file at hand (start, signals), reused file after file.
    matches: Vec<(usize, SignalSet)>,
}

impl Default for SignalAcc {
    fn default() -> Self {
        SignalAcc {
            hits: BTreeMap::new(),
            start: crate::aggregate::TopN::new(START_KEPT),
            components: BTreeMap::new(),
            test_files: 0,
            code_files: 0,
            scratch: mask::Masked::default(),
            whole: None,
            lower: String::new(),
            matches: Vec::new(),
        }
    }
}

impl SignalAcc {
    /// The mask [`analyze`] made of the file it last saw, when it lexed the whole file (the
    /// unsafe analyzer reads it instead of lexing the file again).
    pub fn whole_mask(&self) -> Option<(mask::Family, &mask::Masked)> {
        self.whole.map(|f| (f, &self.scratch))
    }

    /// Merges another thread's accumulator.
    pub fn merge(&mut self, o: SignalAcc) {
        self.start.merge(o.start);
        for (id, (n, ex)) in o.hits {
            let e = self.hits.entry(id).or_default();
            e.0 += n;
            for x in ex {
                keep(&mut e.1, x);
            }
        }
        for (k, c) in o.components {
            let e = self.components.entry(k).or_default();
            e.files += c.files;
            e.own_code += c.own_code;
            e.manual_code += c.manual_code;
            e.unsafe_findings += c.unsafe_findings;
            e.exposure += c.exposure;
        }
        self.test_files += o.test_files;
        self.code_files += o.code_files;
    }

    fn hit(&mut self, id: &'static str, at: String) {
        let e = self.hits.entry(id).or_default();
        e.0 += 1;
        keep(&mut e.1, at);
    }
}

fn keep(set: &mut BTreeSet<String>, x: String) {
    set.insert(x);
    if set.len() > EXAMPLES {
        set.pop_last();
    }
}

fn path_matches(rule: &PathRule, rel: &str, lower_rel: &str, name_lower: &str) -> bool {
    match rule {
        PathRule::Name(names) => names.contains(&name_lower),
        // Table suffixes are lower case; a mixed-case one is also compared as written.
        PathRule::Suffix(sfx) => sfx
            .iter()
            .any(|s| lower_rel.ends_with(s) || rel.ends_with(s)),
        PathRule::Dir(dirs) => {
            let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
            !dir.is_empty() && dir.split('/').any(|p| dirs.contains(&p))
        }
        PathRule::Contains(subs) => subs.iter().any(|s| rel.contains(s)),
        PathRule::CodeNamed(subs) => {
            crate::data::signals::CODE_EXTENSIONS
                .iter()
                .any(|e| name_lower.ends_with(e))
                && names_word(rel.rsplit('/').next().unwrap_or(rel), name_lower, subs)
        }
    }
}

/// True when a file name holds one of `words`: inside the name for words of four letters or
/// more; a shorter one (`ssl`, `png`) must begin or end a word of the stem (`ssl_sock.c`,
/// `openssl.c`, `libpng.c`), split at non-alphanumerics and camel case, so
/// `ProcessLocksScreen.c` is no `ssl`. No allocation: the stem is scanned once.
fn names_word(name: &str, name_lower: &str, words: &[&str]) -> bool {
    if words.iter().any(|w| w.len() > 3 && name_lower.contains(w)) {
        return true;
    }
    let stem = name.split('.').next().unwrap_or(name).as_bytes();
    let short = |token: &[u8]| {
        !token.is_empty()
            && words.iter().any(|w| {
                let w = w.as_bytes();
                w.len() <= 3
                    && token.len() >= w.len()
                    && (token[..w.len()].eq_ignore_ascii_case(w)
                        || token[token.len() - w.len()..].eq_ignore_ascii_case(w))
            })
    };
    let mut start = 0;
    for i in 0..=stem.len() {
        let boundary = match stem.get(i) {
            None => true,
            Some(c) if !c.is_ascii_alphanumeric() => true,
            // camelCase: an upper-case letter after a lower-case letter or digit starts a word.
            Some(c) => {
                c.is_ascii_uppercase()
                    && i > 0
                    && (stem[i - 1].is_ascii_lowercase() || stem[i - 1].is_ascii_digit())
            }
        };
        if boundary {
            if short(&stem[start..i]) {
                return true;
            }
            start = if stem.get(i).is_some_and(|c| c.is_ascii_alphanumeric()) {
                i
            } else {
                i + 1
            };
        }
    }
    false
}

/// Which signals select this path: (without content -> hit now, with content -> check bytes).
/// `lower` is a buffer for the lower-cased path, reused across files.
fn select(rel: &str, lower: &mut String) -> (SignalSet, SignalSet) {
    lower.clear();
    lower.push_str(rel);
    lower.make_ascii_lowercase();
    let lower_rel = lower.as_str();
    let name_at = rel.rfind('/').map_or(0, |i| i + 1);
    let name = &lower_rel[name_at..];
    let ix = &*PATHS;
    let mut set: SignalSet = 0;
    if let Some(dot) = name.rfind('.') {
        set |= ix.lower_ext.get(&name[dot..]).copied().unwrap_or(0);
        set |= ix
            .exact_ext
            .get(&rel[name_at + dot..])
            .copied()
            .unwrap_or(0);
    }
    for &(x, b) in &ix.suffixes {
        if set & b == 0 && (lower_rel.ends_with(x) || rel.ends_with(x)) {
            set |= b;
        }
    }
    for &(rule, b) in &ix.rules {
        if set & b == 0 && path_matches(rule, rel, lower_rel, name) {
            set |= b;
        }
    }
    (set & !ix.with_content, set & ix.with_content)
}

/// The rows of a set, in table order.
fn rows(set: SignalSet) -> impl Iterator<Item = (usize, &'static crate::data::signals::SignalDef)> {
    SIGNALS
        .iter()
        .enumerate()
        .filter(move |(i, _)| set & bit(*i) != 0)
}

/// Which signals a file of this role may raise: every signal from product files, project
/// signals (CI, packaging, security practice) from tooling, test and benchmark files, none
/// from fixtures, examples, docs, vendored or generated files.
fn allowed(role: Role) -> SignalSet {
    match role {
        Role::Product => SignalSet::MAX,
        Role::Tooling | Role::Test | Role::Benchmark => PATHS.project,
        _ => 0,
    }
}

/// Matches one read file. Content patterns count only where they start in code: in files of a
/// language with a masking lexer, a match inside a comment or a string literal is not
/// evidence; in other files (configs, scripts), a match on a `#`/`//` comment line is not.
pub fn analyze(input: &FileInput<'_>, acc: &mut SignalAcc) -> FileSignals {
    acc.whole = None;
    let mut out = FileSignals::default();
    let role = input.class.role;
    if !matches!(
        role,
        Role::Product | Role::Tooling | Role::Test | Role::Benchmark
    ) {
        return out;
    }
    let (direct, needs_content) = select(input.rel, &mut acc.lower);
    for (_, sig) in rows(direct & allowed(role)) {
        acc.hit(sig.id, input.rel.to_string());
        out.entry |= sig.id == "cli_entry";
        out.named_parser |= sig.id == PARSER_SIGNAL;
    }
    let needed = needs_content & allowed(role);
    if needed == 0 {
        return out;
    }
    let name_lower = acc.lower.rsplit('/').next().unwrap_or("");
    let Some(matcher) = matcher(needed, dialect(name_lower)) else {
        return out;
    };
    let mut found: BTreeMap<usize, usize> = BTreeMap::new();
    // Content signals live in imports, configs and the first screens of code; searching only
    // each file's head bounds the cost on large generated or data-heavy files.
    let family = input.language.and_then(crate::analyze::unsafety::family);
    let limit = if family.is_some() && role == Role::Product {
        CODE_HEAD
    } else {
        CONTENT_HEAD
    };
    let head = &input.bytes[..input.bytes.len().min(limit)];
    let mut masked = false;
    let mut scratch = std::mem::take(&mut acc.scratch);
    // Every occurrence, then in order of position: a signal's first match in code wins.
    let mut hits = std::mem::take(&mut acc.matches);
    hits.clear();
    matcher.patterns.for_each_match(head, |pattern, start| {
        let owners = matcher.owners.get(pattern).copied().unwrap_or(0);
        if owners != 0 {
            hits.push((start, owners));
        }
    });
    hits.sort_unstable();
    let mut remaining = needed;
    for &(start, owners) in &hits {
        let owners = owners & remaining;
        if owners == 0 {
            continue;
        }
        let in_code = match family {
            Some(f) => {
                if !masked {
                    mask::mask_into(f, head, &mut scratch);
                    masked = true;
                }
                scratch.code.get(start) == head.get(start)
            }
            None => !on_comment_line(head, start),
        };
        if !in_code {
            continue;
        }
        // A library module's `if __name__ == "__main__":` demo is not a shipped CLI.
        let owners = if family == Some(mask::Family::Python)
            && owners & *MAIN_GUARDED != 0
            && under_main_guard(head, start)
        {
            owners & !*MAIN_GUARDED
        } else {
            owners
        };
        if owners == 0 {
            continue;
        }
        for (i, _) in rows(owners) {
            found.insert(i, start);
        }
        remaining &= !owners;
        if remaining == 0 {
            break;
        }
    }
    acc.matches = hits;
    acc.scratch = scratch;
    if masked && head.len() == input.bytes.len() {
        acc.whole = family;
    }
    for (i, start) in found {
        if let Some(s) = SIGNALS.get(i) {
            let line = memchr::memchr_iter(b'\n', &head[..start]).count() + 1;
            acc.hit(s.id, format!("{}:{line}", input.rel));
            out.network |= s.id == "network_server";
            out.entry |= s.id == "cli_main";
        }
    }
    out
}

/// Signals a Python match does not raise from inside a module's `if __name__ == "__main__":`
/// block (`import argparse` in a library module's demo, as in `rich/json.py`).
const MAIN_GUARD_SIGNALS: &[&str] = &["cli_framework"];

static MAIN_GUARDED: LazyLock<SignalSet> = LazyLock::new(|| {
    SIGNALS
        .iter()
        .enumerate()
        .filter(|(_, s)| MAIN_GUARD_SIGNALS.contains(&s.id))
        .fold(0, |set, (i, _)| set | bit(i))
});

/// True when byte `at` of Python source lies in the body of a top-level
/// `if __name__ == "__main__":` block (indented lines after it, no top-level statement between).
fn under_main_guard(bytes: &[u8], at: usize) -> bool {
    let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    if !bytes[line_start..at]
        .first()
        .is_some_and(|b| *b == b' ' || *b == b'\t')
    {
        return false;
    }
    // Walk up: the first top-level line above decides.
    let mut end = line_start;
    while end > 0 {
        let start = memchr::memrchr(b'\n', &bytes[..end - 1]).map_or(0, |i| i + 1);
        let line = &bytes[start..end - 1];
        match line.first() {
            None | Some(b' ' | b'\t' | b'\r' | b'#') => {}
            Some(_) => {
                return line.starts_with(b"if __name__")
                    && line.windows(8).any(|w| w == b"__main__");
            }
        }
        end = start;
    }
    false
}

/// True when the line holding `at` starts (after blanks) with a comment marker.
fn on_comment_line(bytes: &[u8], at: usize) -> bool {
    let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    let line = bytes[start..].trim_ascii_start();
    [&b"#"[..], b"//", b";", b"--", b"<!--", b"/*", b"*"]
        .iter()
        .any(|p| line.starts_with(p))
}

/// Matches a file by its path only (it was not read: binary or too large).
pub fn observe_path(rel: &str, role: Role, acc: &mut SignalAcc) {
    let (direct, _) = select(rel, &mut acc.lower);
    for (_, s) in rows(direct & allowed(role)) {
        acc.hit(s.id, rel.to_string());
    }
}

/// The component a path belongs to: its first directory, or the first two under the usual
/// source roots (`src/net`, `crates/core`, `internal/api`); "(root)" for top-level files.
pub fn component_of(rel: &str) -> String {
    let mut parts: Vec<&str> = rel.split('/').collect();
    parts.pop();
    match parts.as_slice() {
        [] => "(root)".to_string(),
        [first, second, ..]
            if matches!(
                *first,
                "src"
                    | "lib"
                    | "pkg"
                    | "internal"
                    | "app"
                    | "apps"
                    | "packages"
                    | "crates"
                    | "modules"
                    | "cmd"
                    | "services"
                    | "source"
                    | "libs"
            ) =>
        {
            format!("{first}/{second}")
        }
        [first, ..] => (*first).to_string(),
    }
}

/// Notes a counted file's own code for component ranking.
pub fn observe_code(
    input: &FileInput<'_>,
    model: MemoryModel,
    code_lines: u64,
    unsafe_findings: u64,
    file: FileSignals,
    calls: crate::analyze::unsafety::FileCalls,
    acc: &mut SignalAcc,
) {
    if input.class.vendored || input.class.generated || model == MemoryModel::None {
        return;
    }
    if !input.class.product() {
        acc.test_files += u64::from(input.class.role == Role::Test);
        return;
    }
    acc.code_files += 1;
    // A manual-memory file that parses input is parser code whatever its name (`load.c`
    // defining `parse_value`, `parse_object`, ...): the same evidence the path rule reads.
    if model == MemoryModel::Manual && file.parsing == Parsing::Parser && !file.named_parser {
        acc.hit(PARSER_SIGNAL, input.rel.to_string());
    }
    let exposed = file.parser() || file.network || has_network_name(input.rel);
    let c = acc.components.entry(component_of(input.rel)).or_default();
    c.files += 1;
    c.own_code += code_lines;
    if model == MemoryModel::Manual {
        c.manual_code += code_lines;
    }
    c.unsafe_findings += unsafe_findings;
    c.exposure += u64::from(exposed);
    if model == MemoryModel::Manual && code_lines > 0 {
        start_candidate(input.rel, code_lines, unsafe_findings, file, calls, acc);
    }
}

/// Ranks a product file in a manual-memory language for "where to start": exposure (network >
/// format parser > local) x risky calls x size ([`start_rank`]). Nothing under 1,000 lines unless it is
/// an exposed file with findings.
fn start_candidate(
    rel: &str,
    code: u64,
    findings: u64,
    file: FileSignals,
    calls: crate::analyze::unsafety::FileCalls,
    acc: &mut SignalAcc,
) {
    let parser = file.parser();
    let network = file.network || has_network_name(rel);
    if code < crate::analyze::unsafety::START_CANDIDATE_LINES
        && (!(parser || network) || findings == 0)
    {
        return;
    }
    let mut key = StartKey {
        rank: 0,
        path: std::cmp::Reverse(rel.to_string()),
        code,
        findings,
        parsing: file.parsing,
        network,
        calls,
    };
    // Provisional rank: as if the project were network-facing (the highest a file can get).
    key.rank = start_rank(&key, true);
    acc.start.push(key);
}

/// Definitions of parsing functions in a C-like file (`int http_parse(`, `static void
/// decode_chunk(`, `static int zip_read_header(`): an identifier holding `parse`, `decode`,
/// `unpack` or `read_header`, directly followed by `(` and preceded by a type name (not a
/// call, which follows `(`, `=`, `return`, ...).
fn parse_functions(bytes: &[u8]) -> usize {
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut n = 0;
    for word in [&b"parse"[..], b"decode", b"unpack", b"read_header"] {
        for at in memchr::memmem::find_iter(bytes, word) {
            let mut e = at + word.len();
            while e < bytes.len() && ident(bytes[e]) {
                e += 1;
            }
            if bytes.get(e) != Some(&b'(') {
                continue;
            }
            let mut s = at;
            while s > 0 && ident(bytes[s - 1]) {
                s -= 1;
            }
            let mut p = s;
            while p > 0 && matches!(bytes[p - 1], b' ' | b'\t' | b'*' | b'\n') {
                p -= 1;
            }
            let mut t = p;
            while t > 0 && ident(bytes[t - 1]) {
                t -= 1;
            }
            let prev = &bytes[t..p];
            if !prev.is_empty() && prev != b"return" && prev != b"else" {
                n += 1;
            }
        }
    }
    n
}

/// The start-here candidates, best first, ranked with the project's exposure and wrappers now
/// known: a file's call sites of the project's wrappers (`ngx_cpymem` -> `memcpy`) count as
/// its risky calls, as they do in the language totals.
pub fn start_files(
    acc: &mut SignalAcc,
    wrappers: &std::collections::HashSet<&str>,
) -> Vec<StartFile> {
    let network_project = acc.hits.contains_key("network_server");
    let mut keys: Vec<StartKey> =
        std::mem::replace(&mut acc.start, crate::aggregate::TopN::new(START_KEPT))
            .into_sorted_desc();
    for k in &mut keys {
        let through: u64 = std::mem::take(&mut k.calls)
            .iter()
            .filter(|(name, _)| wrappers.contains(&**name))
            .map(|(_, n)| n)
            .sum();
        k.findings += through;
        k.rank = start_rank(k, network_project);
    }
    keys.sort_by(|a, b| b.cmp(a));
    keys.into_iter()
        .take(START_FILES)
        .map(|k| StartFile {
            exposure: exposure(k.parsing != Parsing::None, k.network, network_project).to_string(),
            path: k.path.0,
            code: k.code,
            findings: k.findings,
            rank: k.rank,
        })
        .collect()
}

/// Builds the report's signal list (sorted by id), test/code file counts and components.
pub fn finish(acc: SignalAcc) -> (Vec<SignalHit>, (u64, u64), Vec<ComponentStats>) {
    let mut hits: Vec<SignalHit> = acc
        .hits
        .into_iter()
        .map(|(id, (count, ex))| SignalHit {
            id: id.to_string(),
            count,
            examples: ex.into_iter().collect(),
        })
        .collect();
    hits.sort_by(|a, b| a.id.cmp(&b.id));
    let mut comps: Vec<ComponentStats> = acc
        .components
        .into_iter()
        .map(|(path, c)| ComponentStats {
            path,
            files: c.files,
            own_code: c.own_code,
            manual_code: c.manual_code,
            unsafe_findings: c.unsafe_findings,
            exposed_files: c.exposure,
            kind: "directory".into(),
            declared_by: None,
            role: "product".into(),
            languages: Vec::new(),
            product_code: c.own_code,
            memory_unsafe_share: if c.own_code > 0 {
                crate::round4(c.manual_code as f64 / c.own_code as f64)
            } else {
                0.0
            },
            findings: c.unsafe_findings,
            exposure: if c.exposure > 0 { "format" } else { "none" }.into(),
            entry_points: Vec::new(),
            verdict: None,
            score: None,
        })
        .collect();
    comps.sort_by(|a, b| {
        b.own_code
            .cmp(&a.own_code)
            .then_with(|| a.path.cmp(&b.path))
    });
    comps.truncate(COMPONENTS);
    (hits, (acc.test_files, acc.code_files), comps)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::FileClass;
    use proptest::prelude::*;

    fn hits(rel: &str, bytes: &str) -> Vec<String> {
        hits_in(rel, bytes, None)
    }

    /// [`hits`] for a file of `language` (masked by its lexer, when it has one).
    fn hits_in(rel: &str, bytes: &str, language: Option<tokei::LanguageType>) -> Vec<String> {
        let mut acc = SignalAcc::default();
        let input = FileInput {
            path: std::path::Path::new(rel),
            rel,
            bytes: bytes.as_bytes(),
            language,
            class: FileClass::default(),
        };
        analyze(&input, &mut acc);
        finish(acc).0.into_iter().map(|h| h.id).collect()
    }

    /// The signals a product file raises through `analyze` and `observe_code`, as the
    /// pipeline calls them.
    fn code_hits(rel: &str, src: &str, model: MemoryModel) -> Vec<(String, u64)> {
        let mut acc = SignalAcc::default();
        let input = FileInput {
            path: std::path::Path::new(rel),
            rel,
            bytes: src.as_bytes(),
            language: None,
            class: FileClass::new(Role::Product, false, true),
        };
        let mut file = analyze(&input, &mut acc);
        file.parsing = parsing(rel, src.as_bytes(), model == MemoryModel::Manual);
        observe_code(&input, model, 10, 0, file, Vec::new(), &mut acc);
        finish(acc).0.into_iter().map(|h| (h.id, h.count)).collect()
    }

    #[test]
    fn a_c_file_defining_parse_functions_is_parser_code_once() {
        let defs = "static int parse_value(lex_t *l) {}\nstatic int parse_object(lex_t *l) {}\n\
                    static int parse_array(lex_t *l) {}\n";
        let parser = ("parser_code".to_string(), 1);
        assert!(code_hits("src/load.c", defs, MemoryModel::Manual).contains(&parser));
        // Named a parser: raised by its path, not a second time by its definitions.
        assert!(code_hits("src/json_parse.c", defs, MemoryModel::Manual).contains(&parser));
        // Calls are not definitions; garbage-collected code is not searched for them.
        let calls = "x = parse_value(l);\ny = parse_object(l);\nreturn parse_array(l);\n";
        assert!(
            !code_hits("src/load.c", calls, MemoryModel::Manual)
                .iter()
                .any(|h| h.0 == "parser_code")
        );
        assert!(
            !code_hits("src/load.py", defs, MemoryModel::Gc)
                .iter()
                .any(|h| h.0 == "parser_code")
        );
    }

    #[test]
    fn archive_and_compression_readers_are_parsers_by_name() {
        for rel in [
            "libarchive/archive_read_support_format_zip.c",
            "libarchive/archive_read_support_format_rar5.c",
            "libarchive/archive_read_support_format_tar.c",
            "src/formats/ar.c",
            "lib/decompress_lzma.c",
            "lib/decompress/zstd_decompress_block.c",
            "libarchive/archive_read_support_filter_xz.c",
            "src/elf.c",
        ] {
            assert_eq!(parsing(rel, b"", false), Parsing::Parser, "{rel}");
        }
        // Short format names only as whole tokens.
        for rel in [
            "src/start.c",
            "lib/library.c",
            "src/vocabulary.c",
            "src/self.c",
            "libarchive/archive_write_set_format_zip.c",
            "libarchive/archive_write_add_filter_xz.c",
            "src/json_encode.c",
            "lib/compress/zstd_compress.c",
            "programs/benchzstd.c",
        ] {
            assert_eq!(parsing(rel, b"", false), Parsing::None, "{rel}");
        }
        let zip = b"static int\nzip_read_header(struct archive_read *a)\n{\n";
        assert_eq!(parsing("src/x.c", zip, true), Parsing::Helper);
        assert_eq!(
            parsing("src/x.c", b"    return zip_read_header(a);\n", true),
            Parsing::None
        );
        let three = b"int\nhdr_parse(char *p)\n{}\nstatic int body_parse(char *p) {}\nvoid chunk_decode(void) {}\n";
        assert_eq!(parsing("src/x.c", three, true), Parsing::Parser);
        assert_eq!(parsing("src/x.c", three, false), Parsing::None);
    }

    fn key(code: u64, findings: u64, parser: bool, strong: bool, network: bool) -> StartKey {
        let parsing = match (parser, strong) {
            (false, _) => Parsing::None,
            (true, false) => Parsing::Helper,
            (true, true) => Parsing::Parser,
        };
        StartKey {
            rank: 0,
            path: std::cmp::Reverse(String::new()),
            code,
            findings,
            parsing,
            network,
            calls: Vec::new(),
        }
    }

    #[test]
    fn a_large_central_parser_starts_before_small_helpers() {
        // 3,000 lines and 12 risky calls (a low density) against 200 lines with 5 calls.
        let central = start_rank(&key(3000, 12, true, true, false), true);
        let helper = start_rank(&key(200, 5, true, true, false), true);
        assert!(central > helper, "{central} <= {helper}");
        // A file that only defines a parse helper ranks below a parser of the same size.
        let by_name = start_rank(&key(800, 10, true, true, false), false);
        let one_helper = start_rank(&key(800, 10, true, false, false), false);
        assert!(by_name > one_helper, "{by_name} <= {one_helper}");
        // Code that reads sockets stays above local code; risky calls saturate.
        assert!(
            start_rank(&key(800, 10, false, false, true), false)
                > start_rank(&key(800, 10, false, false, false), false)
        );
        assert_eq!(
            start_rank(&key(800, 30, true, true, false), true),
            start_rank(&key(800, 300, true, true, false), true)
        );
    }

    #[test]
    fn configuration_readers_are_not_parsers_and_saturated_ranks_tie_by_risky_calls() {
        let defs = b"int parse_a(x) {}\nint parse_b(x) {}\nint parse_c(x) {}\n";
        for rel in [
            "src/cfgparse-listen.c",
            "readconf.c",
            "src/conf.c",
            "apps/options.c",
            "src/configfile.c",
        ] {
            assert_eq!(parsing(rel, defs, true), Parsing::None, "{rel}");
        }
        assert_eq!(parsing("src/h1.c", defs, true), Parsing::Parser);
        assert_eq!(parsing("src/confirm.c", defs, true), Parsing::Parser);
        // Both saturate the rank (network parsers, 30+ calls, 400+ lines): more calls first,
        // whatever the alphabet says.
        let mut acc = SignalAcc::default();
        for (path, findings) in [("add-patch.c", 47), ("pkt-line.c", 140)] {
            let mut k = key(1700, findings, true, true, true);
            k.path = std::cmp::Reverse(path.to_string());
            acc.start.push(k);
        }
        let files = start_files(&mut acc, &Default::default());
        assert_eq!(files[0].rank, files[1].rank);
        assert_eq!(files[0].path, "pkt-line.c");
    }

    #[test]
    fn wrapper_call_sites_count_as_a_start_files_risky_calls() {
        // The HTTP parser copies through the project's `ngx_cpymem` (a `memcpy` wrapper found
        // in another file): 0 catalogue calls, 40 wrapper call sites.
        let mut acc = SignalAcc::default();
        let mut parser = key(2000, 0, true, true, false);
        parser.path = std::cmp::Reverse("src/http/parse.c".to_string());
        parser.calls = vec![("ngx_cpymem".into(), 40), ("ngx_log".into(), 90)];
        let mut strings = key(1400, 3, true, true, false);
        strings.path = std::cmp::Reverse("src/core/string.c".to_string());
        for k in [parser, strings] {
            acc.start.push(k);
        }
        let wrappers: std::collections::HashSet<&str> = ["ngx_cpymem"].into_iter().collect();
        let files = start_files(&mut acc, &wrappers);
        assert_eq!(files[0].path, "src/http/parse.c");
        assert_eq!(files[0].findings, 40);
        // Unknown as wrappers, the same calls count for nothing.
        let mut acc = SignalAcc::default();
        let mut parser = key(2000, 0, true, true, false);
        parser.calls = vec![("ngx_cpymem".into(), 40)];
        acc.start.push(parser);
        assert_eq!(start_files(&mut acc, &Default::default())[0].findings, 0);
    }

    #[test]
    fn the_whole_mask_is_offered_only_when_the_whole_file_was_masked() {
        let py = Some(tokei::LanguageType::Python);
        let masked_after = |src: &str| {
            let mut acc = SignalAcc::default();
            let input = FileInput {
                path: std::path::Path::new("tool/cli.py"),
                rel: "tool/cli.py",
                bytes: src.as_bytes(),
                language: py,
                class: FileClass::new(Role::Product, false, true),
            };
            analyze(&input, &mut acc);
            acc.whole_mask().map(|(f, m)| (f, m.clone()))
        };
        let cli = "import argparse  # the CLI\np = argparse.ArgumentParser()\n";
        let mut fresh = mask::Masked::default();
        mask::mask_into(mask::Family::Python, cli.as_bytes(), &mut fresh);
        assert_eq!(masked_after(cli), Some((mask::Family::Python, fresh)));
        // Nothing matched, nothing masked: nothing to offer.
        assert_eq!(masked_after("x = 1\n"), None);
        // Only the head was masked: not the whole file.
        let long = format!("{cli}{}", "x = 1\n".repeat(CODE_HEAD));
        assert_eq!(masked_after(&long), None);
    }

    #[test]
    fn argparse_in_a_modules_main_guard_is_not_a_cli_framework() {
        let py = Some(tokei::LanguageType::Python);
        let demo = "import json\n\ndef f():\n    pass\n\nif __name__ == \"__main__\":  # demo\n    import argparse\n    p = argparse.ArgumentParser()\n";
        assert!(!hits_in("rich/json.py", demo, py).contains(&"cli_framework".to_string()));
        let cli = "import argparse\n\ndef main():\n    p = argparse.ArgumentParser()\n\nif __name__ == '__main__':\n    main()\n";
        assert!(hits_in("tool/cli.py", cli, py).contains(&"cli_framework".to_string()));
        // A top-level statement after the guard ends its block.
        let after = "if __name__ == '__main__':\n    pass\nx = 1\ndef g():\n    import argparse\n";
        assert!(hits_in("tool/g.py", after, py).contains(&"cli_framework".to_string()));
        assert!(!under_main_guard(b"", 0));
    }

    #[test]
    fn a_typed_array_allocated_is_compute_a_typed_array_named_is_not() {
        let c = "compute_kernels".to_string();
        let named =
            "export const converters = { Float64Array: (v: unknown) => v as Float64Array };\n";
        assert!(!hits("lib/webidl/index.ts", named).contains(&c));
        assert!(hits("src/fft.ts", "const re = new Float64Array(size);\n").contains(&c));
    }

    #[test]
    fn short_parser_names_match_whole_words_of_the_file_name() {
        let p = "parser_code".to_string();
        for rel in [
            "src/ssl_sock.c",
            "lib/openssl.c",
            "libpng.c",
            "src/vtls/gnutls.c",
            "src/SslStream.cpp",
        ] {
            assert!(hits(rel, "").contains(&p), "{rel}");
        }
        for rel in [
            "ProcessLocksScreen.c",
            "zfs/ZfsCompressedArcMeter.c",
            "src/settlement.c",
        ] {
            assert!(!hits(rel, "").contains(&p), "{rel}");
        }
        assert!(hits("lib/decompress.c", "").contains(&p));
    }

    #[test]
    fn gnu_style_main_is_an_entry_point() {
        let m = "cli_main".to_string();
        assert!(hits("lua.c", "int main (int argc, char **argv) {\n}\n").contains(&m));
        assert!(hits("src/tool.c", "int\nmain (int argc, char **argv)\n{\n}\n").contains(&m));
        assert!(!hits("src/lib.c", "static int pmain (lua_State *L) {}\n").contains(&m));
    }

    #[test]
    fn path_and_content_rules() {
        assert_eq!(hits("SECURITY.md", "report"), vec!["security_policy"]);
        assert!(
            hits("src/server.c", "int fd = epoll_create1(0);")
                .contains(&"network_server".to_string())
        );
        assert!(
            hits("cmd/api/main.go", "debug.SetGCPercent(200)").contains(&"gc_tuning".to_string())
        );
        assert!(hits("shop/migrations/0001_initial.py", "").contains(&"migrations".to_string()));
        assert!(hits("src/plain.c", "int x;").is_empty());
        assert_eq!(hits("board/STM32.ld", ""), vec!["linker_script"]);
        // A pattern in one language's syntax counts in that language's files only.
        assert!(hits("tool/cli.py", "import argparse\n").contains(&"cli_framework".to_string()));
        assert!(!hits("src/cli.rs", "import argparse\n").contains(&"cli_framework".to_string()));
        assert!(hits("src/cli.rs", "use clap::Parser;\n").contains(&"cli_framework".to_string()));
        assert!(
            hits("src/main.rs", "use docopt::Docopt;\n").contains(&"cli_framework".to_string())
        );
        assert!(
            hits("tool/cli.py", "from docopt import docopt\n")
                .contains(&"cli_framework".to_string())
        );
        assert!(
            !hits("src/cli.rs", "// use docopt::Docopt;\n").contains(&"cli_framework".to_string())
        );
    }

    /// The path selection as first written: every rule of every signal checked in turn.
    fn select_reference(rel: &str) -> (SignalSet, SignalSet) {
        let lower_rel = rel.to_ascii_lowercase();
        let name = lower_rel.rsplit('/').next().unwrap_or(&lower_rel);
        let (mut direct, mut content) = (0, 0);
        for (i, s) in SIGNALS.iter().enumerate() {
            if s.paths.iter().any(|r| match r {
                PathRule::Suffix(sfx) => sfx
                    .iter()
                    .any(|x| lower_rel.ends_with(x) || rel.ends_with(x)),
                other => path_matches(other, rel, &lower_rel, name),
            }) {
                if s.content.is_empty() {
                    direct |= bit(i);
                } else {
                    content |= bit(i);
                }
            }
        }
        (direct, content)
    }

    /// The content search as first written, without an automaton: for each signal, the first
    /// position in code where one of its patterns starts.
    fn content_reference(rel: &str, bytes: &[u8], needed: SignalSet) -> BTreeMap<usize, usize> {
        let mut found = BTreeMap::new();
        let d = dialect(&rel.to_ascii_lowercase());
        for (i, sig) in rows(needed) {
            let applies = |p: &&&str| PATTERN_DIALECT.get(**p).is_none_or(|x| *x == d);
            let first = (0..bytes.len()).find(|&at| {
                sig.content
                    .iter()
                    .filter(applies)
                    .any(|p| bytes[at..].starts_with(p.as_bytes()))
                    && !on_comment_line(bytes, at)
            });
            if let Some(at) = first {
                found.insert(i, at);
            }
        }
        found
    }

    /// Path pieces from the table itself, so generated paths hit its rules.
    fn path_piece() -> impl Strategy<Value = String> {
        let mut pieces: Vec<String> = vec!["src".into(), "a".into(), "x.".into(), "/".into()];
        for s in SIGNALS {
            for r in s.paths {
                let list: &[&str] = match r {
                    PathRule::Name(x)
                    | PathRule::Suffix(x)
                    | PathRule::Dir(x)
                    | PathRule::Contains(x)
                    | PathRule::CodeNamed(x) => x,
                };
                pieces.extend(list.iter().map(|p| p.to_string()));
                pieces.extend(list.iter().map(|p| p.to_ascii_uppercase()));
            }
        }
        proptest::sample::select(pieces)
    }

    fn content_piece() -> impl Strategy<Value = String> {
        let mut pieces: Vec<String> = ["\n", "// ", "# ", " ", "x", "(", ":"]
            .iter()
            .map(|p| p.to_string())
            .collect();
        for s in SIGNALS {
            pieces.extend(s.content.iter().map(|p| p.to_string()));
            pieces.extend(
                s.content
                    .iter()
                    .filter_map(|p| p.get(..p.len() / 2).map(String::from)),
            );
        }
        proptest::sample::select(pieces)
    }

    proptest! {
        #[test]
        fn path_index_selects_as_every_rule_would(
            parts in proptest::collection::vec(path_piece(), 1..6),
        ) {
            let rel = parts.concat();
            prop_assert_eq!(select(&rel, &mut String::new()), select_reference(&rel));
        }

        /// Files without a masking lexer (configs, Makefiles): the automata, resumed after
        /// each match, find what a position-by-position search finds.
        #[test]
        fn content_search_finds_each_signals_first_match(
            name in proptest::sample::select(vec![
                "Makefile", ".github/workflows/ci.yml", "Dockerfile", "k8s/app.yaml",
                "package.json", "requirements.txt", "build.gradle", "Cargo.toml",
            ]),
            parts in proptest::collection::vec(content_piece(), 0..24),
        ) {
            let text = parts.concat();
            let mut acc = SignalAcc::default();
            let input = FileInput {
                path: std::path::Path::new(name),
                rel: name,
                bytes: text.as_bytes(),
                language: None,
                class: FileClass::default(),
            };
            analyze(&input, &mut acc);
            let (_, needs) = select(name, &mut String::new());
            let expected = content_reference(name, text.as_bytes(), needs);
            let got: BTreeMap<&str, Vec<String>> = acc
                .hits
                .iter()
                .filter(|(id, _)| SIGNALS.iter().any(|s| s.id == **id && !s.content.is_empty()))
                .map(|(id, (_, ex))| (*id, ex.iter().cloned().collect()))
                .collect();
            let want: BTreeMap<&str, Vec<String>> = expected
                .iter()
                .map(|(i, at)| {
                    let line = text.as_bytes()[..*at].iter().filter(|b| **b == b'\n').count() + 1;
                    (SIGNALS[*i].id, vec![format!("{name}:{line}")])
                })
                .collect();
            prop_assert_eq!(got, want);
        }
    }

    /// The largest set of signals, all of them, builds its automaton in every dialect (a set
    /// that failed to build would skip a file's content signals silently; every set a file can
    /// need is a subset of this one).
    #[test]
    fn the_full_signal_set_builds_its_automaton_in_every_dialect() {
        let all: SignalSet = (0..SIGNALS.len()).fold(0, |a, i| a | bit(i));
        let dialects = (0..PATTERN_LANGUAGES.len()).map(|d| u8::try_from(d).unwrap());
        for d in dialects.chain([NO_DIALECT]) {
            assert!(ContentMatcher::new(all, d).is_some(), "dialect {d}");
        }
        let every: Vec<&str> = SIGNALS
            .iter()
            .flat_map(|s| s.content.iter().copied())
            .collect();
        assert!(Patterns::new(every).is_some());
    }

    #[test]
    fn components() {
        assert_eq!(component_of("src/net/http.c"), "src/net");
        assert_eq!(component_of("deps/x.c"), "deps");
        assert_eq!(component_of("main.c"), "(root)");
    }
}
