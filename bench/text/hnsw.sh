# JVector HNSW (M 16): recall@10 against exact search and single-thread queries/s, on 20,000 x 384 random unit vectors and on MiniLM embeddings of the real text lines in data/.
# Random high-dimensional vectors are the hard case for graph indexes (no cluster structure); real sentence embeddings
# are what route and quickstart index. Beams 100/200/400; one line: random | real.
. "$(dirname "$0")/common.sh"
"${JAVA[@]}" dev.retort.bench.text.HnswBench "${HNSW_N:-20000}" 384 "$RETORT_ROOT/data" 100 200 400
