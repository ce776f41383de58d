//! Markdown: a compact report for a PR comment or a CI job summary. Text from the scanned tree
//! is escaped so a file name cannot break the table or inject markup.

use std::io::{self, Write};

use super::model::{Confidence, Report};

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

fn signed(x: Option<f64>) -> String {
    x.map_or("–".to_string(), |v| format!("{v:+}"))
}

/// Writes the Markdown report.
pub fn render(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    let score = r.summary.score.map_or("–".to_string(), |s| s.to_string());
    let verdict = r.summary.verdict.map_or("not scored", |v| v.as_str());
    writeln!(out, "## rust-ready: **{verdict}** ({score}/100)\n")?;
    if let Some(h) = &r.summary.headline {
        writeln!(out, "> {}\n", esc(h))?;
    }
    writeln!(
        out,
        "Memory-unsafe share of own code: **{:.1}%** · Rust: **{:.1}%** · {} files scanned\n",
        r.summary.memory_unsafe_share * 100.0,
        r.summary.rust_share * 100.0,
        r.scanned.files
    )?;
    if let Some(d) = &r.delta {
        writeln!(out, "### Change since baseline\n")?;
        writeln!(out, "| | old | new | change |\n|---|---:|---:|---:|")?;
        let f = |x: Option<f64>| x.map_or("–".to_string(), |v| format!("{v}"));
        writeln!(
            out,
            "| score | {} | {} | {} |",
            f(d.score.old),
            f(d.score.new),
            signed(d.score.change)
        )?;
        writeln!(
            out,
            "| memory-unsafe share | {} | {} | {} |",
            f(d.memory_unsafe_share.old),
            f(d.memory_unsafe_share.new),
            signed(d.memory_unsafe_share.change)
        )?;
        for (l, c) in &d.unsafe_findings {
            writeln!(
                out,
                "| unsafe findings: {} | {} | {} | {} |",
                esc(l),
                f(c.old),
                f(c.new),
                signed(c.change)
            )?;
        }
        if !d.new_hotspots.is_empty() {
            let paths: Vec<String> = d.new_hotspots.iter().map(|p| esc(p)).collect();
            writeln!(out, "\nNew hotspots: {}", paths.join(", "))?;
        }
        writeln!(out)?;
    }
    if !r.criteria.is_empty() {
        writeln!(
            out,
            "| criterion | kind | strength | confidence | evidence |\n|---|---|---:|---|---|"
        )?;
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
                c.evidence.first().map_or(String::new(), |e| esc(e))
            };
            writeln!(
                out,
                "| {} | {kind} | {:.2} | {conf} | {ev} |",
                esc(&c.title),
                c.strength
            )?;
        }
        writeln!(out)?;
    }
    if !r.unsafety.languages.is_empty() {
        writeln!(out, "<details><summary>Unsafe usage</summary>\n")?;
        writeln!(
            out,
            "| language | findings | tests | per KLOC |\n|---|---:|---:|---:|"
        )?;
        for l in &r.unsafety.languages {
            writeln!(
                out,
                "| {} | {} | {} | {:.2} |",
                esc(&l.language),
                l.findings,
                l.test_findings,
                l.per_kloc
            )?;
        }
        for h in r.unsafety.hotspots.iter().take(5) {
            writeln!(out, "\n- {}: {} findings", esc(&h.path), h.findings)?;
        }
        writeln!(out, "\n</details>\n")?;
    }
    let starts: Vec<String> = r
        .recommendations
        .iter()
        .take(5)
        .map(|x| format!("- **{}** {}: {}", esc(&x.kind), esc(&x.target), esc(&x.why)))
        .collect();
    if !starts.is_empty() {
        writeln!(out, "**Where to start**\n\n{}\n", starts.join("\n"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_table_breakers() {
        assert_eq!(esc("a|b\nc`d<e>"), "a\\|b c\\`d\\<e\\>");
    }
}
