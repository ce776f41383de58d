//! File roles: the one place that decides what a file is for. Every file gets one [`Role`]
//! before any analyzer runs; shares, densities, hotspots, signals, components, dependency
//! counts and criteria read `product` files only (DESIGN.md, Roles).
//!
//! Sources, strongest first: the user's `[roles]` globs; `.gitattributes` at any depth
//! (`linguist-vendored`, `-generated`, `-documentation` and their negations); generated
//! markers in the file's head; path conventions (`data/roles.rs`, `data/vendoring.rs`).
//! Pure: the walk reads the bytes and the attribute files and calls [`classify`].

use std::collections::BTreeMap;
use std::path::Path;

use globset::{Glob, GlobSet, GlobSetBuilder};
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::data::roles::{
    DIR_ROLES, FILE_INFIX_TEST, FILE_ROLES, FIXTURE_UNDER_TEST, ROOT_DIR_ROLES, ROOT_FILE_ROLES,
    TEST_DIR_STEMS,
};
use crate::walk::sniff;

/// What a file is for.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Shipped code: what the verdict is about.
    #[default]
    Product,
    /// Tests, including fuzz harnesses.
    Test,
    /// Data for tests, in any language.
    Fixture,
    /// Examples and demos.
    Example,
    /// Benchmarks.
    Benchmark,
    /// Documentation and documentation sites.
    Docs,
    /// Scripts, CI configuration, build helpers, dev-only programs.
    Tooling,
    /// Third-party code copied into the tree.
    Vendored,
    /// Generated or minified code.
    Generated,
}

impl Role {
    /// Every role, in report order.
    pub const ALL: [Role; 9] = [
        Role::Product,
        Role::Test,
        Role::Fixture,
        Role::Example,
        Role::Benchmark,
        Role::Docs,
        Role::Tooling,
        Role::Vendored,
        Role::Generated,
    ];

    /// The lower-case name used in JSON and config.
    pub fn name(self) -> &'static str {
        match self {
            Role::Product => "product",
            Role::Test => "test",
            Role::Fixture => "fixture",
            Role::Example => "example",
            Role::Benchmark => "benchmark",
            Role::Docs => "docs",
            Role::Tooling => "tooling",
            Role::Vendored => "vendored",
            Role::Generated => "generated",
        }
    }

    /// Parses a role name.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name() == s)
    }

    /// Index in [`Role::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Own code of the project that is not the product (tests, examples, docs, tooling...).
    pub fn is_auxiliary(self) -> bool {
        !matches!(self, Role::Product | Role::Vendored | Role::Generated)
    }
}

/// Files and code lines per role (the report's `roles` section), merged associatively.
#[derive(Debug, Clone, Default)]
pub struct RoleAcc {
    /// (files, code lines) per role, indexed by [`Role::index`].
    pub by_role: [(u64, u64); 9],
}

impl RoleAcc {
    /// Counts one file.
    pub fn add(&mut self, role: Role, code: u64) {
        let e = &mut self.by_role[role.index()];
        e.0 += 1;
        e.1 += code;
    }

    /// Merges another thread's counts.
    pub fn merge(&mut self, o: RoleAcc) {
        for (a, b) in self.by_role.iter_mut().zip(o.by_role) {
            a.0 += b.0;
            a.1 += b.1;
        }
    }
}

/// The user's `[roles]` globs, one set per role (checked in [`Role::ALL`] order).
#[derive(Debug, Clone, Default)]
pub struct RoleGlobs {
    sets: Vec<(Role, GlobSet)>,
}

