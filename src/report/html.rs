//! HTML: one self-contained page (inline CSS and SVG; no scripts, fonts or requests; a CSP
//! that forbids loading anything). Every string from the scanned tree is escaped. Charts are
//! SVG drawn here: the language-mix bar, the diverging criteria chart, and for `compare` a
//! criteria heat map and a fit-versus-cost scatter.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::compare::Comparison;
use super::model::{Confidence, CriterionKind, MemoryModel, Report, Verdict};

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c if (c.is_control() && c != '\n') || super::term::is_bidi(c) => {
                let _ = write!(o, "\\u{{{:x}}}", c as u32);
            }
            c => o.push(c),
        }
    }
    o
}

const CSS: &str = ":root{--fg:#1b1f24;--muted:#57606a;--bg:#ffffff;--line:#d0d7de;--th:#f6f8fa;--track:#eaeef2;--for:#0072b2;--against:#d55e00}\
@media (prefers-color-scheme: dark){:root{--fg:#e6edf3;--muted:#9da7b3;--bg:#0d1117;--line:#30363d;--th:#161b22;--track:#21262d;--for:#56b4e9;--against:#e69f00}}\
*{box-sizing:border-box}html{background:var(--bg)}body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:16px;line-height:1.45;margin:1.5rem auto;max-width:1100px;color:var(--fg);background:var(--bg);padding:0 1rem;overflow-wrap:break-word}\
h1{font-size:1.7rem;margin:.2rem 0}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid var(--line);padding-bottom:.3rem}h3{font-size:1.05rem;margin:1rem 0 .3rem}\
.meta{color:var(--muted);font-size:.9rem;margin:0}.verdict-row{display:flex;flex-wrap:wrap;align-items:center;gap:.6rem 1rem;margin:.6rem 0}\
.badge{display:inline-block;white-space:nowrap;padding:.25rem .8rem;border-radius:1rem;font-weight:700;font-size:1.05rem;border:2px solid rgba(0,0,0,.25)}.score{font-size:2.2rem;font-weight:700}\
.headline{font-size:1.1rem}.muted{color:var(--muted)}.scroll{overflow-x:auto;max-width:100%}table{border-collapse:collapse;width:100%;font-size:.92rem}\
th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top;overflow-wrap:normal}th{white-space:nowrap}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}th{background:var(--th)}\
svg.chart{display:block;width:100%;height:auto;margin:.5rem 0}code{font-size:.88rem}details{margin:.25rem 0}summary{cursor:pointer}\
.crit summary{display:grid;grid-template-columns:minmax(0,1fr) auto;gap:0 .8rem;align-items:baseline}.crit .bar{grid-column:1/-1;display:block;width:100%;height:12px;background:var(--track);border-radius:3px;margin:.15rem 0 .3rem}\
.crit ul{margin:.2rem 0 .6rem;padding-left:1.3rem;font-size:.92rem}.crit .v{font-variant-numeric:tabular-nums;color:var(--muted);white-space:nowrap}.case{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,22rem),1fr));gap:0 2rem}\
.legend{display:flex;flex-wrap:wrap;gap:.2rem 1rem;padding:0;margin:.3rem 0;list-style:none}.sw{display:inline-block;width:.85rem;height:.85rem;margin-right:.3rem;vertical-align:middle;border-radius:2px}\
td .badge{font-size:.85rem;padding:.1rem .5rem}ol.start li{margin:.4rem 0;overflow-wrap:anywhere}.k{display:inline-block;font-size:.8rem;font-weight:700;text-transform:uppercase;letter-spacing:.03em;color:var(--muted);margin-right:.4rem}";

/// Verdict colours: a fixed scale from Okabe and Ito's colour-blind-safe palette (blue for
/// a strong case through orange and vermillion for none; purple for a project already on
/// Rust), with the text colour that keeps contrast. The word is always shown beside it.
pub fn verdict_colours(v: Option<Verdict>) -> (&'static str, &'static str) {
    match v {
        Some(Verdict::Adopted) => ("#5e3c99", "#ffffff"),
        Some(Verdict::StrongCandidate) => ("#0072b2", "#ffffff"),
        Some(Verdict::Candidate) => ("#56b4e9", "#000000"),
        Some(Verdict::Selective) => ("#e69f00", "#000000"),
        Some(Verdict::NotRecommended) => ("#d55e00", "#000000"),
        None => ("#bbbbbb", "#000000"),
    }
}

