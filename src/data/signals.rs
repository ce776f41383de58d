//! The signals table: named facts a scanner can see, each fed by path rules and, optionally,
//! content patterns. A signal matches a file when one of its path rules matches and, if it has
//! content patterns, one of them occurs in the file. Adding a signal is one row.

/// How a path is matched (all comparisons on the root-relative path, `/`-separated).
#[derive(Debug, Clone, Copy)]
pub enum PathRule {
    /// The file name equals one of these (ASCII case-insensitive).
    Name(&'static [&'static str]),
    /// The file name ends with one of these (ASCII case-insensitive).
    Suffix(&'static [&'static str]),
    /// A directory component equals one of these.
    Dir(&'static [&'static str]),
    /// The path contains one of these substrings.
    Contains(&'static [&'static str]),
    /// A source file (see [`CODE_EXTENSIONS`]) whose lower-case name contains one of these.
    CodeNamed(&'static [&'static str]),
}

/// Extensions of source files, for [`PathRule::CodeNamed`].
pub const CODE_EXTENSIONS: &[&str] = &[
    ".c", ".cc", ".cpp", ".cxx", ".h", ".hpp", ".rs", ".go", ".py", ".js", ".mjs", ".ts", ".tsx",
    ".jsx", ".java", ".kt", ".cs", ".rb", ".php", ".scala", ".swift", ".m", ".mm", ".pyx", ".pxi",
    ".pxd",
];

/// One row of the table.
#[derive(Debug, Clone, Copy)]
pub struct SignalDef {
    /// Stable id used in evidence and in `rust-ready criteria`.
    pub id: &'static str,
    /// The criterion it feeds (documentation; criteria read signals by id).
    pub feeds: &'static str,
    /// What it means, in a few words.
    pub about: &'static str,
    /// Any of these path rules selects the file.
    pub paths: &'static [PathRule],
    /// When non-empty, one of these must occur in the file's bytes.
    pub content: &'static [&'static str],
}

use PathRule::{CodeNamed, Contains, Dir, Name, Suffix};

const CODE: PathRule = Suffix(&[
    ".c", ".cc", ".cpp", ".cxx", ".h", ".hpp", ".rs", ".go", ".py", ".js", ".mjs", ".ts", ".tsx",
    ".jsx", ".java", ".kt", ".cs", ".rb", ".php", ".scala", ".swift", ".m", ".mm", ".ex", ".exs",
    ".pyx", ".pxi", ".pxd",
]);
const BUILD: PathRule = Name(&[
    "makefile",
    "gnumakefile",
    "cmakelists.txt",
    "meson.build",
    "build.gradle",
    "build.gradle.kts",
    "configure.ac",
    "build.zig",
    "sconstruct",
    "build.rs",
    "cargo.toml",
    "package.json",
    "setup.py",
]);

/// Signals about the project rather than its code (CI, packaging, release, security practice):
/// they may come from tooling, test and benchmark files too. Every other signal is a fact about
/// product code and is read from product files only (DESIGN.md, Roles and Evidence).
pub const PROJECT_SIGNALS: &[&str] = &[
    "benchmarks",
    "ci_os_matrix",
    "cross_toolchain",
    "docker_single_binary",
    "dockerfile",
    "fuzzing",
    "k8s_systemd",
    "packaging",
    "release_tooling",
    "rust_toolchain",
    "sanitizers",
    "security_policy",
    "serverless",
    "wasm",
];

