#!/usr/bin/env bash
# Line-count parity of our counter (src/analyze/fastcount.rs) with tokei's parse_from_slice,
# per language and per file. Default trees: the cargo registry sources and the real
# repositories under /work/calib/trees; pass directories to override.
# Usage: scripts/parity.sh [DIR...]
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"
if [ $# -eq 0 ]; then
  set -- "$HOME"/.cargo/registry/src/*/
  if [ -d /work/calib/trees ]; then set -- "$@" /work/calib/trees/*/; fi
fi
cargo build --release --locked --example parity >/dev/null 2>&1
exec "$REPO/target/release/examples/parity" "$@"
