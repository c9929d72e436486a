# JVector HNSW (M 16): recall@10 against exact search and single-thread queries/s on 20,000 x 384 random unit vectors.
# Random high-dimensional vectors are the hard case for graph indexes (no cluster structure); beams 100/200/400.
. "$(dirname "$0")/common.sh"
"${JAVA[@]}" dev.retort.bench.text.HnswBench "${HNSW_N:-20000}" 384 100 200 400
