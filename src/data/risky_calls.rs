//! C and C++ library functions whose calls are counted as memory-unsafe findings, with a risk
//! level (1 low .. 5 high, in the spirit of flawfinder's levels) and a CWE id. Sorted by name.

/// One catalogued function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RiskyCall {
    /// Function name (the finding's kind).
    pub name: &'static str,
    /// 1..=5.
    pub level: u8,
    /// CWE identifier.
    pub cwe: u16,
}

const fn r(name: &'static str, level: u8, cwe: u16) -> RiskyCall {
    RiskyCall { name, level, cwe }
}

/// The catalogue, sorted by name for binary search.
pub const RISKY_CALLS: &[RiskyCall] = &[
    r("alloca", 3, 770),
    r("calloc", 1, 789),
    r("execl", 4, 78),
    r("execlp", 4, 78),
    r("execvp", 4, 78),
    r("free", 1, 415),
    r("fscanf", 4, 120),
    r("getpw", 4, 120),
    r("gets", 5, 120),
    r("lstrcat", 4, 120),
    r("lstrcpy", 4, 120),
    r("malloc", 1, 789),
    r("memcpy", 2, 120),
    r("memmove", 2, 120),
    r("memset", 1, 120),
    r("popen", 4, 78),
    r("realloc", 1, 789),
    r("realpath", 3, 120),
    r("scanf", 4, 120),
    r("sprintf", 4, 120),
    r("sscanf", 4, 120),
    r("strcat", 4, 120),
    r("strcpy", 4, 120),
    r("strncat", 1, 120),
    r("strncpy", 1, 120),
    r("strtrns", 3, 120),
    r("swprintf", 4, 120),
    r("system", 4, 78),
    r("vfscanf", 4, 120),
    r("vscanf", 4, 120),
    r("vsprintf", 4, 120),
    r("vsscanf", 4, 120),
    r("wcscat", 4, 120),
    r("wcscpy", 4, 120),
];

/// Looks a function name up.
pub fn lookup(name: &[u8]) -> Option<&'static RiskyCall> {
    RISKY_CALLS
        .binary_search_by(|c| c.name.as_bytes().cmp(name))
        .ok()
        .and_then(|i| RISKY_CALLS.get(i))
}

/// SARIF level for a risk level.
pub fn sarif_level(level: u8) -> &'static str {
    match level {
        4.. => "error",
        2..=3 => "warning",
        _ => "note",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_unique() {
        for w in RISKY_CALLS.windows(2) {
            assert!(w[0].name < w[1].name, "{} before {}", w[0].name, w[1].name);
        }
    }

    #[test]
    fn lookups() {
        assert_eq!(lookup(b"gets").map(|c| c.level), Some(5));
        assert!(lookup(b"printf").is_none());
    }
}