/// Per-language colours (GitHub linguist's where it has one), so a language keeps its colour
/// from one report to the next; others get a colour from their name, never from their rank.
const LANGUAGE_COLOURS: &[(&str, &str)] = &[
    ("Assembly", "#6e4c13"),
    ("BASH", "#89e051"),
    ("C", "#555555"),
    ("C Header", "#8a8a8a"),
    ("C#", "#178600"),
    ("C++", "#f34b7d"),
    ("C++ Header", "#f7a1bc"),
    ("CMake", "#da3434"),
    ("CSS", "#663399"),
    ("Dart", "#00b4ab"),
    ("Elixir", "#6e4a7e"),
    ("Erlang", "#b83998"),
    ("GNU Style Assembly", "#6e4c13"),
    ("Go", "#00add8"),
    ("HTML", "#e34c26"),
    ("Haskell", "#5e5086"),
    ("Java", "#b07219"),
    ("JavaScript", "#f1e05a"),
    ("Jupyter Notebooks", "#da5b0b"),
    ("Kotlin", "#a97bff"),
    ("Lua", "#000080"),
    ("Makefile", "#427819"),
    ("Objective-C", "#438eff"),
    ("PHP", "#4f5d95"),
    ("Perl", "#0298c3"),
    ("Python", "#3572a5"),
    ("Ruby", "#701516"),
    ("Rust", "#dea584"),
    ("SQL", "#e38c00"),
    ("Scala", "#c22d40"),
    ("Shell", "#89e051"),
    ("Svelte", "#ff3e00"),
    ("Swift", "#f05138"),
    ("TCL", "#e4cc98"),
    ("Tcl", "#e4cc98"),
    ("TypeScript", "#3178c6"),
    ("Vue", "#41b883"),
    ("Zig", "#ec915c"),
];

/// A language's colour: from [`LANGUAGE_COLOURS`], else a hue from a hash of its name.
pub fn language_colour(name: &str) -> String {
    if let Ok(i) = LANGUAGE_COLOURS.binary_search_by(|(n, _)| (*n).cmp(name)) {
        return LANGUAGE_COLOURS[i].1.to_string();
    }
    let h = name.bytes().fold(2166136261u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(16777619)
    });
    format!("hsl({}, 45%, 50%)", h % 360)
}

/// The page's start: doctype, CSP, viewport, title and the shared CSS.
pub fn head(out: &mut String, title: &str) {
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"color-scheme\" content=\"light dark\"><title>{}</title><style>{CSS}</style></head><body>\n",
        esc(title)
    );
}

fn opacity(c: Confidence) -> f64 {
    match c {
        Confidence::None => 0.15,
        Confidence::Low => 0.4,
        Confidence::Medium => 0.7,
        Confidence::High => 1.0,
    }
}

fn model_name(m: Option<MemoryModel>) -> &'static str {
    match m {
        Some(MemoryModel::Manual) => "manual memory",
        Some(MemoryModel::Gc) => "garbage collected",
        Some(MemoryModel::Ownership) => "ownership (Rust)",
        Some(MemoryModel::Other) => "other",
        Some(MemoryModel::None) | None => "data",
    }
}

fn model_rank(m: Option<MemoryModel>) -> u8 {
    match m {
        Some(MemoryModel::Manual) => 0,
        Some(MemoryModel::Gc) => 1,
        Some(MemoryModel::Ownership) => 2,
        Some(MemoryModel::Other) => 3,
        Some(MemoryModel::None) | None => 4,
    }
}

/// A table inside a box that scrolls sideways on a narrow screen.
fn table_open(out: &mut String, id: &str, head: &[&str]) {
    let idattr = if id.is_empty() {
        String::new()
    } else {
        format!(" id=\"{id}\"")
    };
    let _ = write!(out, "<div class=\"scroll\"><table{idattr}><thead><tr>");
    for h in head {
        let _ = write!(out, "<th>{h}</th>");
    }
    out.push_str("</tr></thead><tbody>");
}

fn table_close(out: &mut String) {
    out.push_str("</tbody></table></div>");
}

