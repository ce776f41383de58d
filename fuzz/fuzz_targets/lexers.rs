//! Every lexer family and its detector on arbitrary bytes: must never panic, and the mask
//! keeps the input's length.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rust_ready::analyze::unsafety::detect::detect;
use rust_ready::analyze::unsafety::mask::{Family, mask};

fuzz_target!(|data: &[u8]| {
    for f in [Family::Rust, Family::C, Family::Go, Family::Java, Family::CSharp, Family::Js, Family::Python] {
        let m = mask(f, data);
        assert_eq!(m.code.len(), data.len());
        let _ = detect(f, &m, data);
    }
});
