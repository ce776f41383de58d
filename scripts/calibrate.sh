#!/usr/bin/env bash
# Re-runs the calibration set (docs/calibration.md): builds the quick optimised profile and
# scans every labelled repository found under CALIB_TREES (default /work/calib/trees; fetch
# each at the commit its label names, outside this repository).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --locked --profile calib
exec python3 scripts/calibrate.py --bin "${CARGO_TARGET_DIR:-target}/calib/rust-ready" "$@"
