//! Issue 5: the seven fixture profiles get the verdicts an expert would give, with the key
//! evidence present (asserted on verdicts and evidence, not on exact floats).

use serde_json::Value;

use crate::support::{fixture, scan_json};

fn scan(name: &str) -> Value {
    scan_json(&fixture(name), &[])
}

fn verdict(r: &Value) -> &str {
    r["summary"]["verdict"].as_str().unwrap_or("")
}

fn criterion<'a>(r: &'a Value, id: &str) -> &'a Value {
    r["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap()
}

fn evidence(r: &Value, id: &str) -> String {
    criterion(r, id)["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap_or(""))
        .collect::<Vec<_>>()
        .join(" | ")
}

fn recs(r: &Value) -> String {
    r["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            format!(
                "{}:{}",
                x["kind"].as_str().unwrap_or(""),
                x["target"].as_str().unwrap_or("")
            )
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

#[test]
fn c_server_is_a_strong_candidate_or_candidate() {
    let r = scan("c-server");
    assert!(
        matches!(verdict(&r), "strong-candidate" | "candidate"),
        "{}",
        verdict(&r)
    );
    let ev = evidence(&r, "memory_safety");
    assert!(ev.contains("manually managed"), "{ev}");
    assert!(ev.contains("network_server"), "{ev}");
    assert!(
        ev.contains("src/http.c") || ev.contains("src/hashtable.c"),
        "{ev}"
    );
    assert!(recs(&r).contains("Rust module inside the C/C++ codebase"));
}

#[test]
fn embedded_firmware_is_a_candidate() {
    let r = scan("embedded-firmware");
    assert!(
        matches!(verdict(&r), "strong-candidate" | "candidate"),
        "{}",
        verdict(&r)
    );
    assert!(evidence(&r, "multi_platform").contains("linker_script"));
    assert!(recs(&r).contains("embedded-hal firmware"));
}

#[test]
fn rust_cli_is_adopted_with_hardening_advice() {
    let r = scan("rust-cli");
    assert_eq!(verdict(&r), "adopted");
    assert!(
        r["recommendations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["kind"] == "harden")
    );
    assert!(
        recs(&r).contains("crates/core/src/lib.rs"),
        "core has no forbid(unsafe_code)"
    );
}

#[test]
fn django_crud_is_not_recommended() {
    let r = scan("django-crud");
    assert_eq!(verdict(&r), "not-recommended");
    assert!(
        evidence(&r, "schema_churn").contains("migrations (15"),
        "{}",
        evidence(&r, "schema_churn")
    );
    assert!(criterion(&r, "crud_web_app")["strength"].as_f64().unwrap() > 0.7);
}

#[test]
fn notebook_prototype_is_not_recommended() {
    let r = scan("notebook-prototype");
    assert_eq!(verdict(&r), "not-recommended");
    assert!(evidence(&r, "rapid_prototyping").contains("5 notebooks"));
}

#[test]
fn go_service_is_selective_or_lower() {
    let r = scan("go-service");
    assert!(
        matches!(verdict(&r), "selective" | "not-recommended"),
        "{}",
        verdict(&r)
    );
    assert!(evidence(&r, "ships_binaries").contains("Go already ships"));
    assert!(evidence(&r, "predictable_latency").contains("gc_tuning"));
    assert!(evidence(&r, "startup_time").contains("Go is"));
}

#[test]
fn ts_frontend_is_selective_or_candidate_with_wasm_bindgen() {
    let r = scan("ts-frontend");
    assert!(
        matches!(verdict(&r), "selective" | "candidate"),
        "{}",
        verdict(&r)
    );
    assert!(recs(&r).contains("wasm-bindgen"), "{}", recs(&r));
    assert!(recs(&r).contains("start_here:src/compute"), "{}", recs(&r));
}

#[test]
fn every_criterion_is_present_with_evidence_and_no_evidence_means_none() {
    for name in ["c-server", "django-crud", "go-service"] {
        let r = scan(name);
        let cs = r["criteria"].as_array().unwrap();
        assert_eq!(cs.len(), 10);
        for c in cs {
            assert!(
                !c["evidence"].as_array().unwrap().is_empty(),
                "{name}: {}",
                c["id"]
            );
            if c["confidence"] == "none" {
                assert!(
                    c["evidence"][0]
                        .as_str()
                        .unwrap()
                        .starts_with("no evidence")
                );
            }
        }
        assert!(r["summary"]["headline"].as_str().unwrap().contains("/100"));
    }
}