/// The table, sorted by id (one row per signal).
#[rustfmt::skip]
pub const SIGNALS: &[SignalDef] = &[
    SignalDef { id: "benchmarks", feeds: "crud_web_app", about: "benchmark suites (a performance requirement)", paths: &[Dir(&["benches", "benchmarks", "bench", "benchmark"]), Suffix(&["_bench.go", "_benchmark.py", "bench.js"])], content: &[] },
    SignalDef { id: "ci_os_matrix", feeds: "multi_platform", about: "CI building on several operating systems", paths: &[Contains(&[".github/workflows/", ".gitlab-ci", "azure-pipelines", ".circleci/", "appveyor", ".travis"])], content: &["macos-", "windows-", "macOS", "osx"] },
    SignalDef { id: "cli_entry", feeds: "ships_binaries", about: "command-line entry points", paths: &[Suffix(&["src/main.rs", "/main.go", "__main__.py", "src/bin"]), Contains(&["cmd/", "/bin/"])], content: &[] },
    SignalDef { id: "cli_framework", feeds: "ships_binaries", about: "argument parsers (clap, docopt, cobra, argparse, click, commander, getopt_long)", paths: &[CODE], content: &["use clap", "clap::Parser", "#[derive(Parser", "use docopt::", "from docopt import", "cobra.Command", "import argparse", "argparse.ArgumentParser", "import click", "@click.command", "require('commander')", "from 'commander'", "yargs(", "picocli", "System.CommandLine", "getopt_long("] },
    SignalDef { id: "cli_main", feeds: "ships_binaries", about: "a C/C++ program entry point (`main`) in product code", paths: &[Suffix(&[".c", ".cc", ".cpp", ".cxx", ".m", ".mm"])], content: &["int main(", "int\nmain(", "int main (", "int\nmain (", "int wmain("] },
    SignalDef { id: "compute_kernels", feeds: "predictable_latency", about: "numeric hot loops in a managed language (typed arrays allocated, workers, numba)", paths: &[Suffix(&[".ts", ".tsx", ".js", ".mjs", ".py", ".java", ".cs", ".rb"])], content: &["new Float64Array(", "new Float32Array(", "new Uint8ClampedArray(", "new SharedArrayBuffer(", "new Worker(", "@njit", "numba", "@jit"] },
    SignalDef { id: "cross_toolchain", feeds: "multi_platform", about: "cross-compilation toolchains", paths: &[BUILD, Suffix(&[".cmake", ".mk", ".yml", ".yaml", ".toml", ".ini"])], content: &["arm-none-eabi", "aarch64-linux-gnu", "CROSS_COMPILE", "CMAKE_SYSTEM_NAME", "x86_64-pc-windows", "GOARCH=", "goarch:"] },
    SignalDef { id: "cxx_bridge", feeds: "adoption paths", about: "C++/Rust bridged with cxx", paths: &[Suffix(&[".rs"])], content: &["#[cxx::bridge"] },
    SignalDef { id: "docker_single_binary", feeds: "ships_binaries", about: "images that copy one binary into scratch/distroless", paths: &[Name(&["dockerfile", "containerfile"]), Suffix(&[".dockerfile"])], content: &["FROM scratch", "distroless"] },
    SignalDef { id: "dockerfile", feeds: "ships_binaries", about: "container images", paths: &[Name(&["dockerfile", "containerfile"]), Suffix(&[".dockerfile"])], content: &[] },
    SignalDef { id: "fuzzing", feeds: "memory_safety", about: "fuzz targets", paths: &[Dir(&["fuzz", "fuzzing", "fuzzers", "oss-fuzz"]), CODE], content: &["LLVMFuzzerTestOneInput", "fuzz_target!", "func Fuzz", "atheris", "@FuzzTest", "AFL_"] },
    SignalDef { id: "gc_tuning", feeds: "predictable_latency", about: "garbage-collector tuning", paths: &[CODE, BUILD, Name(&["dockerfile"]), Suffix(&[".yaml", ".yml", ".sh", ".env", ".properties", ".conf", ".toml", ".json"])], content: &["GOGC", "SetGCPercent", "GOMEMLIMIT", "-XX:+UseG1GC", "-XX:+UseZGC", "-XX:MaxGCPauseMillis", "-XX:+UseShenandoahGC", "gc.disable()", "gc.freeze", "--max-old-space-size", "GCSettings.LatencyMode", "GCLatencyMode"] },
    SignalDef { id: "grpc_protobuf", feeds: "infrastructure", about: "gRPC or protobuf interfaces", paths: &[Suffix(&[".proto"]), CODE], content: &["syntax = \"proto", "grpc.NewServer", "tonic::", "grpc.server(", "io.grpc"] },
    SignalDef { id: "k8s_systemd", feeds: "infrastructure", about: "systemd units and Kubernetes manifests", paths: &[Suffix(&[".service", ".socket", ".yaml", ".yml"]), Name(&["chart.yaml"])], content: &["[Service]", "kind: Deployment", "kind: StatefulSet", "kind: DaemonSet", "apiVersion: v2"] },
    SignalDef { id: "lambda_handlers", feeds: "startup_time", about: "Lambda-style handlers and SAM templates", paths: &[CODE, Name(&["template.yaml", "template.yml"])], content: &["AWS::Serverless", "def lambda_handler", "exports.handler", "aws-lambda-go", "lambda.Start(", "functions_framework", "lambda_runtime::"] },
    SignalDef { id: "latency_work", feeds: "predictable_latency", about: "tail-latency measurement", paths: &[CODE, Suffix(&[".md"])], content: &["p99", "P99", "tail latency", "HdrHistogram", "hdrhistogram", "latency histogram", "p999"] },
    SignalDef { id: "linker_script", feeds: "multi_platform", about: "linker scripts (bare-metal targets)", paths: &[Suffix(&[".ld", ".lds"])], content: &[] },
    SignalDef { id: "migrations", feeds: "schema_churn", about: "database migration files", paths: &[Dir(&["migrations", "migrate", "migration", "alembic", "changelog", "changelogs"]), Suffix(&[".up.sql", ".down.sql"])], content: &[] },
    SignalDef { id: "mobile_ndk", feeds: "multi_platform", about: "Android NDK or iOS native builds", paths: &[Name(&["android.mk", "application.mk", "build.gradle", "build.gradle.kts", "podfile"]), Suffix(&[".pbxproj"])], content: &["ndkVersion", "externalNativeBuild", "LOCAL_MODULE", "IPHONEOS_DEPLOYMENT_TARGET", "pod '"] },
    SignalDef { id: "network_server", feeds: "infrastructure", about: "code that listens on sockets", paths: &[CODE], content: &["epoll_create", "ListenAndServe", "net.Listen(", "TcpListener::bind", "socket(AF_INET", "createServer(", "app.listen(", "uvicorn.run", "grpc.NewServer", "serve_forever", "SO_REUSEADDR", "axum::serve", "HttpServer::new", "ServerSocket(", "WebApplication.CreateBuilder", "pcap_loop(", "pcap_dispatch(", "pcap_next_ex(", "QTcpServer", "accept4("] },
    SignalDef { id: "notebooks", feeds: "rapid_prototyping", about: "Jupyter notebooks", paths: &[Suffix(&[".ipynb"])], content: &[] },
    SignalDef { id: "orm_models", feeds: "crud_web_app", about: "ORM model definitions", paths: &[CODE, Suffix(&[".prisma"])], content: &["models.Model", "ActiveRecord::Base", "ApplicationRecord", "@Entity", "gorm.Model", "sequelize.define", "declarative_base", "db.Model", "model User", "DbContext", "Eloquent", "require(\"redbean-node\")", "require(\"knex\")", "require('knex')", "from 'typeorm'", "from \"typeorm\"", "mongoose.model(", "new Sequelize(", "from '@prisma/client'"] },
    SignalDef { id: "packaging", feeds: "ships_binaries", about: "OS packages (deb, rpm, brew, snap, msi)", paths: &[Name(&["pkgbuild", "snapcraft.yaml", "nfpm.yaml", "nfpm.yml", "control", "wix.json"]), Suffix(&[".spec", ".wxs", ".nsi"]), Dir(&["debian", "Formula", "homebrew"])], content: &[] },
    SignalDef { id: "parser_code", feeds: "memory_safety", about: "parsers and decoders of external input", paths: &[CodeNamed(&["pars", "lexer", "decod", "codec", "tokeniz", "deserial", "protocol", "inflat", "decompress", "uncompress", "xml", "json", "yaml", "png", "jpeg", "jpg", "gif", "font", "regex", "asn1", "x509", "tls", "ssl", "http", "url"])], content: &[] },
    SignalDef { id: "published_library", feeds: "infrastructure", about: "libraries published for reuse", paths: &[Name(&["lib.rs", "setup.py", "setup.cfg"]), Suffix(&[".gemspec", ".nuspec", ".podspec", ".pc.in"])], content: &[] },
    SignalDef { id: "realtime_domain", feeds: "predictable_latency", about: "real-time, audio, trading or game-loop code", paths: &[CODE], content: &["xTaskCreate", "vTaskDelay", "k_thread_create", "PortAudio", "AudioUnit", "jack_client", "cpal::", "order book", "orderbook", "matching engine", "SCHED_FIFO", "sched_setscheduler(", "mlockall("] },
    SignalDef { id: "release_tooling", feeds: "ships_binaries", about: "release automation for binaries", paths: &[Name(&[".goreleaser.yml", ".goreleaser.yaml", "dist-workspace.toml", "electron-builder.yml", "release.toml", ".releaserc", "release-plz.toml"]), Suffix(&[".spec"])], content: &[] },
    SignalDef { id: "rtos_hal", feeds: "multi_platform", about: "embedded RTOS, HAL or board frameworks", paths: &[Name(&["platformio.ini", "freertosconfig.h", "prj.conf", "sdkconfig", "mbed_app.json"]), Suffix(&[".ino"]), CODE], content: &["FreeRTOS", "xTaskCreate", "zephyr/", "HAL_Init", "CMSIS", "stm32", "esp_idf", "nrf_", "embedded_hal", "cortex_m", "Arduino.h"] },
    SignalDef { id: "rust_toolchain", feeds: "small_unfamiliar_team", about: "rust-toolchain files (someone already builds Rust here)", paths: &[Name(&["rust-toolchain", "rust-toolchain.toml"])], content: &[] },
    SignalDef { id: "sanitizers", feeds: "memory_safety", about: "sanitizer builds (ASan, UBSan, MSan)", paths: &[BUILD, Suffix(&[".cmake", ".mk", ".yml", ".yaml", ".sh", ".bazel", ".bzl"])], content: &["-fsanitize=", "ASAN_OPTIONS", "sanitize_address", "UBSAN_OPTIONS"] },
    SignalDef { id: "schema_files", feeds: "schema_churn", about: "schema definitions (protobuf, GraphQL, OpenAPI)", paths: &[Suffix(&[".proto", ".graphql", ".gql", ".avsc"]), Name(&["openapi.yaml", "openapi.yml", "openapi.json", "swagger.yaml", "swagger.json", "schema.prisma"])], content: &[] },
    SignalDef { id: "scripts", feeds: "rapid_prototyping", about: "loose scripts", paths: &[Dir(&["scripts", "script", "tools", "bin"])], content: &[] },
    SignalDef { id: "security_policy", feeds: "memory_safety", about: "a security policy", paths: &[Name(&["security.md", "security.txt", "security.rst"])], content: &[] },
    SignalDef { id: "serverless", feeds: "startup_time", about: "serverless function configs (Serverless Framework, SAM)", paths: &[Name(&["serverless.yml", "serverless.yaml", "samconfig.toml"])], content: &[] },
    SignalDef { id: "storage_engine", feeds: "infrastructure", about: "storage-engine code (WAL, fsync, mmap, B-trees, memtables)", paths: &[CODE], content: &["fsync(", "fdatasync(", "WriteAheadLog", "write_ahead_log", "memtable", "sstable", "btree_insert", "btree_search", "wal_append"] },
    SignalDef { id: "templates", feeds: "crud_web_app", about: "server-side templates", paths: &[Suffix(&[".erb", ".jinja", ".jinja2", ".j2", ".hbs", ".ejs", ".twig", ".blade.php", ".cshtml", ".jsp", ".haml", ".gohtml", ".tmpl"]), Dir(&["templates", "views"])], content: &[] },
    SignalDef { id: "wasm", feeds: "multi_platform", about: "WebAssembly targets (wasm-bindgen, emscripten, .wasm)", paths: &[Suffix(&[".wasm", ".wat"]), CODE, BUILD, Suffix(&[".toml", ".json", ".yml", ".yaml"])], content: &["wasm-bindgen", "wasm_bindgen", "wasm-pack", "emscripten", "emcc", "WebAssembly.instantiate", "wasm32", "EMSCRIPTEN"] },
    SignalDef { id: "web_framework", feeds: "crud_web_app", about: "web application frameworks in code", paths: &[CODE], content: &["from django", "import django", "from flask import", "Flask(__name__)", "express()", "require('express')", "require(\"express\")", "from 'express'", "Rails.application", "ActionController::Base", "@RestController", "SpringApplication.run", "gin.Default()", "gin.New()", "echo.New()", "fiber.New(", "from fastapi import", "FastAPI(", "Sinatra::Base", "WebApplication.CreateBuilder", "actix_web::", "rocket::"] },
    SignalDef { id: "web_framework_dep", feeds: "crud_web_app", about: "web application frameworks in manifests", paths: &[Name(&["package.json", "gemfile", "composer.json", "pyproject.toml", "go.mod", "pom.xml", "build.gradle", "build.gradle.kts", "pipfile"]), Suffix(&["requirements.txt"])], content: &["\"express\"", "\"next\"", "\"@nestjs/core\"", "\"koa\"", "\"fastify\"", "Django", "django", "flask", "Flask", "fastapi", "gem 'rails'", "gem \"rails\"", "gin-gonic/gin", "labstack/echo", "gofiber/fiber", "spring-boot-starter-web", "laravel/framework", "sinatra"] },
];

