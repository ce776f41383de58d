//! What a manifest or lockfile parser returns: a pure value, merged per ecosystem later.

/// A dependency declared in a manifest.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Declared {
    /// Package name as the ecosystem spells it.
    pub name: String,
    /// Requirement as written (None when absent).
    pub requirement: Option<String>,
    /// normal, dev, build, optional, peer.
    pub kind: &'static str,
}

/// One parsed file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    /// Direct dependencies (manifests).
    pub direct: Vec<Declared>,
    /// (name, version) of packages in a lockfile.
    pub locked: Vec<(String, String)>,
    /// True for lockfiles.
    pub is_lock: bool,
    /// Names of the project's own packages (roots, workspace members, path packages): never
    /// counted as third-party.
    pub local: Vec<String>,
}

impl Parsed {
    /// A manifest result.
    pub fn manifest(direct: Vec<Declared>, local: Vec<String>) -> Parsed {
        Parsed {
            direct,
            local,
            ..Parsed::default()
        }
    }

    /// A lockfile result.
    pub fn lock(locked: Vec<(String, String)>, local: Vec<String>) -> Parsed {
        Parsed {
            locked,
            is_lock: true,
            local,
            ..Parsed::default()
        }
    }
}

/// A declared dependency.
pub fn dep(name: impl Into<String>, requirement: Option<String>, kind: &'static str) -> Declared {
    Declared {
        name: name.into(),
        requirement,
        kind,
    }
}
