//! Every occurrence of a few hundred patterns in a text, for the analyzers that search code for
//! catalogued strings (the project signals).
//!
//! The patterns are split into groups of [`GROUP`] (in byte order, so patterns that share a
//! prefix share a group) and each group is one vectorised Teddy searcher (`aho_corasick::packed`):
//! with that few patterns per searcher its fingerprints stay selective, and several passes over
//! a file's head cost less than one automaton walk. Measured on the 1x registry tree's Rust
//! heads (142 MB, the Rust file set of 81 patterns): one DFA walk 270 ms, one Teddy searcher
//! over all 81 patterns 315 ms, 2 / 3 / 4 / 6 / 8 / 12 / 16 groups (at most
//! 41 / 27 / 21 / 14 / 11 / 7 / 6 patterns each) 129 / 115 / 94 / 85 / 94 / 136 / 155 ms; on
//! C, Python, Go, Java and TypeScript heads of real projects groups of 14 took 0.29-0.36x of
//! the DFA walk. Each group reports its leftmost match and the search resumes one byte after
//! the match's start, so every position where a pattern starts is found; there, every pattern
//! of the group is compared, so overlapping patterns and patterns that start at one position
//! are all reported (overlapping semantics, as the automaton).
//!
//! Where Teddy is not available (no SSSE3/AVX2 or NEON at run time), an aho-corasick DFA is
//! walked instead, over [`PARTS`] parts of a text at once: independent chains of look-ups
//! keep the core busy while each waits on memory. Each part after the first starts
//! `max_len - 1` bytes early, so a match that crosses into it is seen, and reports only the
//! matches that end inside it, so none is reported twice.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::packed;
use aho_corasick::{Anchored, MatchKind, Span};

/// Parts of a text the DFA walks at once.
const PARTS: usize = 8;

/// Texts shorter than this are walked in one part.
const SPLIT_FROM: usize = 512;

/// Patterns per Teddy searcher at most (see the module documentation for the measurement).
const GROUP: usize = 14;

/// A set of patterns, searched with overlapping semantics (every occurrence of every pattern).
#[derive(Debug, Clone)]
pub struct Patterns {
    search: Search,
}

#[derive(Debug, Clone)]
enum Search {
    Packed(Vec<Group>),
    Dfa(Box<Walker>),
}

/// One Teddy searcher and its patterns, with their ids.
#[derive(Debug, Clone)]
struct Group {
    searcher: packed::Searcher,
    patterns: Vec<(usize, Vec<u8>)>,
}

impl Patterns {
    /// The searchers over `patterns` (their index is the id [`Patterns::for_each_match`]
    /// reports), or `None` when none can be built (no pattern, or an empty one).
    pub fn new<I, P>(patterns: I) -> Option<Patterns>
    where
        I: IntoIterator<Item = P>,
        P: AsRef<[u8]>,
    {
        let pats: Vec<Vec<u8>> = patterns.into_iter().map(|p| p.as_ref().to_vec()).collect();
        if pats.is_empty() || pats.iter().any(Vec::is_empty) {
            return None;
        }
        let search = match packed_groups(&pats) {
            Some(groups) => Search::Packed(groups),
            None => Search::Dfa(Box::new(Walker::new(&pats)?)),
        };
        Some(Patterns { search })
    }

    /// The DFA walker alone, whatever the CPU offers (for tests of the fallback).
    #[cfg(test)]
    fn dfa<P: AsRef<[u8]>>(patterns: &[P]) -> Option<Patterns> {
        let pats: Vec<Vec<u8>> = patterns.iter().map(|p| p.as_ref().to_vec()).collect();
        Some(Patterns {
            search: Search::Dfa(Box::new(Walker::new(&pats)?)),
        })
    }

    /// Calls `f(pattern, start)` for every occurrence of every pattern in `hay`, in no
    /// particular order.
    pub fn for_each_match(&self, hay: &[u8], mut f: impl FnMut(usize, usize)) {
        match &self.search {
            Search::Packed(groups) => {
                for g in groups {
                    g.each(hay, &mut f);
                }
            }
            Search::Dfa(w) => w.search(hay, SPLIT_FROM, &mut f),
        }
    }
}