fn language_bar(r: &Report, out: &mut String) {
    // Product code of programming languages, grouped by memory model, largest first.
    let mut langs: Vec<_> = r
        .languages
        .iter()
        .filter(|l| l.memory_model != Some(MemoryModel::None) && l.product_code > 0)
        .collect();
    langs.sort_by(|a, b| {
        model_rank(a.memory_model)
            .cmp(&model_rank(b.memory_model))
            .then(b.product_code.cmp(&a.product_code))
            .then(a.name.cmp(&b.name))
    });
    let total: u64 = langs.iter().map(|l| l.product_code).sum();
    out.push_str("<section><h2 id=\"languages\">Languages</h2>");
    if total == 0 {
        out.push_str("<p class=\"muted\">No product code in programming languages.</p>");
    } else {
        let width = 1000.0;
        let _ = write!(
            out,
            "<p class=\"muted\">Product code by memory model: manual memory first, then garbage collected, Rust, other.</p><svg class=\"chart\" id=\"language-bar\" viewBox=\"0 0 {width} 40\" preserveAspectRatio=\"none\" style=\"height:2.2rem\" role=\"img\" aria-label=\"language mix of product code\">"
        );
        let mut x = 0.0;
        let mut legend = String::new();
        for l in &langs {
            let color = language_colour(&l.name);
            let w = width * l.product_code as f64 / total as f64;
            let _ = write!(
                out,
                "<rect x=\"{x:.2}\" y=\"0\" width=\"{w:.2}\" height=\"40\" fill=\"{color}\" style=\"stroke:var(--bg);stroke-width:1\"><title>{}: {} product code lines ({:.1}%, {})</title></rect>",
                esc(&l.name),
                l.product_code,
                l.share * 100.0,
                model_name(l.memory_model)
            );
            x += w;
            let _ = write!(
                legend,
                "<li><i class=\"sw\" style=\"background:{color}\"></i>{} {:.1}% <span class=\"muted\">({})</span></li>",
                esc(&l.name),
                l.share * 100.0,
                model_name(l.memory_model)
            );
        }
        let _ = write!(out, "</svg><ul class=\"legend\">{legend}</ul>");
    }
    table_open(
        out,
        "language-table",
        &[
            "Language",
            "Memory",
            "Files",
            "Code",
            "Product",
            "Vendored",
            "Generated",
            "Share",
        ],
    );
    for l in &r.languages {
        let share = if l.memory_model == Some(MemoryModel::None) {
            "–".to_string()
        } else {
            format!("{:.1}%", l.share * 100.0)
        };
        let _ = write!(
            out,
            "<tr><td><i class=\"sw\" style=\"background:{}\"></i>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{share}</td></tr>",
            language_colour(&l.name),
            esc(&l.name),
            model_name(l.memory_model),
            l.files,
            l.code,
            l.product_code,
            l.vendored_code,
            l.generated_code,
        );
    }
    table_close(out);
    out.push_str("</section>");
}

/// The case for and against: one row per judged criterion, the bar drawn in SVG, the
/// evidence in a `<details>` that opens on tap or click (nothing depends on hover).
fn criteria_chart(r: &Report, out: &mut String) {
    out.push_str("<section id=\"criteria\"><h2>The case for and against</h2><p class=\"muted\">Strength from 0 to 1 per criterion of the article; a pale bar is low confidence. Open a row for its evidence.</p><div id=\"criteria-chart\" class=\"case\">");
    for (kind, title, colour) in [
        (CriterionKind::Choose, "For Rust", "var(--for)"),
        (CriterionKind::Avoid, "Against Rust", "var(--against)"),
    ] {
        let side = if kind == CriterionKind::Choose {
            "for"
        } else {
            "against"
        };
        let _ = write!(out, "<div class=\"side {side}\"><h3>{title}</h3>");
        let mut items: Vec<_> = r.criteria.iter().filter(|c| c.kind == kind).collect();
        items.sort_by(|a, b| {
            (b.confidence != Confidence::None)
                .cmp(&(a.confidence != Confidence::None))
                .then(b.strength.total_cmp(&a.strength))
                .then(a.id.cmp(&b.id))
        });
        for c in items {
            let conf = format!("{:?}", c.confidence).to_lowercase();
            let tip = format!(
                "{} ({side}, {:.2}, confidence {conf}{}): {}",
                c.title,
                c.strength,
                if c.declared { ", declared" } else { "" },
                c.evidence.join(" | ")
            );
            let len = (c.strength * 100.0).clamp(0.5, 100.0);
            let _ = write!(
                out,
                "<details class=\"crit {side}\"><summary><span>{}</span><span class=\"v\">{:.2} · {conf}{}</span><svg class=\"bar\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"strength {:.2}\"><title>{}</title><rect x=\"0\" y=\"0\" width=\"{len:.1}\" height=\"10\" style=\"fill:{colour}\" fill-opacity=\"{}\"/></svg></summary><ul>",
                esc(&c.title),
                c.strength,
                if c.declared { ", declared" } else { "" },
                c.strength,
                esc(&tip),
                opacity(c.confidence)
            );
            if c.evidence.is_empty() {
                out.push_str("<li class=\"muted\">no evidence</li>");
            }
            for e in &c.evidence {
                let _ = write!(out, "<li>{}</li>", esc(e));
            }
            out.push_str("</ul></details>");
        }
        out.push_str("</div>");
    }
    out.push_str("</div></section>");
}

