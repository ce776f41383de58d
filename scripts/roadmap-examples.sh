#!/usr/bin/env bash
# Re-writes the drafts in docs/roadmap-examples/ from real repositories kept outside this
# repository (never committed): h2o at edd7a120b, fish-shell at 0874dd6a9 (a full clone checked
# out at that commit, so its history ends in August 2023) and Pillow at 4e5f09f53.
#   TREES=/work/calib/trees FISH=/work/calib/roadmap/fish-2023 scripts/roadmap-examples.sh
# The change walk gets a generous budget (HISTORY_BUDGET, default 60 s) so that 24 months are
# covered; each scan's time is printed.
set -euo pipefail
cd "$(dirname "$0")/.."
TREES=${TREES:-/work/calib/trees}
FISH=${FISH:-/work/calib/roadmap/fish-2023}
BUDGET=${HISTORY_BUDGET:-60}
cargo build --locked --profile calib
BIN="${CARGO_TARGET_DIR:-target}/calib/rust-ready"
out=docs/roadmap-examples
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for pair in "h2o:$TREES/h2o" "fish-2023:$FISH" "Pillow:$TREES/Pillow"; do
  name=${pair%%:*}
  tree=${pair#*:}
  if [ ! -d "$tree" ]; then
    echo "skip $name: $tree not found" >&2
    continue
  fi
  start=$(date +%s.%N)
  "$BIN" scan "$tree" --format json --history-budget "$BUDGET" -o "$tmp/$name.json" >/dev/null || true
  end=$(date +%s.%N)
  python3 - "$tmp/$name.json" "$name" "$start" "$end" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
c = (r.get("history") or {}).get("changes") or {}
print(f"{sys.argv[2]}: scan {float(sys.argv[4]) - float(sys.argv[3]):.2f} s, "
      f"commits diffed {c.get('commits_diffed')}, covered since {c.get('covered_since')}, "
      f"truncated {c.get('truncated')}")
PY
  "$BIN" roadmap --report "$tmp/$name.json" -o "$out/$name.md"
done
