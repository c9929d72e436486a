# Spark scale-out: `mine` over 57 artifacts and `embed` over 100,000 texts — single-machine command vs local[1] vs local[2] vs a standalone cluster (master + 2 one-core workers on 127.0.0.1); wall time, records/s, outputs checked equal.
# (embed also runs single-machine with --threads 2: ONNX Runtime on both cores, not compared byte for byte.)
# Usage: bench/run.sh scaling [--artifacts FILE] [--texts N] [--model minilm|minilm-q|bge] [--reps R] [--out DIR] [--setups LIST]
# --setups single,local1,local2,cluster (default all four) runs only those and adds their times to DIR's earlier ones.
# The cluster's workers offer 5 GB each and its executors take 4 GB (mining commons-math3 needs more than Spark's 1 GB).
# Every run is a whole command as a user types it (JVM and Spark start-up included). The artifacts are resolved into
# ~/.m2 by an untimed warm-up mine first, so no timed run downloads; its examples also give the texts to embed (each
# example's assertion, then the first line of its focal method, until --texts are collected). With --reps R > 1 the
# order of the four set-ups is reversed every other repetition and the median is printed.
set -euo pipefail
. "$RETORT_ROOT/bench/lib.sh"
bench_need_python python3 json

artifacts="$RETORT_ROOT/bench/spark/artifacts-57.txt" texts=100000 model=minilm-q reps=1 out="" only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --artifacts) artifacts="$(readlink -f "$2")"; shift 2 ;;
    --texts) texts="$2"; shift 2 ;;
    --model) model="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --setups) only="$2"; shift 2 ;;
    *) echo "scaling: unknown argument $1 (see the comment at the top of bench/spark/scaling.sh)" >&2; exit 2 ;;
  esac
done
out="${out:-$(mktemp -d /tmp/retort-spark-scaling.XXXXXX)}"
mkdir -p "$out"
retort="$RETORT_ROOT/retort"
cluster="$RETORT_ROOT/spark/scripts/standalone-cluster.sh"
trap '"$cluster" stop >/dev/null 2>&1 || true' EXIT

echo "scaling: building (first use) and warming up: mine of $(grep -cv '^\s*\(#\|$\)' "$artifacts") artifacts into ~/.m2 ..." >&2
"$retort" spark mine --help >/dev/null
"$retort" kd mine --artifacts "$artifacts" --out "$out/warm" -q >/dev/null
python3 - "$out/warm" "$out/texts.jsonl" "$texts" <<'PY'
import json, sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = [json.loads(l) for s in ("train", "valid", "test") for l in open(f"{src}/{s}.jsonl")]
texts = [r["assertions"][0] for r in rows] + [r["focal_method"].split("\n", 1)[0] for r in rows]
if len(texts) < n: sys.exit(f"scaling: only {len(texts)} texts in the mined data, fewer than --texts {n}")
with open(dst, "w") as f:
    for i, t in enumerate(texts[:n]): f.write(json.dumps({"id": i, "text": t}) + "\n")
PY

# seconds of one command, its output into $out/log/NAME.log
mkdir -p "$out/log"
timed() { # name cmd...
  local name="$1" t0 t1; shift
  t0=$(date +%s.%N)
  "$@" >"$out/log/$name.log" 2>&1 || { echo "scaling: $name failed, see $out/log/$name.log" >&2; tail -5 "$out/log/$name.log" >&2; exit 1; }
  t1=$(date +%s.%N)
  echo "$name $(echo "$t1 - $t0" | bc)" >> "$out/times.txt"
}