fn unsafe_section(r: &Report, out: &mut String) {
    out.push_str("<section><h2 id=\"unsafe\">Memory-unsafe usage</h2>");
    let u = &r.unsafety;
    if u.languages.is_empty() {
        out.push_str("<p class=\"muted\">No findings.</p></section>");
        return;
    }
    out.push_str(
        "<p class=\"muted\">Per KLOC: findings per 1,000 product lines of the language.</p>",
    );
    table_open(
        out,
        "",
        &["Language", "Findings", "In tests", "Per KLOC", "Kinds"],
    );
    for l in &u.languages {
        let kinds: Vec<String> = l
            .by_kind
            .iter()
            .map(|(k, v)| format!("{} {v}", esc(k)))
            .collect();
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            esc(&l.language),
            l.findings,
            l.test_findings,
            super::per_kloc(l.per_kloc),
            kinds.join(", ")
        );
    }
    table_close(out);
    out.push_str("<h3>Hotspots</h3>");
    table_open(
        out,
        "hotspots",
        &["File", "Language", "Findings", "Per KLOC of the file"],
    );
    for h in &u.hotspots {
        let _ = write!(
            out,
            "<tr><td><code>{}</code></td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&h.path),
            esc(&h.language),
            h.findings,
            super::per_kloc(h.per_kloc)
        );
    }
    table_close(out);
    out.push_str("</section>");
}

fn deps_section(r: &Report, out: &mut String) {
    out.push_str("<section><h2 id=\"dependencies\">Dependencies</h2>");
    if r.dependencies.ecosystems.is_empty() {
        out.push_str("<p class=\"muted\">No manifests found.</p></section>");
        return;
    }
    table_open(
        out,
        "",
        &[
            "Ecosystem",
            "Manifests",
            "Direct",
            "Locked",
            "Rust equivalents",
            "Examples",
        ],
    );
    for e in &r.dependencies.ecosystems {
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}/{}</td><td>{}</td></tr>",
            esc(&e.ecosystem),
            e.manifests.len(),
            e.direct_count,
            e.locked_count
                .map_or("no lockfile".to_string(), |n| n.to_string()),
            e.rust_equivalents.covered,
            e.rust_equivalents.of,
            esc(&e.rust_equivalents.examples.join(", "))
        );
    }
    table_close(out);
    out.push_str("</section>");
}

fn start_section(r: &Report, out: &mut String) {
    out.push_str("<section><h2 id=\"start\">Where to start</h2>");
    if r.recommendations.is_empty() {
        out.push_str("<p class=\"muted\">No recommendation.</p></section>");
        return;
    }
    out.push_str("<ol class=\"start\">");
    for x in &r.recommendations {
        let _ = write!(
            out,
            "<li><span class=\"k\">{}</span><code>{}</code>: {}</li>",
            esc(super::table::rec_label(&x.kind)),
            esc(&x.target),
            esc(&x.why)
        );
    }
    out.push_str("</ol></section>");
}

fn warnings_section(r: &Report, out: &mut String) {
    out.push_str("<section><h2 id=\"warnings\">Warnings</h2>");
    if r.warning_counts.is_empty() {
        out.push_str("<p class=\"muted\">None.</p></section>");
        return;
    }
    let counts: Vec<String> = r
        .warning_counts
        .iter()
        .map(|(k, v)| format!("{} {v}", esc(k)))
        .collect();
    let _ = write!(out, "<p>{}</p>", counts.join(", "));
    table_open(out, "", &["Path", "Kind", "Message"]);
    for w in &r.warnings {
        let _ = write!(
            out,
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
            esc(&w.path),
            esc(&w.kind),
            esc(&w.message)
        );
    }
    table_close(out);
    out.push_str("</section>");
}

/// Okabe-Ito colours of the code-age buckets, youngest (most vulnerability-dense) first.
const AGE_COLOURS: [&str; 4] = ["#d55e00", "#e69f00", "#56b4e9", "#0072b2"];

