//! The terminal table: a header line, the summary, then one block per report section. Each
//! section has its own function so a section's owner edits only that function. Every string
//! from the scanned tree passes through [`sanitize`].

use std::io::{self, Write};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table};

use super::RenderOptions;
use super::model::{Confidence, CriterionKind, MemoryModel, Report, Verdict};
use super::term::{sanitize, wrap};

/// Renders the whole report as terminal text.
pub fn render(r: &Report, ro: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    if ro.summary {
        return render_summary(r, ro, out);
    }
    header(r, ro, out)?;
    summary(r, ro, out)?;
    delta(r, out)?;
    languages(r, ro, out)?;
    unsafety(r, ro, out)?;
    dependencies(r, ro, out)?;
    if ro.components {
        components(r, ro, out)?;
    }
    criteria(r, ro, out)?;
    recommendations(r, ro, out)?;
    warnings(r, ro, out)?;
    Ok(())
}

/// `--summary`: the score block, the case for and against, and where to start, in under 25
/// lines at any width of 40 columns or more.
pub fn render_summary(r: &Report, ro: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    header(r, ro, out)?;
    summary(r, ro, out)?;
    let w = width(ro) as usize;
    let case: Vec<_> = r
        .criteria
        .iter()
        .filter(|c| c.confidence != Confidence::None && c.strength > 0.1)
        .collect();
    if !case.is_empty() {
        writeln!(out, "\nThe case")?;
        for kind in [CriterionKind::Choose, CriterionKind::Avoid] {
            let mut side: Vec<_> = case.iter().filter(|c| c.kind == kind).collect();
            side.sort_by(|a, b| b.strength.total_cmp(&a.strength).then(a.id.cmp(&b.id)));
            for c in side.iter().take(3) {
                let word = if kind == CriterionKind::Choose {
                    "for"
                } else {
                    "against"
                };
                let line = format!("  {word:<7} {:.2} {}", c.strength, sanitize(&c.title));
                write_lines(
                    out,
                    &wrap(&line, w, 13).into_iter().take(2).collect::<Vec<_>>(),
                )?;
            }
        }
    }
    let recs: Vec<_> = r
        .recommendations
        .iter()
        .filter(|x| x.kind != "harden")
        .take(3)
        .collect();
    if !recs.is_empty() {
        writeln!(out, "\nWhere to start")?;
        for rec in recs {
            let line = format!("  {}: {}", sanitize(&rec.target), sanitize(&rec.why));
            let mut lines = wrap(&line, w, 4);
            if lines.len() > 2 {
                lines.truncate(2);
                if let Some(last) = lines.last_mut() {
                    last.push('…');
                }
            }
            write_lines(out, &lines)?;
        }
    }
    Ok(())
}

fn write_lines(out: &mut dyn Write, lines: &[String]) -> io::Result<()> {
    for l in lines {
        writeln!(out, "{l}")?;
    }
    Ok(())
}

/// Writes `text` wrapped to the table width, continuation lines indented by `indent`.
fn para(out: &mut dyn Write, ro: &RenderOptions, text: &str, indent: usize) -> io::Result<()> {
    write_lines(out, &wrap(text, width(ro) as usize, indent))
}

/// The label a reader sees for a recommendation kind (never the raw id).
pub fn rec_label(kind: &str) -> &str {
    match kind {
        "start_here" => "Start here",
        "adoption_path" => "Adoption path",
        "harden" => "Harden",
        "not_now" => "Not now",
        other => other,
    }
}

/// Columns when neither the caller nor the terminal gives a width.
pub const DEFAULT_WIDTH: u16 = 100;

/// The width every table and paragraph fits: the caller's (`COLUMNS`), else the terminal's,
/// else [`DEFAULT_WIDTH`]. Colour never changes it: `NO_COLOR` only removes colour.
pub fn width(ro: &RenderOptions) -> u16 {
    ro.width
        .or_else(|| Table::new().width())
        .filter(|w| *w > 0)
        .unwrap_or(DEFAULT_WIDTH)
        .max(40)
}

/// A new table with the house style, sized to [`width`].
pub fn new_table(ro: &RenderOptions) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    t.set_width(width(ro));
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
    let line = format!(
        "rust-ready {} · {} · {} files, {} bytes, {} skipped{}",
        r.tool.version,
        sanitize(&r.root),
        r.scanned.files,
        r.scanned.bytes,
        r.scanned.skipped,
        time
    );
    para(out, ro, &line, 2)
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
                "\n\x1b[1;{c}m{}\x1b[0m · \x1b[1mscore {score}/100\x1b[0m (how well Rust fits)",
                verdict_word(v)
            )?
        }
        (Some(score), Some(v)) => writeln!(
            out,
            "\n{} · score {score}/100 (how well Rust fits)",
            verdict_word(v)
        )?,
        _ => writeln!(out, "\nScore: not computed (no criterion could be judged)")?,
    }
    if let Some(h) = &s.headline {
        para(out, ro, &sanitize(h), 2)?;
    }
    let line = format!(
        "Memory-unsafe share of product code: {} · Rust share: {} · {} product code lines in programming languages",
        pct(s.memory_unsafe_share),
        pct(s.rust_share),
        s.programming_code
    );
    para(out, ro, &line, 2)
}