impl RoleGlobs {
    /// Builds the sets from `role -> globs`; an unknown role or a bad glob is an error naming it.
    pub fn new(map: &BTreeMap<String, Vec<String>>) -> Result<RoleGlobs, String> {
        let mut sets = Vec::new();
        for (name, globs) in map {
            let role = Role::parse(name).ok_or_else(|| {
                format!(
                    "[roles] unknown role `{name}` (expected one of {})",
                    Role::ALL.map(Role::name).join(", ")
                )
            })?;
            let mut b = GlobSetBuilder::new();
            for g in globs {
                // `dir/` means everything beneath, as in gitignore.
                let pat = if let Some(d) = g.strip_suffix('/') {
                    format!("{d}/**")
                } else {
                    g.clone()
                };
                let glob = Glob::new(&pat)
                    .map_err(|e| format!("[roles] {name}: invalid glob {g:?}: {}", e.kind()))?;
                b.add(glob);
            }
            let set = b
                .build()
                .map_err(|e| format!("[roles] {name}: {}", e.kind()))?;
            sets.push((role, set));
        }
        sets.sort_by_key(|(r, _)| *r);
        Ok(RoleGlobs { sets })
    }

    /// The role the user gave this root-relative path, if any.
    pub fn role_of(&self, rel: &str) -> Option<Role> {
        self.sets
            .iter()
            .find(|(_, s)| s.is_match(rel))
            .map(|(r, _)| *r)
    }

    /// True when no glob was given.
    pub fn is_empty(&self) -> bool {
        self.sets.is_empty()
    }
}

/// An attribute a `.gitattributes` line can set (true) or unset (false).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Linguist {
    Vendored,
    Generated,
    Documentation,
}

/// The linguist rules of one `.gitattributes` file, relative to its directory.
#[derive(Debug, Default)]
pub struct Attributes {
    rules: Vec<(Linguist, bool, Gitignore)>,
}

impl Attributes {
    /// Parses the text of the `.gitattributes` in directory `dir` (an absolute path).
    pub fn parse(dir: &Path, text: &str) -> Attributes {
        let mut builders: Vec<(Linguist, bool, GitignoreBuilder, bool)> = Vec::new();
        for a in [
            Linguist::Vendored,
            Linguist::Generated,
            Linguist::Documentation,
        ] {
            for set in [true, false] {
                builders.push((a, set, GitignoreBuilder::new(dir), false));
            }
        }
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.split_whitespace();
            let Some(pattern) = parts.next() else {
                continue;
            };
            for attr in parts {
                let (negated, name) =
                    match attr.strip_prefix('-').or_else(|| attr.strip_prefix('!')) {
                        Some(n) => (true, n),
                        None => (false, attr),
                    };
                let (name, value) = name.split_once('=').unwrap_or((name, "true"));
                let which = match name {
                    "linguist-vendored" => Linguist::Vendored,
                    "linguist-generated" => Linguist::Generated,
                    "linguist-documentation" => Linguist::Documentation,
                    _ => continue,
                };
                let set = !negated && value != "false";
                if let Some(b) = builders.iter_mut().find(|b| b.0 == which && b.1 == set)
                    && b.2.add_line(None, pattern).is_ok()
                {
                    b.3 = true;
                }
            }
        }
        Attributes {
            rules: builders
                .into_iter()
                .filter(|b| b.3)
                .filter_map(|(a, set, b, _)| b.build().ok().map(|g| (a, set, g)))
                .collect(),
        }
    }

    /// True when no linguist rule was found.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The role these rules give `path` (absolute): Some(Some(role)) when an attribute is set,
    /// Some(None) when one is explicitly unset (path rules must not re-add it), None otherwise.
    fn role_of(&self, path: &Path) -> Option<Option<Role>> {
        let mut verdict: Option<Option<Role>> = None;
        for (a, set, g) in &self.rules {
            if g.matched_path_or_any_parents(path, false).is_ignore() {
                let role = match a {
                    Linguist::Vendored => Role::Vendored,
                    Linguist::Generated => Role::Generated,
                    Linguist::Documentation => Role::Docs,
                };
                if *set {
                    return Some(Some(role));
                }
                verdict = Some(None);
            }
        }
        verdict
    }
}

/// Everything [`classify`] needs besides the file itself.
#[derive(Debug, Default)]
pub struct Context<'a> {
    /// The user's globs.
    pub globs: Option<&'a RoleGlobs>,
    /// `.gitattributes` rules that apply to the file, deepest directory first.
    pub attributes: Vec<&'a Attributes>,
    /// The file lies in another project copied into the tree (see [`is_vendored_project`]).
    pub in_vendored_project: bool,
}

