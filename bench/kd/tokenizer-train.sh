# Byte-level BPE training time on the mined commons-lang3 train split (vocab 8000), retort kd tokenizer
set -euo pipefail
cd "$RETORT_ROOT"
. "$RETORT_ROOT/bench/lib.sh"
bench_build package -DskipTests -pl cli -am
data=bench/out/kd-lang3
if [ ! -f "$data/train.jsonl" ]; then
  ./retort kd mine --quiet --artifact org.apache.commons:commons-lang3:3.17.0 --seed 42 --out "$data" >/dev/null
fi
for run in 1 2 3; do
  ./retort kd tokenizer --data "$data/train.jsonl" --vocab-size 8000 --out "$data/tokenizer.json" 2>/dev/null | head -n 1
done | tee "$data/tokenizer-train.txt"
# last line: medians of the three wall-clock and CPU training times
wall=$(sed -n 's/.* in \([0-9.]*\) s (.*/\1/p' "$data/tokenizer-train.txt" | sort -n | sed -n 2p)
cpu=$(sed -n 's/.* (\([0-9.]*\) s CPU).*/\1/p' "$data/tokenizer-train.txt" | sort -n | sed -n 2p)
echo "tokenizer-train: vocab 8000 on the commons-lang3 train split, median of 3 runs: ${wall} s wall, ${cpu} s CPU"
