# Exact top-10 over 100,000 x 384 unit vectors, 1,000 queries: retort ExactIndex vs FAISS IndexFlatIP, 1 thread each.
# Rounds alternate FAISS and retort (5 timed searches each per round, after a warm-up); medians over all rounds of wall
# time and of CPU time (CPU time is the fairer figure when other jobs share the cores). Data: numpy seed 0, standard
# normal rows normalized to unit length. Also checks that both return the same top-10 ids.
. "$(dirname "$0")/common.sh"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fw=""; fc=""; rw=""; rc=""
for round in $(seq "${ROUNDS:-3}"); do
  out="$(/usr/bin/python3 "$RETORT_ROOT/bench/text/exact_search_faiss.py" "$work" 5)"
  fw+=" $(echo "$out" | sed -n 's/^faiss_seconds//p')"; fc+=" $(echo "$out" | sed -n 's/^faiss_cpu_seconds//p')"
  out="$("${JAVA[@]}" dev.retort.bench.text.ExactSearchBench "$work" 5)"
  rw+=" $(echo "$out" | sed -n 's/^retort_seconds//p')"; rc+=" $(echo "$out" | sed -n 's/^retort_cpu_seconds//p')"
  overlap="$(echo "$out" | sed -n 's/^overlap_with_faiss //p')"
done
printf 'faiss wall:%s\nfaiss cpu:%s\nretort wall:%s\nretort cpu:%s\nload: %s\n' "$fw" "$fc" "$rw" "$rc" "$(cut -d' ' -f1-3 /proc/loadavg)" >&2
fwm=$(echo "$fw" | median); fcm=$(echo "$fc" | median); rwm=$(echo "$rw" | median); rcm=$(echo "$rc" | median)
ratio() { awk -v r="$1" -v f="$2" 'BEGIN {printf "%.2f", r / f}'; }
echo "exact-search 1e5x384, 1000 queries, top-10, 1 thread each: faiss IndexFlatIP median wall ${fwm}s cpu ${fcm}s; retort ExactIndex median wall ${rwm}s cpu ${rcm}s; retort/faiss wall $(ratio "$rwm" "$fwm")x, cpu $(ratio "$rcm" "$fcm")x (target <= 1.2); top-10 id overlap ${overlap}"
