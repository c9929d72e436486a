# Loss-mode ablation: distills the same tiny student with each --loss-function from one teacher, same data and seed.
# Usage: bench/run.sh distill-ablation TEACHER_DIR TRAIN.jsonl VALID.jsonl [OUT_DIR]. Last line: exact match / BLEU / AST per mode.
set -euo pipefail
teacher="$1"; train="$2"; valid="$3"
out="${4:-$RETORT_ROOT/results/kd-ablation-$(date +%Y%m%d-%H%M%S)}"
line=""
for mode in traditional enhanced ast_enhanced multi_component; do
  extra=()
  [ "$mode" = multi_component ] && extra=(--enable-dynamic-weighting --scheduling-preset trident)
  "$RETORT_ROOT/retort" kd distill --train-data-path "$train" --val-data-path "$valid" --teacher-model-path "$teacher" \
    --student-size tiny --max-input-len 128 --max-output-len 32 --max-train-samples "${KD_TRAIN_SAMPLES:-1000}" \
    --max-val-samples 100 --epochs "${KD_DISTILL_EPOCHS:-1}" --batch-size 16 --lr 2e-3 --seed 42 \
    --loss-function "$mode" "${extra[@]}" --output-dir "$out/$mode" -q
  line="$line $(python3 -c "import json,sys; m=json.load(open('$out/$mode/training_report.json'))['final_metrics']; print(f\"$mode: EM={m['exact_match']:.4f} BLEU={m['bleu']:.4f} AST={m['ast_validity']:.4f};\")")"
done
echo "$line"
