#!/usr/bin/env bash
# Issue 14 figures: builds each hostile tree and runs BIN on it under /usr/bin/time -v with a
# 60 s timeout and a 4 GiB address-space limit (so an unbounded read fails instead of taking
# the shared machine down). Prints one TSV line per case: case, exit, seconds, peak RSS (MB).
# Usage: scripts/hostile-figures.sh BIN [CASE...]
set -u
BIN=$(realpath "$1"); shift
WORK=$(mktemp -d /tmp/hostile-figures.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export RR_PLANTED_SECRET=ghp_plantedTOKEN0123456789abcdef

run() { # case dir args...
  local name=$1; shift
  local out="$WORK/$name.out" tm="$WORK/$name.time"
  ( ulimit -v 4194304; /usr/bin/time -v -o "$tm" timeout 60 "$BIN" "$@" >"$out" 2>"$out.err" </dev/null )
  local rc=$?
  local secs rss leak=""
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$tm" 2>/dev/null)
  rss=$(awk -F': ' '/Maximum resident/{printf "%.0f", $2/1024}' "$tm" 2>/dev/null)
  [ "$rc" = 124 ] && secs=">60 (killed at 60 s)"
  grep -q "$RR_PLANTED_SECRET" "$out" "$out.err" 2>/dev/null && leak=" SECRET-PRINTED"
  printf '%s\t%s\t%s\t%s MB%s\n' "$name" "$rc" "${secs:-?}" "${rss:-?}" "$leak"
}

tree() { local d="$WORK/t-$1"; rm -rf "$d"; mkdir -p "$d"; echo 'int a;' >"$d/a.c"; echo "$d"; }
gitrepo() { # a real one-commit repository
  local d; d=$(tree "$1")
  git -C "$d" -c init.defaultBranch=main init -q
  git -C "$d" add a.c
  GIT_AUTHOR_DATE=2020-01-01T00:00:00 GIT_COMMITTER_DATE=2020-01-01T00:00:00 \
    git -C "$d" -c user.name=t -c user.email=t@e commit -qm init
  echo "$d"
}
want() { [ ${#CASES[@]} -eq 0 ] && return 0; local c; for c in "${CASES[@]}"; do [ "$c" = "$1" ] && return 0; done; return 1; }
CASES=("$@")
NH=(--format json --no-history)

# 1. Ignore files
for f in .gitignore .ignore .git/info/exclude; do
  n="fifo-${f//\//_}"; want "$n" || continue
  d=$(tree "$n"); mkdir -p "$(dirname "$d/$f")"; mkfifo "$d/$f"; run "$n" scan "$d" "${NH[@]}"
done
if want gitignore-devzero; then d=$(tree gitignore-devzero); ln -s /dev/zero "$d/.gitignore"; run gitignore-devzero scan "$d" "${NH[@]}"; fi
if want gitignore-environ; then d=$(tree gitignore-environ); ln -s /proc/self/environ "$d/.gitignore"; run gitignore-environ scan "$d" "${NH[@]}"; fi
if want gitignore-69k-rules; then
  d=$(tree gitignore-69k-rules)
  python3 -c "
import sys
with open(sys.argv[1],'w') as f:
    for i in range(69000): f.write('*a%d*b%d*.t\n' % (i, i*7))" "$d/.gitignore"
  run gitignore-69k-rules scan "$d" "${NH[@]}"
fi
if want gitignore-8mb-rules; then
  d=$(tree gitignore-8mb-rules)
  python3 -c "
import sys
with open(sys.argv[1],'w') as f:
    i=0
    while f.tell() < 8<<20: f.write('*a%d*b%d*.t\n' % (i, i*7)); i+=1" "$d/.gitignore"
  run gitignore-8mb-rules scan "$d" "${NH[@]}"
fi
if want sub-git-sparse; then d=$(tree sub-git-sparse); mkdir -p "$d/sub"; truncate -s 3G "$d/sub/.git"; run sub-git-sparse scan "$d" "${NH[@]}"; fi

# 2. History
for f in HEAD config packed-refs refs/heads/main objects/info/alternates commondir shallow objects/info/commit-graph; do
  n="git-fifo-${f//\//_}"; want "$n" || continue
  d=$(gitrepo "$n"); rm -f "$d/.git/$f"; mkdir -p "$(dirname "$d/.git/$f")"; mkfifo "$d/.git/$f"
  run "$n" scan "$d" --format json
done
for f in HEAD config packed-refs; do
  n="git-devzero-$f"; want "$n" || continue
  d=$(gitrepo "$n"); rm -f "$d/.git/$f"; ln -s /dev/zero "$d/.git/$f"; run "$n" scan "$d" --format json
done
if want git-root-sparse; then d=$(tree git-root-sparse); truncate -s 3G "$d/.git"; run git-root-sparse scan "$d" --format json; fi
if want git-link-outside; then
  o=$(gitrepo git-outside-repo); d=$(tree git-link-outside); ln -s "$o/.git" "$d/.git"; run git-link-outside scan "$d" --format json
fi
if want git-alternates-40k; then
  d=$(gitrepo git-alternates-40k)
  python3 -c "
import sys
with open(sys.argv[1],'w') as f:
    for i in range(40000): f.write('/nonexistent/alternate/objects/%06d\n' % i)" "$d/.git/objects/info/alternates"
  run git-alternates-40k scan "$d" --format json
fi
if want git-commit-bomb; then
  d=$(gitrepo git-commit-bomb)
  id=$(python3 - "$d/.git" <<'EOF'
import sys, zlib, hashlib, os
git = sys.argv[1]
head = b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor t <t@e> 1577836800 +0000\ncommitter t <t@e> 1577836800 +0000\n\n"
n = 1 << 30
body_len = len(head) + n
hdr = b"commit %d\0" % body_len
h = hashlib.sha1(); c = zlib.compressobj(9); out = []
chunk = b"A" * (1 << 20)
def feed(b):
    h.update(b); out.append(c.compress(b))
feed(hdr); feed(head)
for _ in range(n // len(chunk)): feed(chunk)
out.append(c.flush())
oid = h.hexdigest()
os.makedirs(os.path.join(git, "objects", oid[:2]), exist_ok=True)
with open(os.path.join(git, "objects", oid[:2], oid[2:]), "wb") as f:
    for o in out: f.write(o)
with open(os.path.join(git, "refs", "heads", "main"), "w") as f: f.write(oid + "\n")
print(oid)
EOF
)
  run git-commit-bomb scan "$d" --format json
fi

# 3. Budgets
if want minified-html-820k; then
  d=$(tree minified-html-820k)
  python3 -c "
import sys
s = '<script>var a=1;</script><style>.a{b:c}</style>'
sys.stdout.write(s * (820000 // len(s)))" >"$d/index.html"
  run minified-html-820k scan "$d" "${NH[@]}"
fi
if want minified-vue-820k; then
  d=$(tree minified-vue-820k)
  python3 -c "
import sys
s = '<template><p>x</p></template><script>var a=1;</script><style>.a{b:c}</style>'
sys.stdout.write(s * (820000 // len(s)))" >"$d/app.vue"
  run minified-vue-820k scan "$d" "${NH[@]}"
fi
if want threads-1000; then d=$(tree threads-1000); echo 'int b;' >"$d/b.c"; run threads-1000 scan "$d" "${NH[@]}" --threads 1000; fi
if want threads-u64max; then d=$(tree threads-u64max); run threads-u64max scan "$d" "${NH[@]}" --threads 18446744073709551615; fi
if want max-file-size-u64max; then d=$(tree max-file-size-u64max); run max-file-size-u64max scan "$d" "${NH[@]}" --max-file-size 18446744073709551615; fi

# 4. Saved reports
if want compare-evil-report; then
  d=$(tree compare-evil-report)
  "$BIN" scan "$d" "${NH[@]}" -o "$WORK/good.json" 2>/dev/null
  python3 - "$WORK/good.json" "$WORK/evil.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
for c in r.get("criteria", []):
    c["id"] = "x\u001b]0;pwn\u0007</title></svg><script>alert(1)</script>\u202e"
r["root"] = "evil\u202eroot\u001b[2J"
json.dump(r, open(sys.argv[2], "w"))
EOF
  run compare-evil-report compare "$WORK/good.json" "$WORK/evil.json" -f html
fi

# 5. Leaving the tree
if want each-link-root; then d="$WORK/t-each"; mkdir -p "$d/p"; echo 'int a;' >"$d/p/a.c"; ln -s / "$d/root"; run each-link-root scan --each "$d" "${NH[@]}"; fi
if want each-link-usr-include; then d="$WORK/t-each2"; mkdir -p "$d/p"; echo 'int a;' >"$d/p/a.c"; ln -s /usr/include "$d/inc"; run each-link-usr-include scan --each "$d" "${NH[@]}"; fi
if want output-through-link; then
  d=$(tree output-through-link); ln -s "$WORK/victim" "$d/report.json"
  run output-through-link scan "$d" "${NH[@]}" -o "$d/report.json"
  [ -e "$WORK/victim" ] && echo "output-through-link: wrote through the link" >&2
fi
