# Sourced by bench/text/*.sh: builds the CLI jar and the bench classes, and defines $CP and $JAVA.
set -euo pipefail
cd "$RETORT_ROOT"
. "$RETORT_ROOT/bench/lib.sh"
# one reactor: bench resolves retort-cli from this checkout, and nothing is installed into ~/.m2
bench_build package -DskipTests -pl cli,bench -am
CP="$RETORT_ROOT/bench/target/classes:$RETORT_ROOT/cli/target/retort.jar:$RETORT_ROOT/cli/target/lib/*"
JAVA=("$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Xmx6g -cp "$CP")
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
