#!/usr/bin/env bash
# Reruns every benchmark scenario against this WAR on Payara Micro (embedded H2, and PostgreSQL through JNDI) and
# against the tutorial's Go server, on this machine, and writes docs/PERFORMANCE.md; then bench/delivery.sh measures
# CPU per delivery on every server against a Go hub. Takes about half an hour.
#   bench/run.sh            the full run (the one in docs/PERFORMANCE.md)
#   bench/run.sh --quick    fewer operations and 1,000 idle connections: a smoke test of the benchmark itself
# Needs: Java 17, Maven, Debian's golang-go, golang-github-gorilla-websocket-dev and postgresql (installed when
# missing and run as root). Uses ports 8080 (the seed hard-codes it), 8181, 8182 and 55432.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
ROOT=$PWD
WORK=$ROOT/bench/target
# Versions come from the project's pom, so the benchmark measures what the tests use.
PAYARA_VERSION=$(sed -n 's:.*<payara.version>\(.*\)</payara.version>.*:\1:p' pom.xml)
QUICK=${1:-}
rm -rf "$WORK/data-h2" "$WORK/pg" && mkdir -p "$WORK"

PIDS=()
stop_servers() { # and wait until they are gone, so that their ports are free again
    for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && wait "$pid" 2>/dev/null || true; done
    PIDS=()
}
cleanup() {
    stop_servers
    if [ -d "$WORK/pg/data" ]; then as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m fast -w stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

need=()
command -v go >/dev/null || need+=(golang-go)
[ -d /usr/share/gocode/src/github.com/gorilla/websocket ] || need+=(golang-github-gorilla-websocket-dev)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
install_debian_packages "${need[@]}"

echo "== building the WAR, the benchmark and the seed"
mvn -B -q -ntp -DskipTests package
mvn -B -q -ntp dependency:copy -Dartifact=fish.payara.extras:payara-micro:$PAYARA_VERSION -DoutputDirectory="$WORK"
# The load generators are compiled with the tests (target/test-classes); Bench needs only JSON-P besides: the
# project's own Parsson and API.
mvn -B -q -ntp dependency:build-classpath -DincludeScope=provided -DincludeArtifactIds=parsson,jakarta.json-api \
    -Dmdep.outputFile="$WORK/classpath.txt"
mkdir -p "$WORK/seed" && cp bench/seed/server.go "$WORK/seed/" && cp src/test/resources/seed/websockets.html "$WORK/seed/" 2>/dev/null || true
(cd "$WORK/seed" && GOPATH=/usr/share/gocode GO111MODULE=off GOCACHE="$WORK/gocache" go build -o seed server.go)

echo "== starting PostgreSQL"
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
mkdir -p "$WORK/pg" && chmod 777 "$WORK/pg"
[ "$(id -u)" = 0 ] && chown postgres "$WORK/pg"
as_postgres "$PG_BIN/initdb" -D "$WORK/pg/data" -A trust -U todo --no-sync -E UTF8 >/dev/null
as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/server.log" -w -o \
    "-p 55432 -k $WORK/pg -c listen_addresses=127.0.0.1" start >/dev/null
as_postgres "$PG_BIN/psql" -h 127.0.0.1 -p 55432 -U todo -d postgres -q -c "CREATE DATABASE livetodo"
DRIVER=$(find ~/.m2/repository/org/postgresql/postgresql -name 'postgresql-*.jar' | sort -V | tail -1)
cat > "$WORK/pg-pool.asadmin" <<ASADMIN
create-jdbc-connection-pool --datasourceclassname org.postgresql.ds.PGSimpleDataSource --restype javax.sql.DataSource --property serverName=127.0.0.1:portNumber=55432:databaseName=livetodo:user=todo:password=unused livetodo-pool
create-jdbc-resource --connectionpoolid livetodo-pool jdbc/livetodo
ASADMIN

echo "== starting the servers"
# Limits that would refuse the benchmark's own load are switched off; everything else is the default.
export TODO_RATE_LIMIT=off TODO_MAX_SESSIONS_PER_ADDRESS=off TODO_MAX_SESSIONS_PER_LIST=off
# Lists nobody follows are unloaded after 20 s instead of 10 minutes, so that the lists scenario can show the heap
# going back down within the run.
export TODO_LISTS_IDLE_UNLOAD=20s
JAVA_OPTS="-Xmx2g"
(cd "$WORK/seed" && exec ./seed) > "$WORK/seed.log" 2>&1 & SEED_PID=$!; PIDS+=($SEED_PID)
TODO_DATA_DIR="$WORK/data-h2" java $JAVA_OPTS -jar "$WORK/payara-micro-$PAYARA_VERSION.jar" --deploy target/livetodo.war \
    --contextroot /livetodo --port 8181 --nocluster --disablephonehome > "$WORK/ours-h2.log" 2>&1 & OURS_PID=$!; PIDS+=($OURS_PID)
wait_for http://localhost:8181/livetodo/status "Payara Micro (H2)"
TODO_DATASOURCE=jdbc/livetodo java $JAVA_OPTS -jar "$WORK/payara-micro-$PAYARA_VERSION.jar" --deploy target/livetodo.war \
    --contextroot /livetodo --port 8182 --nocluster --disablephonehome --addlibs "$DRIVER" \
    --postbootcommandfile "$WORK/pg-pool.asadmin" > "$WORK/ours-pg.log" 2>&1 & PG_PID=$!; PIDS+=($PG_PID)
wait_for http://localhost:8182/livetodo/status "Payara Micro (PostgreSQL)"
wait_for http://localhost:8080/ "the seed"

echo "== running the scenarios"
BENCH=(java -Xmx3g -cp "$ROOT/target/test-classes:$(cat "$WORK/classpath.txt")" io.livetodo.bench.Bench
    --ours ws://localhost:8181/livetodo/todo --ours-pg ws://localhost:8182/livetodo/todo
    --seed ws://localhost:8080/todo --ours-pid "$OURS_PID" --ours-pg-pid "$PG_PID" --seed-pid "$SEED_PID"
    --ours-log "$WORK/ours-h2.log" --histogram "$WORK/idle-histogram.txt" --state "$WORK/state.tsv"
    --lists-idle PT20S --out "$WORK/results.md" $QUICK)
rm -f "$WORK/state.tsv"
# The seed's list-size scenario first and alone: the seed keeps one global list, which must start empty.
"${BENCH[@]}" --only seedsize
kill "$SEED_PID"; wait "$SEED_PID" 2>/dev/null || true
(cd "$WORK/seed" && exec ./seed) >> "$WORK/seed.log" 2>&1 & SEED_PID=$!; PIDS+=($SEED_PID)
wait_for http://localhost:8080/ "the seed"
"${BENCH[@]}" --seed-pid "$SEED_PID" --skip seedsize  # the later --seed-pid wins

if [ "$QUICK" = "--quick" ]; then echo "Quick run: results in $WORK/results.md; docs/PERFORMANCE.md left as it is"; exit 0; fi
MACHINE="$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB RAM, $(. /etc/os-release; echo "$PRETTY_NAME"), benchmark and servers on the same machine"
VERSIONS="Java $(java -version 2>&1 | head -1 | cut -d'"' -f2), Payara Micro $PAYARA_VERSION, $(go version | cut -d' ' -f3), PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}')"
python3 - "$WORK/results.md" "$MACHINE" "$VERSIONS" <<'PY'
import sys, datetime
results, machine, versions = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3]
template = open("bench/PERFORMANCE.template.md").read()
out = (template.replace("{{DATE}}", datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"))
       .replace("{{MACHINE}}", machine).replace("{{VERSIONS}}", versions).replace("{{RESULTS}}", results.strip()))
# The figures of page.sh, nodes.sh, delivery.sh and profile.sh, each between its own markers, are kept as they are.
import re
current = open("docs/PERFORMANCE.md").read()
for name in ("page", "nodes", "delivery", "profile"):
    marked = r"<!-- " + name + r":start -->.*?<!-- " + name + r":end -->"
    kept = re.search(marked, current, re.S)
    if kept:
        out = re.sub(marked, lambda m: kept.group(0), out, flags=re.S)
open("docs/PERFORMANCE.md", "w").write(out)
PY
echo "Wrote docs/PERFORMANCE.md"
# CPU per delivery on every server, with pinned cores; it rewrites its own part of docs/PERFORMANCE.md.
stop_servers
bench/delivery.sh
