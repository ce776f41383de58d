//! Markdown: a compact report for a PR comment or a CI job summary. It starts with the hidden
//! marker `<!-- rust-ready -->` (for sticky-comment actions), puts long parts in `<details>`, and
//! stays under GitHub's comment limit of 65,536 characters: sections that would not fit are
//! left out with a line saying so. Text from the scanned tree is escaped so a file name cannot
//! break the table or inject markup.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::model::{Change, Confidence, Delta, Report};

/// The hidden first line, for actions that update one comment in place.
pub const MARKER: &str = "<!-- rust-ready -->";

/// GitHub's limit for an issue or pull-request comment body, in characters.
pub const GITHUB_COMMENT_LIMIT: usize = 65_536;

/// Longest cell text before it is cut (evidence, paths).
const CELL_MAX: usize = 400;

/// Escapes Markdown-significant characters and flattens newlines.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c if c.is_control() || super::term::is_bidi(c) => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

/// Escapes and cuts to [`CELL_MAX`] characters.
fn cell(s: &str) -> String {
    if s.chars().count() > CELL_MAX {
        let cut: String = s.chars().take(CELL_MAX).collect();
        format!("{}…", esc(&cut))
    } else {
        esc(s)
    }
}

fn signed(x: f64, decimals: usize) -> String {
    let v = format!("{x:+.decimals$}");
    if v.trim_start_matches(['+', '-'])
        .trim_start_matches(['0', '.'])
        .is_empty()
    {
        format!("{:.decimals$}", 0.0)
    } else {
        v.replace('-', "−")
    }
}

/// `73 → 70 (−3 points)`.
pub fn points(c: &Change) -> String {
    let f = |x: Option<f64>| x.map_or("–".to_string(), |v| format!("{v:.0}"));
    match c.change {
        Some(d) => format!("{} → {} ({} points)", f(c.old), f(c.new), signed(d, 0)),
        None => format!("{} → {}", f(c.old), f(c.new)),
    }
}

/// `93.4% → 95.0% (+1.6 pp)`.
pub fn percent(c: &Change) -> String {
    let f = |x: Option<f64>| x.map_or("–".to_string(), |v| format!("{:.1}%", v * 100.0));
    match c.change {
        Some(d) => format!("{} → {} ({} pp)", f(c.old), f(c.new), signed(d * 100.0, 1)),
        None => format!("{} → {}", f(c.old), f(c.new)),
    }
}

/// `strcpy +2, sprintf +1` (kinds whose count grew first, then those that fell).
pub fn kinds(d: &Delta) -> String {
    let mut v: Vec<(&String, f64)> = d
        .unsafe_by_kind
        .iter()
        .filter_map(|(k, c)| c.change.map(|x| (k, x)))
        .collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    v.iter()
        .map(|(k, x)| format!("{k} {}", signed(*x, 0)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn delta_section(d: &Delta, s: &mut String) {
    let _ = writeln!(s, "### Change since baseline\n");
    let _ = writeln!(s, "| | baseline → now |\n|---|---|");
    let _ = writeln!(s, "| score | {} |", points(&d.score));
    if let Some(v) = &d.verdict
        && v.old != v.new
    {
        let name = |x: Option<super::model::Verdict>| x.map_or("not scored", |v| v.as_str());
        let _ = writeln!(s, "| verdict | {} → {} |", name(v.old), name(v.new));
    }
    let _ = writeln!(
        s,
        "| memory-unsafe share | {} |",
        percent(&d.memory_unsafe_share)
    );
    for (l, c) in &d.unsafe_findings {
        if c.change.is_some_and(|x| x != 0.0) {
            let _ = writeln!(
                s,
                "| unsafe findings: {} | {} |",
                esc(l),
                points(c).replace(" points", "")
            );
        }
    }
    let k = kinds(d);
    if !k.is_empty() {
        let _ = writeln!(s, "| findings by kind | {} |", esc(&k));
    }
    if !d.unsafe_code_growth.is_empty() {
        let grown: Vec<String> = d
            .unsafe_code_growth
            .iter()
            .take(10)
            .map(|g| format!("{} {}→{}", cell(&g.path), g.old_code, g.new_code))
            .collect();
        let more = d.unsafe_code_growth.len().saturating_sub(10);
        let _ = writeln!(
            s,
            "| memory-unsafe files grown (lines) | {}{} |",
            grown.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        );
    }
    if !d.new_hotspots.is_empty() {
        let paths: Vec<String> = d.new_hotspots.iter().map(|p| cell(p)).collect();
        let _ = writeln!(s, "| new hotspots | {} |", paths.join(", "));
    }
    let moved: Vec<String> = d
        .criteria
        .iter()
        .filter(|(_, c)| c.change.is_some_and(|x| x.abs() >= 0.005))
        .map(|(id, c)| format!("{id} {}", signed(c.change.unwrap_or(0.0), 2)))
        .collect();
    if !moved.is_empty() {
        let _ = writeln!(s, "| criteria | {} |", esc(&moved.join(", ")));
    }
    s.push('\n');
}

fn criteria_section(r: &Report, s: &mut String) {
    if r.criteria.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "| criterion | kind | strength | confidence | evidence |\n|---|---|---:|---|---|"
    );
    for c in &r.criteria {
        let kind = format!("{:?}", c.kind).to_lowercase();
        let conf = if c.declared {
            "declared".to_string()
        } else {
            format!("{:?}", c.confidence).to_lowercase()
        };
        let ev = if c.confidence == Confidence::None {
            "–".to_string()
        } else {
            c.evidence.first().map_or(String::new(), |e| cell(e))
        };
        let _ = writeln!(
            s,
            "| {} | {kind} | {:.2} | {conf} | {ev} |",
            esc(&c.title),
            c.strength
        );
    }
    s.push('\n');
}

fn unsafe_section(r: &Report, s: &mut String) {
    if r.unsafety.languages.is_empty() {
        return;
    }
    let _ = writeln!(s, "<details><summary>Unsafe usage</summary>\n");
    let _ = writeln!(
        s,
        "| language | findings | tests | per KLOC |\n|---|---:|---:|---:|"
    );
    for l in &r.unsafety.languages {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} |",
            esc(&l.language),
            l.findings,
            l.test_findings,
            super::per_kloc(l.per_kloc)
        );
    }
    for h in r.unsafety.hotspots.iter().take(5) {
        let _ = writeln!(s, "\n- {}: {} findings", cell(&h.path), h.findings);
    }
    let _ = writeln!(s, "\n</details>\n");
}

