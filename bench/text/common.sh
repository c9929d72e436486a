# Sourced by bench/text/*.sh: builds the CLI jar and the bench classes, and defines $CP and $JAVA.
set -euo pipefail
cd "$RETORT_ROOT"
"$RETORT_ROOT/mvnw" -q -o install -DskipTests -pl cli -am >&2
"$RETORT_ROOT/mvnw" -q -o package -DskipTests -pl bench >&2
CP="$RETORT_ROOT/bench/target/classes:$RETORT_ROOT/cli/target/retort.jar:$RETORT_ROOT/cli/target/lib/*"
JAVA=("$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Xmx6g -cp "$CP")
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
