#!/usr/bin/env bash
# Benchmarks rust-ready against tokei, cloc and a read-every-byte floor on large real trees.
#
# Needs only this repository and a fresh machine: it installs hyperfine-free tooling it lacks
# (tokei via `cargo install --locked`, cloc and GNU time via apt-get when available), prepares
# the trees, runs every command interleaved (round-robin, RUNS rounds), and prints and writes
# docs/benchmarks.md: medians, ratios of medians, files/s, MB/s and peak RSS.
#
#   scripts/bench.sh              # 1x and 4x trees, 5 rounds
#   RUNS=9 scripts/bench.sh       # more rounds (NO_CLOC=1: skip cloc; RR=binary: no build)
#   TREE=/path/to/tree scripts/bench.sh   # a tree of your own (1x only)
#   REAL=/path/to/tree scripts/bench.sh   # also a tree of real repositories (default
#                                         # $WORK/tree-real when it exists; see docs/benchmarks.md)
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
RUNS=${RUNS:-5}
WORK=${WORK:-/tmp/rust-ready-bench}
OUT_MD=${OUT_MD:-$REPO/docs/benchmarks.md}
mkdir -p "$WORK"

need() { command -v "$1" >/dev/null 2>&1; }

# --- tools -------------------------------------------------------------------------------
if [ ! -x /usr/bin/time ] || ! need cloc; then
  if need apt-get; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time cloc) \
      >/dev/null 2>&1 || echo "note: apt-get could not install time/cloc"
  fi
fi
[ -x /usr/bin/time ] || { echo "GNU time (/usr/bin/time) is required for peak RSS"; exit 2; }
TOKEI=${TOKEI:-}
if [ -z "$TOKEI" ]; then
  if need tokei; then TOKEI=$(command -v tokei)
  elif [ -x "$WORK/tokei/bin/tokei" ]; then TOKEI="$WORK/tokei/bin/tokei"
  else
    echo "installing tokei (cargo install tokei --locked) ..."
    cargo install tokei --locked --root "$WORK/tokei" >/dev/null 2>&1
    TOKEI="$WORK/tokei/bin/tokei"
  fi
fi
RR=${RR:-}
if [ -z "$RR" ]; then
  echo "building rust-ready (release) ..."
  cargo build --release --locked >/dev/null 2>&1
  RR="$REPO/target/release/rust-ready"
fi

# --- trees -------------------------------------------------------------------------------
# 1x: a frozen copy of the crate sources cargo unpacked while building this project (real Rust
# and C code, Markdown, TOML, JSON); 4x: the same tree replicated four times under new names.
if [ -n "${TREE:-}" ]; then
  T1="$TREE"; T4=""
else
  T1="$WORK/tree-1x"; T4="$WORK/tree-4x"
  if [ ! -d "$T1" ]; then
    src=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/ | head -1)
    echo "copying $src -> $T1"
    mkdir -p "$T1"; cp -a "$src"/. "$T1"/
  fi
  if [ ! -d "$T4" ]; then
    mkdir -p "$T4"
    for i in 1 2 3 4; do cp -a "$T1" "$T4/copy$i"; done
  fi
fi

# A tree of real repositories of other languages, when prepared (copies without .git).
TR=${REAL:-$WORK/tree-real}
[ -d "$TR" ] || TR=""

# --- measuring ---------------------------------------------------------------------------
# Each command runs once per round, commands interleaved, under GNU time (%e wall s, %M KiB).
measure() { # label tree cmd...
  local label=$1 tree=$2; shift 2
  /usr/bin/time -f "%e %M" -o "$WORK/t.$$" "$@" >/dev/null 2>"$WORK/err.$$" || {
    echo "command failed: $*"; cat "$WORK/err.$$"; return 1; }
  echo "$label $tree $(cat "$WORK/t.$$")" >> "$WORK/samples.txt"
}
read_all() { # the floor: read every non-ignored file once, two parallel readers
  (cd "$1" && find . -type f -not -path '*/.git/*' -print0 | xargs -0 -n 200 -P 2 cat >/dev/null)
}
export -f read_all

