//! The terminal table: a header line, the summary, then one block per report section. Each
//! section has its own function so a section's owner edits only that function. Every string
//! from the scanned tree passes through [`sanitize`].

use std::io::{self, Write};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table};

use super::RenderOptions;
use super::model::{MemoryModel, Report, Verdict};
use super::term::sanitize;

/// Renders the whole report as terminal text.
pub fn render(r: &Report, ro: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    header(r, ro, out)?;
    summary(r, ro, out)?;
    delta(r, out)?;
    languages(r, ro, out)?;
    unsafety(r, ro, out)?;
    dependencies(r, ro, out)?;
    criteria(r, ro, out)?;
    recommendations(r, out)?;
    warnings(r, out)?;
    Ok(())
}

/// A new table with the house style, sized to the terminal when known.
pub fn new_table(ro: &RenderOptions) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(w) = ro.width {
        t.set_width(w);
    }
    if !ro.color {
        t.force_no_tty();
    }
    t
}

/// A right-aligned cell.
pub fn num(v: impl ToString) -> Cell {
    Cell::new(v.to_string()).set_alignment(CellAlignment::Right)
}

/// A percentage with one decimal.
pub fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn header(r: &Report, ro: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let time = ro
        .elapsed
        .map(|d| format!(", {:.2} s", d.as_secs_f64()))
        .unwrap_or_default();
    writeln!(
        out,
        "rust-ready {} · {} · {} files, {} bytes, {} skipped{}",
        r.tool.version,
        sanitize(&r.root),
        r.scanned.files,
        r.scanned.bytes,
        r.scanned.skipped,
        time
    )
}

fn summary(r: &Report, ro: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let s = &r.summary;
    match (s.score, s.verdict) {
        (Some(score), Some(v)) if ro.color => {
            let c = match v {
                Verdict::Adopted | Verdict::StrongCandidate => "32",
                Verdict::Candidate | Verdict::Selective => "33",
                Verdict::NotRecommended => "31",
            };
            writeln!(
                out,
                "\n\x1b[1mScore {score}/100\x1b[0m · \x1b[1;{c}m{}\x1b[0m",
                v.as_str()
            )?
        }
        (Some(score), Some(v)) => writeln!(out, "\nScore {score}/100 · {}", v.as_str())?,
        _ => writeln!(out, "\nScore: not computed (no criterion could be judged)")?,
    }
    if let Some(h) = &s.headline {
        writeln!(out, "{}", sanitize(h))?;
    }
    writeln!(
        out,
        "Memory-unsafe share of product code: {} · Rust share: {} · {} product code lines in programming languages",
        pct(s.memory_unsafe_share),
        pct(s.rust_share),
        s.programming_code
    )
}

/// With `--baseline`: what changed, in points, percentage points and findings by kind.
fn delta(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    use super::markdown::{kinds, percent, points};
    let Some(d) = &r.delta else {
        return Ok(());
    };
    writeln!(out, "\nChange since baseline {}", sanitize(&d.baseline))?;
    writeln!(out, "  score: {}", points(&d.score))?;
    if let Some(v) = &d.verdict
        && v.old != v.new
    {
        let name = |x: Option<Verdict>| x.map_or("not scored", |v| v.as_str());
        writeln!(out, "  verdict: {} → {}", name(v.old), name(v.new))?;
    }
    writeln!(
        out,
        "  memory-unsafe share: {}",
        percent(&d.memory_unsafe_share)
    )?;
    for (l, c) in &d.unsafe_findings {
        if c.change.is_some_and(|x| x != 0.0) {
            writeln!(
                out,
                "  unsafe findings in {}: {}",
                sanitize(l),
                points(c).replace(" points", "")
            )?;
        }
    }
    let k = kinds(d);
    if !k.is_empty() {
        writeln!(out, "  findings by kind: {}", sanitize(&k))?;
    }
    if !d.new_hotspots.is_empty() {
        let p: Vec<String> = d.new_hotspots.iter().map(|x| sanitize(x)).collect();
        writeln!(out, "  new hotspots: {}", p.join(", "))?;
    }
    Ok(())
}

fn languages(r: &Report, ro: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    if r.languages.is_empty() {
        return writeln!(out, "\nNo recognised source files.");
    }
    let mut t = new_table(ro);
    t.set_header(vec![
        "Language", "Files", "Code", "Comments", "Blanks", "Product", "Share", "Memory",
    ]);
    for l in &r.languages {
        let model = match l.memory_model {
            Some(MemoryModel::Manual) => "manual",
            Some(MemoryModel::Gc) => "gc",
            Some(MemoryModel::Ownership) => "ownership",
            Some(MemoryModel::Other) => "other",
            Some(MemoryModel::None) | None => "data",
        };
        let share = if l.memory_model == Some(MemoryModel::None) {
            "-".to_string()
        } else {
            pct(l.share)
        };
        t.add_row(vec![
            Cell::new(&l.name),
            num(l.files),
            num(l.code),
            num(l.comments),
            num(l.blanks),
            num(l.product_code),
            num(share),
            Cell::new(model),
        ]);
    }
    writeln!(out, "\nLanguages")?;
    writeln!(out, "{t}")
}

