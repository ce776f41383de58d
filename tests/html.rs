//! Issue 7: the HTML report is self-contained, has every section, and escapes the tree.

use scraper::{Html, Selector};

use crate::support::{TestTree, bin, fixture};

fn html_of(path: &std::path::Path, cmd: &[&str]) -> String {
    let out = bin()
        .args(cmd)
        .arg(path)
        .args(["--no-history", "-f", "html"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn assert_self_contained(doc: &Html) {
    for el in doc.select(&sel("[src], [href], link, script, iframe, object, embed")) {
        let v = el.value();
        let bad = v.name() == "script"
            || v.name() == "link"
            || v.name() == "iframe"
            || v.name() == "object"
            || v.name() == "embed";
        let url = v.attr("src").or(v.attr("href")).unwrap_or("");
        assert!(!bad, "element <{}> is not allowed", v.name());
        assert!(
            !(url.contains("//") || url.starts_with("http")),
            "external resource {url}"
        );
    }
    let text = doc.html();
    assert!(
        !text.contains("@import") && !text.contains("url("),
        "CSS must not load anything"
    );
    assert!(text.contains("Content-Security-Policy"));
}

#[test]
fn scan_html_has_every_section_and_the_numbers() {
    let page = html_of(&fixture("c-server"), &["scan"]);
    let doc = Html::parse_document(&page);
    assert_self_contained(&doc);
    for id in [
        "summary",
        "languages",
        "criteria",
        "unsafe",
        "dependencies",
        "start",
        "warnings",
    ] {
        assert!(
            doc.select(&sel(&format!("#{id}"))).next().is_some(),
            "section #{id} missing"
        );
    }
    let header = doc
        .select(&sel("#summary"))
        .next()
        .unwrap()
        .text()
        .collect::<String>();
    assert!(
        header.contains("strong-candidate") || header.contains("candidate"),
        "{header}"
    );
    let bars = doc.select(&sel("#criteria-chart rect")).count();
    assert_eq!(bars, 10, "one bar per criterion");
    assert!(doc.select(&sel("#language-bar rect")).count() >= 2);
    assert!(
        doc.select(&sel("#criteria-chart title"))
            .any(|t| t.text().collect::<String>().contains("need")),
        "evidence on hover"
    );
    let hot = doc
        .select(&sel("#hotspots"))
        .next()
        .unwrap()
        .text()
        .collect::<String>();
    assert!(hot.contains("src/"), "{hot}");
}

#[test]
fn hostile_file_names_appear_as_text() {
    let t = TestTree::new().file(
        "<img src=x onerror=alert(1)>.c",
        "#include <string.h>\nvoid f(char *d) { strcpy(d, \"x\"); }\n",
    );
    let page = html_of(t.path(), &["scan"]);
    assert!(
        !page.contains("<img src=x"),
        "markup from a file name reached the page"
    );
    assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;.c"));
    let doc = Html::parse_document(&page);
    assert!(doc.select(&sel("img")).next().is_none());
    assert_self_contained(&doc);
}

#[test]
fn compare_html_has_heat_map_and_scatter() {
    let out = bin()
        .args(["compare"])
        .arg(fixture("c-server"))
        .arg(fixture("django-crud"))
        .args(["--no-history", "-f", "html"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    let doc = Html::parse_document(&page);
    assert_self_contained(&doc);
    assert_eq!(
        doc.select(&sel("#heatmap-chart rect")).count(),
        20,
        "10 criteria x 2 projects"
    );
    assert_eq!(doc.select(&sel("#scatter-chart circle")).count(), 2);
}

/// Issue 16: the case first, a verdict colour that means something, charts that scale.
#[test]
fn scan_html_puts_the_case_first_and_scales() {
    let page = html_of(&fixture("c-server"), &["scan"]);
    let doc = Html::parse_document(&page);
    assert_self_contained(&doc);
    // Project name in the title and the heading.
    let h1 = doc
        .select(&sel("h1"))
        .next()
        .unwrap()
        .text()
        .collect::<String>();
    assert_eq!(h1, "c-server");
    assert!(page.contains("<title>rust-ready: c-server</title>"));
    // Order: verdict, headline, the case, where to start, then the measured detail.
    let at = |needle: &str| {
        page.find(needle)
            .unwrap_or_else(|| panic!("{needle} missing"))
    };
    assert!(at("id=\"verdict\"") < at("class=\"headline\""));
    assert!(at("class=\"headline\"") < at("id=\"criteria\""));
    assert!(at("id=\"criteria\"") < at("id=\"start\""));
    assert!(at("id=\"start\"") < at("id=\"languages\""));
    assert!(at("id=\"languages\"") < at("id=\"unsafe\""));
    assert!(at("id=\"unsafe\"") < at("id=\"dependencies\""));
    assert!(at("id=\"dependencies\"") < at("id=\"warnings\""));
    // The word is shown; raw ids are not.
    let badge = doc.select(&sel("#verdict")).next().unwrap();
    assert_eq!(badge.text().collect::<String>(), "Strong candidate");
    for raw in [">start_here", ">adoption_path", "crud_web_app<"] {
        assert!(!page.contains(raw), "raw id {raw} on the page");
    }
    // Evidence is in <details>, not only in hover titles.
    let details = doc.select(&sel("#criteria-chart details")).count();
    assert_eq!(details, 10);
    assert!(
        doc.select(&sel("#criteria-chart details li"))
            .any(|li| li.text().collect::<String>().contains("need")),
        "evidence visible in a <details>"
    );
    // Every SVG scales: a viewBox, no fixed pixel width.
    for svg in doc.select(&sel("svg")) {
        assert!(svg.value().attr("viewbox").is_some() || svg.value().attr("viewBox").is_some());
        assert!(svg.value().attr("width").is_none(), "fixed-width svg");
    }
    // Tables scroll inside their box; dark mode.
    for t in doc.select(&sel("table")) {
        let parent = t.parent().and_then(scraper::ElementRef::wrap).unwrap();
        assert_eq!(parent.value().attr("class"), Some("scroll"));
    }
    assert!(page.contains("prefers-color-scheme: dark"));
    // Stable language colours: C is the same grey in every report.
    assert!(page.contains("background:#555555\"></i>C "));
}

#[test]
fn verdict_badges_differ_by_verdict() {
    let colour = |f: &str| {
        let page = html_of(&fixture(f), &["scan"]);
        let doc = Html::parse_document(&page);
        let b = doc.select(&sel("#verdict")).next().unwrap();
        (
            b.value().attr("data-verdict").unwrap().to_string(),
            b.value().attr("style").unwrap().to_string(),
        )
    };
    let (v1, c1) = colour("c-server");
    let (v2, c2) = colour("django-crud");
    assert_eq!(v1, "strong-candidate");
    assert_eq!(v2, "not-recommended");
    assert_ne!(c1, c2);
}

#[test]
fn compare_html_leads_with_scores_and_labels_cells() {
    let out = bin()
        .args(["compare"])
        .arg(fixture("c-server"))
        .arg(fixture("django-crud"))
        .args(["--no-history", "-f", "html"])
        .output()
        .unwrap();
    let page = String::from_utf8(out.stdout).unwrap();
    let at = |needle: &str| {
        page.find(needle)
            .unwrap_or_else(|| panic!("{needle} missing"))
    };
    assert!(at("id=\"score-table\"") < at("id=\"heatmap-chart\""));
    let doc = Html::parse_document(&page);
    // Values in the cells: one text per cell besides the row and column labels.
    let texts: Vec<String> = doc
        .select(&sel("#heatmap-chart text"))
        .map(|t| t.text().collect())
        .collect();
    assert!(
        texts.iter().filter(|t| t.contains('.')).count() >= 20,
        "{texts:?}"
    );
    assert!(page.contains("choose Rust when") && page.contains("avoid Rust when"));
    assert!(doc.select(&sel("#score-table .badge")).count() == 2);
}
