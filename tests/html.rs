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
