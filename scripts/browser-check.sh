#!/usr/bin/env bash
# Renders the HTML report of three fixtures (and one compare page) in headless Chromium:
# screenshots must be non-blank and of the requested size, and the dumped DOM must hold SVG
# charts with non-zero size and drawn shapes. Installs Debian's chromium when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
RR=${RR:-${CARGO_TARGET_DIR:-target}/release/rust-ready}
[ -x "$RR" ] || cargo build --release --locked >/dev/null
OUT=${OUT:-$(mktemp -d)}
CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROME" ]; then
  if command -v apt-get >/dev/null; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 || true
    CHROME=$(command -v chromium || true)
  fi
fi
if [ -z "$CHROME" ]; then
  echo "browser check skipped: chromium is not installable here"; exit 0
fi
W=1200; H=1600
shot() { # html png
  local profile; profile=$(mktemp -d)
  "$CHROME" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --hide-scrollbars --window-size=$W,$H \
    --screenshot="$2" "file://$1" >/dev/null 2>&1
  "$CHROME" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --dump-dom "file://$1" 2>/dev/null > "$1.dom"
  rm -rf "$profile"
}
pages=()
for f in c-server go-service ts-frontend; do
  "$RR" scan "fixtures/$f" --no-history -f html -o "$OUT/$f.html"
  pages+=("$OUT/$f.html")
done
"$RR" compare fixtures/c-server fixtures/django-crud fixtures/ts-frontend --no-history -f html -o "$OUT/compare.html"
pages+=("$OUT/compare.html")
for p in "${pages[@]}"; do shot "$p" "$p.png"; done
python3 - "$W" "$H" "${pages[@]}" <<'PY'
import re, struct, sys, zlib
w, h = int(sys.argv[1]), int(sys.argv[2])
ok = True
def png_pixels(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width, height, ctype = 8, b"", 0, 0, 0
    while pos < len(data):
        n = struct.unpack(">I", data[pos:pos+4])[0]; kind = data[pos+4:pos+8]; body = data[pos+8:pos+8+n]
        if kind == b"IHDR": width, height, _, ctype = struct.unpack(">IIBB", body[:10])
        if kind == b"IDAT": idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    bpp = {2: 3, 6: 4}.get(ctype, 3)
    stride = width * bpp + 1
    colours = set()
    for y in range(0, height, max(1, height // 200)):
        row = raw[y*stride+1:(y+1)*stride]  # filter byte skipped: colours are approximate
        for x in range(0, width * bpp, bpp * max(1, width // 200)):
            colours.add(row[x:x+3])
    return width, height, len(colours)
for page in sys.argv[3:]:
    width, height, ncol = png_pixels(page + ".png")
    dom = open(page + ".dom").read()
    svgs = re.findall(r"<svg[^>]*>", dom)
    sized = [s for s in svgs if re.search(r'width="[1-9]', s) and re.search(r'height="[1-9]', s)]
    shapes = len(re.findall(r"<(rect|circle)\b", dom))
    print(f"{page.rsplit('/',1)[-1]}: {width}x{height} png, {ncol} sampled colours, {len(sized)}/{len(svgs)} sized svg, {shapes} shapes")
    if (width, height) != (w, h): ok = False; print("  wrong screenshot size")
    if ncol < 4: ok = False; print("  screenshot looks blank")
    if not svgs or len(sized) != len(svgs) or shapes < 3: ok = False; print("  charts did not render")
sys.exit(0 if ok else 1)
PY
echo "browser check passed; screenshots in $OUT"
