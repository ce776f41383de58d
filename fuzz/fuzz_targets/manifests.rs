//! Every manifest and lockfile parser on arbitrary text: errors are fine, panics are not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rust_ready::analyze::deps::parser_for;

const NAMES: &[&str] = &[
    "Cargo.toml", "Cargo.lock", "package.json", "package-lock.json", "yarn.lock", "pnpm-lock.yaml",
    "pyproject.toml", "Pipfile", "Pipfile.lock", "poetry.lock", "setup.cfg", "requirements.txt", "go.mod",
    "go.sum", "pom.xml", "build.gradle", "Gemfile", "Gemfile.lock", "composer.json", "composer.lock",
    "a.csproj", "packages.lock.json", "vcpkg.json", "conanfile.txt", "conanfile.py", "CMakeLists.txt",
];

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for n in NAMES {
        if let Some((_, parse)) = parser_for(n) {
            let _ = parse(&text);
        }
    }
});
