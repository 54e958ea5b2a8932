#!/usr/bin/env bash
# Server CPU per delivered message, on every server this WAR supports and on a Go hub measured in the same run
# (bench/hub/hub.go, gorilla/websocket): the fan-out scenarios of bench/src/main/java/io/livetodo/bench/Delivery.java
# against Payara Micro (the default server), WildFly, Tomcat 10.1 and Tomcat 11 in turn. Each server runs alone,
# pinned to core 0, with the embedded database in a fresh folder; the load generator is pinned to core 1. A minute
# of load warms up each server as a whole (changes alone at 500/s first, so that even a change's path is compiled,
# then fan-out), then every scenario warms up on its own list before it is measured.
# Writes its table into docs/PERFORMANCE.md between the "delivery" markers. About 20 minutes.
#   bench/delivery.sh                        everything
#   bench/delivery.sh payara go              only these servers (payara, wildfly, tomcat10, tomcat11, go), into
#                                            bench/target/delivery/results.tsv; docs/PERFORMANCE.md is left alone
# DELIVERY_SCENARIOS=json-0,text-100 picks scenarios, DELIVERY_SECONDS how long each is measured (20 unless told),
# DELIVERY_ARRIVALS=poisson makes changes come at random intervals instead of fixed ones (same mean rate).
# DELIVERY_AROUND_MEASURE=COMMAND runs COMMAND start|stop SCENARIO
# around each measured period, with DELIVERY_SERVER and DELIVERY_SERVER_PID set (bench/profile.sh uses it).
# Needs: Java 17, Maven, Debian's golang-go and golang-github-gorilla-websocket-dev (installed when missing, as root).
# Uses ports 8190 (the Go hub), 8181 and 10091 (WildFly's management).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
ROOT=$PWD
WORK=$ROOT/bench/target/delivery
SERVER_CORE=0
LOAD_CORE=1
SERVERS=("$@")
# The hub first and again last: the run takes half an hour, and the machine's speed can change within it (the
# table says how far apart the two were, and compares every server with their mean).
[ ${#SERVERS[@]} -gt 0 ] || SERVERS=(go payara wildfly tomcat10 tomcat11 go)
prop() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" pom.xml | head -1; }
PAYARA_VERSION=$(prop payara.version)
WILDFLY_VERSION=$(prop wildfly.version)
TOMCAT10_VERSION=$(prop tomcat.version)
TOMCAT11_VERSION=$(prop tomcat11.version)
rm -rf "$WORK" && mkdir -p "$WORK"

SERVER_PID=
stop_server() {
    if [ -n "$SERVER_PID" ]; then
        kill -- "-$SERVER_PID" 2>/dev/null || kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=
    fi
}
trap stop_server EXIT

need=()
command -v go >/dev/null || need+=(golang-go)
[ -d /usr/share/gocode/src/github.com/gorilla/websocket ] || need+=(golang-github-gorilla-websocket-dev)
install_debian_packages "${need[@]}"

echo "== building the WARs, the servers, the Go hub and the load generator"
mvn -B -q -ntp -DskipTests package wildfly:provision@provision-wildfly dependency:unpack@unpack-tomcat
mvn -B -q -ntp dependency:copy -Dartifact=fish.payara.extras:payara-micro:$PAYARA_VERSION -DoutputDirectory="$WORK"
# The load generator is compiled (and smoke-tested) with the tests: target/test-classes.
mkdir -p "$WORK/hub"
cp bench/hub/hub.go "$WORK/hub/"
(cd "$WORK/hub" && GOPATH=/usr/share/gocode GO111MODULE=off GOCACHE="$WORK/gocache" go build -o hub hub.go)

# Limits that would refuse the benchmark's own load (one address, a thousand connections) are off; the rest is the
# default. Every server gets the same heap.
export TODO_RATE_LIMIT=off TODO_MAX_SESSIONS_PER_ADDRESS=off TODO_MAX_SESSIONS_PER_LIST=off
HEAP=-Xmx2g

start_server() { # name; sets SERVER_PID (the server's own JVM or process, in a process group of its own) and URL
    export TODO_DATA_DIR="$WORK/data-$1"
    case $1 in
    go)
        setsid taskset -c $SERVER_CORE "$WORK/hub/hub" -addr 127.0.0.1:8190 > "$WORK/go.log" 2>&1 &
        SERVER_PID=$!; URL=ws://127.0.0.1:8190/todo
        for _ in $(seq 1 100); do curl -s -o /dev/null http://127.0.0.1:8190/ && break; sleep 0.1; done ;;
    payara)
        setsid taskset -c $SERVER_CORE java $HEAP -jar "$WORK/payara-micro-$PAYARA_VERSION.jar" \
            --deploy target/livetodo.war --contextroot /livetodo --port 8181 --nocluster --disablephonehome \
            > "$WORK/payara.log" 2>&1 &
        SERVER_PID=$! ;;
    wildfly)
        local base=$WORK/wildfly-base
        cp -r target/servers/wildfly/standalone "$base"
        cp target/livetodo.war "$base/deployments/"
        JAVA_OPTS="$HEAP -Djava.net.preferIPv4Stack=true" setsid taskset -c $SERVER_CORE \
            target/servers/wildfly/bin/standalone.sh -Djboss.server.base.dir="$base" \
            -Djboss.socket.binding.port-offset=101 > "$WORK/wildfly.log" 2>&1 &
        SERVER_PID=$! ;;
    tomcat10|tomcat11)
        local version=$TOMCAT10_VERSION base=$WORK/$1-base
        [ "$1" = tomcat11 ] && version=$TOMCAT11_VERSION
        local home=$ROOT/target/servers/apache-tomcat-$version
        mkdir -p "$base"/{logs,temp,webapps,work}
        cp -r "$home/conf" "$base/"
        # Whatever ports the conf holds (the build moves Tomcat's to its test ports when the tests run).
        sed -i 's/<Connector port="[0-9]*" protocol="HTTP\/1.1"/<Connector port="8181" protocol="HTTP\/1.1"/;
                s/<Server port="[0-9-]*"/<Server port="-1"/' "$base/conf/server.xml"
        cp target/livetodo-tomcat.war "$base/webapps/livetodo.war"
        CATALINA_BASE=$base CATALINA_OPTS="$HEAP" setsid taskset -c $SERVER_CORE "$home/bin/catalina.sh" run \
            > "$WORK/$1.log" 2>&1 &
        SERVER_PID=$! ;;
    esac
    [ "$1" = go ] || { wait_for http://127.0.0.1:8181/livetodo/status "$1" 480; URL=ws://127.0.0.1:8181/livetodo/todo; }
}

