//! Project signals: the matcher over `data::signals::SIGNALS`, fed by the one-pass walk, plus
//! per-component code facts for "where to start". Path rules are checked first; a file's bytes
//! are searched (one aho-corasick automaton built once for every content pattern) only when a
//! signal with content patterns selected it. Vendored files are ignored.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use crate::analyze::FileInput;
use crate::data::signals::{PathRule, SIGNALS};
use crate::report::model::{ComponentStats, MemoryModel, SignalHit};

/// Example paths kept per signal.
pub const EXAMPLES: usize = 5;
/// Bytes of each file searched for content patterns.
pub const CONTENT_HEAD: usize = 32 * 1024;
/// Components reported.
pub const COMPONENTS: usize = 40;

/// (automaton over every content pattern, signal index of each pattern)
static CONTENT: LazyLock<Option<(AhoCorasick, Vec<usize>)>> = LazyLock::new(|| {
    let mut pats = Vec::new();
    let mut owner = Vec::new();
    for (i, s) in SIGNALS.iter().enumerate() {
        for p in s.content {
            pats.push(*p);
            owner.push(i);
        }
    }
    // A DFA: the fastest search kind, affordable for a few hundred short patterns.
    AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(pats)
        .or_else(|_| AhoCorasick::new(SIGNALS.iter().flat_map(|s| s.content.iter())))
        .ok()
        .map(|ac| (ac, owner))
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

/// Signal hits accumulated across files.
#[derive(Debug, Clone, Default)]
pub struct SignalAcc {
    hits: BTreeMap<&'static str, (u64, BTreeSet<String>)>,
    components: BTreeMap<String, Component>,
    test_files: u64,
    code_files: u64,
}

impl SignalAcc {
    /// Merges another thread's accumulator.
    pub fn merge(&mut self, o: SignalAcc) {
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

    fn hit(&mut self, id: &'static str, rel: &str) {
        let e = self.hits.entry(id).or_default();
        e.0 += 1;
        keep(&mut e.1, rel.to_string());
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
                && subs.iter().any(|s| name_lower.contains(s))
        }
    }
}

/// Which signals select this path: (without content -> hit now, with content -> check bytes).
fn select(rel: &str) -> (Vec<usize>, Vec<usize>) {
    let lower_rel = rel.to_ascii_lowercase();
    let name = lower_rel.rsplit('/').next().unwrap_or(&lower_rel);
    let mut direct = Vec::new();
    let mut needs_content = Vec::new();
    for (i, s) in SIGNALS.iter().enumerate() {
        if s.paths
            .iter()
            .any(|r| path_matches(r, rel, &lower_rel, name))
        {
            if s.content.is_empty() {
                direct.push(i);
            } else {
                needs_content.push(i);
            }
        }
    }
    (direct, needs_content)
}

/// Matches one read file.
pub fn analyze(input: &FileInput<'_>, acc: &mut SignalAcc) {
    if input.class.vendored {
        return;
    }
    let (direct, needs_content) = select(input.rel);
    for i in direct {
        if let Some(s) = SIGNALS.get(i) {
            acc.hit(s.id, input.rel);
        }
    }
    if needs_content.is_empty() {
        return;
    }
    let Some((ac, owner)) = CONTENT.as_ref() else {
        return;
    };
    let mut found: BTreeSet<usize> = BTreeSet::new();
    // Content signals live in imports, configs and the first screens of code; searching only
    // each file's head bounds the cost on large generated or data-heavy files.
    let head = &input.bytes[..input.bytes.len().min(CONTENT_HEAD)];
    for m in ac.find_iter(head) {
        let Some(&sig) = owner.get(m.pattern().as_usize()) else {
            continue;
        };
        if needs_content.contains(&sig) {
            found.insert(sig);
            if found.len() == needs_content.len() {
                break;
            }
        }
    }
    for i in found {
        if let Some(s) = SIGNALS.get(i) {
            acc.hit(s.id, input.rel);
        }
    }
}

/// Matches a file by its path only (it was not read: binary or too large).
pub fn observe_path(rel: &str, acc: &mut SignalAcc) {
    let (direct, _) = select(rel);
    for i in direct {
        if let Some(s) = SIGNALS.get(i) {
            acc.hit(s.id, rel);
        }
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
    acc: &mut SignalAcc,
) {
    if input.class.vendored || input.class.generated || model == MemoryModel::None {
        return;
    }
    acc.code_files += 1;
    if input.class.test {
        acc.test_files += 1;
        return;
    }
    let exposed = {
        let lower = input.rel.to_ascii_lowercase();
        [
            "pars", "lexer", "decod", "codec", "net", "http", "socket", "protocol", "server",
            "request", "tokeniz",
        ]
        .iter()
        .any(|k| lower.contains(k))
    };
    let c = acc.components.entry(component_of(input.rel)).or_default();
    c.files += 1;
    c.own_code += code_lines;
    if model == MemoryModel::Manual {
        c.manual_code += code_lines;
    }
    c.unsafe_findings += unsafe_findings;
    c.exposure += u64::from(exposed);
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

    fn hits(rel: &str, bytes: &str) -> Vec<String> {
        let mut acc = SignalAcc::default();
        let input = FileInput {
            path: std::path::Path::new(rel),
            rel,
            bytes: bytes.as_bytes(),
            language: None,
            class: FileClass::default(),
        };
        analyze(&input, &mut acc);
        finish(acc).0.into_iter().map(|h| h.id).collect()
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
    }

    #[test]
    fn components() {
        assert_eq!(component_of("src/net/http.c"), "src/net");
        assert_eq!(component_of("deps/x.c"), "deps");
        assert_eq!(component_of("main.c"), "(root)");
    }
}
