# Sourced by ./retort and ./run-tests: finds a JDK >= 25 and exports JAVA_HOME.
# Order: $JAVA_HOME, `java` on PATH, then /usr/lib/jvm/* (newest first).

retort_java_major() { # prints the feature version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

retort_find_jdk() {
  local candidates=() c java major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if java=$(command -v java 2>/dev/null); then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$java")")")")
  fi
  for c in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${c%/}"); done
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    major=$(retort_java_major "$c/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      export JAVA_HOME="$c"
      return 0
    fi
  done
  cat >&2 <<'MSG'
retort needs a JDK 25 or newer (with javac) and found none in $JAVA_HOME, on PATH, or under /usr/lib/jvm.
Install one, e.g. Eclipse Temurin 25 (package temurin-25-jdk from the Adoptium apt repository),
or point JAVA_HOME at an existing JDK 25 and run this again.
MSG
  return 1
}
