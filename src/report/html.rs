//! HTML: one self-contained page (inline CSS and SVG; no scripts, fonts or requests; a CSP
//! that forbids loading anything). Every string from the scanned tree is escaped. Charts are
//! SVG drawn here: the language-mix bar, the diverging criteria chart, and for `compare` a
//! criteria heat map and a fit-versus-cost scatter.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::compare::Comparison;
use super::model::{Confidence, CriterionKind, MemoryModel, Report};

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

const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem auto;max-width:1100px;color:#1b1f24;padding:0 1rem}\
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}\
.score{font-size:3rem;font-weight:700}.verdict{display:inline-block;padding:.2rem .7rem;border-radius:1rem;background:#ddf4ff;font-weight:600;margin-left:1rem}\
.headline{font-size:1.1rem;color:#444}table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left}\
td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f6f8fa}svg{display:block;margin:.5rem 0}.muted{color:#57606a}\
details{margin:.3rem 0}summary{cursor:pointer}code{font-size:.85rem}.legend span{display:inline-block;margin-right:1rem}.sw{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle}";

const PALETTE: &[&str] = &[
    "#0969da", "#bf3989", "#1a7f37", "#9a6700", "#8250df", "#cf222e", "#0550ae", "#6e7781",
];

fn head(out: &mut String, title: &str) {
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{CSS}</style></head><body>\n",
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

fn language_bar(r: &Report, out: &mut String) {
    let langs: Vec<_> = r
        .languages
        .iter()
        .filter(|l| l.memory_model != Some(MemoryModel::None) && l.code > 0)
        .collect();
    let total: u64 = langs.iter().map(|l| l.code).sum();
    out.push_str("<h2 id=\"languages\">Language mix</h2>");
    if total == 0 {
        out.push_str("<p class=\"muted\">No code in programming languages.</p>");
        return;
    }
    let width = 1000.0;
    let _ = write!(
        out,
        "<svg class=\"chart\" id=\"language-bar\" width=\"{width}\" height=\"40\" viewBox=\"0 0 {width} 40\" role=\"img\" aria-label=\"language mix\">"
    );
    let mut x = 0.0;
    let mut legend = String::new();
    for (i, l) in langs.iter().enumerate() {
        let color = PALETTE[i % PALETTE.len()];
        let own_w = width * l.own_code as f64 / total as f64;
        let other_w = width * (l.code - l.own_code) as f64 / total as f64;
        let _ = write!(
            out,
            "<rect x=\"{x:.2}\" y=\"0\" width=\"{own_w:.2}\" height=\"40\" fill=\"{color}\"><title>{}: {} own code lines ({:.1}% of product code)</title></rect>",
            esc(&l.name),
            l.own_code,
            l.share * 100.0
        );
        x += own_w;
        if other_w > 0.0 {
            let _ = write!(
                out,
                "<rect x=\"{x:.2}\" y=\"0\" width=\"{other_w:.2}\" height=\"40\" fill=\"{color}\" fill-opacity=\"0.3\"><title>{}: {} vendored and {} generated lines</title></rect>",
                esc(&l.name),
                l.vendored_code,
                l.generated_code
            );
            x += other_w;
        }
        if i < 8 {
            let _ = write!(
                legend,
                "<span><i class=\"sw\" style=\"background:{color}\"></i>{} {:.1}%</span>",
                esc(&l.name),
                l.share * 100.0
            );
        }
    }
    let _ = write!(
        out,
        "</svg><p class=\"legend\">{legend}<span class=\"muted\">(faded: vendored or generated)</span></p>"
    );
    out.push_str("<table><tr><th>Language</th><th>Files</th><th>Code</th><th>Product</th><th>Vendored</th><th>Generated</th><th>Share</th><th>Memory</th></tr>");
    for l in &r.languages {
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{:.1}%</td><td>{}</td></tr>",
            esc(&l.name),
            l.files,
            l.code,
            l.product_code,
            l.vendored_code,
            l.generated_code,
            l.share * 100.0,
            l.memory_model.map_or("", |m| match m {
                MemoryModel::Manual => "manual",
                MemoryModel::Gc => "gc",
                MemoryModel::Ownership => "ownership",
                MemoryModel::Other => "other",
                MemoryModel::None => "data",
            })
        );
    }
    out.push_str("</table>");
}

fn criteria_chart(r: &Report, out: &mut String) {
    out.push_str("<h2 id=\"criteria\">Criteria</h2><p class=\"muted\">Choose-Rust criteria extend right, avoid-Rust criteria left; opacity shows confidence. Hover a bar for its evidence.</p>");
    let row = 28.0;
    let h = row * r.criteria.len() as f64 + 10.0;
    let (w, mid, half) = (1000.0, 600.0, 380.0);
    let _ = write!(
        out,
        "<svg class=\"chart\" id=\"criteria-chart\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"criteria\">"
    );
    let _ = write!(
        out,
        "<line x1=\"{mid}\" y1=\"0\" x2=\"{mid}\" y2=\"{h}\" stroke=\"#57606a\"/>"
    );
    for (i, c) in r.criteria.iter().enumerate() {
        let y = i as f64 * row + 5.0;
        let len = (c.strength * half).max(1.0);
        let (x, color) = match c.kind {
            CriterionKind::Choose => (mid, "#1a7f37"),
            CriterionKind::Avoid => (mid - len, "#cf222e"),
        };
        let tip = format!(
            "{} ({:?}, {:.2}, confidence {:?}{}): {}",
            c.title,
            c.kind,
            c.strength,
            c.confidence,
            if c.declared { ", declared" } else { "" },
            c.evidence.join(" | ")
        );
        let _ = write!(
            out,
            "<g><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{len:.1}\" height=\"{:.1}\" fill=\"{color}\" fill-opacity=\"{}\"><title>{}</title></rect><text x=\"5\" y=\"{:.1}\" font-size=\"13\">{}</text><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" fill=\"#57606a\">{:.2}</text></g>",
            row - 8.0,
            opacity(c.confidence),
            esc(&tip),
            y + row / 2.0 + 2.0,
            esc(&c.title),
            if c.kind == CriterionKind::Choose {
                mid + len + 4.0
            } else {
                (mid - len - 36.0).max(5.0)
            },
            y + row / 2.0 + 2.0,
            c.strength
        );
    }
    out.push_str("</svg>");
    for c in &r.criteria {
        let _ = write!(
            out,
            "<details><summary>{} — {:.2} ({:?}{})</summary><ul>",
            esc(&c.title),
            c.strength,
            c.confidence,
            if c.declared { ", declared" } else { "" }
        );
        for e in &c.evidence {
            let _ = write!(out, "<li>{}</li>", esc(e));
        }
        out.push_str("</ul></details>");
    }
}

fn unsafe_section(r: &Report, out: &mut String) {
    out.push_str("<h2 id=\"unsafe\">Memory-unsafe usage</h2>");
    let u = &r.unsafety;
    if u.languages.is_empty() {
        out.push_str("<p class=\"muted\">No findings.</p>");
        return;
    }
    out.push_str("<table><tr><th>Language</th><th>Findings</th><th>In tests</th><th>Per KLOC</th><th>Kinds</th></tr>");
    for l in &u.languages {
        let kinds: Vec<String> = l
            .by_kind
            .iter()
            .map(|(k, v)| format!("{} {v}", esc(k)))
            .collect();
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{:.2}</td><td>{}</td></tr>",
            esc(&l.language),
            l.findings,
            l.test_findings,
            l.per_kloc,
            kinds.join(", ")
        );
    }
    out.push_str("</table><h3>Hotspots</h3><table id=\"hotspots\"><tr><th>File</th><th>Language</th><th>Findings</th><th>Per KLOC</th></tr>");
    for h in &u.hotspots {
        let _ = write!(
            out,
            "<tr><td><code>{}</code></td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{:.1}</td></tr>",
            esc(&h.path),
            esc(&h.language),
            h.findings,
            h.per_kloc
        );
    }
    out.push_str("</table>");
}

fn deps_section(r: &Report, out: &mut String) {
    out.push_str("<h2 id=\"dependencies\">Dependencies</h2>");
    if r.dependencies.ecosystems.is_empty() {
        out.push_str("<p class=\"muted\">No manifests found.</p>");
        return;
    }
    out.push_str("<table><tr><th>Ecosystem</th><th>Manifests</th><th>Direct</th><th>Locked</th><th>Rust equivalents</th><th>Examples</th></tr>");
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
    out.push_str("</table>");
}

fn recs_and_warnings(r: &Report, out: &mut String) {
    out.push_str("<h2 id=\"start\">Where to start</h2><ul>");
    for x in &r.recommendations {
        let _ = write!(
            out,
            "<li><b>{}</b> {}: {}</li>",
            esc(&x.kind),
            esc(&x.target),
            esc(&x.why)
        );
    }
    out.push_str("</ul><h2 id=\"warnings\">Warnings</h2>");
    if r.warning_counts.is_empty() {
        out.push_str("<p class=\"muted\">None.</p>");
        return;
    }
    let counts: Vec<String> = r
        .warning_counts
        .iter()
        .map(|(k, v)| format!("{} {v}", esc(k)))
        .collect();
    let _ = write!(
        out,
        "<p>{}</p><table><tr><th>Path</th><th>Kind</th><th>Message</th></tr>",
        counts.join(", ")
    );
    for w in &r.warnings {
        let _ = write!(
            out,
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
            esc(&w.path),
            esc(&w.kind),
            esc(&w.message)
        );
    }
    out.push_str("</table>");
}

/// Renders a scan report.
pub fn render(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut s = String::with_capacity(64 * 1024);
    head(&mut s, &format!("rust-ready: {}", r.root));
    let score = r.summary.score.map_or("–".to_string(), |x| x.to_string());
    let verdict = r.summary.verdict.map_or("not scored", |v| v.as_str());
    let _ = write!(
        s,
        "<header id=\"summary\"><p class=\"muted\">rust-ready {} · {} · {} files, {} bytes</p><h1><span class=\"score\">{score}</span>/100<span class=\"verdict\">{verdict}</span></h1><p class=\"headline\">{}</p><p>Memory-unsafe share of product code: <b>{:.1}%</b> · Rust: <b>{:.1}%</b></p></header>",
        esc(&r.tool.version),
        esc(&r.root),
        r.scanned.files,
        r.scanned.bytes,
        esc(r.summary.headline.as_deref().unwrap_or("")),
        r.summary.memory_unsafe_share * 100.0,
        r.summary.rust_share * 100.0
    );
    language_bar(r, &mut s);
    criteria_chart(r, &mut s);
    unsafe_section(r, &mut s);
    deps_section(r, &mut s);
    recs_and_warnings(r, &mut s);
    s.push_str("</body></html>\n");
    out.write_all(s.as_bytes())
}

/// Renders a comparison: a criteria heat map and a fit-versus-cost scatter.
pub fn render_compare(c: &Comparison, out: &mut dyn Write) -> io::Result<()> {
    let mut s = String::with_capacity(32 * 1024);
    head(&mut s, "rust-ready compare");
    s.push_str("<h1>rust-ready compare</h1>");
    score_table(&mut s, c);
    s.push_str("<h2 id=\"heatmap\">Criteria</h2><p class=\"muted\">Strength per criterion, 0 (pale) to 1 (dark): <span style=\"color:#0969da\">■</span> choose Rust when (raises the score), <span style=\"color:#bc4c00\">■</span> avoid Rust when (lowers it).</p>");
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
    let (cell_w, cell_h, left, top) = (110.0, 26.0, 170.0, 60.0);
    let group_gap = 30.0;
    let avoid_start = ids.iter().position(|(_, choose)| !choose);
    let row_y = |i: usize| {
        let gap = avoid_start.filter(|a| i >= *a).map_or(0.0, |_| group_gap);
        top + i as f64 * cell_h + gap
    };
    let w = left + cell_w * c.projects.len() as f64 + 10.0;
    let h = row_y(ids.len()) + 10.0;
    let _ = write!(
        s,
        "<svg class=\"chart\" id=\"heatmap-chart\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"criteria heat map\">"
    );
    for (j, p) in c.projects.iter().enumerate() {
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\">{}</text>",
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
                "<text x=\"4\" y=\"{:.1}\" font-size=\"11\" font-weight=\"600\" fill=\"#57606a\">{label}</text>",
                row_y(i) - 4.0
            );
        }
    }
    for (i, (id, choose)) in ids.iter().enumerate() {
        let y = row_y(i);
        let fill = if *choose { "#0969da" } else { "#bc4c00" };
        let group = if *choose { "choose" } else { "avoid" };
        let _ = write!(
            s,
            "<text x=\"4\" y=\"{:.1}\" font-size=\"12\">{}</text>",
            y + cell_h / 2.0 + 4.0,
            esc(id)
        );
        for (j, p) in c.projects.iter().enumerate() {
            let v = p.criteria.get(id).copied().unwrap_or(0.0);
            let _ = write!(
                s,
                "<rect class=\"{group}\" x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{fill}\" fill-opacity=\"{:.2}\" stroke=\"#d0d7de\"><title>{}: {} ({group}) {v:.2}</title></rect>",
                left + j as f64 * cell_w,
                cell_w - 2.0,
                cell_h - 2.0,
                0.08 + 0.92 * v,
                esc(&p.name),
                esc(id)
            );
        }
    }
    s.push_str("</svg><h2 id=\"scatter\">Fit versus cost</h2><p class=\"muted\">Fit: the report's benefit B (weighted mean of judged choose criteria); cost: its friction A (avoid criteria).</p>");
    let (sw, sh, pad) = (600.0, 400.0, 50.0);
    let _ = write!(
        s,
        "<svg class=\"chart\" id=\"scatter-chart\" width=\"{sw}\" height=\"{sh}\" viewBox=\"0 0 {sw} {sh}\" role=\"img\" aria-label=\"fit versus cost\">"
    );
    let _ = write!(
        s,
        "<rect x=\"{pad}\" y=\"10\" width=\"{:.1}\" height=\"{:.1}\" fill=\"none\" stroke=\"#57606a\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\">cost (avoid) →</text><text x=\"5\" y=\"20\" font-size=\"12\">fit ↑</text>",
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
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"7\" fill=\"#8250df\"><title>{} fit {fit:.2} cost {cost:.2}</title></circle><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\">{}</text>",
            esc(&p.name),
            x + 9.0,
            y + 4.0,
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
    s.push_str("<h2 id=\"scores\">Scores</h2><table id=\"score-table\"><thead><tr><th>project</th><th aria-sort=\"descending\">score ▼</th><th>verdict</th><th>top languages</th><th>memory-unsafe</th><th>unsafe / KLOC</th><th>fit B</th><th>cost A</th></tr></thead><tbody>");
    for p in order {
        let langs: Vec<String> = p
            .top_languages
            .iter()
            .map(|(n, x)| format!("{n} {:.0}%", x * 100.0))
            .collect();
        let opt = |x: Option<f64>| x.map_or("–".to_string(), |v| format!("{v:.2}"));
        let _ = write!(
            s,
            "<tr><td>{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td class=\"n\">{:.1}%</td><td class=\"n\">{:.1}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&p.name),
            p.score.map_or("–".to_string(), |x| x.to_string()),
            esc(p.verdict.as_deref().unwrap_or("not scored")),
            esc(&langs.join(", ")),
            p.memory_unsafe_share * 100.0,
            p.unsafe_per_kloc,
            opt(p.benefit),
            opt(p.friction)
        );
    }
    s.push_str("</tbody></table>");
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
    fn escapes_markup() {
        assert_eq!(
            esc("<img src=x onerror=alert(1)>"),
            "&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(esc("a\"b'c&"), "a&quot;b&#39;c&amp;");
    }
}