/// A horizontal bar per code-age bucket (inline SVG; each bar carries its numbers in a
/// `<title>` and as text, and the caller puts a table beside it).
pub fn age_chart(rows: &[(String, u64)], out: &mut String) {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let h = 34 * rows.len() + 6;
    let _ = write!(
        out,
        "<svg class=\"chart\" id=\"age-chart\" viewBox=\"0 0 1000 {h}\" role=\"img\" aria-label=\"memory-unsafe product code by time since its last change\">"
    );
    for (i, (label, n)) in rows.iter().enumerate() {
        let y = 34 * i + 4;
        let w = 600.0 * *n as f64 / max as f64;
        let colour = AGE_COLOURS[i.min(AGE_COLOURS.len() - 1)];
        let _ = write!(
            out,
            "<text x=\"0\" y=\"{}\" style=\"fill:var(--fg);font-size:18px\">{}</text><rect x=\"260\" y=\"{y}\" width=\"{w:.1}\" height=\"26\" fill=\"{colour}\"><title>{}: {n} lines</title></rect><text x=\"{:.1}\" y=\"{}\" style=\"fill:var(--fg);font-size:18px\">{n}</text>",
            y + 19,
            esc(label),
            esc(label),
            268.0 + w,
            y + 19
        );
    }
    out.push_str("</svg>");
}

/// Rust's share of programming-language lines per month, as a line (inline SVG).
pub fn rust_share_chart(points: &[(String, f64)], out: &mut String) {
    let (w, h, left, top) = (1000.0, 240.0, 70.0, 10.0);
    let plot_w = w - left - 10.0;
    let plot_h = h - top - 40.0;
    let n = points.len().max(2) - 1;
    let _ = write!(
        out,
        "<svg class=\"chart\" id=\"rust-share-chart\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"Rust share of programming-language lines per month\">"
    );
    for (v, label) in [(0.0, "0%"), (0.5, "50%"), (1.0, "100%")] {
        let y = top + plot_h * (1.0 - v);
        let _ = write!(
            out,
            "<line x1=\"{left}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" style=\"stroke:var(--line)\"/><text x=\"0\" y=\"{:.1}\" style=\"fill:var(--muted);font-size:16px\">{label}</text>",
            left + plot_w,
            y + 5.0
        );
    }
    let xy = |i: usize, v: f64| {
        (
            left + plot_w * i as f64 / n as f64,
            top + plot_h * (1.0 - v),
        )
    };
    let pts: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, (_, v))| {
            let (x, y) = xy(i, *v);
            format!("{x:.1},{y:.1}")
        })
        .collect();
    let _ = write!(
        out,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"#0072b2\" stroke-width=\"3\"/>",
        pts.join(" ")
    );
    for (i, (m, v)) in points.iter().enumerate() {
        let (x, y) = xy(i, *v);
        let _ = write!(
            out,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4\" fill=\"#0072b2\"><title>{}: {:.1}%</title></circle>",
            esc(m),
            v * 100.0
        );
    }
    if let (Some(first), Some(last)) = (points.first(), points.last()) {
        let _ = write!(
            out,
            "<text x=\"{left}\" y=\"{}\" style=\"fill:var(--muted);font-size:16px\">{}</text><text x=\"{}\" y=\"{}\" text-anchor=\"end\" style=\"fill:var(--muted);font-size:16px\">{}</text>",
            h - 8.0,
            esc(&first.0),
            left + plot_w,
            h - 8.0,
            esc(&last.0)
        );
    }
    out.push_str("</svg>");
}

/// Code age of memory-unsafe product code and, mid-migration, Rust's share over time: from
/// `history.changes`; without it one line says the history is unknown.
fn code_age_section(r: &Report, out: &mut String) {
    out.push_str("<section id=\"code-age\"><h2>Code age</h2>");
    let Some(ch) = &r.history.changes else {
        let _ = write!(
            out,
            "<p class=\"muted\">No history: unknown ({}).</p></section>",
            esc(r
                .history
                .reason
                .as_deref()
                .unwrap_or("the report has no change history"))
        );
        return;
    };
    let a = &ch.unsafe_age;
    let rows = vec![
        ("changed within 1 year".to_string(), a.changed_1y),
        (
            "1 to 2 years".to_string(),
            a.changed_2y.saturating_sub(a.changed_1y),
        ),
        (
            "2 to 5 years".to_string(),
            a.changed_5y.saturating_sub(a.changed_2y),
        ),
        (
            "over 5 years".to_string(),
            a.lines
                .saturating_sub(a.changed_5y)
                .saturating_sub(a.unknown),
        ),
    ];
    let _ = write!(
        out,
        "<p class=\"muted\">{} memory-unsafe product lines by their last change (as of {}; {}); vulnerabilities concentrate in new code, so the young bars matter most. {} of unknown age.</p>",
        a.lines,
        esc(&ch.as_of),
        if ch.age_method == "added-lines" {
            "young lines are at most the lines added to each file in the window".to_string()
        } else if ch.age_method == "file" {
            "a line's age is its file's last change".to_string()
        } else {
            format!("ages measured per {}", esc(&ch.age_method))
        },
        a.unknown
    );
    age_chart(&rows, out);
    table_open(out, "age-table", &["Last changed", "Lines"]);
    for (l, n) in &rows {
        let _ = write!(out, "<tr><td>{}</td><td class=\"n\">{n}</td></tr>", esc(l));
    }
    let _ = write!(
        out,
        "<tr><td>unknown</td><td class=\"n\">{}</td></tr>",
        a.unknown
    );
    table_close(out);
    let points: Vec<(String, f64)> = ch
        .monthly
        .iter()
        .filter_map(|m| m.rust_share.map(|s| (m.month.clone(), s)))
        .collect();
    let mid = points.len() >= 2
        && points.iter().any(|p| p.1 > 0.0)
        && points.last().is_some_and(|p| p.1 < 0.75);
    if mid {
        out.push_str("<h3>Rust share over time</h3>");
        rust_share_chart(&points, out);
        out.push_str("<details><summary>Rust share per month (table)</summary>");
        table_open(out, "rust-share-table", &["Month", "Rust share"]);
        for (m, v) in &points {
            let _ = write!(
                out,
                "<tr><td>{}</td><td class=\"n\">{:.1}%</td></tr>",
                esc(m),
                v * 100.0
            );
        }
        table_close(out);
        out.push_str("</details>");
    }
    out.push_str("</section>");
}

