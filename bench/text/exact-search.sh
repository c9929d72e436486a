# Exact top-10 over 100,000 x 384 unit vectors, 1,000 queries: retort ExactIndex vs FAISS IndexFlatIP, 1 thread each.
# Two alternating rounds of 5 timed searches per system (medians over all 10); data: numpy seed 0, standard normal rows
# normalized to unit length. Also checks that both return the same top-10 ids.
. "$(dirname "$0")/common.sh"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
faiss_times=""; retort_times=""
for round in 1 2; do
  faiss_times+=" $(/usr/bin/python3 "$RETORT_ROOT/bench/text/exact_search_faiss.py" "$work" 5 | sed 's/^faiss_seconds//')"
  out="$("${JAVA[@]}" dev.retort.bench.text.ExactSearchBench "$work" 5)"
  retort_times+=" $(echo "$out" | sed -n 's/^retort_seconds//p')"
  overlap="$(echo "$out" | sed -n 's/^overlap_with_faiss //p')"
done
echo "faiss times (s):$faiss_times" >&2
echo "retort times (s):$retort_times" >&2
f=$(echo "$faiss_times" | median); r=$(echo "$retort_times" | median)
ratio=$(awk -v r="$r" -v f="$f" 'BEGIN {printf "%.2f", r / f}')
echo "exact-search 1e5x384, 1000 queries, top-10, 1 thread: faiss IndexFlatIP median ${f}s, retort ExactIndex median ${r}s, ratio retort/faiss ${ratio}x (target <= 1.2), top-10 id overlap ${overlap}"
