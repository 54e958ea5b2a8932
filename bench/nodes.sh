#!/usr/bin/env bash
# Several nodes that feel like one (bench/nodes/CrossNode.java): three Payara Micro nodes with this WAR on one
# PostgreSQL, each with the README's pool recipe, measured twice in one run: woken by PostgreSQL notifications (the
# default) and reading every 100 ms (todo.sync.notify=false). For each: how long a change takes to reach 20
# subscribers on the node that made it and 40 on the other two, the database's transactions per second while every
# node holds 1,000 lists and nothing changes, and the changes per second 200 writers get stored. The nodes and
# PostgreSQL run on core 0, the load generator on core 1; CPU per delivery and per change is the nodes' and
# PostgreSQL's together. Writes its table into docs/PERFORMANCE.md between the "nodes" markers. About ten minutes.
# NODES_MODES=notified (or polling) measures one mode and only prints its rows, leaving the docs alone;
# NODE_JAVA_OPTS is added to each node's java command (e.g. a JFR recording, to profile one).
# Needs: Java 17, Maven, Debian's postgresql (installed when missing, run as root). Uses ports 8191-8193 and 55433.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=$PWD/bench/target/nodes
PAYARA_VERSION=$(sed -n 's:.*<payara.version>\(.*\)</payara.version>.*:\1:p' pom.xml)
rm -rf "$WORK" && mkdir -p "$WORK"
PIDS=()
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
stop_nodes() { for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && wait "$pid" 2>/dev/null || true; done; PIDS=(); }
cleanup() { stop_nodes; [ -d "$WORK/pg/data" ] && as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m fast -w stop \
    >/dev/null 2>&1 || true; }
trap cleanup EXIT
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    [ "$(id -u)" = 0 ] || { echo "Install Debian's postgresql first" >&2; exit 1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
fi

echo "== building the WAR and the load generator"
mvn -B -q -ntp -DskipTests package
mvn -B -q -ntp dependency:copy -Dartifact=fish.payara.extras:payara-micro:$PAYARA_VERSION -DoutputDirectory="$WORK"
mvn -B -q -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath.txt"
DRIVER=$(tr ':' '\n' < "$WORK/classpath.txt" | grep '/postgresql-[0-9.]*\.jar$' | head -1)

echo "== starting PostgreSQL on core 0"
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
mkdir -p "$WORK/pg" && chmod 777 "$WORK/pg"
[ "$(id -u)" = 0 ] && chown postgres "$WORK/pg"
as_postgres "$PG_BIN/initdb" -D "$WORK/pg/data" -A trust -U todo --no-sync -E UTF8 >/dev/null
as_postgres taskset -c 0 "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/server.log" -w -o \
    "-p 55433 -k $WORK/pg -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_preload_libraries=pg_stat_statements" start >/dev/null
PG_PID=$(head -1 "$WORK/pg/data/postmaster.pid")
# The README's recipe: a validating pool (README, "Another database").
cat > "$WORK/pool.asadmin" <<ASADMIN
create-jdbc-connection-pool --datasourceclassname org.postgresql.ds.PGSimpleDataSource --restype javax.sql.DataSource --isconnectvalidatereq=true --validationmethod=custom-validation --validationclassname=org.glassfish.api.jdbc.validation.PostgresConnectionValidation --failconnection=true --property serverName=127.0.0.1:portNumber=55433:databaseName=DB:user=todo:password=unused livetodo-pool
create-jdbc-resource --connectionpoolid livetodo-pool jdbc/livetodo
ASADMIN

# Limits that would refuse the benchmark's own load are switched off; everything else is the default.
export TODO_RATE_LIMIT=off TODO_MAX_SESSIONS_PER_ADDRESS=off TODO_MAX_SESSIONS_PER_LIST=off TODO_DATASOURCE=jdbc/livetodo
run_mode() { # name, todo.sync.notify, database
    as_postgres "$PG_BIN/psql" -h 127.0.0.1 -p 55433 -U todo -d postgres -q -c "CREATE DATABASE $3"
    sed "s/databaseName=DB/databaseName=$3/" "$WORK/pool.asadmin" > "$WORK/pool-$3.asadmin"
    local urls=() pids=()
    for port in 8191 8192 8193; do
        TODO_SYNC_NOTIFY=$2 taskset -c 0 java -Xmx1g ${NODE_JAVA_OPTS:-} -jar "$WORK/payara-micro-$PAYARA_VERSION.jar" \
            --deploy target/livetodo.war --contextroot /livetodo --port $port --nocluster --disablephonehome \
            --addlibs "$DRIVER" --postbootcommandfile "$WORK/pool-$3.asadmin" > "$WORK/node-$3-$port.log" 2>&1 &
        PIDS+=($!); pids+=($!); urls+=("ws://localhost:$port/livetodo/todo")
    done
    for port in 8191 8192 8193; do
        for _ in $(seq 1 480); do
            [ "$(curl -s -o /dev/null -w '%{http_code}' http://localhost:$port/livetodo/health/ready || true)" = 200 ] && break
            sleep 0.5
        done
    done
    echo "== measuring: $1"
    taskset -c 1 java -Xmx2g -cp "$PWD/target/test-classes:$(cat "$WORK/classpath.txt")" io.livetodo.bench.CrossNode \
        --mode "$1" --nodes "$(IFS=,; echo "${urls[*]}")" --pids "$(IFS=,; echo "${pids[*]}")" \
        --postgres "$PG_PID" --jdbc "jdbc:postgresql://127.0.0.1:55433/$3?user=todo" | tee -a "$WORK/rows.md"
    stop_nodes
}
for mode in ${NODES_MODES:-polling notified}; do
    case $mode in
        polling) run_mode "polling every 100 ms (\`todo.sync.notify=false\`)" false polling ;;
        notified) run_mode "woken by \`LISTEN/NOTIFY\` (default)" true notified ;;
        *) echo "NODES_MODES: polling and/or notified, not $mode" >&2; exit 2 ;;
    esac
done
[ -z "${NODES_MODES:-}" ] || exit 0 # one mode's rows would replace both in the docs

python3 - "$WORK/rows.md" "$(date -u '+%Y-%m-%d %H:%M UTC')" <<'PY'
import re, sys
lines = open(sys.argv[1]).read().strip().splitlines()
scenarios = list(dict.fromkeys(r.split("|")[1] for r in lines))  # in the order they were measured
rows = sorted(lines, key=lambda r: scenarios.index(r.split("|")[1]))  # stable: polling, then notified
path = "docs/PERFORMANCE.md"
doc = open(path).read()
block = ("<!-- nodes:start -->\n_Measured " + sys.argv[2] + " by `bench/nodes.sh`._\n\n"
         + "| scenario | nodes follow each other | result |\n| --- | --- | --- |\n" + "\n".join(rows)
         + "\n<!-- nodes:end -->")
if "<!-- nodes:start -->" not in doc:
    doc += "\n## Several nodes\n\n" + block + "\n"
else:
    doc = re.sub(r"<!-- nodes:start -->.*?<!-- nodes:end -->", lambda m: block, doc, flags=re.S)
open(path, "w").write(doc)
PY
echo "Wrote the nodes' figures into docs/PERFORMANCE.md"
