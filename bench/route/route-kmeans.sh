# route: k-means++ time vs scikit-learn KMeans on the same vectors, same K, restarts and iteration cap, one thread each; ratio printed
. "$(dirname "$0")/../lib.sh"
bench_need_python /usr/bin/python3 numpy sklearn
. "$(dirname "$0")/common.sh"
ensure_model
K_REAL=$("$PY" -c "import json;print(json.load(open('$MODEL_DIR/route-model.json'))['extra']['fit']['clusters'])")
SYN="$RETORT_ROOT/bench/out/route-synthetic-answers.npy"
N="${1:-20000}"; K_SYN="${2:-100}"; RESTARTS=4; ITERS=100
[ -f "$SYN" ] && [ "$("$PY" -c "import numpy;print(numpy.load('$SYN').shape[0])")" = "$N" ] || "${JAVA[@]}" dev.retort.bench.route.RouteBench synth "$SYN" "$N"
line=""
for spec in "$MODEL_DIR/embeddings/answers.npy:$K_REAL" "$SYN:$K_SYN"; do
  f="${spec%%:*}"; k="${spec##*:}"
  ours=$("${JAVA[@]}" dev.retort.bench.route.RouteBench kmeans "$f" "$k" "$RESTARTS" "$ITERS")
  echo "$ours" | grep -v RETORT_SECONDS
  t_ours=$(echo "$ours" | sed -n 's/^RETORT_SECONDS //p')
  t_skl=$(OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 "$PY" "$RETORT_ROOT/bench/route/kmeans_sklearn.py" "$f" "$k" "$RESTARTS" "$ITERS")
  echo "$t_skl" | grep -v SKLEARN_SECONDS
  s=$(echo "$t_skl" | sed -n 's/^SKLEARN_SECONDS //p')
  n=$("$PY" -c "import numpy;print(numpy.load('$f').shape[0])")
  ratio=$("$PY" -c "print(f'{$t_ours/$s:.2f}')")
  line="$line n=$n k=$k: retort ${t_ours}s sklearn ${s}s ratio ${ratio}x |"
done
echo "route-kmeans (retort/sklearn time, <1 = retort faster):$line"
