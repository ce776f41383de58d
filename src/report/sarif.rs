//! SARIF 2.1.0: one result per unsafe finding location kept in the report (rule id = kind,
//! level from the catalogue's risk level, file and line), capped per file and in total; the caps
//! are stated in the run's properties.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_json::{Value, json};

use super::model::Report;

/// The SARIF document as a JSON value.
pub fn to_value(r: &Report) -> Value {
    let locs = &r.unsafety.locations;
    let mut rules: BTreeMap<&str, (&str, Option<&str>)> = BTreeMap::new();
    for l in locs {
        rules
            .entry(l.kind.as_str())
            .or_insert((l.level.as_str(), l.cwe.as_deref()));
    }
    let rule_values: Vec<Value> = rules
        .iter()
        .map(|(id, (level, cwe))| {
            let mut props = json!({"tags": ["memory-safety"]});
            if let Some(c) = cwe {
                props["cwe"] = json!(c);
            }
            json!({
                "id": id,
                "name": id,
                "shortDescription": {"text": format!("memory-unsafe construct: {id}")},
                "defaultConfiguration": {"level": level},
                "properties": props,
            })
        })
        .collect();
    let results: Vec<Value> = locs
        .iter()
        .map(|l| {
            json!({
                "ruleId": l.kind,
                "level": l.level,
                "message": {"text": format!("{} in {} code", l.kind, l.language)},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri_path(&l.path), "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": l.line.max(1)}
                    }
                }]
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "rust-ready",
                "version": r.tool.version,
                "informationUri": "https://github.com/rust-ready/rust-ready",
                "rules": rule_values,
            }},
            "results": results,
            "properties": {
                "locationsCapPerFile": r.unsafety.locations_cap_per_file,
                "locationsTotalCap": r.unsafety.locations_total_cap,
                "score": r.summary.score,
                "verdict": r.summary.verdict.map(|v| v.as_str()),
            }
        }]
    })
}

/// Writes SARIF JSON.
pub fn render(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    super::json::write_pretty(&to_value(r), out)
}

/// A root-relative path as a URI reference: every byte outside RFC 3986's unreserved set and
/// `/` is percent-encoded, so a file named `javascript:alert(1).c` cannot become a scheme.
pub fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri_path("src/a b.c"), "src/a%20b.c");
        assert_eq!(
            uri_path("javascript:alert(1).c"),
            "javascript%3Aalert%281%29.c"
        );
        assert_eq!(uri_path("d/\u{e9}\u{202e}.c"), "d/%C3%A9%E2%80%AE.c");
    }
}
