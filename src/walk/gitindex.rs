//! The paths git tracks, from the bytes of a `.git/index` (versions 2, 3 and 4, SHA-1). Git
//! never ignores a tracked file: a `.gitignore` rule only hides untracked ones. The walk asks
//! [`Tracked`] before it lets a `.gitignore` or `info/exclude` rule drop a path (`lib/` in a
//! Python package's ignore file while its C core is tracked under `src/ujson/lib/`).
//!
//! Pure: bytes in, a sorted path table out. A malformed or truncated index yields what was
//! read before the fault (`None` when the header is not an index), never a panic.

/// Tracked paths (repository-relative, `/`-separated bytes), sorted and deduplicated, in one
/// buffer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tracked {
    bytes: Vec<u8>,
    /// End offset of each path in `bytes`.
    ends: Vec<usize>,
    /// Every entry was read: none cut by a budget or a fault, no split index (`link`).
    pub complete: bool,
}

/// Longest path kept (a longer one cannot be walked on the systems we run on).
pub const MAX_PATH: usize = 4096;

/// Bytes of an entry before its path: ctime, mtime, dev, ino, mode, uid, gid, size (40), the
/// SHA-1 (20) and the flags (2).
const ENTRY_FIXED: usize = 62;
/// Flags: the path length (0xFFF means "longer; read to the NUL").
const NAME_MASK: u16 = 0x0FFF;
/// Flags: an extended flags word follows (version 3 and later).
const EXTENDED: u16 = 0x4000;

impl Tracked {
    /// Parses an index, keeping at most `max_entries` paths of at most `max_bytes` in all
    /// (work and memory stay linear in the input: a version-4 path is rebuilt in place).
    pub fn parse(data: &[u8], max_entries: usize, max_bytes: usize) -> Option<Tracked> {
        let header = data.get(..12)?;
        if &header[..4] != b"DIRC" {
            return None;
        }
        let version = u32::from_be_bytes(header[4..8].try_into().ok()?);
        if !(2..=4).contains(&version) {
            return None;
        }
        let count = u32::from_be_bytes(header[8..12].try_into().ok()?) as usize;
        let mut paths: Vec<Vec<u8>> = Vec::new();
        let mut previous: Vec<u8> = Vec::new();
        let mut stored = 0usize;
        let mut at = 12usize;
        let mut read = 0usize;
        for _ in 0..count.min(max_entries) {
            let Some(fixed) = data.get(at..at + ENTRY_FIXED) else {
                break;
            };
            let flags = u16::from_be_bytes([fixed[60], fixed[61]]);
            let mut name_at = at + ENTRY_FIXED;
            if flags & EXTENDED != 0 {
                if version < 3 {
                    break;
                }
                name_at += 2;
            }
            let path = if version == 4 {
                // Prefix compression: strip N bytes off the previous path, append to the NUL.
                let Some((strip, used)) = varint(data.get(name_at..).unwrap_or(&[])) else {
                    break;
                };
                let start = name_at + used;
                let Some(len) = data.get(start..).and_then(|r| memchr::memchr(0, r)) else {
                    break;
                };
                let Some(keep) = previous.len().checked_sub(strip) else {
                    break;
                };
                previous.truncate(keep);
                previous.extend_from_slice(&data[start..start + len]);
                at = start + len + 1;
                None
            } else {
                let declared = usize::from(flags & NAME_MASK);
                let len = if declared < usize::from(NAME_MASK) {
                    declared
                } else {
                    match data.get(name_at..).and_then(|r| memchr::memchr(0, r)) {
                        Some(n) => n,
                        None => break,
                    }
                };
                let Some(name) = data.get(name_at..name_at + len) else {
                    break;
                };
                // The entry is NUL-padded to a multiple of eight bytes (one NUL at least).
                let entry = name_at - at + len;
                at += (entry + 8) & !7;
                Some(name)
            };
            let path: &[u8] = path.unwrap_or(&previous);
            if path.len() <= MAX_PATH {
                stored += path.len();
                if stored > max_bytes {
                    break;
                }
                paths.push(path.to_vec());
            }
            read += 1;
        }
        let complete = read == count && !has_split_link(data, at);
        paths.sort_unstable();
        paths.dedup();
        let mut t = Tracked {
            complete,
            ..Tracked::default()
        };
        for p in paths {
            t.bytes.extend_from_slice(&p);
            t.ends.push(t.bytes.len());
        }
        Some(t)
    }

