# The kd main job end to end: mine commons-lang3 → train a teacher → distill a student → evaluate both on the test split.
# Usage: bench/run.sh distill-pipeline [OUT_DIR]. KD_DATA=DIR reuses mined splits (train/valid/test.jsonl);
# KD_TEACHER_STEPS, KD_DISTILL_EPOCHS, KD_TRAIN_SAMPLES size the run. Last line: teacher vs student figures.
set -euo pipefail
out="${1:-$RETORT_ROOT/results/kd-pipeline-$(date +%Y%m%d-%H%M%S)}"
retort="$RETORT_ROOT/retort"
mkdir -p "$out"
data="${KD_DATA:-$out/data}"
if [ ! -f "$data/train.jsonl" ]; then
  "$retort" kd mine --artifact org.apache.commons:commons-lang3:3.17.0 --out "$data" -q
fi
"$retort" kd train-teacher --train "$data/train.jsonl" --valid "$data/valid.jsonl" --output-dir "$out/teacher" \
  --preset student --vocab-size 1000 --max-input-len 128 --max-output-len 32 --epochs 1 --batch-size 16 \
  --max-steps "${KD_TEACHER_STEPS:-120}" --eval-every "${KD_TEACHER_STEPS:-120}" --eval-examples 50 --warmup-steps 12 --lr 2e-3 -q
"$retort" kd distill --train-data-path "$data/train.jsonl" --val-data-path "$data/valid.jsonl" \
  --teacher-model-path "$out/teacher/best" --student-size tiny --max-input-len 128 --max-output-len 32 \
  --max-train-samples "${KD_TRAIN_SAMPLES:-1000}" --max-val-samples 100 --epochs "${KD_DISTILL_EPOCHS:-1}" --batch-size 16 --lr 2e-3 \
  --loss-function multi_component --enable-dynamic-weighting --scheduling-preset trident --samples-per-example 2 \
  --output-dir "$out/distill" -q
"$retort" kd evaluate --teacher-data "$data/test.jsonl" --teacher-model-path "$out/teacher/best" \
  --student-model-path "$out/distill/final_model" --student-limit 200 --max-output-len 32 --latency-examples 30 \
  --output-dir "$out/evaluate" -q | tee "$out/evaluate.txt"
python3 - "$out/evaluate/evaluation_metrics.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1])); t, s = m["teacher"], m["student"]
f = lambda x: "nan" if x is None else f"{x:.4f}"
print(f"examples={m['examples']} teacher: EM={f(t['metrics']['exact_match'])} BLEU={f(t['metrics']['bleu'])} params={t['parameters']} "
      f"p50={t['latency_ms_p50']:.1f}ms | student: EM={f(s['metrics']['exact_match'])} BLEU={f(s['metrics']['bleu'])} "
      f"AST={f(s['metrics']['ast_validity'])} params={s['parameters']} p50={s['latency_ms_p50']:.1f}ms "
      f"speedup={m['comparison']['speedup_p50']:.2f}x")
PY
