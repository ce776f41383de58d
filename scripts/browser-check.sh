#!/usr/bin/env bash
# Renders the HTML scan page of three fixtures and one compare page in headless Chromium at
# 1280 and 420 px and checks, from the DOM Chromium dumps after layout:
#   - no element is wider than the viewport (elements inside a box that scrolls sideways,
#     such as a wide table, are allowed: they scroll inside their box), and the page itself
#     never scrolls sideways;
#   - the verdict badge colours differ between a strong candidate (fixtures/c-server) and a
#     not-recommended project (fixtures/django-crud);
#   - "Where to start" comes before the languages table;
#   - screenshots are of the requested size and not blank; charts are SVG with a viewBox.
# The layout probe is a script added to a copy of each page (the pages themselves carry no
# script and a CSP that forbids one). Screenshots stay in $OUT for a person to look at.
# Installs Debian's chromium when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
RR=${RR:-${CARGO_TARGET_DIR:-target}/release/rust-ready}
[ -x "$RR" ] || cargo build --release --locked >/dev/null
OUT=${OUT:-$(mktemp -d)}
mkdir -p "$OUT"
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
chrome() { # profile args...
  local profile=$1; shift
  "$CHROME" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --hide-scrollbars "$@"
}
pages=()
for f in c-server django-crud go-service; do
  "$RR" scan "fixtures/$f" --no-history -f html -o "$OUT/$f.html"
  pages+=("$OUT/$f.html")
done
"$RR" compare fixtures/c-server fixtures/django-crud fixtures/go-service fixtures/ts-frontend \
  --no-history -f html -o "$OUT/compare.html"
pages+=("$OUT/compare.html")

# The probe: appended to a copy of each page, writes its findings into <pre id="layout-check">
# and posts them to the parent. Headless Chromium will not make a window narrower than 500 px,
# so the copy is laid out in an iframe of exactly the width checked, inside a wrapper page
# whose dumped DOM receives the probe's message.
PROBE='<script>(function(){
var vw=document.documentElement.clientWidth,bad=[];
function clipped(el){for(var p=el.parentElement;p&&p!==document.body;p=p.parentElement){if(getComputedStyle(p).overflowX!=="visible")return true;}return false;}
var all=document.body.getElementsByTagName("*");
for(var i=0;i<all.length;i++){var el=all[i],r=el.getBoundingClientRect();if(r.width===0&&r.height===0)continue;
if((r.right>vw+1||r.left<-1)&&!clipped(el))bad.push(el.tagName.toLowerCase()+(el.id?"#"+el.id:"")+(el.className&&el.className.baseVal===undefined?"."+el.className:"")+" "+Math.round(r.left)+".."+Math.round(r.right));}
var res={vw:vw,page_width:document.documentElement.scrollWidth,nbad:bad.length,bad:bad.slice(0,10)};
var b=document.getElementById("verdict");if(b)res.badge=getComputedStyle(b).backgroundColor;
var s=document.getElementById("start"),l=document.getElementById("language-table");
if(s&&l)res.start_before_languages=!!(s.compareDocumentPosition(l)&Node.DOCUMENT_POSITION_FOLLOWING)&&s.getBoundingClientRect().top<l.getBoundingClientRect().top;
var pre=document.createElement("pre");pre.id="layout-check";pre.textContent=JSON.stringify(res);document.body.appendChild(pre);if(parent!==window)parent.postMessage(pre.textContent,"*");})();</script>'
for p in "${pages[@]}"; do
  for size in 1280,1800 420,2400; do
    w=${size%,*}
    profile=$(mktemp -d)
    chrome "$profile" --window-size="$size" --screenshot="$p.$w.png" "file://$p" >/dev/null 2>&1
    python3 - "$p" "$p.probe.html" "$PROBE" <<'PY'
import re, sys
src, dst, probe = sys.argv[1:4]
page = open(src, encoding="utf-8").read()
page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
open(dst, "w", encoding="utf-8").write(page.replace("</body>", probe + "</body>"))
PY
    printf '<!DOCTYPE html><html><head><style>body{margin:0}iframe{border:0;width:%spx;height:%spx}</style></head><body><pre id="layout-check"></pre><script>addEventListener("message",function(e){document.getElementById("layout-check").textContent=e.data;});</script><iframe src="%s"></iframe></body></html>' \
      "$w" "${size#*,}" "$(basename "$p").probe.html" > "$p.wrap.html"
    chrome "$profile" --window-size=1400,2600 --virtual-time-budget=5000 --dump-dom "file://$p.wrap.html" 2>/dev/null > "$p.$w.probe"
    chrome "$profile" --window-size="$size" --dump-dom "file://$p" 2>/dev/null > "$p.$w.dom"
    rm -rf "$profile"
  done
done
python3 - "${pages[@]}" <<'PY'
import html, json, re, struct, sys, zlib
ok = True
def fail(msg):
    global ok
    ok = False
    print("  FAIL:", msg)
def png_info(path):
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
badges = {}
for page in sys.argv[1:]:
    name = page.rsplit("/", 1)[-1]
    for w, h in [(1280, 1800), (420, 2400)]:
        pw, ph, ncol = png_info(f"{page}.{w}.png")
        dom = open(f"{page}.{w}.dom", encoding="utf-8").read()
        probe = open(f"{page}.{w}.probe", encoding="utf-8").read()
        m = re.search(r'<pre id="layout-check">(.+?)</pre>', probe, re.S)
        print(f"{name} @ {w}px: {pw}x{ph} png, {ncol} sampled colours")
        if (pw, ph) != (w, h): fail("wrong screenshot size")
        if ncol < 4: fail("screenshot looks blank")
        if not m:
            fail("the layout probe did not run"); continue
        res = json.loads(html.unescape(m.group(1)))
        print(f"  viewport {res['vw']} px, page {res['page_width']} px, {res['nbad']} elements wider than the viewport")
        if res["page_width"] > res["vw"] + 1: fail("the page scrolls sideways")
        if res["nbad"]: fail("wider than the viewport: " + "; ".join(res["bad"]))
        svgs = re.findall(r"<svg[^>]*>", dom)
        if "compare" not in name or svgs:
            if not svgs or any("viewBox" not in s for s in svgs): fail("every chart needs a viewBox")
        if "compare" not in name:
            if res.get("start_before_languages") is not True: fail('"Where to start" is not before the languages table')
            badges.setdefault(name, res.get("badge"))
            print(f"  verdict badge {res.get('badge')}")
print("badges:", badges)
a, b = badges.get("c-server.html"), badges.get("django-crud.html")
if not a or not b or a == b: fail("verdict badges of c-server and django-crud do not differ")
sys.exit(0 if ok else 1)
PY
echo "browser check passed; screenshots in $OUT"
