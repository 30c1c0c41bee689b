#!/usr/bin/env bash
# Lighthouse 12 (npm) on Debian's Chromium against the demo portal: home, a category and an article, mobile.
#
#     bench/lighthouse.sh
#
# Installs Lighthouse into bench/.cache/ (git-ignored) when it is missing, serves the demo portal with production
# settings through `bench/pages.py --serve-only` (fresh PostgreSQL database, Redis db 3, gunicorn, /media/ beside it),
# runs Lighthouse on each page and prints the four scores (x100) against the targets: performance >= 95,
# accessibility 100, best practices >= 95, SEO 100, with the failing audits of any category below its target.
# The JSON reports stay in bench/.cache/lighthouse/. Exits non-zero only when it cannot run (2: Chromium, Node or
# npm missing).
set -euo pipefail
cd "$(dirname "$0")/.."

# The Python that runs the project: $PYTHON, else the checkout's .venv, else python3 on the PATH.
PYTHON="${PYTHON:-$( [ -x .venv/bin/python ] && echo .venv/bin/python || command -v python3 )}"
CACHE=bench/.cache
REPORTS="$CACHE/lighthouse"
LIGHTHOUSE="$CACHE/node_modules/.bin/lighthouse"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
CHROME_FLAGS="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"
CHROME_FLAGS="$CHROME_FLAGS --disable-sync --no-first-run"

if [ ! -x "$CHROME_PATH" ]; then
  echo "Chromium is missing at $CHROME_PATH: apt-get install -y chromium (or set CHROME_PATH)" >&2
  exit 2
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "Node.js and npm are missing: apt-get install -y nodejs npm" >&2
  exit 2
fi
if [ ! -x "$LIGHTHOUSE" ]; then
  echo "installing Lighthouse 12 into $CACHE ..."
  mkdir -p "$CACHE"
  npm install --prefix "$CACHE" --no-audit --no-fund --silent lighthouse@12 >/dev/null
fi
mkdir -p "$REPORTS"

# Serve the demo portal until this script ends.
SERVE_LOG="$(mktemp -t lighthouse-serve.XXXXXX)"
"$PYTHON" bench/pages.py --serve-only >"$SERVE_LOG" 2>&1 &
SERVER=$!
cleanup() {
  if kill -0 "$SERVER" 2>/dev/null; then
    kill -TERM "$SERVER"  # pages.py stops gunicorn and drops its database
    wait "$SERVER" 2>/dev/null || true
  fi
  rm -f "$SERVE_LOG"
}
trap cleanup EXIT

for _ in $(seq 1 600); do
  grep -q '^READY$' "$SERVE_LOG" && break
  if ! kill -0 "$SERVER" 2>/dev/null; then
    echo "the portal did not start:" >&2
    cat "$SERVE_LOG" >&2
    exit 1
  fi
  sleep 0.5
done
grep -q '^READY$' "$SERVE_LOG" || { echo "the portal did not start in 5 minutes" >&2; cat "$SERVE_LOG" >&2; exit 1; }

echo "Lighthouse $("$LIGHTHOUSE" --version), $("$CHROME_PATH" --version 2>/dev/null), mobile (simulated throttling)"
while read -r _ name url; do
  curl -s -o /dev/null "$url"  # the first request renders the page and its renditions; Lighthouse gets a warm one
  "$LIGHTHOUSE" "$url" --quiet --form-factor=mobile --output=json --output-path="$REPORTS/$name.json" \
    --only-categories=performance,accessibility,best-practices,seo --chrome-flags="$CHROME_FLAGS" \
    || { echo "Lighthouse failed on $url" >&2; exit 1; }
  echo "$name $url"
done < <(grep '^URL ' "$SERVE_LOG") >"$REPORTS/pages.txt"

"$PYTHON" - "$REPORTS" <<'PY'
import json
import sys
from pathlib import Path

reports = Path(sys.argv[1])
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 95, "seo": 100}
pages = [line.split(" ", 1) for line in (reports / "pages.txt").read_text().splitlines()]
print(f"\n{'page':10} {'performance':>12} {'accessibility':>14} {'best-practices':>15} {'seo':>5}   URL")
failing = []
for name, url in pages:
    report = json.loads((reports / f"{name}.json").read_text())
    scores = {key: round((report["categories"][key]["score"] or 0) * 100) for key in TARGETS}
    marks = {key: f"{scores[key]}{'' if scores[key] >= TARGETS[key] else '!'}" for key in TARGETS}
    print(f"{name:10} {marks['performance']:>12} {marks['accessibility']:>14} {marks['best-practices']:>15} "
          f"{marks['seo']:>5}   {url}")
    for key, target in TARGETS.items():
        if scores[key] >= target:
            continue
        audits = []
        for ref in report["categories"][key]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if audit["score"] is None or audit["score"] >= 1:  # informative, manual, or passed
                continue
            value = audit.get("displayValue") or ""
            audits.append((-ref.get("weight", 0), audit["score"], ref["id"], audit["title"], value))
        failing.append((name, key, scores[key], sorted(audits)))
print("\ntargets: performance >= 95, accessibility 100, best practices >= 95, SEO 100 ('!' marks a miss)")
for name, key, score, audits in failing:
    print(f"\n{name}: {key} {score} < {TARGETS[key]}")
    for weight, audit_score, audit_id, title, value in audits[:15]:  # weighted ones first, then the worst
        print(f"  - {audit_id}: {title} (score {audit_score:.2f}, weight {-weight}){' ' + value if value else ''}")
print(f"\nreports: {reports}/<page>.json")
PY