/// Renders a scan report: the case first (project, verdict, headline, for and against,
/// where to start), then the measured detail.
pub fn render(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut s = String::with_capacity(64 * 1024);
    let name = r.project.clone().unwrap_or_else(|| r.root.clone());
    head(&mut s, &format!("rust-ready: {name}"));
    let score = r.summary.score.map_or("–".to_string(), |x| x.to_string());
    let verdict = r.summary.verdict.map_or("not scored", |v| v.as_str());
    let word = r
        .summary
        .verdict
        .map_or("Not scored", super::table::verdict_word);
    let (bg, fg) = verdict_colours(r.summary.verdict);
    let mut meta = format!(
        "rust-ready {} · <code>{}</code> · {} files",
        esc(&r.tool.version),
        esc(&r.root),
        r.scanned.files
    );
    if let Some(d) = &r.history.last_commit {
        let _ = write!(meta, " · last commit {}", esc(d));
    }
    if let Some(n) = r.history.commits {
        let _ = write!(meta, " ({n} commits)");
    }
    let _ = write!(
        s,
        "<header id=\"summary\"><p class=\"meta\">{meta}</p><h1>{}</h1><div class=\"verdict-row\"><span class=\"badge\" id=\"verdict\" data-verdict=\"{verdict}\" style=\"background:{bg};color:{fg}\">{}</span><span><span class=\"score\">{score}</span>/100 <span class=\"muted\">how well Rust fits</span></span></div><p class=\"headline\">{}</p><p>Memory-unsafe share of product code: <b>{:.1}%</b> · Rust: <b>{:.1}%</b> · {} product lines in programming languages</p></header>",
        esc(&name),
        esc(word),
        esc(r.summary.headline.as_deref().unwrap_or("")),
        r.summary.memory_unsafe_share * 100.0,
        r.summary.rust_share * 100.0,
        r.summary.programming_code
    );
    criteria_chart(r, &mut s);
    start_section(r, &mut s);
    language_bar(r, &mut s);
    unsafe_section(r, &mut s);
    code_age_section(r, &mut s);
    deps_section(r, &mut s);
    warnings_section(r, &mut s);
    s.push_str("</body></html>\n");
    out.write_all(s.as_bytes())
}

