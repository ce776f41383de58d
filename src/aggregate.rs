//! Streaming aggregation: per-thread [`Totals`] merged associatively at the end of the walk, so
//! memory depends on the number of languages, directories with headers and the bounded lists,
//! never on the number of files. Order of merging never changes the result.

use std::collections::{BTreeMap, BTreeSet};

use tokei::LanguageType;

use crate::analyze::FileClass;
use crate::analyze::deps::DepsAcc;
use crate::analyze::languages::LangAcc;
use crate::analyze::signals::SignalAcc;
use crate::analyze::unsafety::UnsafeAcc;
use crate::report::model::Warning;

/// Everything one walker thread accumulates.
#[derive(Debug, Default)]
pub struct Totals {
    /// Files read and analysed.
    pub files: u64,
    /// Bytes read.
    pub bytes: u64,
    /// Files not analysed, by reason.
    pub skipped: BTreeMap<&'static str, u64>,
    /// Line counts per language.
    pub languages: BTreeMap<LanguageType, LangAcc>,
    /// C header attribution facts.
    pub headers: HeaderAcc,
    /// Unsafe findings.
    pub unsafety: UnsafeAcc,
    /// Dependencies.
    pub deps: DepsAcc,
    /// Signals.
    pub signals: SignalAcc,
    /// Files and code per role.
    pub roles: crate::roles::RoleAcc,
    /// Per-directory facts and component roots.
    pub components: crate::analyze::components::ComponentAcc,
    /// Warnings (bounded).
    pub warnings: Warnings,
}

impl Totals {
    /// Merges another thread's totals into this one.
    pub fn merge(&mut self, o: Totals) {
        self.files += o.files;
        self.bytes += o.bytes;
        for (k, v) in o.skipped {
            *self.skipped.entry(k).or_default() += v;
        }
        for (l, acc) in o.languages {
            self.languages.entry(l).or_default().merge(acc);
        }
        self.headers.merge(o.headers);
        self.unsafety.merge(o.unsafety);
        self.deps.merge(o.deps);
        self.signals.merge(o.signals);
        self.roles.merge(o.roles);
        self.components.merge(o.components);
        self.warnings.merge(o.warnings);
    }

    /// Counts a skipped file under `reason`.
    pub fn skip(&mut self, reason: &'static str) {
        *self.skipped.entry(reason).or_default() += 1;
    }
}

/// The most warnings kept in the list; counts per kind stay exact.
pub const WARNINGS_CAP: usize = 200;

/// Warnings: exact counts per kind, and the [`WARNINGS_CAP`] smallest by (path, kind, message),
/// which is deterministic whatever the thread interleaving.
#[derive(Debug, Default, Clone)]
pub struct Warnings {
    /// Kept warnings.
    pub kept: BTreeSet<Warning>,
    /// All warnings per kind.
    pub counts: BTreeMap<String, u64>,
}

impl Warnings {
    /// Records a warning.
    pub fn push(&mut self, path: &str, kind: &str, message: impl Into<String>) {
        *self.counts.entry(kind.to_string()).or_default() += 1;
        self.keep(Warning {
            path: path.to_string(),
            kind: kind.to_string(),
            message: message.into(),
        });
    }

    fn keep(&mut self, w: Warning) {
        self.kept.insert(w);
        if self.kept.len() > WARNINGS_CAP {
            self.kept.pop_last();
        }
    }

    /// Merges another set.
    pub fn merge(&mut self, o: Warnings) {
        for (k, v) in o.counts {
            *self.counts.entry(k).or_default() += v;
        }
        for w in o.kept {
            self.keep(w);
        }
    }
}

/// Adds `n` to `key`'s count, allocating the key only the first time it is seen.
pub fn add_to(map: &mut BTreeMap<String, u64>, key: &str, n: u64) {
    match map.get_mut(key) {
        Some(c) => *c += n,
        None => {
            map.insert(key.to_string(), n);
        }
    }
}

/// Inserts `v` under `k` unless a smaller value is already there: deterministic whatever the
/// order in which threads and files arrive (the smallest candidate wins).
pub fn keep_min<K: Ord, V: Ord>(map: &mut BTreeMap<K, V>, k: K, v: V) {
    match map.get(&k) {
        Some(old) if *old <= v => {}
        _ => {
            map.insert(k, v);
        }
    }
}

/// A bounded list of the `cap` greatest items by `Ord`, deterministic under any merge order.
#[derive(Debug, Clone)]
pub struct TopN<T: Ord> {
    cap: usize,
    items: BTreeSet<T>,
}