: > "$WORK/samples.txt"; : > "$WORK/load.txt"
TREES=("1x:$T1"); [ -n "$T4" ] && TREES+=("4x:$T4"); [ -n "$TR" ] && TREES+=("real:$TR")
for entry in "${TREES[@]}"; do
  name=${entry%%:*}; tree=${entry#*:}
  # warm the page cache once
  read_all "$tree"
  echo "$name: $(uptime)" >> "$WORK/load.txt"
  for r in $(seq 1 "$RUNS"); do
    # The full scan and the no-roles scan swap places every other round, so neither always
    # follows the same command (their difference is the classifier's cost).
    if [ $((r % 2)) = 1 ]; then
      measure rust-ready "$name" "$RR" scan "$tree" --format json --no-history
      measure rust-ready-no-roles "$name" "$RR" scan "$tree" --format json --no-history --disable roles
    else
      measure rust-ready-no-roles "$name" "$RR" scan "$tree" --format json --no-history --disable roles
      measure rust-ready "$name" "$RR" scan "$tree" --format json --no-history
    fi
    measure rust-ready-lines-only "$name" "$RR" scan "$tree" --format json --no-history --disable all
    measure tokei "$name" "$TOKEI" --output json "$tree"
    measure read-all "$name" bash -c "read_all '$tree'"
    if [ "$name" = 4x ]; then
      measure rust-ready-each "$name" "$RR" scan --each "$tree" --format json --no-history
    fi
    if [ -z "${NO_CLOC:-}" ] && need cloc && [ "$name" = 1x ] && [ "$r" -le 2 ]; then
      measure cloc "$name" timeout 600 cloc --quiet --json "$tree"
    fi
  done
done

files_of() { "$RR" scan "$1" --format json --no-history --disable all \
  | python3 -c 'import json,sys; d=json.load(sys.stdin)["scanned"]; print(d["files"], d["bytes"])'; }
FB1=$(files_of "$T1"); FB4=""; [ -n "$T4" ] && FB4=$(files_of "$T4")
FBR=""; [ -n "$TR" ] && FBR=$(files_of "$TR")

python3 - "$WORK/samples.txt" "$OUT_MD" "$RUNS" "$FB1" "$FB4" "$T1" "$T4" "$FBR" "$TR" "$WORK/load.txt" <<'PY'
import statistics, sys, collections, platform, os, subprocess, datetime
samples, out_md, runs, fb1, fb4, t1, t4, fbr, tr, load = sys.argv[1:11]
data = collections.defaultdict(list)
for line in open(samples):
    label, tree, wall, rss = line.split()
    data[(tree, label)].append((float(wall), int(rss)))
def med(tree, label):
    v = data.get((tree, label))
    return (statistics.median(w for w, _ in v), max(r for _, r in v)) if v else (None, None)
fb = {"1x": fb1.split(), "4x": fb4.split() if fb4 else None, "real": fbr.split() if fbr else None}
lines = []
cpu = subprocess.run(["sh", "-c", "lscpu | grep 'Model name' | sed 's/.*: *//'"], capture_output=True, text=True).stdout.strip()
lines.append("# Benchmarks\n")
lines.append(f"Measured by `scripts/bench.sh` on {datetime.date.today()} — {os.cpu_count()} CPUs ({cpu}), "
             f"{round(os.sysconf('SC_PAGE_SIZE')*os.sysconf('SC_PHYS_PAGES')/2**30)} GiB RAM, {platform.platform()}.")
lines.append(f"Each command ran {runs} times per tree, interleaved round-robin, warm page cache; "
             "wall time is the median, RSS the maximum (GNU time `%M`).\n")
lines.append(f"- 1x tree: `{t1}` (a frozen copy of `~/.cargo/registry/src` after building this project)")
if t4: lines.append(f"- 4x tree: `{t4}` (the 1x tree replicated four times under new names)")
if tr: lines.append(f"- real tree: `{tr}` (copies, without `.git`, of real repositories: " + ", ".join(sorted(os.listdir(tr))) + ")")
lines.append("- load before each tree's rounds: " + "; ".join(l.strip() for l in open(load)))
lines.append("- rust-ready: `rust-ready scan TREE --format json --no-history`; lines-only: the same with `--disable all` "
             "(tokei counting only); tokei: `tokei --output json TREE`; read-all: `find | xargs -P2 cat` over the tree; "
             "cloc: `cloc --json TREE` (1x, 2 runs).\n")
lines.append("| tree | files | MB | rust-ready s | tokei s | ratio rr/tokei | outside counting | rr/read-all | read-all s | rr files/s | rr MB/s | rr RSS MiB | tokei RSS MiB | cloc s |")
lines.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
summary = {}
for tree in ("1x", "4x", "real"):
    if not fb.get(tree): continue
    files, nbytes = int(fb[tree][0]), int(fb[tree][1])
    rr, rr_rss = med(tree, "rust-ready"); lo, _ = med(tree, "rust-ready-lines-only")
    tk, tk_rss = med(tree, "tokei"); ra, _ = med(tree, "read-all"); cl, _ = med(tree, "cloc")
    outside = (rr - lo) / rr if rr else 0
    summary[tree] = rr_rss
    lines.append(f"| {tree} | {files} | {nbytes/1e6:.0f} | {rr:.2f} | {tk:.2f} | **{rr/tk:.2f}** | {outside*100:.1f}% | {rr/ra:.2f} | {ra:.2f} | "
                 f"{files/rr:.0f} | {nbytes/1e6/rr:.0f} | {rr_rss/1024:.0f} | {tk_rss/1024:.0f} | {cl if cl is None else f'{cl:.1f}'} |")
for tree in ("1x", "4x", "real"):
    rr, _ = med(tree, "rust-ready"); lo, _ = med(tree, "rust-ready-lines-only"); nr, _ = med(tree, "rust-ready-no-roles")
    if rr and lo and nr:
        beyond = rr - lo
        lines.append(f"\nRole classification on {tree}: full {rr:.2f} s, with `--disable roles` (every file product) "
                     f"{nr:.2f} s: **{(rr - nr) / rr * 100:.1f}%** of the scan, "
                     f"{(rr - nr) / beyond * 100 if beyond > 0 else 0:.1f}% of everything beyond line counting.")
if "1x" in summary and "4x" in summary:
    lines.append(f"\nPeak RSS growth of rust-ready from 1x to 4x: **{summary['4x']/summary['1x']:.2f}x**.")
    ea, ea_rss = med("4x", "rust-ready-each")
    if ea:
        lines.append(f"`scan --each` over the four copies of the 4x tree (four projects): {ea:.2f} s, peak RSS "
                     f"{ea_rss/1024:.0f} MiB = **{ea_rss/summary['1x']:.2f}x** a single 1x scan's.")
lines.append("\n`outside counting` = (full scan − lines-only scan) / full scan: the cost of everything beyond tokei's line "
             "counting (unsafe lexers, manifests, signals, scoring).")
text = "\n".join(lines) + "\n"
open(out_md, "w").write(text)
print(text)
PY
