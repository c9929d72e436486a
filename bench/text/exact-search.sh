# Exact top-10 over 100,000 x 384 unit vectors, 1,000 queries: retort ExactIndex vs FAISS IndexFlatIP, 1 thread each.
# The two alternate search by search (REPS pairs, default 15) so both see the same load; the last line gives medians
# of wall and CPU time and of the paired ratios. Data: numpy seed 0, standard normal rows normalized to unit length.
. "$(dirname "$0")/../lib.sh"
bench_need_python /usr/bin/python3 numpy faiss
. "$(dirname "$0")/common.sh"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
/usr/bin/python3 "$RETORT_ROOT/bench/text/exact_search.py" "${REPS:-15}" "${JAVA[@]}" dev.retort.bench.text.ExactSearchBench
