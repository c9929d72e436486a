# route: the README table — fit (MiniLM, seed 42, 20% questions held out), distil an H×L grid, evaluate everything on held-out questions
. "$(dirname "$0")/common.sh"
OUT="${ROUTE_TABLE_OUT:-$RETORT_ROOT/bench/out/route-table}"
SEED="${SEED:-42}"
mkdir -p "$OUT"
reuse=(); [ -n "${ROUTE_EMBEDDINGS_FROM:-}" ] && reuse=(--embeddings-from "$ROUTE_EMBEDDINGS_FROM")
[ -f "$OUT/model/teacher.safetensors" ] || "${JAVA[@]}" dev.retort.cli.Main route fit --data "$DATA" --model minilm --seed "$SEED" --quiet "${reuse[@]}" --output-dir "$OUT/model"
[ -f "$OUT/student/student.safetensors" ] || "${JAVA[@]}" dev.retort.cli.Main route distill --teacher "$OUT/model" --heads 1,2,4 --layers 1,2 --epochs 60 --patience 6 --seed "$SEED" --quiet --output-dir "$OUT/student"
"${JAVA[@]}" dev.retort.cli.Main route eval --model "$OUT/model" --student "$OUT/student" --seed "$SEED" --quiet --output-dir "$OUT/eval" | tee "$OUT/eval.txt"
best=$(awk -F'|' 'NR>3 && $2 !~ /raw/ {gsub(/ /,"",$9); split($9,a,"["); if (a[1]+0 > m || m == "") {m=a[1]+0; n=$2}} END {printf "best Δ Hit@1 %+.3f (%s)", m, n}' "$OUT/eval/table.md")
raw=$(awk -F'|' '$2 ~ /raw/ {print $3}' "$OUT/eval/table.md")
echo "skills-qa-table: raw Hit@1 $raw; $best; table in $OUT/eval/table.md"