fn evidence_section(r: &Report, s: &mut String) {
    let judged: Vec<_> = r
        .criteria
        .iter()
        .filter(|c| c.confidence != Confidence::None && c.evidence.len() > 1)
        .collect();
    if judged.is_empty() {
        return;
    }
    let _ = writeln!(s, "<details><summary>All evidence</summary>\n");
    for c in judged {
        let _ = writeln!(s, "**{}**\n", esc(&c.title));
        for e in c.evidence.iter().take(10) {
            let _ = writeln!(s, "- {}", cell(e));
        }
        s.push('\n');
    }
    let _ = writeln!(s, "</details>\n");
}

fn start_section(r: &Report, s: &mut String) {
    let starts: Vec<String> = r
        .recommendations
        .iter()
        .take(5)
        .map(|x| {
            format!(
                "- **{}** {}: {}",
                esc(&x.kind),
                cell(&x.target),
                cell(&x.why)
            )
        })
        .collect();
    if !starts.is_empty() {
        let _ = writeln!(s, "**Where to start**\n\n{}\n", starts.join("\n"));
    }
}

/// The Markdown report as a string (at most [`GITHUB_COMMENT_LIMIT`] characters).
pub fn to_string(r: &Report) -> String {
    let mut s = String::with_capacity(8 * 1024);
    let score = r.summary.score.map_or("–".to_string(), |s| s.to_string());
    let verdict = r.summary.verdict.map_or("not scored", |v| v.as_str());
    let _ = writeln!(s, "{MARKER}\n## rust-ready: **{verdict}** ({score}/100)\n");
    if let Some(h) = &r.summary.headline {
        let _ = writeln!(s, "> {}\n", cell(h));
    }
    let _ = writeln!(
        s,
        "Memory-unsafe share of product code: **{:.1}%** · Rust: **{:.1}%** · {} files scanned\n",
        r.summary.memory_unsafe_share * 100.0,
        r.summary.rust_share * 100.0,
        r.scanned.files
    );
    if let Some(d) = &r.delta {
        delta_section(d, &mut s);
    }
    type Section = fn(&Report, &mut String);
    let sections: [(&str, Section); 4] = [
        ("criteria", criteria_section),
        ("where to start", start_section),
        ("unsafe usage", unsafe_section),
        ("evidence", evidence_section),
    ];
    let reserve = 300;
    let mut left_out = Vec::new();
    for (name, f) in sections {
        let mut part = String::new();
        f(r, &mut part);
        if s.chars().count() + part.chars().count() + reserve <= GITHUB_COMMENT_LIMIT {
            s.push_str(&part);
        } else {
            left_out.push(name);
        }
    }
    if !left_out.is_empty() {
        let _ = writeln!(
            s,
            "_Left out to stay under GitHub's {GITHUB_COMMENT_LIMIT}-character comment limit: {}; the JSON report has everything._",
            left_out.join(", ")
        );
    }
    if s.chars().count() > GITHUB_COMMENT_LIMIT {
        // Only a pathological headline or delta gets here: cut, keeping whole characters.
        s = s.chars().take(GITHUB_COMMENT_LIMIT - 2).collect();
        s.push_str("…\n");
    }
    s
}

/// Writes the Markdown report.
pub fn render(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(to_string(r).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_table_breakers() {
        assert_eq!(esc("a|b\nc`d<e>"), "a\\|b c\\`d\\<e\\>");
    }

    #[test]
    fn deltas_read_as_points_and_percentages() {
        let c = Change::of(Some(73.0), Some(70.0));
        assert_eq!(points(&c), "73 → 70 (−3 points)");
        let m = Change::of(Some(0.934), Some(0.95));
        assert_eq!(percent(&m), "93.4% → 95.0% (+1.6 pp)");
        assert_eq!(
            points(&Change::of(Some(5.0), Some(5.0))),
            "5 → 5 (0 points)"
        );
    }
}
