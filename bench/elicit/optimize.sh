#!/usr/bin/env bash
# elicit label optimizer vs a vectorized PyTorch reference (autograd, and the same hand-written gradient) on the seeded synthetic problem (time per loss+gradient, L-BFGS time, accuracy)
# usage: bench/run.sh optimize [SEED] [ROUNDS]   (defaults 1 and 3; rounds alternate retort and the reference)
set -euo pipefail
root="${RETORT_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
seed="${1:-1}"; rounds="${2:-3}"
py=/usr/bin/python3   # Debian's python3 with python3-torch
. "$root/bench/lib.sh"
bench_need_python "$py" numpy torch
data="$root/target/bench-elicit/synthetic-seed$seed"
out="$root/target/bench-elicit/runs"
mkdir -p "$out"
[ -f "$data/tuples.jsonl" ] || "$py" "$root/bench/elicit/generate_synthetic.py" "$data" --seed "$seed"
[ -f "$root/cli/target/retort.jar" ] || (cd "$root" && bench_build package -DskipTests -pl cli -am)
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
for r in $(seq 1 "$rounds"); do
  nice -n 5 "$root/retort" elicit optimize --claims "$data/claims.jsonl" --tuples "$data/tuples.jsonl" --exactly-one \
      --threads 1 --seed "$seed" --time-loss 30 -q --output-dir "$out/retort-$r" > "$out/retort-$r.log" 2>&1
  nice -n 5 "$py" "$root/bench/elicit/reference_optimize.py" "$data/claims.jsonl" "$data/tuples.jsonl" --exactly-one --reps 30 \
      > "$out/torch-$r.json" 2> /dev/null
done
"$py" - "$out" "$rounds" "$seed" <<'PY'
import json, statistics, sys
out, rounds, seed = sys.argv[1], int(sys.argv[2]), sys.argv[3]
j = [json.load(open(f"{out}/retort-{r}/metrics.json")) for r in range(1, rounds + 1)]
t = [json.load(open(f"{out}/torch-{r}.json")) for r in range(1, rounds + 1)]
med = lambda xs: statistics.median(xs)
jl, tl = med([x["loss_grad_ms_median"] for x in j]), med([x["loss_grad_ms"] for x in t])
js, ts = med([x["optimize_seconds"] for x in j]), med([x["lbfgs_seconds"] for x in t])
hl, hs = med([x["loss_grad_ms_hand"] for x in t]), med([x["lbfgs_seconds_hand"] for x in t])
a = j[0]
print(f"per round (retort/torch): loss+grad ms {[round(x['loss_grad_ms_median'],2) for x in j]} / {[round(x['loss_grad_ms'],2) for x in t]}; "
      f"L-BFGS s {[round(x['optimize_seconds'],2) for x in j]} / {[round(x['lbfgs_seconds'],2) for x in t]}; "
      f"evaluations {a['evaluations']} / {t[0]['evaluations']}; final loss {a['final_loss']:.6f} / {t[0]['final_loss']:.6f}; "
      f"torch with the hand-written gradient: loss+grad ms {[round(x['loss_grad_ms_hand'],2) for x in t]}, L-BFGS s {[round(x['lbfgs_seconds_hand'],2) for x in t]}, "
      f"evaluations {t[0]['evaluations_hand']}, max |hand - autograd| {t[0]['hand_gradient_max_abs_diff']:.1e}")
print(f"elicit optimize (synthetic seed {seed}, 1580 claims, 31546 tuples, float64, 1 thread, median of {rounds}): "
      f"loss+grad {jl:.2f} ms vs torch {tl:.2f} ms (ratio {jl/tl:.2f}x); L-BFGS {js:.2f} s vs {ts:.2f} s (ratio {js/ts:.2f}x); "
      f"vs torch with retort's hand-written gradient {hl:.2f} ms ({jl/hl:.2f}x), {hs:.2f} s ({js/hs:.2f}x); "
      f"accuracy {a['accuracy/optimized_lbfgs']:.4f} (torch {t[0]['accuracy']:.4f}) vs prior argmax {a['accuracy/prior_argmax']:.4f}, "
      f"prior+consistency fix {a['accuracy/prior_+_consistency_fix']:.4f}, per-tuple majority {a['accuracy/pertuple_majority']:.4f}; "
      f"gold-context bounds {t[0]['bound_clean_context_per_claim']:.4f} per claim, {t[0]['bound_clean_context_pair']:.4f} per pair")
PY
