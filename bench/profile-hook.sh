#!/usr/bin/env bash
# Run by the load generator around each measured period when bench/profile.sh runs it (start|stop SCENARIO):
# starts async-profiler in the server's JVM, then stops it and writes the profile as collapsed stacks.
# Each thread's own CPU time (event=ctimer: a CPU-time timer per thread, so time in the kernel counts too, under the
# frame that made the system call); each stack starts with its thread's name (threads). Not itimer, one timer for
# the whole process, which lost samples when the process was busy.
set -euo pipefail
agent() { # OPTIONS: quoted, or jcmd would read each key=value as an argument of its own
    local said
    said=$(jcmd "$DELIVERY_SERVER_PID" JVMTI.agent_load "$PROFILER_LIB" "\"$1\"")
    grep -q "return code: 0" <<< "$said" || { echo "async-profiler: $said" >&2; exit 1; }
}
case $1 in
start) agent "start,event=ctimer,interval=1ms,threads" ;;
stop)  agent "stop,file=$PROFILE_DIR/$DELIVERY_SERVER-$2.collapsed,collapsed" ;;
*)     echo "usage: $0 start|stop SCENARIO" >&2; exit 2 ;;
esac
