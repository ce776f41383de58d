//! Issue 12: one role per file, and every product figure read from product files only. Each
//! fixture is small and written for one trap; the role tables are asserted exactly.

use serde_json::Value;

use crate::support::{fixture, scan_json};

fn roles(r: &Value) -> Vec<(String, u64, u64)> {
    r["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["role"].as_str().unwrap().to_string(),
                x["files"].as_u64().unwrap(),
                x["code"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn lang<'a>(r: &'a Value, name: &str) -> &'a Value {
    r["languages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"] == name)
        .unwrap_or(&Value::Null)
}

fn signal_ids(r: &Value) -> Vec<String> {
    r["signals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

fn t(role: &str, files: u64, code: u64) -> (String, u64, u64) {
    (role.to_string(), files, code)
}

#[test]
fn rust_cli_with_fixtures_in_many_languages_is_adopted() {
    let r = scan_json(&fixture("roles-rust-cli"), &[]);
    assert_eq!(
        roles(&r),
        vec![t("product", 2, 26), t("test", 1, 4), t("fixture", 13, 46)]
    );
    assert_eq!(r["summary"]["verdict"], "adopted");
    assert_eq!(r["summary"]["rust_share"], 1.0);
    assert_eq!(r["summary"]["memory_unsafe_share"], 0.0);
    // tokei parity: the fixture C file is still counted, as fixture code.
    assert_eq!(lang(&r, "C")["code"], 9);
    assert_eq!(lang(&r, "C")["product_code"], 0);
    assert_eq!(lang(&r, "C")["code_by_role"]["fixture"], 9);
    // Fixture files raise no signal: no notebook prototype, no packaging, no schema churn,
    // no web framework, no network server.
    assert_eq!(signal_ids(&r), vec!["cli_entry"]);
    // Their unsafe findings are apart, their manifests listed apart.
    let c = r["unsafe"]["languages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["language"] == "C")
        .unwrap();
    assert_eq!(
        (c["findings"].as_u64(), c["test_findings"].as_u64()),
        (Some(0), Some(4))
    );
    assert!(r["unsafe"]["hotspots"].as_array().unwrap().is_empty());
    let apart = r["dependencies"]["apart"].as_array().unwrap();
    assert_eq!(apart.len(), 1);
    assert_eq!(apart[0]["path"], "tests/data/sample.csproj");
    assert_eq!(apart[0]["role"], "fixture");
    assert!(
        r["dependencies"]["ecosystems"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["ecosystem"] != "nuget")
    );
}

#[test]
fn c_server_with_a_scripting_test_suite_reads_as_all_c() {
    let r = scan_json(&fixture("roles-c-tcl"), &[]);
    assert_eq!(roles(&r), vec![t("product", 2, 33), t("test", 1, 240)]);
    assert!(r["summary"]["memory_unsafe_share"].as_f64().unwrap() >= 0.95);
    assert_eq!(lang(&r, "TCL")["code"], 240);
    assert_eq!(lang(&r, "TCL")["share"], 0.0);
}

#[test]
fn docs_site_and_example_lockfiles_are_apart_from_the_product() {
    let r = scan_json(&fixture("roles-monorepo"), &[]);
    assert_eq!(
        roles(&r),
        vec![t("product", 3, 36), t("example", 3, 48), t("docs", 3, 39)]
    );
    let npm = &r["dependencies"]["ecosystems"][0];
    assert_eq!(npm["ecosystem"], "npm");
    assert_eq!(npm["locked_count"], 2, "lodash and chalk only");
    assert_eq!(npm["direct_count"], 2);
    let apart: Vec<(String, String, Option<u64>)> = r["dependencies"]["apart"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["path"].as_str().unwrap().to_string(),
                a["role"].as_str().unwrap().to_string(),
                a["locked_count"].as_u64(),
            )
        })
        .collect();
    assert_eq!(
        apart,
        vec![
            ("docs/package-lock.json".into(), "docs".into(), Some(3)),
            ("docs/package.json".into(), "docs".into(), None),
            (
                "examples/app/package-lock.json".into(),
                "example".into(),
                Some(4)
            ),
            ("examples/app/package.json".into(), "example".into(), None),
        ]
    );
    // The example's express server is no evidence about the product.
    assert!(
        signal_ids(&r)
            .iter()
            .all(|s| s != "web_framework" && s != "network_server")
    );
}

#[test]
fn qt_translations_amalgamations_nested_attributes_and_config_roles() {
    let r = scan_json(&fixture("roles-misc"), &[]);
    assert_eq!(
        roles(&r),
        vec![
            t("product", 5, 19),
            t("test", 1, 1),
            t("vendored", 1, 1),
            t("generated", 2, 4)
        ]
    );
    // Qt Linguist .ts is XML data, not TypeScript.
    assert!(lang(&r, "TypeScript").is_null());
    assert_eq!(lang(&r, "XML")["code"], 11);
    let c = &lang(&r, "C")["code_by_role"];
    // amalgam.c (auto-generated marker) + lib/gen via lib/.gitattributes.
    assert_eq!(c["generated"], 4);
    // lib/third via lib/.gitattributes; qa/ by the [roles] override.
    assert_eq!(c["vendored"], 1);
    assert_eq!(c["test"], 1);
    assert_eq!(c["product"], 6);
}
