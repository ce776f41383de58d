//! Making text from the scanned tree safe for a terminal: control characters, ANSI escapes
//! and bidirectional overrides in file names are shown escaped, never interpreted.

/// Escapes control and bidi characters (`\x1b` becomes `\u{1b}`, a newline `\n`).
pub fn sanitize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || is_bidi(c) => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

/// Word-wraps `text` to `width` columns (characters), continuation lines indented by
/// `indent` spaces; a word longer than a line is broken, so every line fits.
pub fn wrap(text: &str, width: usize, indent: usize) -> Vec<String> {
    let width = width.max(indent + 10);
    let lead = text.chars().take_while(|c| *c == ' ').count();
    let mut lines = Vec::new();
    let mut line = " ".repeat(lead);
    let mut len = lead;
    let mut fresh = true;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let wl = word.chars().count();
        if !fresh && len + 1 + wl > width {
            lines.push(std::mem::take(&mut line));
            line = " ".repeat(indent);
            len = indent;
            fresh = true;
        }
        if !fresh {
            line.push(' ');
            len += 1;
        }
        let mut chars = word.chars().peekable();
        while chars.peek().is_some() {
            if len >= width {
                lines.push(std::mem::take(&mut line));
                line = " ".repeat(indent);
                len = indent;
            }
            if let Some(c) = chars.next() {
                line.push(c);
                len += 1;
            }
        }
        fresh = false;
    }
    if !line.trim().is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Bidirectional controls (embeddings, overrides, isolates, marks), which reorder what a
/// reader sees (CVE-2021-42574).
pub fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi() {
        assert_eq!(sanitize("a\x1b[31mb\nc"), "a\\u{1b}[31mb\\nc");
        assert_eq!(sanitize("x\u{202E}y"), "x\\u{202e}y");
        assert_eq!(sanitize("plain/path.rs"), "plain/path.rs");
    }

    #[test]
    fn wrap_fits_every_line() {
        let text = format!("  start {} and a few more words here", "x".repeat(50));
        for l in wrap(&text, 20, 4) {
            assert!(l.chars().count() <= 20, "{l:?}");
        }
        assert_eq!(wrap("a b c", 20, 2), vec!["a b c".to_string()]);
        assert_eq!(wrap("aaa bbb", 14, 2), vec!["aaa bbb".to_string()]);
    }
}
