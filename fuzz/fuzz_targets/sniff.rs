//! The walk's pure helpers: binary sniffing, BOM decoding, shebang and generated-file checks.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rust_ready::analyze::languages::detect_by_shebang;
use rust_ready::walk::decode_bom;
use rust_ready::walk::sniff::{is_binary, is_generated};

fuzz_target!(|data: &[u8]| {
    let _ = is_binary(data);
    let _ = decode_bom(data);
    let _ = detect_by_shebang(data);
    let _ = is_generated("x.js", data);
});
