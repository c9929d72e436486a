# Sourced by every bench/<area>/*.sh: the build and Python checks the benchmarks share.
: "${RETORT_ROOT:=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"

# bench_build MAVEN_ARGS... — runs ./mvnw -q MAVEN_ARGS offline when ~/.m2 already holds every dependency (fast, no
# network), and online when it does not: a fresh machine has never downloaded the bench module's JMH, for one.
# A build that fails for another reason (a compile error) is not retried; its log goes to stderr.
bench_build() {
  local log status=0
  log="$(mktemp)"
  "$RETORT_ROOT/mvnw" -q -o "$@" >"$log" 2>&1 || status=$?
  if [ "$status" -ne 0 ] && grep -qE "offline mode|has not been downloaded" "$log"; then
    echo "bench: dependencies missing from ~/.m2; building online (downloads from Maven Central once) ..." >&2
    status=0
    "$RETORT_ROOT/mvnw" -q "$@" >"$log" 2>&1 || status=$?
  fi
  if [ "$status" -ne 0 ]; then
    cat "$log" >&2
    echo "bench: build failed: mvnw $*" >&2
  fi
  rm -f "$log"
  return "$status"
}

# bench_need_python PYTHON MODULE... — exits 2 with install commands, before any build or run, when PYTHON cannot
# import every MODULE the benchmark's reference side needs.
bench_need_python() {
  local py="$1" m missing=() apt=() pip=()
  shift
  if ! command -v "$py" >/dev/null 2>&1; then
    echo "bench: this benchmark compares against Python and needs $py, which is not installed (Debian/Ubuntu: apt-get install python3)." >&2
    exit 2
  fi
  for m in "$@"; do
    "$py" -c "import $m" >/dev/null 2>&1 && continue
    missing+=("$m")
    case "$m" in
      sklearn) apt+=(python3-sklearn); pip+=(scikit-learn) ;;
      faiss) apt+=(python3-faiss); pip+=(faiss-cpu) ;;
      *) apt+=("python3-$m"); pip+=("$m") ;;
    esac
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "bench: $(basename "$0" .sh) needs the Python module(s) ${missing[*]}, which $py cannot import." >&2
    echo "bench: install them (Debian/Ubuntu: sudo apt-get install ${apt[*]}; or: $py -m pip install ${pip[*]}) and run it again." >&2
    exit 2
  fi
}