# The process whose CPU is counted: the JVM (standalone.sh starts WildFly's as its child), or the hub.
measured_pid() {
    local child
    child=$(pgrep -P "$SERVER_PID" java || true)
    echo "${child:-$SERVER_PID}"
}

for server in "${SERVERS[@]}"; do
    echo "== $server"
    start_server "$server"
    # The deflate scenarios offer permessage-deflate as browsers do; the Go hub, like gorilla's default, declines it.
    scenarios=${DELIVERY_SCENARIOS:-json-0,text-0,json-100,json-1000,text-100,text-1000,json-100-deflate,text-100-deflate}
    [ "$server" = go ] && scenarios=${DELIVERY_SCENARIOS:-text-0,text-100,text-1000}
    pid=$(measured_pid)
    DELIVERY_SERVER=$server DELIVERY_SERVER_PID=$pid taskset -c $LOAD_CORE java -Xmx1g \
        -cp "$ROOT/target/test-classes" io.livetodo.bench.Delivery --url "$URL" --pid "$pid" --server "$server" \
        --scenarios "$scenarios" --seconds "${DELIVERY_SECONDS:-20}" --arrivals "${DELIVERY_ARRIVALS:-fixed}" \
        --out "$WORK/results.tsv" \
        ${DELIVERY_AROUND_MEASURE:+--around-measure "$DELIVERY_AROUND_MEASURE"}
    stop_server
done

[ $# -eq 0 ] || { echo "Results in $WORK/results.tsv; docs/PERFORMANCE.md left as it is"; exit 0; }
VERSIONS="Payara Micro $PAYARA_VERSION, WildFly $WILDFLY_VERSION, Tomcat $TOMCAT10_VERSION and $TOMCAT11_VERSION, $(go version | cut -d' ' -f3) with gorilla/websocket $(dpkg-query -W -f '${Version}' golang-github-gorilla-websocket-dev 2>/dev/null || echo '?'), Java $(java -version 2>&1 | head -1 | cut -d'"' -f2)"
java -cp "$ROOT/target/test-classes" io.livetodo.bench.DeliveryTable "$WORK/results.tsv" "$(date -u '+%Y-%m-%d %H:%M UTC')" "$VERSIONS" docs/PERFORMANCE.md
echo "Wrote the delivery figures into docs/PERFORMANCE.md"
