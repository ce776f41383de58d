//! Criterion benchmarks of the hot loops: the per-file line count on our bytes (ours and tokei's), the walk alone,
//! and a whole scan of one fixture. Lexer and parser benchmarks sit beside them as they land.
//! Run: `cargo bench --bench hot_loops`. Throughput is reported in bytes/s.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rust_ready::analyze::languages;
use rust_ready::options::{Analyzers, Options};

/// Real sources to measure on: this crate's own files (always present).
fn corpus(ext: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stack: Vec<PathBuf> = vec![root.join("src"), root.join("fixtures")];
    while let Some(dir) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == ext) {
                out.extend(std::fs::read(&p).unwrap_or_default());
                out.push(b'\n');
            }
        }
    }
    out
}

fn tokei_count(c: &mut Criterion) {
    let mut g = c.benchmark_group("tokei_count");
    for (ext, lang) in [
        ("rs", tokei::LanguageType::Rust),
        ("c", tokei::LanguageType::C),
    ] {
        let bytes = corpus(ext);
        if bytes.is_empty() {
            continue;
        }
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        // Ours (src/analyze/fastcount.rs) beside tokei's own parse_from_slice.
        g.bench_function(format!("ours/{ext}"), |b| {
            b.iter(|| languages::count(lang, black_box(&bytes)))
        });
        g.bench_function(format!("tokei/{ext}"), |b| {
            b.iter(|| languages::count_tokei(lang, black_box(&bytes)))
        });
    }
    g.finish();
}

fn whole_scan(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let opts = Options {
        history: false,
        ..Options::default()
    };
    let lines_only = Options {
        analyzers: Analyzers {
            unsafety: false,
            deps: false,
            signals: false,
            roles: false,
        },
        ..opts.clone()
    };
    let mut g = c.benchmark_group("scan_fixtures");
    g.sample_size(20);
    g.bench_function("full", |b| {
        b.iter(|| rust_ready::scan(&root, &opts).unwrap())
    });
    g.bench_function("lines_only", |b| {
        b.iter(|| rust_ready::scan(&root, &lines_only).unwrap())
    });
    g.finish();
}

fn lexers(c: &mut Criterion) {
    use rust_ready::analyze::unsafety::{
        detect::detect,
        mask::{Family, mask},
    };
    let mut g = c.benchmark_group("unsafe_lexer");
    for (ext, fam) in [
        ("rs", Family::Rust),
        ("c", Family::C),
        ("go", Family::Go),
        ("py", Family::Python),
        ("ts", Family::Js),
    ] {
        let bytes = corpus(ext);
        if bytes.is_empty() {
            continue;
        }
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(ext, |b| {
            b.iter(|| {
                let m = mask(fam, black_box(&bytes));
                detect(fam, &m, &bytes)
            })
        });
    }
    g.finish();
}

fn manifests(c: &mut Criterion) {
    use rust_ready::analyze::deps::parser_for;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut g = c.benchmark_group("manifest_parse");
    for rel in [
        "Cargo.lock",
        "Cargo.toml",
        "fixtures/ts-frontend/package-lock.json",
        "fixtures/go-service/go.sum",
        "fixtures/django-crud/requirements.txt",
    ] {
        let Ok(text) = std::fs::read_to_string(root.join(rel)) else {
            continue;
        };
        let Some((_, parse)) = parser_for(rel) else {
            continue;
        };
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(rel, |b| b.iter(|| parse(black_box(&text))));
    }
    g.finish();
}

fn walk(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let opts = Options {
        history: false,
        analyzers: Analyzers {
            unsafety: false,
            deps: false,
            signals: false,
            roles: false,
        },
        ..Options::default()
    };
    c.bench_function("walk_and_count_src", |b| {
        b.iter(|| rust_ready::scan(&root, &opts).unwrap())
    });
}

/// The signals' content search: every pattern of the signals table over this crate's Rust
/// sources, by aho-corasick's own overlapping DFA search and by our walk of eight parts at once
/// (`analyze::multisearch`).
fn content_search(c: &mut Criterion) {
    // `RR_BENCH_CORPUS=FILE` measures on a file of your choice (say 40 MB of a registry tree's
    // `.rs` files, concatenated) instead of this crate's Rust sources.
    let text = std::env::var_os("RR_BENCH_CORPUS")
        .and_then(|p| std::fs::read(p).ok())
        .unwrap_or_else(|| corpus("rs"));
    let pats: Vec<&str> = rust_ready::data::signals::SIGNALS
        .iter()
        .flat_map(|s| s.content.iter().copied())
        .collect();
    let ours = rust_ready::analyze::multisearch::Patterns::new(&pats).unwrap();
    let theirs = aho_corasick::AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(&pats)
        .unwrap();
    let mut g = c.benchmark_group("content_search");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("aho_corasick_overlapping", |b| {
        b.iter(|| theirs.find_overlapping_iter(black_box(&text)).count())
    });
    g.bench_function("multisearch_parts", |b| {
        b.iter(|| {
            let mut n = 0usize;
            ours.for_each_match(black_box(&text), |_, _| n += 1);
            n
        })
    });
    g.finish();
}

criterion_group!(
    benches,
    tokei_count,
    lexers,
    manifests,
    walk,
    whole_scan,
    content_search
);
criterion_main!(benches);
