//! Issue 3: the `unsafe` section on the fixture that mixes every trap, checked exactly.
//! The expected section (tests/expected/unsafe-mix.unsafe.json) was verified by hand: see the
//! comments in each fixture file for what must and must not count.

use serde_json::Value;

use crate::support::{fixture, scan_json};

#[test]
fn unsafe_mix_fixture_matches_the_expected_section_exactly() {
    let report = scan_json(&fixture("unsafe-mix"), &[]);
    let expected: Value =
        serde_json::from_str(include_str!("expected/unsafe-mix.unsafe.json")).unwrap();
    assert_eq!(
        report["unsafe"], expected,
        "unsafe section drifted; if intended, regenerate the expected file"
    );
}

#[test]
fn key_counts_of_the_mix() {
    let r = scan_json(&fixture("unsafe-mix"), &[]);
    let lang = |n: &str| {
        r["unsafe"]["languages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["language"] == n)
            .cloned()
            .unwrap()
    };
    let rust = lang("Rust");
    assert_eq!(rust["findings"], 8);
    assert_eq!(rust["test_findings"], 2, "cfg(test) item and tests/ file");
    assert_eq!(rust["by_kind"]["extern_block"], 2);
    assert_eq!(
        lang("C")["by_kind"]["strcpy"],
        1,
        "comment, string and macro name are not calls"
    );
    assert!(lang("C")["by_kind"].get("sprintf").is_none());
    assert_eq!(
        r["unsafe"]["vendored"][0]["findings"], 2,
        "vendored findings apart"
    );
    assert_eq!(r["unsafe"]["rust_posture"]["safety_commented"], 1);
    assert_eq!(r["unsafe"]["hotspots"][0]["path"], "src/lib.rs");
}

#[test]
fn c_server_fixture_has_its_risky_calls() {
    let r = scan_json(&fixture("c-server"), &[]);
    let c = r["unsafe"]["languages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["language"] == "C")
        .cloned()
        .unwrap();
    for k in [
        "strcpy", "sprintf", "memcpy", "malloc", "free", "gets", "sscanf", "strcat",
    ] {
        assert!(c["by_kind"][k].as_u64().unwrap_or(0) >= 1, "{k} missing");
    }
    assert!(
        c["test_findings"].as_u64().unwrap() >= 1,
        "tests/test_http.c is test code"
    );
}