run_setup() { # setup rep
  local s="$1" r="$2" master
  rm -rf "$out/mine-$s-$r" "$out/embed-$s-$r"   # a rerun into an old output would reuse its finished partitions
  case "$s" in
    single)
      timed "mine-$s-$r" "$retort" kd mine --artifacts "$artifacts" --out "$out/mine-$s" -q
      timed "embed-$s-$r" "$retort" embed "$out/texts.jsonl" --field text --model "$model" --out "$out/embed-$s.npy" -q
      timed "embed-single2-$r" "$retort" embed "$out/texts.jsonl" --field text --model "$model" --threads 2 --out "$out/embed-single2.npy" -q ;;
    cluster)
      local t0 t1; t0=$(date +%s.%N)
      master="$(RETORT_SPARK_WORKER_MEMORY=5g "$cluster" start 2)"
      t1=$(date +%s.%N); echo "cluster-start-$r $(echo "$t1 - $t0" | bc)" >> "$out/times.txt"
      timed "mine-$s-$r" "$retort" spark mine --master "$master" --quiet --conf spark.executor.memory=4g --artifacts "$artifacts" --out "$out/mine-$s-$r"
      timed "embed-$s-$r" "$retort" spark embed --master "$master" --quiet --conf spark.executor.memory=4g "$out/texts.jsonl" --field text --model "$model" --out "$out/embed-$s-$r"
      "$cluster" stop ;;
    *)
      master="local[${s#local}]"
      timed "mine-$s-$r" "$retort" spark mine --master "$master" --quiet --artifacts "$artifacts" --out "$out/mine-$s-$r"
      timed "embed-$s-$r" "$retort" spark embed --master "$master" --quiet "$out/texts.jsonl" --field text --model "$model" --out "$out/embed-$s-$r" ;;
  esac
}

setups=(single local1 local2 cluster)
if [ -n "$only" ]; then IFS=, read -ra setups <<< "$only"; else : > "$out/times.txt"; fi
for r in $(seq 1 "$reps"); do
  order=("${setups[@]}")
  if [ $((r % 2)) -eq 0 ]; then order=(); for ((i=${#setups[@]}-1; i>=0; i--)); do order+=("${setups[i]}"); done; fi
  for s in "${order[@]}"; do echo "scaling: rep $r, $s ..." >&2; run_setup "$s" "$r"; done
done

# every Spark output equals the single command's (mine: the three splits byte for byte; embed: the .npy bytes)
for d in "$out"/mine-local* "$out"/mine-cluster-*; do
  [ -f "$d/train.jsonl" ] || continue   # a failed set-up of an earlier invocation
  for f in train valid test; do cmp -s "$out/mine-single/$f.jsonl" "$d/$f.jsonl" || { echo "scaling: $d/$f.jsonl differs from the single command's" >&2; exit 1; }; done
done
for d in "$out"/embed-local* "$out"/embed-cluster-*; do
  [ -f "$d/vectors.npy" ] || continue
  cmp -s "$out/embed-single.npy" "$d/vectors.npy" || { echo "scaling: $d/vectors.npy differs from the single command's" >&2; exit 1; }
done

python3 - "$out" "$texts" <<'PY'
import json, statistics, sys, collections
out, texts = sys.argv[1], int(sys.argv[2])
t = collections.defaultdict(list)
for line in open(f"{out}/times.txt"):
    name, sec = line.split()
    job, setup = name.rsplit("-", 1)[0].split("-", 1) if not name.startswith("cluster-start") else ("cluster", "start")
    t[(job, setup)].append(float(sec))
examples = sum(1 for s in ("train", "valid", "test") for _ in open(f"{out}/mine-single/{s}.jsonl"))
report = json.load(open(f"{out}/mine-single/mine_report.json"))
n_art = len(report.get("artifacts", {})) + len(report.get("failures") or [])
print(f"| job | set-up | wall s (median of {len(t[('mine','single')])}) | records/s | vs single |")
print("|---|---|---|---|---|")
for job, records, unit in (("mine", examples, f"{n_art} artifacts -> {examples} examples"), ("embed", texts, f"{texts} texts")):
    base = statistics.median(t[(job, "single")])
    for setup in ("single", "single2", "local1", "local2", "cluster"):
        if not t.get((job, setup)): continue
        m = statistics.median(t[(job, setup)])
        label = {"single": "single-machine command", "single2": "single-machine command, --threads 2", "local1": "local[1]",
                 "local2": "local[2]", "cluster": "standalone, 2 workers x 1 core"}[setup]
        print(f"| {job} ({unit}) | {label} | {m:.1f} | {records / m:.0f} | {base / m:.2f}x |")
if t.get(("cluster", "start")):
    print(f"standalone cluster start (master + 2 workers registered): {statistics.median(t[('cluster', 'start')]):.1f} s")
line = " ".join(f"{j}-{s}={statistics.median(v):.1f}s" for (j, s), v in sorted(t.items()))
print(f"outputs equal to the single command's; {line}")
PY
echo "scaling: outputs and logs in $out" >&2