/// Teddy searchers of at most [`GROUP`] patterns each, in byte order; `None` when Teddy is
/// not available here.
fn packed_groups(pats: &[Vec<u8>]) -> Option<Vec<Group>> {
    let mut order: Vec<usize> = (0..pats.len()).collect();
    order.sort_by(|a, b| pats[*a].cmp(&pats[*b]));
    let groups = pats.len().div_ceil(GROUP);
    let per = pats.len().div_ceil(groups);
    order
        .chunks(per)
        .map(|ids| {
            let mut config = packed::Config::new();
            config
                .match_kind(packed::MatchKind::LeftmostFirst)
                .heuristic_pattern_limits(false);
            let mut b = config.builder();
            for &i in ids {
                b.add(&pats[i]);
            }
            Some(Group {
                searcher: b.build()?,
                patterns: ids.iter().map(|&i| (i, pats[i].clone())).collect(),
            })
        })
        .collect()
}

impl Group {
    fn each(&self, hay: &[u8], f: &mut impl FnMut(usize, usize)) {
        let mut at = 0;
        while at < hay.len() {
            let Some(m) = self.searcher.find_in(hay, Span::from(at..hay.len())) else {
                return;
            };
            let start = m.start();
            let rest = &hay[start..];
            for (id, p) in &self.patterns {
                if rest.starts_with(p) {
                    f(*id, start);
                }
            }
            at = start + 1;
        }
    }
}

/// The aho-corasick DFA and how it is walked.
#[derive(Debug, Clone)]
struct Walker {
    dfa: DFA,
    start: StateID,
    max_len: usize,
}

impl Walker {
    fn new(pats: &[Vec<u8>]) -> Option<Walker> {
        let dfa = DFA::builder()
            .match_kind(MatchKind::Standard)
            .build(pats)
            .ok()?;
        let start = dfa.start_state(Anchored::No).ok()?;
        let max_len = dfa.max_pattern_len();
        Some(Walker {
            dfa,
            start,
            max_len,
        })
    }

    fn search(&self, hay: &[u8], split_from: usize, f: &mut impl FnMut(usize, usize)) {
        let n = hay.len();
        if n < split_from.max(PARTS * self.max_len) {
            self.walk(hay, 0, 0, n, self.start, f);
            return;
        }
        let d = &self.dfa;
        let overlap = self.max_len.saturating_sub(1);
        // Part k owns the matches ending in bounds[k]+1..=bounds[k+1] and starts reading
        // `overlap` bytes before bounds[k].
        let bounds: [usize; PARTS + 1] = std::array::from_fn(|k| k * n / PARTS);
        let from: [usize; PARTS] =
            std::array::from_fn(|k| if k == 0 { 0 } else { bounds[k] - overlap });
        let common = (0..PARTS)
            .map(|k| bounds[k + 1] - from[k])
            .min()
            .unwrap_or(0);
        let parts: [&[u8]; PARTS] = std::array::from_fn(|k| &hay[from[k]..from[k] + common]);
        let mut s = [self.start; PARTS];
        // One index into every part at once (the point of the loop), and into the offsets.
        #[allow(clippy::needless_range_loop)]
        for i in 0..common {
            let mut special = false;
            for k in 0..PARTS {
                s[k] = d.next_state(Anchored::No, s[k], parts[k][i]);
                special |= d.is_special(s[k]);
            }
            if special {
                for (k, sid) in s.iter().enumerate() {
                    let end = from[k] + i + 1;
                    if end > bounds[k] {
                        self.report(*sid, end, f);
                    }
                }
            }
        }
        for k in 0..PARTS {
            self.walk(hay, from[k] + common, bounds[k], bounds[k + 1], s[k], f);
        }
    }

    /// Walks `hay[from..to]` from state `sid`, reporting the matches that end after `own`.
    fn walk(
        &self,
        hay: &[u8],
        from: usize,
        own: usize,
        to: usize,
        mut sid: StateID,
        f: &mut impl FnMut(usize, usize),
    ) {
        let d = &self.dfa;
        for (i, &b) in hay[from..to].iter().enumerate() {
            sid = d.next_state(Anchored::No, sid, b);
            let end = from + i + 1;
            if d.is_special(sid) && end > own {
                self.report(sid, end, f);
            }
        }
    }