/// The verdict as a reader sees it (adopted reads as a state, not a failure).
pub fn verdict_word(v: Verdict) -> &'static str {
    match v {
        Verdict::Adopted => "Already on Rust (adopted)",
        Verdict::StrongCandidate => "Strong candidate",
        Verdict::Candidate => "Candidate",
        Verdict::Selective => "Selective: adopt for a component",
        Verdict::NotRecommended => "Not recommended",
    }
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
    // Narrow terminals lose the low-value columns first (comments, blanks).
    let wide = width(ro) >= 80;
    let mut head = vec!["Language", "Files", "Code"];
    if wide {
        head.extend(["Comments", "Blanks"]);
    }
    head.extend(["Product", "Share", "Memory"]);
    t.set_header(head);
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
        let mut row = vec![Cell::new(&l.name), num(l.files), num(l.code)];
        if wide {
            row.extend([num(l.comments), num(l.blanks)]);
        }
        row.extend([num(l.product_code), num(share), Cell::new(model)]);
        t.add_row(row);
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
            num(super::per_kloc(l.per_kloc)),
            Cell::new(top.join(", ")),
        ]);
    }
    writeln!(out, "\n{t}")?;
    for h in u.hotspots.iter().take(5) {
        let line = format!(
            "  hotspot {} ({}): {} findings, {} per KLOC of the file",
            sanitize(&h.path),
            h.language,
            h.findings,
            super::per_kloc(h.per_kloc)
        );
        para(out, ro, &line, 4)?;
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

/// `--components`: one row per component (real units from build files, else top folders).
fn components(r: &Report, ro: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    if r.components.is_empty() {
        return Ok(());
    }
    let mut t = new_table(ro);
    t.set_header(vec![
        "Component",
        "Kind",
        "Languages",
        "Product",
        "Unsafe share",
        "Findings",
        "Exposure",
        "Verdict",
    ]);
    for c in &r.components {
        let verdict = match (c.verdict, c.score) {
            (Some(v), Some(s)) => format!("{} ({s})", v.as_str()),
            _ => "-".to_string(),
        };
        t.add_row(vec![
            Cell::new(sanitize(&c.path)),
            Cell::new(sanitize(&c.kind)),
            Cell::new(sanitize(&c.languages.join(", "))),
            num(c.product_code),
            num(format!("{:.1}%", c.memory_unsafe_share * 100.0)),
            num(c.findings),
            Cell::new(sanitize(&c.exposure)),
            Cell::new(verdict),
        ]);
    }
    writeln!(
        out,
        "
Components
{t}"
    )
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

fn recommendations(r: &Report, ro: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    if r.recommendations.is_empty() {
        return Ok(());
    }
    writeln!(out, "\nWhere to start")?;
    for rec in &r.recommendations {
        let line = format!(
            "  {}: {}: {}",
            rec_label(&rec.kind),
            sanitize(&rec.target),
            sanitize(&rec.why)
        );
        para(out, ro, &line, 4)?;
    }
    Ok(())
}

fn warnings(r: &Report, ro: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    if r.warning_counts.is_empty() {
        return Ok(());
    }
    let parts: Vec<String> = r
        .warning_counts
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    writeln!(out)?;
    let line = format!(
        "Warnings: {} (see --format json for paths)",
        parts.join(", ")
    );
    para(out, ro, &line, 2)?;
    for w in r.warnings.iter().take(5) {
        let line = format!(
            "  {} [{}] {}",
            sanitize(&w.path),
            w.kind,
            sanitize(&w.message)
        );
        para(out, ro, &line, 4)?;
    }
    Ok(())
}

/// `rust-ready criteria`: every criterion, its kind, default weight and inputs.
pub fn render_criteria_catalogue(out: &mut dyn Write) -> io::Result<()> {
    use crate::data::signals::SIGNALS;
    use crate::score::criteria::CRITERIA;
    let ro = RenderOptions {
        width: std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()),
        ..RenderOptions::default()
    };
    let mut t = new_table(&ro);
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
    let mut s = new_table(&ro);
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
