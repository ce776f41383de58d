//! Go: go.mod (module, require lines and blocks, `// indirect`, replace) and go.sum.

use super::model::{Parsed, dep};

/// Parses a go.mod. Indirect requirements are not direct dependencies; a `replace` pointing at
/// a local path makes the module the project's own.
pub fn go_mod(text: &str) -> Result<Parsed, String> {
    let mut direct = vec![];
    let mut local = vec![];
    let mut block: Option<&str> = None;
    let mut saw_module = false;
    for raw in text.lines() {
        let indirect = raw.contains("// indirect");
        let line = raw.split("//").next().unwrap_or(raw).trim();
        if line.is_empty() {
            continue;
        }
        if let Some(kw) = block {
            if line == ")" {
                block = None;
                continue;
            }
            handle(kw, line, indirect, &mut direct, &mut local);
            continue;
        }
        let (kw, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        match kw {
            "module" => {
                saw_module = true;
                local.push(rest.trim().trim_matches('"').to_string());
            }
            "require" | "replace" | "exclude" | "retract" | "tool" | "godebug"
                if rest.trim() == "(" =>
            {
                block = Some(kw)
            }
            "require" | "replace" => handle(kw, rest.trim(), indirect, &mut direct, &mut local),
            "go" | "toolchain" | "exclude" | "retract" | "tool" | "godebug" => {}
            other => return Err(format!("unexpected directive {other:?}")),
        }
    }
    if !saw_module {
        return Err("no module directive".to_string());
    }
    Ok(Parsed::manifest(direct, local))
}

fn handle(
    kw: &str,
    line: &str,
    indirect: bool,
    direct: &mut Vec<super::model::Declared>,
    local: &mut Vec<String>,
) {
    let mut parts = line.split_whitespace();
    match kw {
        "require" if !indirect => {
            if let (Some(path), Some(ver)) = (parts.next(), parts.next()) {
                direct.push(dep(path, Some(ver.to_string()), "normal"));
            }
        }
        "replace" => {
            // old [v] => new [v]: a local directory target means first-party code.
            if let Some((old, new)) = line.split_once("=>") {
                let target = new.split_whitespace().next().unwrap_or("");
                if (target.starts_with('.') || target.starts_with('/'))
                    && let Some(o) = old.split_whitespace().next()
                {
                    local.push(o.to_string());
                }
            }
        }
        _ => {}
    }
}

/// Parses a go.sum: distinct (module, version), `/go.mod` hash lines folded into their module.
pub fn go_sum(text: &str) -> Result<Parsed, String> {
    let mut locked = vec![];
    for line in text.lines() {
        let mut parts = line.split_whitespace();
        let (Some(path), Some(ver), Some(hash)) = (parts.next(), parts.next(), parts.next()) else {
            if line.trim().is_empty() {
                continue;
            }
            return Err(format!("malformed go.sum line {line:?}"));
        };
        if !hash.starts_with("h1:") {
            return Err(format!("malformed go.sum hash in {line:?}"));
        }
        locked.push((
            path.to_string(),
            ver.trim_end_matches("/go.mod").to_string(),
        ));
    }
    locked.sort();
    locked.dedup();
    Ok(Parsed::lock(locked, vec![]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_mod_blocks_indirect_replace() {
        let p = go_mod("module example.com/app\n\ngo 1.22\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.9.1\n\tgolang.org/x/net v0.22.0 // indirect\n)\n\nrequire go.uber.org/zap v1.27.0\n\nreplace example.com/lib => ../lib\n").unwrap();
        let n: Vec<&str> = p.direct.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(n, vec!["github.com/gin-gonic/gin", "go.uber.org/zap"]);
        assert_eq!(p.local, vec!["example.com/app", "example.com/lib"]);
        assert!(go_mod("require x v1\n").is_err());
        assert!(go_mod("module m\nbogus x\n").is_err());
    }

    #[test]
    fn go_sum_folds_go_mod_lines() {
        let p = go_sum("github.com/a/b v1.0.0 h1:abc=\ngithub.com/a/b v1.0.0/go.mod h1:def=\ngithub.com/c/d v0.1.0/go.mod h1:x=\n").unwrap();
        assert_eq!(p.locked.len(), 2);
        assert!(go_sum("garbage\n").is_err());
    }
}
