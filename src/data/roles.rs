//! The role table: which directory and file names give a file a role other than `product`.
//! One row per name; `src/roles.rs` applies it (deepest directory wins, vendoring folders win
//! over everything beneath them). Adding a convention is one line.

use crate::roles::Role;

/// Directory names that give every file beneath them a role, at any depth.
#[rustfmt::skip]
pub const DIR_ROLES: &[(&str, Role)] = &[
    ("__fixtures__", Role::Fixture),
    ("__mocks__", Role::Fixture),
    ("__snapshots__", Role::Fixture),
    ("__tests__", Role::Test),
    ("bench", Role::Benchmark),
    ("benches", Role::Benchmark),
    ("benchmark", Role::Benchmark),
    ("benchmarks", Role::Benchmark),
    ("demo", Role::Example),
    ("demos", Role::Example),
    ("doc", Role::Docs),
    ("docs", Role::Docs),
    ("documentation", Role::Docs),
    ("e2e", Role::Test),
    ("example", Role::Example),
    ("examples", Role::Example),
    ("fixtures", Role::Fixture),
    ("fuzz", Role::Test),
    ("fuzzers", Role::Test),
    ("fuzzing", Role::Test),
    ("integration_tests", Role::Test),
    ("oss-fuzz", Role::Test),
    ("sample", Role::Example),
    ("samples", Role::Example),
    ("scripts", Role::Tooling),
    ("snapshots", Role::Fixture),
    ("spec", Role::Test),
    ("specs", Role::Test),
    ("test", Role::Test),
    ("test-data", Role::Fixture),
    ("test_data", Role::Fixture),
    ("testdata", Role::Fixture),
    ("testing", Role::Test),
    ("tests", Role::Test),
    ("testsuite", Role::Test),
    ("tools", Role::Tooling),
    ("unittests", Role::Test),
    ("website", Role::Docs),
];

/// Directory names that give a role only as the first component (deeper they are usually the
/// product's own modules: `src/utils`, `src/build`).
#[rustfmt::skip]
pub const ROOT_DIR_ROLES: &[(&str, Role)] = &[
    ("build-aux", Role::Tooling),
    ("ci", Role::Tooling),
    ("cmake", Role::Tooling),
    ("contrib", Role::Tooling),
    ("dev", Role::Tooling),
    ("devtools", Role::Tooling),
    ("extra", Role::Tooling),
    ("extras", Role::Tooling),
    ("hack", Role::Tooling),
    ("m4", Role::Tooling),
    ("misc", Role::Tooling),
    ("script", Role::Tooling),
    // Perl/TAP and git-style test folders.
    ("t", Role::Test),
    ("util", Role::Tooling),
    ("utils", Role::Tooling),
];

/// A directory named one of these followed by `-` or `_` and a qualifier holds tests too
/// (`tests-c/`, `test_integration/`, `tests-unit/`); an exact name in [`DIR_ROLES`] wins.
pub const TEST_DIR_STEMS: &[&str] = &["test", "tests", "testing"];

/// Below a test directory, these hold data for the tests, not test code.
pub const FIXTURE_UNDER_TEST: &[&str] = &[
    "assets",
    "cases",
    "corpus",
    "data",
    "files",
    "input",
    "inputs",
    "resources",
    "samples",
];

/// File-name patterns (prefix, suffix) of test and benchmark files; `""` matches anything.
#[rustfmt::skip]
pub const FILE_ROLES: &[(&str, &str, Role)] = &[
    ("", "_bench.go", Role::Benchmark),
    ("benchmark-", "", Role::Benchmark),
    ("benchmark_", "", Role::Benchmark),
    ("", "_test.c", Role::Test),
    ("", "_test.cc", Role::Test),
    ("", "_test.cpp", Role::Test),
    ("", "_test.go", Role::Test),
    ("", "_test.py", Role::Test),
    ("", "_tests.rs", Role::Test),
    ("conftest", ".py", Role::Test),
    ("test_", ".py", Role::Test),
    ("test-", ".c", Role::Test),
    ("test-", ".cc", Role::Test),
    ("test-", ".cpp", Role::Test),
    ("test_", ".c", Role::Test),
    ("test_", ".cc", Role::Test),
    ("test_", ".cpp", Role::Test),
    // Task runners and build configuration: they drive the build, they do not ship.
    ("babel.config.", "", Role::Tooling),
    ("dodo.py", "", Role::Tooling),
    ("eslint.config.", "", Role::Tooling),
    ("fabfile.py", "", Role::Tooling),
    ("gruntfile.", "", Role::Tooling),
    ("gulpfile.", "", Role::Tooling),
    ("jakefile", "", Role::Tooling),
    ("noxfile.py", "", Role::Tooling),
    ("rakefile", "", Role::Tooling),
    ("rollup.config.", "", Role::Tooling),
    ("vite.config.", "", Role::Tooling),
    ("webpack.config.", "", Role::Tooling),
];

/// File names that are tooling at the tree's root only (deeper, a module may have the name).
pub const ROOT_FILE_ROLES: &[(&str, Role)] = &[("release.py", Role::Tooling)];

/// Infixes of test file names (`foo.test.ts`, `bar.spec.js`).
pub const FILE_INFIX_TEST: &[&str] = &[".test.", ".spec.", "_spec."];
