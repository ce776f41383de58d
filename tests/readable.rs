//! Issue 16: a terminal view that fits, a summary a lead reads in one minute, one per-KLOC
//! figure everywhere, proper nouns in the headline, config ranges like the flags.

use std::process::Command;

use crate::support::{TestTree, bin, fixture, scan_json};

fn script_available() -> bool {
    Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn too_wide(text: &str, cols: usize) -> Vec<String> {
    text.lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| l.chars().count() > cols)
        .map(String::from)
        .collect()
}

/// Every subcommand's output, run on a 100-column pseudo-terminal (util-linux `script`, the
/// width set with `stty`, COLUMNS unset), with and without NO_COLOR.
#[test]
fn every_subcommand_fits_100_columns_on_a_terminal() {
    if !script_available() {
        println!("skipped: util-linux `script` not installed");
        return;
    }
    let exe = assert_cmd::cargo::cargo_bin("rust-ready");
    let exe = exe.display();
    let c = fixture("c-server");
    let d = fixture("django-crud");
    let g = fixture("go-service");
    let json = TestTree::new();
    let saved = json.join("c.json");
    let st = bin()
        .args(["scan", "--no-history", "-f", "json", "-o"])
        .arg(&saved)
        .arg(&c)
        .output()
        .unwrap();
    assert!(st.status.success());
    let commands = [
        format!("{exe} scan --no-history {}", c.display()),
        format!("{exe} scan --no-history {}", d.display()),
        format!("{exe} scan --no-history {}", g.display()),
        format!("{exe} scan --no-history --summary {}", c.display()),
        format!("{exe} render {}", saved.display()),
        format!(
            "{exe} compare --no-history {} {} {}",
            c.display(),
            d.display(),
            g.display()
        ),
        format!("{exe} criteria"),
        format!("{exe} init --stdout"),
        format!("{exe} --help"),
        format!("{exe} scan --help"),
        format!("{exe} compare --help"),
        format!("{exe} render --help"),
        format!("{exe} init --help"),
        format!("{exe} man"),
    ];
    // `schema` (JSON) and `completions` (shell code) are read by programs, not people.
    for no_color in [false, true] {
        for cmd in &commands {
            let env = if no_color { "NO_COLOR=1" } else { "NO_COLOR=" };
            let line = format!(
                "stty cols 100 rows 50; unset COLUMNS; {env} {cmd} --quiet 2>/dev/null || {env} {cmd}"
            );
            // `--quiet` is not a flag of every subcommand: the fallback runs without it.
            let out = Command::new("script")
                .args(["-qec", &line, "/dev/null"])
                .env_remove("COLUMNS")
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&out.stdout);
            let plain = strip_ansi(&text);
            assert!(plain.lines().count() > 2, "{cmd}: no output: {plain:?}");
            let wide = too_wide(&plain, 100);
            assert!(
                wide.is_empty(),
                "{cmd} (NO_COLOR={no_color}) is wider than 100 columns:\n{}",
                wide.join("\n")
            );
        }
    }
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Piped, COLUMNS decides; without it, 100 columns.
#[test]
fn piped_tables_fit_columns_or_100() {
    for (cols, max) in [(None, 100), (Some("72"), 72), (Some("140"), 140)] {
        let mut cmd = bin();
        cmd.args(["scan", "--no-history"]).arg(fixture("c-server"));
        cmd.env_remove("COLUMNS");
        if let Some(c) = cols {
            cmd.env("COLUMNS", c);
        }
        let out = cmd.output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        let wide = too_wide(&text, max);
        assert!(wide.is_empty(), "COLUMNS={cols:?}:\n{}", wide.join("\n"));
    }
    let out = bin()
        .arg("criteria")
        .env_remove("COLUMNS")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(too_wide(&text, 100).is_empty(), "criteria:\n{text}");
}

#[test]
fn summary_is_under_25_lines_with_the_case_and_where_to_start() {
    for f in [
        "c-server",
        "django-crud",
        "go-service",
        "rust-cli",
        "verdict-mixed",
    ] {
        let out = bin()
            .args(["scan", "--no-history", "--summary"])
            .arg(fixture(f))
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.lines().count() < 25,
            "{f}: {} lines\n{text}",
            text.lines().count()
        );
        assert!(text.contains("score "), "{f}: {text}");
        assert!(
            !text.contains("Languages"),
            "{f}: the summary has no tables"
        );
    }
    let out = bin()
        .args(["scan", "--no-history", "--summary"])
        .arg(fixture("c-server"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("The case") && text.contains("Where to start"),
        "{text}"
    );
    assert!(text.contains("src/http.c"), "{text}");
}

