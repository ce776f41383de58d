#!/usr/bin/env python3
"""Re-runs the calibration set: scans every labelled repository and compares the result with
the label written before the tool ever ran on it (docs/calibration/labels/*.toml).

Trees are fetched outside this repository (never committed); each label names its commit.
    scripts/calibrate.py [--bin target/release/rust-ready] [--trees DIR] [--labels DIR] [--out docs/calibration.md]
A tree missing on this machine is listed as "not fetched" and left out of the totals.
"""
import argparse, json, os, subprocess, sys, tomllib, pathlib

HERE = pathlib.Path(__file__).resolve().parent.parent

def in_band(label, rep):
    s = rep["summary"].get("score")
    v = rep["summary"].get("verdict")
    lo, hi = label["band"]
    band_ok = s is not None and lo <= s <= hi
    verdict_ok = v in label["verdicts"]
    return band_ok, verdict_ok

def start_matches(want, got):
    """A label names a file or a folder (`src/event/quic/`); a report names root-relative files."""
    w = want.rstrip("/")
    return got == w or got.startswith(w + "/")

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=str(HERE / os.environ.get("CARGO_TARGET_DIR", "target") / "release/rust-ready"))
    ap.add_argument("--trees", default=os.environ.get("CALIB_TREES", "/work/calib/trees"))
    ap.add_argument("--out", default=None, help="write the results table (Markdown) here")
    ap.add_argument("--json-dir", default=None, help="keep each report here")
    ap.add_argument("--labels", default=str(HERE / "docs/calibration/labels"),
                    help="directory of label files (default docs/calibration/labels)")
    ap.add_argument("only", nargs="*")
    a = ap.parse_args()
    labels = sorted(pathlib.Path(a.labels).glob("*.toml"))
    rows, ok, total = [], 0, 0
    for lp in labels:
        name = lp.stem
        if a.only and name not in a.only:
            continue
        label = tomllib.loads(lp.read_text())
        tree = pathlib.Path(a.trees) / name
        if not tree.is_dir():
            rows.append((name, label, None, "not fetched"))
            continue
        p = subprocess.run([a.bin, "scan", str(tree), "--format", "json", "--quiet"],
                           capture_output=True, text=True)
        if p.returncode not in (0, 1):
            rows.append((name, label, None, "error: " + p.stderr.strip()[:200]))
            continue
        rep = json.loads(p.stdout)
        if a.json_dir:
            pathlib.Path(a.json_dir).mkdir(parents=True, exist_ok=True)
            (pathlib.Path(a.json_dir) / f"{name}.json").write_text(p.stdout)
        b, v = in_band(label, rep)
        total += 1
        good = b or v
        ok += good
        rows.append((name, label, rep, "ok" if good else "MISS"))
    out = ["| repository | category | label band | label verdicts | score | verdict | result |",
           "| --- | --- | --- | --- | --- | --- | --- |"]
    for name, label, rep, res in rows:
        s = rep["summary"].get("score") if rep else "-"
        v = rep["summary"].get("verdict") if rep else "-"
        out.append(f"| {label['repo']} | {label['category']} | {label['band'][0]}-{label['band'][1]} | "
                   f"{', '.join(label['verdicts'])} | {s} | {v} | {res} |")
    out.append("")
    out.append(f"In band or acceptable verdict: {ok} of {total}" + (f" ({100*ok/total:.0f}%)" if total else ""))
    # Where to start: is a file the label names among the report's first three start files?
    starts, hits = [], 0
    for name, label, rep, res in rows:
        want = label.get("start_here", {}).get("files", [])
        got = [f["path"] for f in rep["start_files"]] if rep else []
        if not want or not got:
            continue
        hit = any(start_matches(w, g) for w in want for g in got[:3])
        hits += hit
        starts.append(f"  {'hit ' if hit else 'miss'} {name}: {', '.join(got[:3])} (label: {', '.join(want)})")
    if starts:
        out.append(f"Where to start: a labelled start file among the first three on {hits} of {len(starts)}")
        out.extend(starts)
    text = "\n".join(out)
    print(text)
    if a.out:
        pathlib.Path(a.out).write_text(text + "\n")
    # Per-criterion detail for misses, to stderr.
    for name, label, rep, res in rows:
        if res == "MISS":
            crit = {c["id"]: round(c["strength"], 2) for c in rep["criteria"] if c["confidence"] != "none"}
            print(f"{name}: {rep['summary'].get('headline','')}\n   {crit}", file=sys.stderr)

if __name__ == "__main__":
    main()
