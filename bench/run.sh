#!/usr/bin/env bash
# Benchmarks tflink-search on a generated corpus, beside PostgreSQL full-text search
# and SQLite FTS5:   bench/run.sh small|medium|full|full-untruncated
#
# full-untruncated is the full corpus with every row on its pages (no 100-row
# truncation), so that all of its 12 million interactions can be indexed.
# Installs what it needs (wrk, PostgreSQL, psycopg), generates the corpus once (cached
# in bench/work/SIZE), then measures: full index wall time and peak RSS, index size,
# no-op reindex, reindex after changing 1% of the pages; through the real HTTP server
# with wrk, /search latency p50/p99 with 1 client and throughput with 8 connections
# for a fixed query mix (bench/mix.py), and /suggest p99; the same queries answered
# by the peers (bench/peers.py). Figures are medians of RUNS runs (default 3; 1 for
# full). Results go to bench/work/SIZE/results.json and a table on stdout.
# PHASES (default "index serve peers") reruns only some phases, reusing the figures
# of the others from the previous results.json.
set -euo pipefail
size=${1:-small}
case $size in small | medium | full | full-untruncated) ;; *) echo "usage: $0 small|medium|full|full-untruncated" >&2; exit 2 ;; esac
root=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_WORK:-$root/bench/work}/$size
runs=${RUNS:-$([[ "$size" = full* ]] && echo 1 || echo 3)}
duration=${DURATION:-15}
port=${PORT:-7791}
phases=${PHASES:-index serve peers}
has() { [[ " $phases " == *" $1 "* ]]; }
previous() { python3 -c "import json,sys; print(json.load(open('$work/results.json'))['ours'][sys.argv[1]])" "$1"; }
mkdir -p "$work"
cd "$root"

install() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v pg_ctlcluster >/dev/null || missing+=(postgresql)
  command -v /usr/bin/time >/dev/null || missing+=(time)
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  python3 -c 'import psycopg' 2>/dev/null || pip install -q 'psycopg[binary]'
}

median() { sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }

# Runs `search-cli index` on the corpus; prints "seconds peak_kb".
index_run() {
  /usr/bin/time -f "%e %M" -o "$work/time.txt" target/release/search-cli index --seeds "$work/pages" --index "$work/index" "$@" >/dev/null
  cat "$work/time.txt"
}

echo "== building (release)"
install
cargo build --release --quiet --bin search-cli --example gen_corpus

if [ ! -f "$work/pages/truth.tsv" ]; then
  echo "== generating the $size corpus"
  if [ "$size" = full-untruncated ]; then
    target/release/examples/gen_corpus --size full --rows-shown 1000000000 --out "$work/pages"
  else
    target/release/examples/gen_corpus --size "$size" --out "$work/pages"
  fi
fi
pages=$(find "$work/pages" -name '*.md' | wc -l)
listed=$(awk -F'\t' 'NR > 1 && $10 != "none"' "$work/pages/truth.tsv" | wc -l)
python3 bench/mix.py "$work/pages/truth.tsv" "$work/mix" >/dev/null

if has index; then
echo "== full index ($runs runs)"
: >"$work/full.txt"
for _ in $(seq "$runs"); do index_run --full | tee -a "$work/full.txt"; done
full_s=$(cut -d' ' -f1 "$work/full.txt" | median)
full_rss_mb=$(cut -d' ' -f2 "$work/full.txt" | median | awk '{printf "%.0f", $1/1024}')
# The live generation only: the folder also keeps the one it replaced.
index_mb=$(du -sm "$work/index/$(cat "$work/index/CURRENT")" | cut -f1)

echo "== no-op reindex"
: >"$work/noop.txt"
for _ in $(seq "$runs"); do index_run | tee -a "$work/noop.txt"; done
noop_s=$(cut -d' ' -f1 "$work/noop.txt" | median)

