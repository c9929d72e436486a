# route: fit time (embedding excluded) and query latency p50/p99, single and batched, on skills-qa (1,888 pairs) and 100,000 synthetic pairs
. "$(dirname "$0")/common.sh"
ensure_model
N="${1:-100000}"; K="${2:-256}"
real=$("${JAVA[@]}" dev.retort.bench.route.RouteBench fit-query real "$MODEL_DIR")
echo "$real"
synth=$("${JAVA[@]}" dev.retort.bench.route.RouteBench fit-query synthetic "$N" "$K")
echo "$synth"
fit_real=$(echo "$real" | sed -n 's/^fit .* total \([0-9.]*\)s.*/\1/p')
fit_syn=$(echo "$synth" | sed -n 's/^fit .* total \([0-9.]*\)s.*/\1/p')
w_real=$(echo "$real" | grep '^query weighted' | sed 's/.*single p50 \([0-9.]*\) ms p99 \([0-9.]*\) ms | batch of 64 p50 [0-9.]* ms (\([0-9.]*\) ms\/query).*/\1 \2 \3/')
w_syn=$(echo "$synth" | grep '^query weighted' | sed 's/.*single p50 \([0-9.]*\) ms p99 \([0-9.]*\) ms | batch of 64 p50 [0-9.]* ms (\([0-9.]*\) ms\/query).*/\1 \2 \3/')
read -r a b c <<< "$w_real"; read -r d e f <<< "$w_syn"
echo "route-fit-query: skills-qa fit ${fit_real}s, weighted query p50 ${a} ms p99 ${b} ms, batched ${c} ms/query | synthetic ${N} pairs K=${K}: fit ${fit_syn}s, weighted p50 ${d} ms p99 ${e} ms, batched ${f} ms/query"
