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
}
