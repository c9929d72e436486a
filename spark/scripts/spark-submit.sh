#!/usr/bin/env bash
# spark-submit for retort's assembly jar, from this checkout, without a Spark installation:
#   spark/scripts/spark-submit.sh [--master URL] JOB ARGS...      e.g.  spark/scripts/spark-submit.sh --master 'local[2]' embed in.jsonl --field text --out emb
# On first use it builds spark/target/retort-spark-VERSION-assembly.jar (./mvnw -Passembly: retort and every dependency
# Spark does not bring, Spark's own jars "provided") and resolves Spark 4.2.0 itself (spark-sql_2.13 and its
# dependencies, nothing of retort) into spark/target/spark-dist/jars. Then it runs org.apache.spark.deploy.SparkSubmit
# — the class bin/spark-submit runs — with only Spark's jars on the classpath, the assembly as the application jar, and
# spark/jvm.args for the driver and (spark.executor.extraJavaOptions) the executors. So a job run here runs as it does
# under a real cluster's spark-submit; on a cluster, use its own spark-submit with the same arguments (docs/spark.md).
#   RETORT_SPARK_DIST   a folder of Spark jars to use instead (e.g. $SPARK_HOME/jars of a Spark 4.2 / Scala 2.13 install)
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
module="$(dirname "$here")"
root="$(dirname "$module")"
# shellcheck source=../../scripts/jdk.sh
. "$root/scripts/jdk.sh"
retort_find_jdk || exit 2

master="local[*]"
if [ "${1:-}" = "--master" ]; then master="$2"; shift 2; fi
[ $# -ge 1 ] || { echo "usage: $0 [--master URL] JOB ARGS...   (jobs: mine, sources, teacher-logits, generate, embed, score-apply)" >&2; exit 2; }

assembly="$(ls "$module"/target/retort-spark-*-assembly.jar 2>/dev/null | head -n 1 || true)"
if [ -z "$assembly" ]; then
  echo "spark-submit.sh: building the assembly jar (./mvnw -Passembly -pl spark -am package -DskipTests) ..." >&2
  (cd "$root" && ./mvnw -q -Passembly -pl spark -am package -DskipTests) >&2
  assembly="$(ls "$module"/target/retort-spark-*-assembly.jar | head -n 1)"
fi

dist="${RETORT_SPARK_DIST:-$module/target/spark-dist/jars}"
if [ ! -d "$dist" ]; then
  echo "spark-submit.sh: resolving Spark's own jars into $dist ..." >&2
  mkdir -p "$module/target/spark-dist"
  version="$(sed -n 's:.*<spark.version>\(.*\)</spark.version>.*:\1:p' "$module/pom.xml")"
  cat > "$module/target/spark-dist/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>dev.retort</groupId><artifactId>spark-dist</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies><dependency><groupId>org.apache.spark</groupId><artifactId>spark-sql_2.13</artifactId><version>$version</version></dependency></dependencies>
</project>
EOF
  "$root/mvnw" -q -f "$module/target/spark-dist/pom.xml" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
    -DoutputDirectory="$dist" >&2
fi

exec "$JAVA_HOME/bin/java" "@$module/jvm.args" -Xmx"${RETORT_SPARK_DRIVER_MEMORY:-3g}" -cp "$dist/*" org.apache.spark.deploy.SparkSubmit \
  --master "$master" --conf "spark.executor.extraJavaOptions=$(tr '\n' ' ' < "$module/jvm.args")" \
  --class dev.retort.spark.Main "$assembly" "$@"