/// Content patterns written in one language's syntax, and the file extensions they are
/// searched in. A pattern not listed here is searched in every file its signal selects; a
/// listed one only in files of its language (an `import argparse` is not evidence in a Rust
/// file, and each file's automaton stays small: the Rust set is about a third of the whole).
/// One row per language; the extension lists are disjoint.
#[rustfmt::skip]
pub const PATTERN_LANGUAGES: &[(&[&str], &[&str])] = &[
    (&[".rs"], &["use clap", "clap::Parser", "#[derive(Parser", "use docopt::", "fuzz_target!", "tonic::", "lambda_runtime::", "TcpListener::bind", "axum::serve", "HttpServer::new", "cpal::", "embedded_hal", "cortex_m", "actix_web::", "rocket::", "#[cxx::bridge"]),
    (&[".py"], &["from docopt import", "import argparse", "argparse.ArgumentParser", "import click", "@click.command", "atheris", "uvicorn.run", "serve_forever", "gc.disable()", "gc.freeze", "def lambda_handler", "functions_framework", "models.Model", "declarative_base", "db.Model", "from django", "import django", "from flask import", "Flask(__name__)", "from fastapi import", "FastAPI(", "grpc.server("]),
    (&[".go"], &["cobra.Command", "func Fuzz", "SetGCPercent", "grpc.NewServer", "ListenAndServe", "net.Listen(", "aws-lambda-go", "lambda.Start(", "gorm.Model", "gin.Default()", "gin.New()", "echo.New()", "fiber.New("]),
    (&[".js", ".mjs", ".ts", ".tsx", ".jsx"], &["require('commander')", "from 'commander'", "yargs(", "createServer(", "app.listen(", "exports.handler", "sequelize.define", "require(\"redbean-node\")", "require(\"knex\")", "require('knex')", "from 'typeorm'", "from \"typeorm\"", "mongoose.model(", "new Sequelize(", "from '@prisma/client'", "express()", "require('express')", "require(\"express\")", "from 'express'"]),
    (&[".java", ".kt", ".scala"], &["picocli", "@FuzzTest", "io.grpc", "ServerSocket(", "@Entity", "@RestController", "SpringApplication.run"]),
    (&[".cs"], &["System.CommandLine", "WebApplication.CreateBuilder", "DbContext", "GCSettings.LatencyMode", "GCLatencyMode"]),
    (&[".rb"], &["ActiveRecord::Base", "ApplicationRecord", "Rails.application", "ActionController::Base", "Sinatra::Base"]),
    (&[".c", ".cc", ".cpp", ".cxx", ".h", ".hpp", ".m", ".mm"], &["getopt_long(", "int main(", "int\nmain(", "int main (", "int\nmain (", "int wmain("]),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sorted_unique() {
        for w in SIGNALS.windows(2) {
            assert!(w[0].id < w[1].id, "{} before {}", w[0].id, w[1].id);
        }
    }

    #[test]
    fn pattern_languages_name_table_patterns_once_and_disjoint_extensions() {
        let mut seen = std::collections::BTreeSet::new();
        for (exts, pats) in PATTERN_LANGUAGES {
            for p in *pats {
                assert!(
                    SIGNALS.iter().any(|s| s.content.contains(p)),
                    "{p:?} is no signal's pattern"
                );
                assert!(seen.insert(*p), "{p:?} listed twice");
            }
            for e in *exts {
                let rows = PATTERN_LANGUAGES
                    .iter()
                    .filter(|(x, _)| x.contains(e))
                    .count();
                assert_eq!(rows, 1, "{e} in {rows} rows");
                assert_eq!(*e, e.to_ascii_lowercase());
            }
        }
    }
}