/// True for a folder whose sub-folders may be other projects copied in (a vendoring folder, or
/// `lib/`, `contrib/`, ...): the walk lists such sub-folders to look for a licence file.
pub fn may_hold_projects(name: &str) -> bool {
    crate::data::vendoring::VENDOR_DIRS.contains(&name)
        || crate::data::vendoring::PROJECT_PARENT_DIRS.contains(&name)
}

/// True for a directory that holds another project: it sits in a vendoring-style folder (at
/// any depth: `src/lib/deps/double-conversion/`) and carries its own licence file.
pub fn is_vendored_project(parent_name: &str, entries: &[String]) -> bool {
    may_hold_projects(parent_name)
        && entries.iter().any(|n| {
            let u = n.to_ascii_uppercase();
            u.starts_with("LICENSE") || u.starts_with("LICENCE") || u.starts_with("COPYING")
        })
}

/// The role of the file at root-relative `rel` (absolute `path`) whose head is `bytes`.
pub fn classify(rel: &str, path: &Path, bytes: &[u8], ctx: &Context<'_>) -> Role {
    if let Some(r) = ctx.globs.and_then(|g| g.role_of(rel)) {
        return r;
    }
    let mut unset = false;
    for a in &ctx.attributes {
        match a.role_of(path) {
            Some(Some(r)) => return r,
            Some(None) => {
                unset = true;
                break;
            }
            None => {}
        }
    }
    if !unset && (ctx.in_vendored_project || sniff::is_vendored_path(rel)) {
        return Role::Vendored;
    }
    if !unset && sniff::is_generated(rel, bytes) {
        return Role::Generated;
    }
    by_path(rel)
}

/// The role a path has from its name alone, for a file that cannot be read (deleted in
/// history): vendoring folders, then [`by_path`] (no content, config or attributes).
pub fn by_path_alone(rel: &str) -> Role {
    if crate::walk::sniff::is_vendored_path(rel) {
        Role::Vendored
    } else {
        by_path(rel)
    }
}

/// `tests-c`, `test_unit`: a test stem of [`TEST_DIR_STEMS`], a `-` or `_`, and a qualifier.
fn qualified_test_dir(c: &str) -> bool {
    c.split_once(['-', '_']).is_some_and(|(stem, rest)| {
        !rest.is_empty() && TEST_DIR_STEMS.iter().any(|t| t.eq_ignore_ascii_case(stem))
    })
}

