//! Parity of our line counter with tokei's `parse_from_slice`, per language and per file, on
//! real trees: `cargo run --release --example parity -- DIR...` (see scripts/parity.sh).
//! Prints, per language, files and lines identical, the time each counter took, and the first
//! differing paths.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use rust_ready::analyze::fastcount;
use rust_ready::analyze::languages::{self, Lines};
use tokei::LanguageType;

#[derive(Default)]
struct Row {
    files: u64,
    same_files: u64,
    fast_files: u64,
    lines: u64,
    same_lines: u64,
    ours: Duration,
    tokei: Duration,
    bytes: u64,
    diffs: Vec<String>,
}

fn total(l: &Lines) -> u64 {
    l.code + l.comments + l.blanks
}

fn main() -> anyhow::Result<()> {
    let dirs: Vec<String> = std::env::args().skip(1).collect();
    let mut rows: BTreeMap<LanguageType, Row> = BTreeMap::new();
    for dir in &dirs {
        for entry in ignore::WalkBuilder::new(dir)
            .hidden(false)
            .git_ignore(false)
            .build()
            .flatten()
        {
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let path = entry.path();
            let Ok(bytes) = std::fs::read(path) else {
                continue;
            };
            if bytes.len() > 4 << 20 {
                continue;
            }
            let language = match languages::detect_by_name(path) {
                (Some(l), _) => l,
                (None, true) => match languages::detect_by_shebang(&bytes) {
                    Some(l) => l,
                    None => continue,
                },
                _ => continue,
            };
            compare(language, path, &bytes, rows.entry(language).or_default());
        }
    }
    println!(
        "| language | files | fast-path files | identical files | lines | identical lines | ours ms | tokei ms | MB |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut all = Row::default();
    for (l, r) in &rows {
        println!(
            "| {} | {} | {} | {} ({:.3}%) | {} | {} ({:.3}%) | {:.0} | {:.0} | {:.1} |",
            l.name(),
            r.files,
            r.fast_files,
            r.same_files,
            pct(r.same_files, r.files),
            r.lines,
            r.same_lines,
            pct(r.same_lines, r.lines),
            r.ours.as_secs_f64() * 1e3,
            r.tokei.as_secs_f64() * 1e3,
            r.bytes as f64 / 1e6
        );
        all.files += r.files;
        all.fast_files += r.fast_files;
        all.same_files += r.same_files;
        all.lines += r.lines;
        all.same_lines += r.same_lines;
        all.ours += r.ours;
        all.tokei += r.tokei;
        all.bytes += r.bytes;
    }
    println!(
        "| **all** | {} | {} | {} ({:.3}%) | {} | {} ({:.3}%) | {:.0} | {:.0} | {:.1} |",
        all.files,
        all.fast_files,
        all.same_files,
        pct(all.same_files, all.files),
        all.lines,
        all.same_lines,
        pct(all.same_lines, all.lines),
        all.ours.as_secs_f64() * 1e3,
        all.tokei.as_secs_f64() * 1e3,
        all.bytes as f64 / 1e6
    );
    for (l, r) in &rows {
        for d in &r.diffs {
            println!("DIFF {}: {d}", l.name());
        }
    }
    Ok(())
}

fn pct(a: u64, b: u64) -> f64 {
    if b == 0 {
        100.0
    } else {
        a as f64 * 100.0 / b as f64
    }
}

fn compare(language: LanguageType, path: &Path, bytes: &[u8], row: &mut Row) {
    let t = Instant::now();
    let ours = languages::count(language, bytes);
    row.ours += t.elapsed();
    let t = Instant::now();
    let theirs = languages::count_tokei(language, bytes);
    row.tokei += t.elapsed();
    row.files += 1;
    row.bytes += bytes.len() as u64;
    if fastcount::handles(language, bytes) {
        row.fast_files += 1;
    }
    let n = total(&theirs.0) + theirs.1.iter().map(|(_, c)| total(c)).sum::<u64>();
    row.lines += n;
    if ours == theirs {
        row.same_files += 1;
        row.same_lines += n;
    } else if row.diffs.len() < 5 {
        row.diffs.push(format!(
            "{} ours {:?} tokei {:?}",
            path.display(),
            ours,
            theirs
        ));
    }
}
