# Sourced by bench/route/*.sh: builds the CLI and bench classes, defines $CP, $JAVA and a skills-qa model directory.
set -euo pipefail
cd "$RETORT_ROOT"
. "$RETORT_ROOT/bench/lib.sh"
# one reactor: bench resolves retort-cli from this checkout, and nothing is installed into ~/.m2
bench_build package -DskipTests -pl cli,bench -am
# module classes first: a shared ~/.m2 may hold another checkout's snapshot jars
CP="$RETORT_ROOT/bench/target/classes:$RETORT_ROOT/route/target/classes:$RETORT_ROOT/text/target/classes:$RETORT_ROOT/core/target/classes:$RETORT_ROOT/cli/target/retort.jar:$RETORT_ROOT/cli/target/lib/*"
JAVA=("$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx8g -cp "$CP")
PY=/usr/bin/python3   # Debian's python3 with python3-sklearn / numpy
DATA="${ROUTE_BENCH_DATA:-$RETORT_ROOT/data/skills-qa/skills_qa.jsonl}"
[ -f "$DATA" ] || DATA=/work/shared/data/skills-qa/skills_qa.jsonl
MODEL_DIR="$RETORT_ROOT/bench/out/route-model"
ensure_model() {   # fit once (embeds the data unless ROUTE_EMBEDDINGS_FROM names a model directory with the cache)
  if [ ! -f "$MODEL_DIR/teacher.safetensors" ]; then
    reuse=(); [ -n "${ROUTE_EMBEDDINGS_FROM:-}" ] && reuse=(--embeddings-from "$ROUTE_EMBEDDINGS_FROM")
    "${JAVA[@]}" dev.retort.cli.Main route fit --data "$DATA" --seed 42 --adapters none --quiet "${reuse[@]}" --output-dir "$MODEL_DIR" >&2
  fi
}