/// The role path conventions alone give `rel` (no vendoring, no content).
pub fn by_path(rel: &str) -> Role {
    let (dirs, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    let find = |table: &[(&str, Role)], c: &str| {
        table
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(c))
            .map(|(_, r)| *r)
    };
    let mut role = Role::Product;
    let mut in_test = false;
    for (i, c) in dirs.split('/').filter(|c| !c.is_empty()).enumerate() {
        if in_test && FIXTURE_UNDER_TEST.iter().any(|f| f.eq_ignore_ascii_case(c)) {
            role = Role::Fixture;
            continue;
        }
        let found = find(DIR_ROLES, c)
            .or_else(|| {
                (i == 0)
                    .then(|| find(ROOT_DIR_ROLES, c))
                    .flatten()
                    .or_else(|| {
                        (i == 0 && c.starts_with('.') && c.len() > 1).then_some(Role::Tooling)
                    })
            })
            .or_else(|| qualified_test_dir(c).then_some(Role::Test));
        if let Some(r) = found {
            // A fixture stays a fixture whatever lies beneath (tests/data/tests/x).
            if role != Role::Fixture {
                role = r;
            }
            in_test |= r == Role::Test;
        }
    }
    if role != Role::Product {
        return role;
    }
    let lower = name.to_ascii_lowercase();
    if dirs.is_empty()
        && let Some(r) = find(ROOT_FILE_ROLES, &lower)
    {
        return r;
    }
    if let Some((_, _, r)) = FILE_ROLES
        .iter()
        .find(|(pre, suf, _)| lower.starts_with(pre) && lower.ends_with(suf))
    {
        return *r;
    }
    if FILE_INFIX_TEST.iter().any(|i| lower.contains(i)) {
        return Role::Test;
    }
    Role::Product
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_conventions() {
        for (p, r) in [
            ("src/main.rs", Role::Product),
            ("tests/cli.rs", Role::Test),
            ("capi/tests-c/api.c", Role::Test),
            ("test_integration/a.py", Role::Test),
            ("Tests-Unit/a.cs", Role::Test),
            ("tests-/a.c", Role::Product),
            ("noxfile.py", Role::Tooling),
            ("web/Gulpfile.js", Role::Tooling),
            ("packages/app/vite.config.ts", Role::Tooling),
            ("Rakefile", Role::Tooling),
            ("release.py", Role::Tooling),
            ("src/pkg/release.py", Role::Product),
            ("testify/a.go", Role::Product),
            ("contest-x/a.c", Role::Product),
            ("src/test-repacker.cc", Role::Test),
            ("src/t/test_burl.c", Role::Test),
            ("src/latest-a.c", Role::Product),
            ("perf/benchmark-font.cc", Role::Benchmark),
            ("src/benchmark.c", Role::Product),
            ("tests/data/foo.py", Role::Fixture),
            ("tests/data/tests/x.c", Role::Fixture),
            ("pkg/testdata/a.go", Role::Fixture),
            ("docs/examples/http.c", Role::Example),
            ("docs/index.md", Role::Docs),
            ("examples/demo/main.go", Role::Example),
            ("benches/b.rs", Role::Benchmark),
            ("scripts/release.sh", Role::Tooling),
            ("utils/gen.py", Role::Tooling),
            ("src/utils/mod.rs", Role::Product),
            (".github/workflows/ci.yml", Role::Tooling),
            ("pkg/server_test.go", Role::Test),
            ("app/test_views.py", Role::Test),
            ("web/a.test.ts", Role::Test),
            ("fuzz/fuzz_targets/x.rs", Role::Test),
            ("src/test/java/AppTest.java", Role::Test),
            ("src/latest.c", Role::Product),
            ("contrib/mib/Compiler.cs", Role::Tooling),
            ("t/00unit/lib/http2/hpack.c", Role::Test),
            ("lib/t/x.c", Role::Product),
        ] {
            assert_eq!(by_path(p), r, "{p}");
        }
    }

    #[test]
    fn sources_in_order_of_strength() {
        let mut m = BTreeMap::new();
        m.insert("product".to_string(), vec!["tests/harness/".to_string()]);
        m.insert("vendored".to_string(), vec!["lib/**".to_string()]);
        let g = RoleGlobs::new(&m).unwrap();
        let root = Path::new("/r");
        let attrs = Attributes::parse(
            root,
            "gen/** linguist-generated\nvendor/mine.c -linguist-vendored\nsite/** linguist-documentation\n",
        );
        let ctx = Context {
            globs: Some(&g),
            attributes: vec![&attrs],
            in_vendored_project: false,
        };
        assert!(is_vendored_project(
            "deps",
            &["LICENSE".into(), "x.cc".into()]
        ));
        assert!(!is_vendored_project("src", &["LICENSE".into()]));
        assert!(!is_vendored_project("deps", &["x.cc".into()]));
        let c = |rel: &str, bytes: &[u8]| classify(rel, &root.join(rel), bytes, &ctx);
        assert_eq!(c("tests/harness/a.c", b""), Role::Product);
        assert_eq!(c("lib/x.c", b""), Role::Vendored);
        assert_eq!(c("gen/x.c", b""), Role::Generated);
        assert_eq!(c("vendor/mine.c", b""), Role::Product);
        assert_eq!(c("vendor/other.c", b""), Role::Vendored);
        assert_eq!(c("site/a.js", b""), Role::Docs);
        assert_eq!(
            c(
                "src/amalgam.c",
                b"/* auto-generated by amalgamate.py. Do not edit. */\n"
            ),
            Role::Generated
        );
        assert!(RoleGlobs::new(&BTreeMap::from([("prod".into(), vec![])])).is_err());
    }
}