    /// Number of tracked paths.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when nothing is tracked.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    fn get(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.bytes[start..self.ends[i]]
    }

    /// The first index whose path is not below `key`.
    fn lower_bound(&self, key: &[u8]) -> usize {
        let (mut lo, mut hi) = (0, self.ends.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.get(mid) < key {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// True when `path` (relative, `/`-separated) is tracked, or, for a directory, holds a
    /// tracked path.
    pub fn holds(&self, path: &[u8], is_dir: bool) -> bool {
        let i = self.lower_bound(path);
        if i >= self.len() {
            return false;
        }
        let p = self.get(i);
        if !is_dir {
            return p == path;
        }
        // Entries below `path/` sort after `path` and any `path<byte below '/'>...` names:
        // search from `path/` itself. A sparse index lists a directory as `path/`.
        let mut dir = path.to_vec();
        dir.push(b'/');
        let j = self.lower_bound(&dir);
        j < self.len() && self.get(j).starts_with(&dir)
    }
}

/// True when the extensions after the entries (from `at`) include a split-index `link`: the
/// entries then hold only what changed since the shared index.
fn has_split_link(data: &[u8], mut at: usize) -> bool {
    // Extensions: 4-byte signature, 4-byte size, data; the last 20 bytes are the checksum.
    while let Some(head) = data.get(at..at + 8) {
        if at + 8 + 20 > data.len() {
            break;
        }
        if &head[..4] == b"link" {
            return true;
        }
        let size = u32::from_be_bytes([head[4], head[5], head[6], head[7]]) as usize;
        at = match at.checked_add(8).and_then(|a| a.checked_add(size)) {
            Some(a) => a,
            None => break,
        };
    }
    false
}

/// Git's offset varint (`decode_varint`): 7 bits a byte, high bit "more", plus one per
/// continuation. Returns (value, bytes used).
fn varint(b: &[u8]) -> Option<(usize, usize)> {
    let mut it = b.iter().enumerate();
    let (_, &first) = it.next()?;
    let mut val = usize::from(first & 0x7f);
    let mut c = first;
    let mut used = 1;
    while c & 0x80 != 0 {
        let (_, &next) = it.next()?;
        val = val
            .checked_add(1)?
            .checked_mul(128)?
            .checked_add(usize::from(next & 0x7f))?;
        c = next;
        used += 1;
    }
    Some((val, used))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// An index of `paths` (in order) as git writes it.
    fn index(version: u32, paths: &[&str]) -> Vec<u8> {
        let mut out = b"DIRC".to_vec();
        out.extend_from_slice(&version.to_be_bytes());
        out.extend_from_slice(&(paths.len() as u32).to_be_bytes());
        let mut previous: &[u8] = b"";
        for p in paths {
            let start = out.len();
            out.extend_from_slice(&[0u8; 40]);
            out.extend_from_slice(&[0xab; 20]);
            let len = p.len().min(0xFFF) as u16;
            out.extend_from_slice(&len.to_be_bytes());
            if version == 4 {
                let common = previous
                    .iter()
                    .zip(p.as_bytes())
                    .take_while(|(a, b)| a == b)
                    .count();
                out.extend(encode_varint(previous.len() - common));
                out.extend_from_slice(&p.as_bytes()[common..]);
                out.push(0);
            } else {
                out.extend_from_slice(p.as_bytes());
                let entry = out.len() - start;
                let padded = (entry + 8) & !7;
                out.resize(start + padded, 0);
            }
            previous = p.as_bytes();
        }
        out.extend_from_slice(&[0u8; 20]); // checksum
        out
    }

    fn encode_varint(mut v: usize) -> Vec<u8> {
        let mut bytes = vec![(v & 0x7f) as u8];
        while v >> 7 != 0 {
            v = (v >> 7) - 1;
            bytes.push(0x80 | (v & 0x7f) as u8);
        }
        bytes.reverse();
        bytes
    }

    #[test]
    fn versions_two_and_four_list_the_same_paths() {
        let paths = [
            "Makefile",
            "src/ujson/lib/ultrajson.h",
            "src/ujson/lib/ultrajsondec.c",
            "src/ujson/python/objToJSON.c",
        ];
        for v in [2, 3, 4] {
            let t = Tracked::parse(&index(v, &paths), usize::MAX, usize::MAX).expect("an index");
            assert_eq!(t.len(), 4, "v{v}");
            assert!(t.holds(b"src/ujson/lib/ultrajsondec.c", false));
            assert!(t.holds(b"src/ujson/lib", true));
            assert!(t.holds(b"src", true));
            assert!(!t.holds(b"src/ujson/lib", false));
            assert!(!t.holds(b"src/ujson/li", true));
            assert!(!t.holds(b"src/ujson/lib/other.c", false));
            assert!(!t.holds(b"Makefile", true));
        }
    }

    #[test]
    fn a_directory_is_found_past_names_that_sort_between() {
        // "lib-x" and "lib.c" sort between "lib" and "lib/": the search starts at "lib/".
        let t = Tracked::parse(
            &index(2, &["lib-x", "lib.c", "lib/a.c"]),
            usize::MAX,
            usize::MAX,
        )
        .expect("an index");
        assert!(t.holds(b"lib", true));
        assert!(!t.holds(b"li", true));
    }

    #[test]
    fn not_an_index_or_cut_short() {
        assert_eq!(Tracked::parse(b"", 10, 100), None);
        assert_eq!(Tracked::parse(b"DIRC\0\0\0\x09\0\0\0\0", 10, 100), None);
        let full = index(2, &["a.c", "b/c.c"]);
        let cut = Tracked::parse(&full[..12 + ENTRY_FIXED + 4], 10, 100).expect("a header");
        assert_eq!(cut.len(), 1);
        assert!(!cut.complete);
        assert_eq!(Tracked::parse(&full, 1, 100).map(|t| t.len()), Some(1));
        assert!(Tracked::parse(&full, 10, 100).is_some_and(|t| t.complete));
        // Over the byte budget: cut, and said so.
        assert!(Tracked::parse(&full, 10, 4).is_some_and(|t| !t.complete && t.len() == 1));
    }

    #[test]
    fn a_growing_version_four_index_costs_linear_work_and_memory() {
        // Each entry strips nothing and appends one byte: path i is i bytes long. Git would
        // never write it; a hostile tree can. Paths over MAX_PATH are not kept, the rest fit
        // the byte budget, and the previous name is rebuilt in place.
        let mut out = b"DIRC\0\0\0\x04".to_vec();
        let n = 60_000u32;
        out.extend_from_slice(&n.to_be_bytes());
        for _ in 0..n {
            out.extend_from_slice(&[0u8; 60]);
            out.extend_from_slice(&[0, 1]); // flags: length 1
            out.extend_from_slice(&[0, b'a', 0]); // strip 0, "a", NUL
        }
        let t = Tracked::parse(&out, usize::MAX, 64 << 20).expect("an index");
        assert_eq!(t.len(), MAX_PATH);
        assert!(t.bytes.len() <= MAX_PATH * (MAX_PATH + 1) / 2);
    }

    proptest! {
        #[test]
        fn parses_what_git_writes_and_never_panics(
            mut names in proptest::collection::vec("[a-c/._]{1,12}", 0..20),
            v in 2u32..=4,
            cut in any::<prop::sample::Index>(),
            flip in any::<(prop::sample::Index, u8)>(),
        ) {
            names.sort();
            names.dedup();
            let refs: Vec<&str> = names.iter().map(String::as_str).collect();
            let bytes = index(v, &refs);
            let t = Tracked::parse(&bytes, usize::MAX, usize::MAX).expect("an index");
            prop_assert_eq!(t.len(), names.len());
            for n in &names {
                prop_assert!(t.holds(n.as_bytes(), false));
            }
            // Any prefix and any one corrupted byte: no panic.
            let _ = Tracked::parse(&bytes[..cut.index(bytes.len() + 1).min(bytes.len())], 100, 1000);
            let mut bad = bytes.clone();
            let i = flip.0.index(bad.len());
            bad[i] ^= flip.1 | 1;
            if let Some(t) = Tracked::parse(&bad, 100, 1000) {
                let _ = t.holds(b"a", true);
            }
        }
    }
}
