#!/bin/bash
# For each groupId:artifactId:version line of the file given (default data/kd/pretrain-artifacts.txt): the HTTP status of
# its -sources.jar on Maven Central (HEAD) and the license names of its POM, or of the first parent POM that has them.
# Prints "G:A:V<TAB>status<TAB>licenses"; used to check the shipped list.
R=https://repo.maven.apache.org/maven2
lic() { # g a v -> license names from pom, following parents up to 4 levels
  local g=$1 a=$2 v=$3 depth=0
  while [ $depth -lt 5 ]; do
    local pom=$(curl -s --max-time 20 "$R/${g//.//}/$a/$v/$a-$v.pom")
    local l=$(echo "$pom" | tr -d '\n' | grep -o '<licenses>.*</licenses>' | grep -o '<name>[^<]*</name>' | sed 's/<[^>]*>//g' | paste -sd'|')
    if [ -n "$l" ]; then echo "$l"; return; fi
    local parent=$(echo "$pom" | tr -d '\n' | grep -o '<parent>.*</parent>' | head -1)
    [ -z "$parent" ] && { echo "?"; return; }
    g=$(echo "$parent" | grep -o '<groupId>[^<]*' | head -1 | cut -d'>' -f2)
    a=$(echo "$parent" | grep -o '<artifactId>[^<]*' | head -1 | cut -d'>' -f2)
    v=$(echo "$parent" | grep -o '<version>[^<]*' | head -1 | cut -d'>' -f2)
    depth=$((depth+1))
  done; echo "?"
}
while read gav; do
  IFS=: read g a v <<< "$gav"
  code=$(curl -s -o /dev/null -w '%{http_code}' -I --max-time 20 "$R/${g//.//}/$a/$v/$a-$v-sources.jar")
  echo "$gav	$code	$(lic $g $a $v)"
done < <(sed 's/#.*//; s/[[:space:]]//g; /^$/d' "${1:-data/kd/pretrain-artifacts.txt}")
