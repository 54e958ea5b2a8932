#!/usr/bin/env bash
# The page's side of speed (bench/page/KeyToScreen.java): in headless Chromium, on a list of 1,000 todos, the time
# from a key press to the new todo in the DOM, and to its "not saved yet" mark going away, with the server (this
# WAR on Payara Micro, embedded H2, default settings but the rate limit) pinned to core 0 and the browser to
# core 1. Writes its table into docs/PERFORMANCE.md between the "page" markers. Takes about two minutes.
# Needs: Java 17, Maven, Debian's chromium and chromium-driver; uses port 8183.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=$PWD/bench/target/page
PAYARA_VERSION=$(sed -n 's:.*<payara.version>\(.*\)</payara.version>.*:\1:p' pom.xml)
rm -rf "$WORK" && mkdir -p "$WORK"
SERVER_PID=
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true; }
trap cleanup EXIT

echo "== building the WAR and the probe"
mvn -B -q -ntp -DskipTests package
mvn -B -q -ntp dependency:copy -Dartifact=fish.payara.extras:payara-micro:$PAYARA_VERSION -DoutputDirectory="$WORK"
mvn -B -q -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath.txt"

echo "== starting the server on core 0"
TODO_RATE_LIMIT=off TODO_DATA_DIR="$WORK/data" taskset -c 0 java -Xmx1g -jar "$WORK/payara-micro-$PAYARA_VERSION.jar" \
    --deploy target/livetodo.war --contextroot /livetodo --port 8183 --nocluster --disablephonehome \
    > "$WORK/server.log" 2>&1 & SERVER_PID=$!
for _ in $(seq 1 240); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' http://localhost:8183/livetodo/status || true)" = 200 ] && break
    sleep 0.5
done

echo "== measuring in Chromium on core 1"
taskset -c 1 java -cp "$PWD/target/test-classes:$(cat "$WORK/classpath.txt")" io.livetodo.bench.KeyToScreen \
    http://localhost:8183/livetodo/ ws://localhost:8183/livetodo/todo --todos 1000 --samples 200 --warmup 50 \
    | tee "$WORK/results.md"

python3 - "$WORK/results.md" "$(date -u '+%Y-%m-%d %H:%M UTC')" <<'PY'
import re, sys
table, when = open(sys.argv[1]).read().strip(), sys.argv[2]
path = "docs/PERFORMANCE.md"
doc = open(path).read()
block = ("<!-- page:start -->\n_Measured " + when + " by `bench/page.sh`._\n\n" + table + "\n<!-- page:end -->")
doc = re.sub(r"<!-- page:start -->.*?<!-- page:end -->", lambda m: block, doc, flags=re.S)
open(path, "w").write(doc)
PY
echo "Wrote the page's figures into docs/PERFORMANCE.md"