impl<T: Ord> TopN<T> {
    /// An empty list keeping at most `cap` items.
    pub fn new(cap: usize) -> Self {
        TopN {
            cap,
            items: BTreeSet::new(),
        }
    }

    /// Offers an item; the smallest is dropped when over the cap.
    pub fn push(&mut self, item: T) {
        self.items.insert(item);
        if self.items.len() > self.cap {
            self.items.pop_first();
        }
    }

    /// Merges another list.
    pub fn merge(&mut self, o: TopN<T>) {
        for i in o.items {
            self.push(i);
        }
    }

    /// Items, greatest first.
    pub fn into_sorted_desc(self) -> Vec<T> {
        self.items.into_iter().rev().collect()
    }
}

/// Facts to attribute `.h` headers to C or C++: per directory, C and C++ source files and the
/// headers' own code lines. Bounded by the number of directories holding such files.
#[derive(Debug, Default, Clone)]
pub struct HeaderAcc {
    /// dir -> (C files, C++ files, header own code lines)
    pub dirs: BTreeMap<String, (u64, u64, u64)>,
}

impl HeaderAcc {
    /// Notes a counted file.
    pub fn observe(&mut self, rel: &str, language: LanguageType, code: u64, class: FileClass) {
        if class.vendored || class.generated {
            return;
        }
        let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
        let slot = match language {
            LanguageType::C => 0,
            LanguageType::Cpp | LanguageType::CppHeader => 1,
            LanguageType::CHeader => 2,
            _ => return,
        };
        let e = self.dirs.entry(dir.to_string()).or_default();
        match slot {
            0 => e.0 += 1,
            1 => e.1 += 1,
            _ => e.2 += code,
        }
    }

    /// Merges another thread's facts.
    pub fn merge(&mut self, o: HeaderAcc) {
        for (d, (c, cpp, h)) in o.dirs {
            let e = self.dirs.entry(d).or_default();
            e.0 += c;
            e.1 += cpp;
            e.2 += h;
        }
    }

    /// Own header code lines attributed to "C" and "C++": each header directory takes the
    /// majority of the nearest directory (itself or an ancestor) holding C or C++ sources, else
    /// the tree's majority; ties go to C.
    pub fn attribute(&self) -> BTreeMap<String, u64> {
        let (tc, tcpp) = self
            .dirs
            .values()
            .fold((0, 0), |(a, b), (c, cpp, _)| (a + c, b + cpp));
        let mut out = BTreeMap::new();
        for (dir, (_, _, h)) in &self.dirs {
            if *h == 0 {
                continue;
            }
            let mut d: &str = dir;
            let (c, cpp) = loop {
                if let Some((c, cpp, _)) = self.dirs.get(d)
                    && c + cpp > 0
                {
                    break (*c, *cpp);
                }
                if d.is_empty() {
                    break (tc, tcpp);
                }
                d = d.rsplit_once('/').map_or("", |(p, _)| p);
            };
            let lang = if cpp > c { "C++" } else { "C" };
            *out.entry(lang.to_string()).or_default() += h;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_keep_smallest_and_count_all() {
        let mut a = Warnings::default();
        for i in 0..(WARNINGS_CAP + 10) {
            a.push(&format!("p{i:04}"), "unreadable", "x");
        }
        assert_eq!(a.kept.len(), WARNINGS_CAP);
        assert_eq!(a.counts["unreadable"], (WARNINGS_CAP + 10) as u64);
        assert_eq!(a.kept.first().map(|w| w.path.as_str()), Some("p0000"));
    }

    #[test]
    fn topn_is_merge_order_independent() {
        let mut a = TopN::new(3);
        let mut b = TopN::new(3);
        for i in [5, 1, 9] {
            a.push(i);
        }
        for i in [7, 2, 8] {
            b.push(i);
        }
        let mut c = a.clone();
        c.merge(b.clone());
        b.merge(a);
        assert_eq!(c.into_sorted_desc(), vec![9, 8, 7]);
        assert_eq!(b.into_sorted_desc(), vec![9, 8, 7]);
    }

    #[test]
    fn headers_follow_neighbours() {
        let mut h = HeaderAcc::default();
        let class = FileClass::default();
        h.observe("cpp/a.cc", LanguageType::Cpp, 10, class);
        h.observe("cpp/a.h", LanguageType::CHeader, 5, class);
        h.observe("c/x.c", LanguageType::C, 10, class);
        h.observe("c/inc/x.h", LanguageType::CHeader, 7, class);
        let got = h.attribute();
        assert_eq!(got.get("C++"), Some(&5));
        assert_eq!(got.get("C"), Some(&7));
    }
}
