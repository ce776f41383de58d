//! JSON: serde of the report, pretty-printed, with a final newline. Deterministic: every map in
//! the model is a BTreeMap and every list is sorted before it reaches here.

use std::io::{self, Write};

use super::model::Report;

/// Writes the report as pretty JSON.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    write_pretty(report, out)
}

/// Pretty JSON with a final newline, as every JSON output is written: serde_json escapes
/// control characters, and this also writes bidi controls (U+202E and the like) as `\uXXXX`
/// escapes, so the same string value can be printed to a terminal without reordering it.
pub fn write_pretty<T: serde::Serialize + ?Sized>(
    value: &T,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(&mut *out, BidiEscaping::default());
    // `io::Error::from` hands back the writer's own error (a closed pipe stays `BrokenPipe`).
    value.serialize(&mut ser).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

/// serde_json's pretty formatter, with bidi controls escaped inside strings.
#[derive(Default)]
struct BidiEscaping(serde_json::ser::PrettyFormatter<'static>);

impl serde_json::ser::Formatter for BidiEscaping {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if super::term::is_bidi(c) {
                w.write_all(&fragment.as_bytes()[start..i])?;
                write!(w, "\\u{:04x}", c as u32)?;
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
    }
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// Serialises the report to a JSON string.
pub fn to_string(report: &Report) -> String {
    let mut buf = Vec::new();
    if write_pretty(report, &mut buf).is_err() {
        return String::new();
    }
    buf.pop(); // the final newline
    String::from_utf8(buf).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_controls_are_escaped_and_the_value_kept() {
        let v = serde_json::json!({"a": "x\u{202e}y\u{1b}z", "b": [1, "\u{2066}"]});
        let mut buf = Vec::new();
        write_pretty(&v, &mut buf).unwrap();
        let text = String::from_utf8(buf).unwrap();
        assert!(text.contains("x\\u202ey\\u001bz"), "{text}");
        assert!(!text.contains('\u{202e}'));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, v);
        let plain = serde_json::to_string_pretty(&v)
            .unwrap()
            .replace('\u{202e}', "\\u202e")
            .replace('\u{2066}', "\\u2066");
        assert_eq!(text, plain + "\n");
    }
}
