#!/usr/bin/env bash
# A standalone Spark cluster on 127.0.0.1 — one master and N workers — from the project's own Maven-resolved Spark jars.
#   spark/scripts/standalone-cluster.sh start [WORKERS]   # default 2 workers, 1 core and 2 GB each; prints the master URL
#   spark/scripts/standalone-cluster.sh stop
# Needs `./mvnw -pl spark -am package -DskipTests` first (spark/target/lib and the retort-spark jar), or set
# RETORT_SPARK_CLASSPATH to a classpath (the tests pass theirs). It lays out a Spark home in spark/target/spark-home with
# the jars in jars/ (workers start executors from it) and keeps pids and logs in spark/target/spark-cluster.
#   RETORT_SPARK_PORT   master port (default 7077)
#   RETORT_SPARK_WORKER_MEMORY   memory each worker offers its executors (default 2g; an executor takes
#                       spark.executor.memory of it, 1g unless the job's --conf says otherwise)
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
module="$(dirname "$here")"
root="$(dirname "$module")"
# shellcheck source=../../scripts/jdk.sh
. "$root/scripts/jdk.sh"
retort_find_jdk || exit 2
home="$module/target/spark-home" run="$module/target/spark-cluster"
port="${RETORT_SPARK_PORT:-7077}"

lay_out_home() {
  rm -rf "$home" && mkdir -p "$home/jars"
  touch "$home/RELEASE"   # marks a binary distribution: Spark then takes executor jars from jars/
  local cp="${RETORT_SPARK_CLASSPATH:-}" e
  if [ -z "$cp" ]; then
    ls "$module"/target/retort-spark-*.jar >/dev/null 2>&1 && [ -d "$module/target/lib" ] \
      || { echo "no spark/target/lib: run ./mvnw -pl spark -am package -DskipTests first" >&2; exit 2; }
    cp="$(ls "$module"/target/retort-spark-*.jar | head -n 1):$module/target/lib/*"
  fi
  IFS=: read -ra entries <<< "$cp"
  for e in "${entries[@]}"; do
    case "$e" in
      *'/*') for j in "${e%/\*}"/*.jar; do ln -sf "$j" "$home/jars/"; done ;;
      *.jar) [ -f "$e" ] && ln -sf "$e" "$home/jars/" ;;
      *) [ -d "$e" ] && "$JAVA_HOME/bin/jar" cf "$home/jars/$(echo "$e" | tr '/' '_').jar" -C "$e" . ;;   # a classes folder
    esac
  done
}

start_daemon() { # name class args...
  local name="$1"; shift
  SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 nohup "$JAVA_HOME/bin/java" "@$module/jvm.args" \
    -Dlog4j2.configurationFile="$here/log4j2-daemon.properties" -Xmx512m -cp "$home/jars/*" "$@" > "$run/$name.log" 2>&1 &
  echo $! > "$run/$name.pid"
}

case "${1:-}" in
  start)
    workers="${2:-2}"
    [ -e "$run/master.pid" ] && { echo "a cluster is running (pids in $run); stop it first" >&2; exit 2; }
    lay_out_home
    mkdir -p "$run"
    start_daemon master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port 0
    for _ in $(seq 1 60); do grep -q "I have been elected leader" "$run/master.log" 2>/dev/null && break; sleep 1; done
    grep -q "I have been elected leader" "$run/master.log" || { cat "$run/master.log" >&2; "$0" stop; exit 1; }
    for i in $(seq 1 "$workers"); do
      start_daemon "worker-$i" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 --memory "${RETORT_SPARK_WORKER_MEMORY:-2g}" \
        --work-dir "$run/work-$i" --webui-port 0 "spark://127.0.0.1:$port"
    done
    for i in $(seq 1 "$workers"); do
      for _ in $(seq 1 60); do grep -q "Successfully registered with master" "$run/worker-$i.log" 2>/dev/null && break; sleep 1; done
      grep -q "Successfully registered with master" "$run/worker-$i.log" || { cat "$run/worker-$i.log" >&2; "$0" stop; exit 1; }
    done
    echo "spark://127.0.0.1:$port"
    ;;
  stop)
    for f in "$run"/*.pid; do
      [ -e "$f" ] || continue
      kill "$(cat "$f")" 2>/dev/null || true
      rm -f "$f"
    done
    ;;
  *) echo "usage: $0 start [WORKERS] | stop" >&2; exit 2 ;;
esac
