#!/usr/bin/env bash
# Whose code a delivery's CPU is spent in, on every server this WAR runs on: bench/delivery.sh's scenarios, with
# async-profiler (from Maven Central) sampling the server's CPU time during each measured period
# (bench/profile-hook.sh), each profile then summed by the owner of the code (io.livetodo.bench.ProfileTable):
# ours, H2, Weld, JSON-P, the container, the JVM. About 20 minutes.
#   bench/profile.sh                 Payara Micro, WildFly, Tomcat 10.1 and 11; writes the table into
#                                    docs/PERFORMANCE.md between the "profile" markers
#   bench/profile.sh tomcat10        only these servers; the table is printed, docs/PERFORMANCE.md is left alone
# PROFILE_SCENARIOS=json-0,text-100 picks the scenarios (Delivery's names). The profiles, as collapsed stacks for
# any flame graph tool, stay in bench/target/profile. The Go hub is not profiled (async-profiler is for JVMs).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/bench/target/profile
PROFILER_VERSION=4.1
SERVERS=("$@")
[ ${#SERVERS[@]} -gt 0 ] || SERVERS=(payara wildfly tomcat10 tomcat11)
case $(uname -m) in
x86_64) platform=linux-x64 ;;
aarch64) platform=linux-arm64 ;;
*) echo "async-profiler has no library for $(uname -m)" >&2; exit 1 ;;
esac
rm -rf "$OUT" && mkdir -p "$OUT"
mvn -B -q -ntp dependency:copy -Dartifact=tools.profiler:async-profiler:$PROFILER_VERSION -DoutputDirectory="$OUT"
unzip -q -j "$OUT/async-profiler-$PROFILER_VERSION.jar" "$platform/libasyncProfiler.so" -d "$OUT"

export PROFILER_LIB=$OUT/libasyncProfiler.so PROFILE_DIR=$OUT
# The CPU-time timers fire at most once per kernel tick (4 ms at 250 Hz). Changes at fixed 10 ms intervals would meet
# the ticks at the same few points of their handling, cycle after cycle, and each run would show other points
# (with the same code, H2 had 1% of one run's samples and 71% of another's): here changes come at random intervals,
# at the same mean rate.
# Measured for 40 s instead of 20: a change alone keeps the server's core about a tenth busy.
DELIVERY_SCENARIOS=${PROFILE_SCENARIOS:-json-0,json-100,text-100} DELIVERY_SECONDS=40 DELIVERY_ARRIVALS=poisson \
    DELIVERY_AROUND_MEASURE=$ROOT/bench/profile-hook.sh \
    bench/delivery.sh "${SERVERS[@]}"
cp bench/target/delivery/results.tsv "$OUT/"

when="$(date -u '+%Y-%m-%d %H:%M UTC'), async-profiler $PROFILER_VERSION, Java $(java -version 2>&1 | head -1 | cut -d'"' -f2)"
if [ $# -eq 0 ]; then
    java -cp "$ROOT/target/test-classes" io.livetodo.bench.ProfileTable "$OUT" "$when" docs/PERFORMANCE.md
    echo "Wrote the profile table into docs/PERFORMANCE.md; the profiles are in $OUT"
else
    java -cp "$ROOT/target/test-classes" io.livetodo.bench.ProfileTable "$OUT" "$when"
    echo "The profiles are in $OUT; docs/PERFORMANCE.md left as it is"
fi
