#!/usr/bin/env bash
# kd seq2seq: training tokens/s and greedy-decode latency p50/p95 (libtorch path and Java decoder), retort vs PyTorch nn.Transformer, 1 thread each
set -euo pipefail
root="${RETORT_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
cd "$root"
# shape: d heads layers ff vocab batch srcLen tgtLen trainSteps decodeExamples decodeLen
shape=(${KD_BENCH_SHAPE:-256 8 3 1024 8000 8 256 64 10 20 32})
py=/usr/bin/python3   # Debian python3-torch (a pyenv python3 on PATH may lack torch)
. "$root/bench/lib.sh"
bench_need_python "$py" torch
# -am: build kd from this checkout, not whatever SNAPSHOT another checkout installed into ~/.m2
bench_build package -DskipTests -pl cli,bench -am
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
lengths="$(mktemp)"
java=("$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx2g
      -cp "$root/bench/target/classes:$root/cli/target/retort.jar" dev.retort.bench.kd.ModelThroughput)
plain=$("${java[@]}" "${shape[@]}" 0 "$lengths" 2>/dev/null | tail -n 1)
echo "retort (no copy head): $plain" >&2
copy=$("${java[@]}" "${shape[@]}" 1 "$lengths.copy" 2>/dev/null | tail -n 1)
echo "retort (copy head):    $copy" >&2
ref=$("$py" "$root/bench/kd/model_throughput.py" "${shape[@]}" "$lengths" | tail -n 1)
rm -f "$lengths" "$lengths.copy"
echo "shape (d heads layers ff vocab batch src tgt steps decodeN decodeLen): ${shape[*]}"
echo "retort (no copy head): $plain"
echo "retort (copy head):    $copy"
echo "pytorch nn.Transformer: $ref"
"$py" - "$plain" "$ref" "$copy" <<'PY'
import json, sys
r, p, c = (json.loads(x) for x in sys.argv[1:4])
print(f"train tokens/s retort {r['train_tokens_per_s']:.0f} vs pytorch {p['train_tokens_per_s']:.0f} "
      f"= {r['train_tokens_per_s'] / p['train_tokens_per_s']:.2f}x (copy head: {c['train_tokens_per_s']:.0f}); "
      f"greedy decode ms p50/p95 retort {r['decode_ms_p50']:.1f}/{r['decode_ms_p95']:.1f} vs pytorch "
      f"{p['decode_ms_p50']:.1f}/{p['decode_ms_p95']:.1f} = {p['decode_ms_p50'] / r['decode_ms_p50']:.2f}x faster; "
      f"retort Java decoder {r['java_decode_ms_p50']:.1f}/{r['java_decode_ms_p95']:.1f} = "
      f"{p['decode_ms_p50'] / r['java_decode_ms_p50']:.2f}x faster than pytorch, {r['decode_ms_p50'] / r['java_decode_ms_p50']:.2f}x "
      f"than retort's libtorch path ({r['java_decode_mismatches']} token mismatches; copy head: "
      f"{c['java_decode_ms_p50']:.1f} vs {c['decode_ms_p50']:.1f}, {c['java_decode_mismatches']} mismatches)")
PY