fn unsafety(r: &Report, ro: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let u = &r.unsafety;
    if u.languages.is_empty() {
        return Ok(());
    }
    let mut t = new_table(ro);
    t.set_header(vec![
        "Unsafe usage",
        "Findings",
        "Tests",
        "Per KLOC",
        "Top kinds",
    ]);
    for l in &u.languages {
        let mut kinds: Vec<(&String, &u64)> = l.by_kind.iter().collect();
        kinds.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        let top: Vec<String> = kinds
            .iter()
            .take(3)
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        t.add_row(vec![
            Cell::new(&l.language),
            num(l.findings),
            num(l.test_findings),
            num(format!("{:.2}", l.per_kloc)),
            Cell::new(top.join(", ")),
        ]);
    }
    writeln!(out, "\n{t}")?;
    for h in u.hotspots.iter().take(5) {
        writeln!(
            out,
            "  hotspot {} ({}): {} findings, {:.1} per KLOC",
            sanitize(&h.path),
            h.language,
            h.findings,
            h.per_kloc
        )?;
    }
    Ok(())
}

fn dependencies(r: &Report, ro: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let eco = &r.dependencies.ecosystems;
    if eco.is_empty() {
        return Ok(());
    }
    let mut t = new_table(ro);
    t.set_header(vec![
        "Ecosystem",
        "Manifests",
        "Direct",
        "Locked",
        "Rust equivalents",
    ]);
    for e in eco {
        let locked = e
            .locked_count
            .map_or_else(|| "no lockfile".to_string(), |n| n.to_string());
        let cov = format!("{}/{}", e.rust_equivalents.covered, e.rust_equivalents.of);
        t.add_row(vec![
            Cell::new(&e.ecosystem),
            num(e.manifests.len()),
            num(e.direct_count),
            num(locked),
            num(cov),
        ]);
    }
    writeln!(out, "\n{t}")
}

fn criteria(r: &Report, ro: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    if r.criteria.is_empty() {
        return Ok(());
    }
    let mut t = new_table(ro);
    t.set_header(vec![
        "Criterion",
        "Kind",
        "Strength",
        "Confidence",
        "Top evidence",
    ]);
    for c in &r.criteria {
        let bar_len = (c.strength * 10.0).round() as usize;
        let bar = format!(
            "{}{} {:.2}",
            "█".repeat(bar_len),
            "·".repeat(10 - bar_len.min(10)),
            c.strength
        );
        let kind = if c.declared {
            format!("{:?} (declared)", c.kind).to_lowercase()
        } else {
            format!("{:?}", c.kind).to_lowercase()
        };
        t.add_row(vec![
            Cell::new(&c.title),
            Cell::new(kind),
            Cell::new(bar),
            Cell::new(format!("{:?}", c.confidence).to_lowercase()),
            Cell::new(sanitize(
                c.evidence.first().map_or("no evidence", |s| s.as_str()),
            )),
        ]);
    }
    writeln!(out, "\n{t}")
}

fn recommendations(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    if r.recommendations.is_empty() {
        return Ok(());
    }
    writeln!(out, "\nWhere to start")?;
    for rec in &r.recommendations {
        writeln!(
            out,
            "  [{}] {}: {}",
            rec.kind,
            sanitize(&rec.target),
            sanitize(&rec.why)
        )?;
    }
    Ok(())
}

fn warnings(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    if r.warning_counts.is_empty() {
        return Ok(());
    }
    let parts: Vec<String> = r
        .warning_counts
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    writeln!(
        out,
        "\nWarnings: {} (see --format json for paths)",
        parts.join(", ")
    )?;
    for w in r.warnings.iter().take(5) {
        writeln!(
            out,
            "  {} [{}] {}",
            sanitize(&w.path),
            w.kind,
            sanitize(&w.message)
        )?;
    }
    Ok(())
}

/// `rust-ready criteria`: every criterion, its kind, default weight and inputs.
pub fn render_criteria_catalogue(out: &mut dyn Write) -> io::Result<()> {
    use crate::data::signals::SIGNALS;
    use crate::score::criteria::CRITERIA;
    let mut t = new_table(&RenderOptions::default());
    t.set_header(vec!["Criterion", "Kind", "Weight", "Fed by"]);
    for c in CRITERIA {
        t.add_row(vec![
            Cell::new(format!("{}\n{}", c.id, c.title)),
            Cell::new(format!("{:?}", c.kind).to_lowercase()),
            num(format!("{:.1}", c.weight)),
            Cell::new(c.inputs.join(", ")),
        ]);
    }
    writeln!(out, "{t}\n\nSignals")?;
    let mut s = new_table(&RenderOptions::default());
    s.set_header(vec!["Signal", "Feeds", "Means"]);
    for sig in SIGNALS {
        s.add_row(vec![
            Cell::new(sig.id),
            Cell::new(sig.feeds),
            Cell::new(sig.about),
        ]);
    }
    writeln!(out, "{s}")
}