    fn report(&self, sid: StateID, end: usize, f: &mut impl FnMut(usize, usize)) {
        let d = &self.dfa;
        if !d.is_match(sid) {
            return;
        }
        for i in 0..d.match_len(sid) {
            let p = d.match_pattern(sid, i);
            f(p.as_usize(), end - d.pattern_len(p));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every (start, pattern) the searcher reports, sorted.
    fn found(p: &Patterns, hay: &[u8]) -> Vec<(usize, usize)> {
        let mut v = Vec::new();
        p.for_each_match(hay, |pat, start| v.push((start, pat)));
        v.sort_unstable();
        v
    }

    /// The same from the DFA walker, split from `split_from` bytes.
    fn walked<P: AsRef<[u8]>>(pats: &[P], hay: &[u8], split_from: usize) -> Vec<(usize, usize)> {
        let Some(Patterns {
            search: Search::Dfa(w),
        }) = Patterns::dfa(pats)
        else {
            panic!("the DFA builds");
        };
        let mut v = Vec::new();
        w.search(hay, split_from, &mut |pat, start| v.push((start, pat)));
        v.sort_unstable();
        v
    }

    fn reference<P: AsRef<[u8]>>(pats: &[P], hay: &[u8]) -> Vec<(usize, usize)> {
        let mut v = Vec::new();
        for at in 0..hay.len() {
            for (i, p) in pats.iter().enumerate() {
                if hay[at..].starts_with(p.as_ref()) {
                    v.push((at, i));
                }
            }
        }
        v
    }

    #[test]
    fn finds_overlapping_and_boundary_matches() {
        let pats = ["abc", "bcd", "c", "abcdabcd"];
        let p = Patterns::new(pats).unwrap();
        let hay = b"xxabcdabcdxxabcxxxxxxxxxxxxxxxxabcdabcd".repeat(40);
        assert_eq!(found(&p, &hay), reference(&pats, &hay));
        assert_eq!(walked(&pats, &hay, 0), reference(&pats, &hay));
        assert_eq!(walked(&pats, &hay, SPLIT_FROM), reference(&pats, &hay));
    }

    #[test]
    fn no_pattern_or_an_empty_one_builds_nothing() {
        assert!(Patterns::new(Vec::<&str>::new()).is_none());
        assert!(Patterns::new(["a", ""]).is_none());
    }

    #[test]
    #[cfg(target_arch = "x86_64")]
    fn teddy_serves_where_the_cpu_has_avx2_or_ssse3() {
        if std::is_x86_feature_detected!("ssse3") {
            let p = Patterns::new(["alpha", "beta"]).unwrap();
            assert!(matches!(p.search, Search::Packed(_)));
        }
    }

    proptest! {
        /// Grouped searchers (up to five groups here) report exactly the occurrences a
        /// position-by-position comparison finds, in short texts and long ones.
        #[test]
        fn equals_a_position_by_position_search(
            pats in proptest::collection::vec("[ab]{1,5}|c[ab]{0,8}", 1..70),
            hay in "[abc\n]{0,600}",
        ) {
            let p = Patterns::new(&pats).unwrap();
            prop_assert_eq!(found(&p, hay.as_bytes()), reference(&pats, hay.as_bytes()));
        }

        /// Split in parts or walked whole, the DFA fallback reports the same.
        #[test]
        fn the_dfa_walk_equals_a_position_by_position_search(
            pats in proptest::collection::vec("[ab]{1,5}|c[ab]{0,8}", 1..12),
            hay in "[abc\n]{0,600}",
            split_from in 0usize..700,
        ) {
            prop_assert_eq!(walked(&pats, hay.as_bytes(), split_from), reference(&pats, hay.as_bytes()));
        }

        /// Any bytes, in patterns and text alike (bytes in no pattern share one byte class).
        #[test]
        fn any_bytes_equal_a_position_by_position_search(
            pats in proptest::collection::vec(
                proptest::collection::vec(prop_oneof![Just(0u8), Just(0x80), Just(0xff), Just(b'a')], 1..5),
                1..40,
            ),
            hay in proptest::collection::vec(any::<u8>(), 0..700),
            split_from in 0usize..700,
        ) {
            let p = Patterns::new(&pats).unwrap();
            prop_assert_eq!(found(&p, &hay), reference(&pats, &hay));
            prop_assert_eq!(walked(&pats, &hay, split_from), reference(&pats, &hay));
        }
    }
}