/// One per-KLOC figure (`unsafe.languages[].per_kloc`) in table, Markdown, HTML and JSON.
#[test]
fn per_kloc_is_identical_in_every_format() {
    let f = fixture("c-server");
    let json = scan_json(&f, &[]);
    let langs = json["unsafe"]["languages"].as_array().unwrap();
    assert!(!langs.is_empty());
    let render = |fmt: &str| {
        let out = bin()
            .args(["scan", "--no-history", "-f", fmt])
            .arg(&f)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let (table, md, html) = (render("table"), render("markdown"), render("html"));
    for l in langs {
        let name = l["language"].as_str().unwrap();
        let v = l["per_kloc"].as_f64().unwrap();
        let shown = format!("{v:.2}");
        assert_eq!(
            shown.parse::<f64>().unwrap(),
            v,
            "JSON carries two decimals"
        );
        let table_row = table
            .lines()
            .find(|x| x.contains(&format!("│ {name} ")) && x.contains(&shown));
        assert!(table_row.is_some(), "table lacks {name} {shown}:\n{table}");
        assert!(
            md.lines()
                .any(|x| x.starts_with(&format!("| {name} |"))
                    && x.contains(&format!("| {shown} |"))),
            "Markdown lacks {name} {shown}"
        );
        assert!(
            html.contains(&format!("<td>{shown}</td>")) || html.contains(&format!(">{shown}<")),
            "HTML lacks {name} {shown}"
        );
    }
}

#[test]
fn headline_keeps_proper_nouns() {
    let headline = |p: &std::path::Path| {
        let json = scan_json(p, &[]);
        json["summary"]["headline"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    let h = headline(&fixture("go-service"));
    assert!(
        h.contains("no GC pauses") && h.contains("where Go serves"),
        "{h}"
    );
    let h = headline(&fixture("django-crud"));
    assert!(h.contains("a CRUD web app"), "{h}");
    // A declared small team new to Rust: "unfamiliar with Rust", never "with rust".
    let mut t = TestTree::new().file(
        "rust-ready.toml",
        "[answers]\nteam_rust_experience = \"none\"\nteam_size = 2\n",
    );
    for f in ["http.c", "server.c", "hashtable.c"] {
        let src = std::fs::read(fixture("c-server").join("src").join(f)).unwrap();
        t = t.file(&format!("src/{f}"), src);
    }
    let h = headline(t.path());
    assert!(h.contains("unfamiliar with Rust"), "{h}");
    for f in [
        "go-service",
        "django-crud",
        "c-server",
        "ts-frontend",
        "verdict-tempting",
    ] {
        let h = headline(&fixture(f));
        for bad in [" rust", " go ", " gc ", " wasm", " crud "] {
            assert!(!h.contains(bad), "{f}: {bad:?} in {h:?}");
        }
    }
}

#[test]
fn config_ranges_match_the_flags_and_name_the_key() {
    for (toml, key) in [
        ("[gate]\nmin_score = 150\n", "min_score"),
        ("[gate]\nmax_score_drop = 120\n", "max_score_drop"),
        ("[weights]\nmemory_safety = -1.0\n", "memory_safety"),
    ] {
        let t = TestTree::new()
            .file("a.c", "int a;\n")
            .file("rust-ready.toml", toml);
        let out = bin()
            .args(["scan", "--no-history"])
            .arg(t.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{toml}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(key), "{toml}: {err}");
    }
    let out = bin()
        .args(["scan", "--no-history", "--min-score", "150", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn help_is_grouped_and_man_pages_cover_every_subcommand() {
    let out = bin().args(["scan", "--help"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for h in ["Output:", "Walk:", "Scoring:", "Gates:"] {
        assert!(text.contains(h), "scan --help lacks {h}");
    }
    let dir = TestTree::new();
    let out = bin()
        .args(["man", "--all"])
        .arg(dir.join("man"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for page in [
        "rust-ready.1",
        "rust-ready-scan.1",
        "rust-ready-compare.1",
        "rust-ready-render.1",
    ] {
        let text = std::fs::read_to_string(dir.join("man").join(page)).unwrap();
        assert!(text.contains(".TH"), "{page}");
    }
    let scan = std::fs::read_to_string(dir.join("man/rust-ready-scan.1")).unwrap();
    assert!(
        scan.contains("min\\-score"),
        "the scan page documents its flags"
    );
}