echo "== reindex after changing 1% of the pages"
rm -rf "$work/originals" && mkdir "$work/originals"
python3 - "$work/pages" "$work/originals" <<'PY'
import pathlib, random, shutil, sys
pages, originals = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
files = sorted(pages.glob("*.md"))
for path in random.Random(2).sample(files, max(1, len(files) // 100)):
    text = path.read_text()
    if ",No\n" in text:
        shutil.copy(path, originals / path.name)
        path.write_text(text.replace(",No\n", ",Yes\n", 1))
PY
changed_s=$(index_run | cut -d' ' -f1)
cp "$work"/originals/*.md "$work/pages/" && index_run >/dev/null
else
  full_s=$(previous full_index_s) full_rss_mb=$(previous peak_rss_mb) index_mb=$(previous index_mb)
  noop_s=$(previous noop_s) changed_s=$(previous changed_1pct_s)
fi

if has serve; then
echo "== serving"
target/release/search-cli serve --index "$work/index" --addr "127.0.0.1:$port" >/dev/null 2>"$work/serve.log" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$port/health" >/dev/null; do sleep 0.2; done
python3 - "$work/mix/search.txt" "$port" "$work/mix/ours.json" <<'PY'
import json, sys, urllib.request
paths, port, out = open(sys.argv[1]).read().split(), sys.argv[2], sys.argv[3]
answers = [json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}{p}")) for p in paths]
json.dump(answers, open(out, "w"))
PY
# Throughput from wrk; per-request percentiles from bench/latency.py (see there why).
wrk_rps() { # connections file -> requests per second
  wrk -t2 -c"$1" -d"${duration}s" -s bench/mix.lua "http://127.0.0.1:$port" -- "$2" | python3 -c '
import re, sys
text = sys.stdin.read()
if "Non-2xx" in text:
    sys.exit("wrk saw error responses")
print(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))'
}
latency() { python3 bench/latency.py 127.0.0.1 "$port" "$2" "$duration" "$1"; } # clients file -> p50 p99 rps
latency 1 "$work/mix/search.txt" >/dev/null # warm-up
read -r s1_p50 s1_p99 _ < <(latency 1 "$work/mix/search.txt")
read -r _ s8_p99 _ < <(latency 8 "$work/mix/search.txt")
s8_rps=$(wrk_rps 8 "$work/mix/search.txt")
read -r g_p50 g_p99 _ < <(latency 1 "$work/mix/suggest.txt")
kill $server
else
  s1_p50=$(previous search_p50_ms) s1_p99=$(previous search_p99_ms) s8_p99=$(previous search8_p99_ms)
  s8_rps=$(previous search8_rps) g_p50=$(previous suggest_p50_ms) g_p99=$(previous suggest_p99_ms)
fi

if has peers; then
echo "== peers"
if ! pg_lsclusters -h | grep -q online; then
  cluster=$(pg_lsclusters -h | awk 'NR==1 {print $1, $2}')
  pg_ctlcluster $cluster start
fi
su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'bench'\"" >/dev/null
peer() { python3 bench/peers.py "$1" "$work/pages/truth.tsv" "$work/mix/queries.json" "$work" "$duration"; }
peer postgres >"$work/postgres.json"
peer sqlite >"$work/sqlite.json"
fi

python3 - "$work" <<PY
import json, sys
work = sys.argv[1]
ours = {"full_index_s": $full_s, "peak_rss_mb": $full_rss_mb, "index_mb": $index_mb, "noop_s": $noop_s,
        "changed_1pct_s": $changed_s, "search_p50_ms": $s1_p50, "search_p99_ms": $s1_p99,
        "search8_p99_ms": $s8_p99, "search8_rps": $s8_rps, "suggest_p50_ms": $g_p50, "suggest_p99_ms": $g_p99,
        "pages": $pages, "interactions": $listed}
import os
# A size whose peers were never run (PHASES without "peers") reports ours alone.
none = {"load_s": None, "single": {"p50_ms": None, "p99_ms": None}, "eight": {"p99_ms": None, "requests_per_s": None}}
peers = {e: json.load(open(f"{work}/{e}.json")) if os.path.exists(f"{work}/{e}.json") else none for e in ("postgres", "sqlite")}
json.dump({"size": "$size", "ours": ours, "peers": peers}, open(f"{work}/results.json", "w"), indent=1)
print(f"\n$size corpus: {ours['pages']} pages, {ours['interactions']} interactions; medians of $runs runs")
print(f"{'figure':32} {'ours':>10} {'PostgreSQL':>12} {'ratio':>7} {'SQLite':>10} {'ratio':>7}")
def line(name, value, pg=None, sq=None, unit=""):
    ratio = lambda p: f"{p / value:7.1f}" if p is not None and value else "      -"
    fmt = lambda v: f"{v:.3f}{unit}" if v is not None else "-"
    print(f"{name:32} {fmt(value):>10} {fmt(pg):>12} {ratio(pg)} {fmt(sq):>10} {ratio(sq)}")
pg, sq = peers["postgres"], peers["sqlite"]
line("full index (s)", ours["full_index_s"], pg["load_s"], sq["load_s"])
line("peak RSS while indexing (MB)", ours["peak_rss_mb"])
line("index size (MB)", ours["index_mb"])
line("no-op reindex (s)", ours["noop_s"])
line("1% pages changed (s)", ours["changed_1pct_s"])
line("/search p50, 1 client (ms)", ours["search_p50_ms"], pg["single"]["p50_ms"], sq["single"]["p50_ms"])
line("/search p99, 1 client (ms)", ours["search_p99_ms"], pg["single"]["p99_ms"], sq["single"]["p99_ms"])
line("/search p99, 8 clients (ms)", ours["search8_p99_ms"], pg["eight"]["p99_ms"], sq["eight"]["p99_ms"])
rps = lambda p: f"{p['eight']['requests_per_s']:>12.0f} {ours['search8_rps'] / p['eight']['requests_per_s']:>7.1f}" if p["eight"]["requests_per_s"] else f"{'-':>12} {'-':>7}"
print(f"{'/search req/s, 8 clients':32} {ours['search8_rps']:>10.0f} {rps(pg)} {rps(sq)}  (ratio: ours / peer)")
line("/suggest p50, 1 client (ms)", ours["suggest_p50_ms"])
line("/suggest p99, 1 client (ms)", ours["suggest_p99_ms"])
# Checked against ours' answers of this run, whichever phases ran: the peers' answers
# do not change with our code.
sys.path.insert(0, "bench")
from agree import check
ours_answers = json.load(open(f"{work}/mix/ours.json"))
paths = [q["path"] for q in json.load(open(f"{work}/mix/queries.json"))]
for e, p in peers.items():
    if "answers" not in p:
        print(f"{e}: no answers kept (run the peers phase to check them against ours)")
        continue
    mismatches, fallbacks = check(ours_answers, p["answers"], paths)
    print(f"{e}: {len(paths)} queries checked against ours ({fallbacks} of ours read otherwise after finding nothing exactly), {len(mismatches)} differ", mismatches[:1] or "")
PY