/// Renders a comparison: a criteria heat map and a fit-versus-cost scatter.
pub fn render_compare(c: &Comparison, out: &mut dyn Write) -> io::Result<()> {
    let mut s = String::with_capacity(32 * 1024);
    head(&mut s, "rust-ready compare");
    s.push_str("<h1>rust-ready compare</h1>");
    score_table(&mut s, c);
    s.push_str("<h2 id=\"heatmap\">The case for and against, per project</h2><p class=\"muted\">Strength per criterion from 0 (pale) to 1 (dark), the value in each cell.</p><ul class=\"legend\"><li><i class=\"sw\" style=\"background:#0072b2\"></i>choose Rust when (raises the score)</li><li><i class=\"sw\" style=\"background:#d55e00\"></i>avoid Rust when (lowers it)</li><li class=\"muted\">– not judged</li></ul>");
    // Choose criteria first, then a labelled gap, then avoid criteria.
    let mut ids: Vec<(String, bool)> = c
        .criteria
        .iter()
        .map(|x| (x.id.clone(), x.kind == "choose"))
        .collect();
    if ids.is_empty() {
        ids = c
            .projects
            .first()
            .map(|p| p.criteria.keys().map(|k| (k.clone(), true)).collect())
            .unwrap_or_default();
    }
    ids.sort_by_key(|(_, choose)| !*choose);
    let (cell_w, cell_h, left, top) = (110.0, 28.0, 190.0, 40.0);
    let group_gap = 34.0;
    let avoid_start = ids.iter().position(|(_, choose)| !choose);
    let row_y = |i: usize| {
        let gap = avoid_start.filter(|a| i >= *a).map_or(0.0, |_| group_gap);
        top + 20.0 + i as f64 * cell_h + gap
    };
    let w = left + cell_w * c.projects.len() as f64 + 10.0;
    let h = row_y(ids.len()) + 10.0;
    let _ = write!(
        s,
        "<div class=\"scroll\"><svg class=\"chart\" id=\"heatmap-chart\" viewBox=\"0 0 {w} {h}\" style=\"min-width:{:.0}px;max-width:{w}px\" role=\"img\" aria-label=\"criteria heat map\">",
        (w * 0.85).min(720.0)
    );
    for (j, p) in c.projects.iter().enumerate() {
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"14\" fill=\"currentColor\">{}</text>",
            left + j as f64 * cell_w + 4.0,
            top - 10.0,
            esc(&shorten(&p.name))
        );
    }
    for (label, at) in [
        ("choose Rust when", Some(0)),
        ("avoid Rust when", avoid_start),
    ] {
        if let Some(i) = at.filter(|i| *i < ids.len()) {
            let _ = write!(
                s,
                "<text x=\"4\" y=\"{:.1}\" font-size=\"14\" font-weight=\"700\" fill=\"currentColor\">{label}</text>",
                row_y(i) - 8.0
            );
        }
    }
    for (i, (id, choose)) in ids.iter().enumerate() {
        let y = row_y(i);
        let fill = if *choose { "#0072b2" } else { "#d55e00" };
        let group = if *choose { "choose" } else { "avoid" };
        let _ = write!(
            s,
            "<text x=\"4\" y=\"{:.1}\" font-size=\"14\" fill=\"currentColor\">{}</text>",
            y + cell_h / 2.0 + 4.0,
            esc(&id.replace('_', " "))
        );
        for (j, p) in c.projects.iter().enumerate() {
            let v = p.criteria.get(id).copied();
            let x = left + j as f64 * cell_w;
            let strength = v.unwrap_or(0.0);
            let _ = write!(
                s,
                "<rect class=\"{group}\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{fill}\" fill-opacity=\"{:.2}\" stroke=\"#d0d7de\"><title>{}: {} ({group}) {strength:.2}</title></rect><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"14\" text-anchor=\"middle\" fill=\"{}\">{}</text>",
                cell_w - 2.0,
                cell_h - 2.0,
                0.08 + 0.92 * strength,
                esc(&p.name),
                esc(id),
                x + cell_w / 2.0 - 1.0,
                y + cell_h / 2.0 + 4.0,
                if strength > 0.55 {
                    "#ffffff"
                } else {
                    "currentColor"
                },
                v.map_or("–".to_string(), |x| format!("{x:.2}"))
            );
        }
    }
    s.push_str("</svg></div>");
    s.push_str("<h2 id=\"scatter\">Fit versus cost</h2><p class=\"muted\">Fit: the report's benefit B (the disjunction of its judged choose criteria); cost: its friction A (the same over the avoid criteria).</p>");
    let (sw, sh, pad) = (600.0, 400.0, 50.0);
    let _ = write!(
        s,
        "<svg class=\"chart\" id=\"scatter-chart\" viewBox=\"0 0 {sw} {sh}\" style=\"max-width:{sw}px\" role=\"img\" aria-label=\"fit versus cost\">"
    );
    let _ = write!(
        s,
        "<rect x=\"{pad}\" y=\"10\" width=\"{:.1}\" height=\"{:.1}\" fill=\"none\" stroke=\"#57606a\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"15\" fill=\"currentColor\">cost (avoid) →</text><text x=\"5\" y=\"20\" font-size=\"15\" fill=\"currentColor\">fit ↑</text>",
        sw - pad - 10.0,
        sh - pad - 10.0,
        sw / 2.0,
        sh - 15.0
    );
    for p in &c.projects {
        let (fit, cost) = fit_cost(p);
        let x = pad + cost * (sw - pad - 10.0);
        let y = 10.0 + (1.0 - fit) * (sh - pad - 10.0);
        let _ = write!(
            s,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"7\" fill=\"#0072b2\"><title>{} fit {fit:.2} cost {cost:.2}</title></circle><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"15\" fill=\"currentColor\" text-anchor=\"{}\">{}</text>",
            esc(&p.name),
            if cost > 0.6 { x - 9.0 } else { x + 9.0 },
            y + 4.0,
            if cost > 0.6 { "end" } else { "start" },
            esc(&shorten(&p.name))
        );
    }
    s.push_str("</svg><h2 id=\"ranking\">Where to start first</h2><ol>");
    for r in &c.ranking {
        let _ = write!(s, "<li><b>{}</b>: {}</li>", esc(&r.name), esc(&r.why));
    }
    s.push_str("</ol></body></html>\n");
    out.write_all(s.as_bytes())
}

