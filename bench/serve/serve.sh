#!/usr/bin/env bash
# retort serve: /v1/assertions (greedy and top-3 beam) under 1, 4 and 16 closed-loop clients, dynamic batching vs one at a time (req/s, p50/p99, errors, server RSS), and a SIGTERM with requests in flight
set -euo pipefail
root="${RETORT_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
cd "$root"
. "$root/bench/lib.sh"
# -am: build from this checkout, nothing installed into ~/.m2
bench_build package -DskipTests -pl cli,bench -am
run_s="${SERVE_BENCH_SECONDS:-15}"                 # seconds per (mode, clients) cell
read -r -a clients <<< "${SERVE_BENCH_CLIENTS:-1 4 16}"
read -r -a suggestions <<< "${SERVE_BENCH_N:-1 3}"        # n per request: 1 greedy, more by beam search
out="$root/bench/out/serve"
mkdir -p "$out"
JAVA=("$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Xmx2g)
retort() { "${JAVA[@]}" -jar "$root/cli/target/retort.jar" "$@"; }
load() { "${JAVA[@]}" -cp "$root/bench/target/classes:$root/cli/target/retort.jar" dev.retort.bench.serve.ServeLoad "$@"; }

# The small model: a tiny-preset teacher (0.1 M parameters) trained for 300 steps on commons-lang3's mined assertions,
# made once and kept in bench/out/serve/kd-model; SERVE_BENCH_MODEL=DIR serves another model directory instead.
data="$out/data"
model="${SERVE_BENCH_MODEL:-$out/kd-model}"
if [ ! -f "$data/test.jsonl" ]; then
  echo "serve: mining commons-lang3 3.17.0 (Maven Central or ~/.m2) ..." >&2
  retort kd mine --artifact org.apache.commons:commons-lang3:3.17.0 --out "$data" --quiet >&2
fi
if [ ! -f "$model/config.json" ] && [ ! -f "$model/best/config.json" ]; then
  echo "serve: training the tiny model (about a minute) ..." >&2
  head -n 100 "$data/valid.jsonl" > "$data/valid-100.jsonl"
  retort kd train-teacher --train "$data/train.jsonl" --valid "$data/valid-100.jsonl" --preset tiny --vocab-size 2000 \
    --max-input-len 256 --max-output-len 48 --max-steps 300 --eval-every 300 --eval-examples 50 --lr 2e-3 --dropout 0 \
    --output-dir "$model" --quiet >&2
fi
head -n 400 "$data/test.jsonl" > "$out/requests.jsonl"   # held-out examples as requests

pid=""; url=""
start_server() {   # start_server LOGNAME [serve options]: sets pid and url
  local log="$out/server-$1.log"; shift
  "${JAVA[@]}" -jar "$root/cli/target/retort.jar" serve --kd-model "$model" --port 0 --max-concurrent 64 --quiet "$@" > "$log" 2>&1 &
  pid=$!   # the JVM itself (not a subshell), so RSS and SIGTERM are the server's
  for _ in $(seq 240); do
    url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$log")
    [ -n "$url" ] && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; echo "serve: the server did not start" >&2; exit 1; }
    sleep 0.5
  done
  echo "serve: the server did not start within 2 minutes" >&2; exit 1
}
stop_server() { kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status"; }
field() { sed -n "s/.*\"$2\": \([0-9.a-zA-Z-]*\).*/\1/p" <<< "$1"; }

rows=(); rss=()
for mode in batched single; do
  if [ "$mode" = batched ]; then opts=(--batch-wait 5ms --max-batch 16); label="batched (5 ms, max 16)"; else opts=(--max-batch 1); label="one at a time"; fi
  start_server "$mode" "${opts[@]}"
  load "$url" "$out/requests.jsonl" 4 3 > /dev/null         # warm-up (JIT, first-call allocations), not reported
  before=$(rss_mb)
  for n in "${suggestions[@]}"; do
    for c in "${clients[@]}"; do
      r=$(load "$url" "$out/requests.jsonl" "$c" "$run_s" "$n")
      echo "$mode $r" >&2
      rows+=("$(printf '%-24s %3s %7s %9s %9s %9s %7s %10s' "$label" "$n" "$c" "$(field "$r" rps)" "$(field "$r" p50_ms)" "$(field "$r" p99_ms)" \
        "$(field "$r" errors)" "$(field "$r" mean_batch)")")
    done
  done
  after=$(rss_mb)
  rss+=("$label: ${before} MB before, ${after} MB after")
  stop_server
done

# Graceful stop: four requests held in the batcher (--batch-wait 1s) when SIGTERM arrives must still be answered.
start_server sigterm --batch-wait 1s
codes="$out/sigterm-codes.txt"; : > "$codes"
load --body "$out/requests.jsonl" > "$out/one-request.json"
for _ in 1 2 3 4; do
  (curl -s -o /dev/null -w '%{http_code}\n' -X POST "${url}v1/assertions" --data-binary "@$out/one-request.json" >> "$codes") &
done
sleep 0.4
in_flight=$(curl -s "${url}metrics" | sed -n 's/^retort_http_in_flight \([0-9]*\)/\1/p')
t0=$(date +%s.%N); kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; t1=$(date +%s.%N)
wait
answered=$(grep -c '^200$' "$codes" || true)
stop_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')

echo
echo "retort serve, /v1/assertions on $(basename "$model") ($(nproc --all) cores, ${run_s} s per row, closed-loop clients, held-out lang3 tests)"
printf '%-24s %3s %7s %9s %9s %9s %7s %10s\n' mode n clients "req/s" "p50 ms" "p99 ms" errors "mean batch"
printf '%s\n' "${rows[@]}"
echo "server RSS — ${rss[0]}; ${rss[1]}"
echo "SIGTERM with ${in_flight} requests in flight: ${answered} of 4 answered 200, server stopped in ${stop_s} s"
summary=""
for i in "${!rows[@]}"; do summary+="$(awk '{ n = NF; printf "%s n=%s c=%s %s req/s p99 %s ms; ", ($1 == "one" ? "single" : "batched"), $(n-6), $(n-5), $(n-4), $(n-2) }' <<< "${rows[$i]}")"; done
echo "serve: ${summary}graceful stop ${answered}/4"
