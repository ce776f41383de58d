#!/usr/bin/env bash
# Cost of `history` (commit walk + `history.changes`): scan time with and without
# `--no-history` on a synthetic 100k-commit repository (built with `git fast-import`: ten years
# of commits touching C, header and Rust files, Rust arriving in year six) and on real full
# histories (curl, fish-shell when present). Median of RUNS interleaved rounds (the order of
# the two scans swaps every round), `calib` profile.
#
#   scripts/bench-history.sh                 # 100k commits, 5 rounds
#   COMMITS=20000 RUNS=3 scripts/bench-history.sh
#   REAL="/path/a /path/b" scripts/bench-history.sh
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
RUNS=${RUNS:-5}
COMMITS=${COMMITS:-100000}
WORK=${WORK:-/tmp/rust-ready-bench-history}
REAL=${REAL:-"/work/calib/trees/curl /work/calib/trees/fish-shell"}
mkdir -p "$WORK"

echo "building rust-ready (calib) ..."
cargo build --profile calib --locked >/dev/null 2>&1
RR="$REPO/target/calib/rust-ready"

SYN="$WORK/synthetic-$COMMITS"
if [ ! -d "$SYN/.git" ]; then
  echo "generating $COMMITS commits -> $SYN"
  rm -rf "$SYN"; mkdir -p "$SYN"
  git -C "$SYN" init -q -b main
  python3 - "$COMMITS" <<'PY' | git -C "$SYN" fast-import --quiet
import random, sys
random.seed(17)
n = int(sys.argv[1])
start, end = 1480550400, 1796083200  # 2016-12-01 .. 2026-12-01
c_files = [f"src/mod{i // 20}/file{i}.c" for i in range(400)]
h_files = [f"include/mod{i // 20}/file{i}.h" for i in range(100)]
t_files = [f"tests/test{i}.c" for i in range(50)]
r_files = [f"rust/crate{i // 10}/src/f{i}.rs" for i in range(100)]
authors = [f"dev{i}@example.com" for i in range(200)]
files = {}
out = sys.stdout.buffer
def data(b):
    out.write(b"data %d\n" % len(b)); out.write(b); out.write(b"\n")
for k in range(n):
    t = start + (end - start) * k // n
    pool = c_files + h_files + t_files
    if k > n * 6 // 10:
        pool = pool + r_files * 3
    touched = random.sample(pool, random.choice([1, 1, 1, 2, 3]))
    a = random.choice(authors)
    out.write(b"commit refs/heads/main\nmark :%d\n" % (k + 1))
    out.write(f"author D <{a}> {t} +0000\ncommitter D <{a}> {t} +0000\n".encode())
    data(b"change %d" % k)
    if k:
        out.write(b"from :%d\n" % k)
    for p in touched:
        lines = files.get(p)
        if lines is None:
            lines = [f"int v{len(files)}_{j} = {j};" for j in range(random.randint(20, 60))]
            if p.endswith(".rs"):
                lines = [f"pub fn f{j}() -> u32 {{ {j} }}" for j in range(random.randint(20, 60))]
        else:
            op = random.random()
            if op < 0.5 or len(lines) < 10:
                at = random.randrange(len(lines) + 1)
                lines[at:at] = [f"/* {k} */ int x{k}_{j};" if not p.endswith(".rs") else f"// {k}\nfn g{k}_{j}() {{}}" for j in range(random.randint(1, 5))]
            elif op < 0.8:
                lines[random.randrange(len(lines))] = f"int changed{k};" if not p.endswith(".rs") else f"fn changed{k}() {{}}"
            else:
                del lines[random.randrange(len(lines))]
            if len(lines) > 150:
                del lines[: len(lines) - 150]
        files[p] = lines
        out.write(f"M 100644 inline {p}\n".encode())
        data(("\n".join(lines) + "\n").encode())
PY
  git -C "$SYN" repack -adq
  git -C "$SYN" checkout -q -f main
fi

median() { python3 -c 'import sys,statistics; v=[float(x) for x in sys.argv[1:]]; print(f"{statistics.median(v):.3f}")' "$@"; }
timed() { local s e; s=$(date +%s.%N); "$RR" scan --format json "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); python3 -c "print($e-$s)"; }

rows=()
for tree in "$SYN" $REAL; do
  [ -d "$tree/.git" ] || { echo "skip $tree (no .git)"; continue; }
  commits=$(git -C "$tree" rev-list --count HEAD)
  "$RR" scan --format json "$tree" >/dev/null 2>&1 || true  # warm the page cache
  with=(); without=()
  for r in $(seq 1 "$RUNS"); do
    if [ $((r % 2)) -eq 1 ]; then
      with+=("$(timed "$tree")"); without+=("$(timed "$tree" --no-history)")
    else
      without+=("$(timed "$tree" --no-history)"); with+=("$(timed "$tree")")
    fi
  done
  mw=$(median "${with[@]}"); mo=$(median "${without[@]}")
  facts=$("$RR" scan --format json "$tree" 2>/dev/null | python3 -c '
import json, sys
c = json.load(sys.stdin)["history"].get("changes") or {}
print("%s diffed, since %s, truncated %s" % (c.get("commits_diffed"), c.get("covered_since"), c.get("truncated")))')
  added=$(python3 -c "print(f'{$mw-$mo:.3f}')")
  echo "$(basename "$tree"): $commits commits, with history ${mw}s, --no-history ${mo}s, added ${added}s ($facts)"
  rows+=("| $(basename "$tree") | $commits | $mw | $mo | $added | $facts |")
done
echo
echo "| tree | commits | scan (s) | --no-history (s) | history added (s) | change walk |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
