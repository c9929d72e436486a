# Entropy of [64,128,32100] float32 logits: retort (libtorch 2.10 via bytedeco) vs PyTorch, same threads, medians and ratio
set -euo pipefail
root="${RETORT_ROOT:?run through bench/run.sh}"
threads="${THREADS:-1}" repeats="${REPEATS:-5}"
export OPENBLAS_NUM_THREADS="$threads" OMP_NUM_THREADS="$threads"
cd "$root"
. "$root/bench/lib.sh"
bench_need_python /usr/bin/python3 torch
# one reactor, so the classpath points at this checkout's modules; module classes before cli/target/lib's jars
bench_build package -DskipTests -pl cli,bench -am
mkdir -p "$root/score/target"
cp="bench/target/classes:score/target/classes:text/target/classes:core/target/classes:cli/target/lib/*"
# chunk sizes swept for the record; the last line is the shipped default (Entropy.CHUNK_ROWS)
java_out=$("$JAVA_HOME/bin/java" -Xmx2g --enable-native-access=ALL-UNNAMED -cp "$cp" dev.retort.score.EntropyTiming "$threads" "$repeats" 8192 64 2>"$root/score/target/bench-java.err") || { cat "$root/score/target/bench-java.err" >&2; exit 1; }
echo "$java_out"
py_out=$(/usr/bin/python3 bench/score/entropy_torch.py "$threads" "$repeats")
echo "$py_out"
java_ms=$(echo "$java_out" | tail -n 1 | sed 's/.*median_ms=\([0-9.]*\).*/\1/')
cat_ms=$(echo "$py_out" | grep categorical | sed 's/.*median_ms=\([0-9.]*\).*/\1/')
dir_ms=$(echo "$py_out" | grep softmax_logsoftmax | sed 's/.*median_ms=\([0-9.]*\).*/\1/')
best_py=$(/usr/bin/python3 -c "print(min($cat_ms, $dir_ms))")
ratio=$(/usr/bin/python3 -c "print(f'{$java_ms / $best_py:.2f}')")
echo "entropy [64,128,32100] f32, threads=$threads, median of $repeats: retort ${java_ms} ms, pytorch categorical ${cat_ms} ms, pytorch softmax*log_softmax ${dir_ms} ms, ratio retort/fastest-pytorch ${ratio}x"