/// The score table that opens the compare page: static (no script), sorted by score with the
/// sort shown in the header as a sortable table's would be.
fn score_table(s: &mut String, c: &Comparison) {
    let mut order: Vec<&super::compare::ProjectSummary> = c.projects.iter().collect();
    order.sort_by(|a, b| {
        b.score
            .map(i32::from)
            .unwrap_or(-1)
            .cmp(&a.score.map(i32::from).unwrap_or(-1))
            .then_with(|| a.name.cmp(&b.name))
    });
    s.push_str("<h2 id=\"scores\">Scores and verdicts</h2><div class=\"scroll\"><table id=\"score-table\"><thead><tr><th>project</th><th aria-sort=\"descending\">score ▼</th><th>verdict</th><th>top languages</th><th>memory-unsafe</th><th>unsafe / KLOC</th><th>fit B</th><th>cost A</th></tr></thead><tbody>");
    for p in order {
        let langs: Vec<String> = p
            .top_languages
            .iter()
            .map(|(n, x)| format!("{n} {:.0}%", x * 100.0))
            .collect();
        let opt = |x: Option<f64>| x.map_or("–".to_string(), |v| format!("{v:.2}"));
        let v = esc(p.verdict.as_deref().unwrap_or("not scored"));
        let (bg, fg) = verdict_colours(p.verdict.as_deref().and_then(Verdict::parse));
        let _ = write!(
            s,
            "<tr><td>{}</td><td class=\"n\">{}</td><td><span class=\"badge\" data-verdict=\"{v}\" style=\"background:{bg};color:{fg}\">{v}</span></td><td>{}</td><td class=\"n\">{:.1}%</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&p.name),
            p.score.map_or("–".to_string(), |x| x.to_string()),
            esc(&langs.join(", ")),
            p.memory_unsafe_share * 100.0,
            super::per_kloc(p.unsafe_per_kloc),
            opt(p.benefit),
            opt(p.friction)
        );
    }
    s.push_str("</tbody></table></div>");
}

fn shorten(name: &str) -> String {
    let base = name
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(name);
    base.chars().take(16).collect()
}

/// The report's own benefit (B) and friction (A); unjudged counts as 0 on the chart.
fn fit_cost(p: &super::compare::ProjectSummary) -> (f64, f64) {
    (p.benefit.unwrap_or(0.0), p.friction.unwrap_or(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_age_section_charts_age_and_rust_share_with_tables() {
        let r = crate::roadmap::tests::sample();
        let mut s = String::new();
        code_age_section(&r, &mut s);
        assert!(s.contains("id=\"age-chart\""), "{s}");
        assert!(s.contains("id=\"age-table\""));
        assert_eq!(s.matches("<rect").count(), 4, "one bar per age bucket");
        assert!(s.contains("id=\"rust-share-chart\""), "mid-migration: {s}");
        assert!(
            s.contains("<td class=\"n\">33.0%</td>"),
            "last month in the table"
        );
        let mut none = r.clone();
        none.history.changes = None;
        none.history.reason = Some("no .git <here>".to_string());
        let mut s = String::new();
        code_age_section(&none, &mut s);
        assert!(
            s.contains("No history: unknown (no .git &lt;here&gt;)"),
            "{s}"
        );
        assert!(!s.contains("<svg"));
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc("<img src=x onerror=alert(1)>"),
            "&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(esc("a\"b'c&"), "a&quot;b&#39;c&amp;");
    }

    #[test]
    fn language_colours_are_sorted_and_stable() {
        assert!(LANGUAGE_COLOURS.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(language_colour("Rust"), "#dea584");
        assert_eq!(language_colour("Nim"), language_colour("Nim"));
    }
}
