#!/usr/bin/env bash
# Runs one benchmark: bench/run.sh NAME [args]. Each benchmark is a script bench/<area>/NAME.sh that
# prints its figures on its last line. bench/run.sh --list shows them all.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
if [ "${1:-}" = "" ] || [ "$1" = "--list" ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
  echo "usage: bench/run.sh NAME [args]   — benchmarks:"
  for f in "$root"/bench/*/*.sh; do
    n=$(basename "$f" .sh); a=$(basename "$(dirname "$f")")
    [ "$n" = common ] && continue   # sourced by the benchmarks of its area, not one itself
    printf '  %-28s %s\n' "$n" "($a) $(sed -n '/^#!/d; s/^# *//p' "$f" | head -n 1)"
  done
  exit 0
fi
name="$1"; shift
matches=("$root"/bench/*/"$name".sh)
if [ "$name" = common ] || [ ! -f "${matches[0]}" ]; then
  echo "no benchmark named '$name'; bench/run.sh --list shows them" >&2
  exit 2
fi
# shellcheck source=../scripts/jdk.sh
. "$root/scripts/jdk.sh"
retort_find_jdk || exit 2
export RETORT_ROOT="$root" OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}" OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
exec bash "${matches[0]}" "$@"
