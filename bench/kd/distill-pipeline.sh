# The kd main job end to end (`retort kd pipeline`: mine commons-lang3 → teacher → top-k logits → student → test split),
# timed. Usage: bench/run.sh distill-pipeline [OUT_DIR] [extra kd pipeline options, e.g. --data DIR --threads 2].
# Last line: wall time per stage and the headline figures.
set -euo pipefail
out="${1:-$RETORT_ROOT/results/kd-pipeline-$(date +%Y%m%d-%H%M%S)}"
shift || true
"$RETORT_ROOT/retort" kd pipeline --output-dir "$out" -q "$@"
python3 - "$out/pipeline_summary.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
rows = {r["name"]: r for r in m["rows"]}
f = lambda x: "nan" if x is None else f"{x:.4f}"
t, s, b = rows["teacher"], rows["student"], rows["nearest training example by BM25"]
stages = ", ".join(f"{k} {v:.0f} s" for k, v in m["stage_seconds"].items())
print(f"{stages} | test {m['test_examples']}: teacher EM={f(t['metrics']['exact_match'])} BLEU={f(t['metrics']['bleu'])} "
      f"params={t['parameters']} p50={t['latency_ms_p50']:.1f}ms | student EM={f(s['metrics']['exact_match'])} "
      f"BLEU={f(s['metrics']['bleu'])} params={s['parameters']} p50={s['latency_ms_p50']:.1f}ms | "
      f"BM25 EM={f(b['metrics']['exact_match'])} BLEU={f(b['metrics']['bleu'])}"
      + (f" | renamed BM25 EM={f(a['metrics']['exact_match'])}" if (a := rows.get("BM25, its names renamed by analogy")) else ""))
PY
