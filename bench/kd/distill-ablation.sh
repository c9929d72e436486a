# Loss-mode ablation: one teacher, one topk logit file, the same student size, data, schedule and seed for every
# --loss-function, plus plain cross-entropy on the gold targets (no teacher) as the baseline.
# Usage: bench/run.sh distill-ablation TEACHER_MODEL_DIR TRAIN.jsonl VALID.jsonl [OUT_DIR]
# Env: KD_STUDENT (small), KD_DISTILL_EPOCHS (4), KD_TRAIN_SAMPLES (0 = all). Last line: EM / BLEU / F1 / AST per mode.
set -euo pipefail
teacher="$1"; train="$2"; valid="$3"
out="${4:-$RETORT_ROOT/results/kd-ablation-$(date +%Y%m%d-%H%M%S)}"
retort="$RETORT_ROOT/retort"
mkdir -p "$out"
[ -f "$out/teacher_logits.jsonl" ] || "$retort" kd teacher-logits --teacher "$teacher" --data "$train" --out "$out/teacher_logits.jsonl" --format topk --top-k 32 -q
common=(--val-data-path "$valid" --tokenizer "$teacher/tokenizer.json" --retrieval-memory "$teacher"
        --student-size "${KD_STUDENT:-small}" --max-input-len 256 --max-output-len 64 --max-train-samples "${KD_TRAIN_SAMPLES:-0}"
        --epochs "${KD_DISTILL_EPOCHS:-4}" --validation-frequency "${KD_DISTILL_EPOCHS:-4}" --batch-size 16 --lr 2e-3 --seed 42 -q)
line=""
for mode in ce_only traditional enhanced ast_enhanced multi_component; do
  if [ ! -f "$out/$mode/training_report.json" ]; then
    case "$mode" in
      ce_only) "$retort" kd distill --train-data-path "$train" --loss-function multi_component --loss-components ce --loss-weights 1.0 "${common[@]}" --output-dir "$out/$mode" ;;
      multi_component) "$retort" kd distill --train-data-path "$out/teacher_logits.jsonl" --loss-function multi_component \
                         --enable-dynamic-weighting --scheduling-preset trident_code "${common[@]}" --output-dir "$out/$mode" ;;
      *) "$retort" kd distill --train-data-path "$out/teacher_logits.jsonl" --loss-function "$mode" "${common[@]}" --output-dir "$out/$mode" ;;
    esac
  fi
  line="$line $(python3 -c "import json; r=json.load(open('$out/$mode/training_report.json')); m=r['final_metrics']; print(f\"$mode: EM={m['exact_match']:.4f} BLEU={m['bleu']:.4f} F1={m['f1_micro']:.4f} AST={m['ast_validity']:.4f} ({r['train_seconds']:.0f} s);\")")"
done
echo "$line"
