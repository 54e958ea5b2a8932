"""Sums bench/profile.sh's profiles (collapsed stacks, one per server and scenario) by whose code each CPU sample was
spent in, and renders them as a table: printed, and written between the "profile" markers of docs/PERFORMANCE.md
when a path is given.

A sample belongs to the innermost frame on its stack that is not the JDK's, libc's or the JVM's own: a HashMap
lookup made by H2 is H2's, a socket write made by Tomcat is Tomcat's. Samples with no such frame are the JVM's
(its JIT compilers and garbage collector) or plain JDK threads'. "System calls" counts the samples whose innermost
frame is a libc wrapper of one (write, read, futex, ...): the kernel's time, under whoever made the call. The
profiles name each sample's thread (async-profiler's "threads" option), so that a thread of ours waiting for work
in a JDK pool (livetodo-*) is charged to us."""
import collections
import os
import re
import sys

directory, when = sys.argv[1:3]
path = sys.argv[3] if len(sys.argv) > 3 else None
NAMES = {"payara": "Payara Micro", "wildfly": "WildFly", "tomcat10": "Tomcat 10.1", "tomcat11": "Tomcat 11"}
ORDER = ["json-0", "text-0", "json-100", "json-1000", "text-100", "text-1000", "json-100-deflate",
         "text-100-deflate"]
OWNERS = [("io/livetodo/", "ours"), ("org/h2/", "H2"), ("org/postgresql/", "PostgreSQL driver"),
          ("org/jboss/weld/", "Weld"), ("org/eclipse/parsson/", "JSON-P"), ("org/glassfish/json/", "JSON-P"),
          ("jakarta/json/", "JSON-P")]
COLUMNS = ["ours", "H2", "Weld", "JSON-P", "container", "JVM: JIT compiler", "JVM: GC, safepoints", "JDK, other"]
JDK = re.compile(r"^(java|javax|jdk|sun|com/sun/proxy)/")
SYSCALL = re.compile(r"^(__GI_|__libc_|___?pthread_cond|__futex|__lll_|__pwrite|__pread|__fstatat|__close|__open|"
                     r"epoll_|__send|__recv|__poll|write$|read$|writev$|readv$|syscall$|__sched_yield|clock_nanosleep)")


def owner(frames):
    thread = frames[0] if frames[0].startswith("[") else ""
    for frame in reversed(frames[1:] if thread else frames):
        if "/" not in frame or JDK.match(frame):
            continue  # native (JVM, libc) or JDK: charged to whoever called it
        for prefix, name in OWNERS:
            if frame.startswith(prefix):
                return name
        return "container"
    if thread.startswith("[livetodo-"):
        return "ours"
    stack = ";".join(frames)
    if "CompileBroker" in stack:
        return "JVM: JIT compiler"
    if re.search(r"G1|GC|ConcurrentMark|WorkerThread::run|GangWorker|VMThread|DefNew|SafepointSynchronize", stack):
        return "JVM: GC, safepoints"
    return "JDK, other"


rows = {}
results = os.path.join(directory, "results.tsv")
for line in open(results):
    fields = line.rstrip("\n").split("\t")
    rows[fields[0], fields[1]] = dict(us=float(fields[9]), per_change=float(fields[13]))

table = []
for server in NAMES:
    for scenario in ORDER:
        profile = os.path.join(directory, f"{server}-{scenario}.collapsed")
        if not os.path.exists(profile) or (server, scenario) not in rows:
            continue
        shares, syscalls, total = collections.Counter(), 0, 0
        for line in open(profile):
            stack, count = line.rstrip("\n").rsplit(" ", 1)
            frames, count = stack.split(";"), int(count)
            shares[owner(frames)] += count
            syscalls += count if SYSCALL.match(frames[-1]) else 0
            total += count
        result = rows[server, scenario]
        cost = (f"{result['per_change']:,.0f} µs per change" if scenario.endswith("-0")
                else f"{result['us']:.1f} µs per delivery")
        cells = [f"{100 * shares[c] / total:.0f}%" for c in COLUMNS]
        table.append(f"| {scenario} | {NAMES[server]} | {cost} | {total:,} | " + " | ".join(cells)
                     + f" | {100 * syscalls / total:.0f}% |")

out = [f"_Profiled {when} by `bench/profile.sh`: share of the server's CPU samples (each thread's CPU time,"
       " kernel included, sampled every few milliseconds) in the measured period, by whose code they were spent in._", "",
       "| scenario | server | server CPU (profiled run) | samples | " + " | ".join(COLUMNS) + " | of all: in system calls |",
       "| --- " * (len(COLUMNS) + 5) + "|"] + table
text = "\n".join(out)
print(text)
if path:
    doc = open(path).read()
    start, end = "<!-- profile:start -->", "<!-- profile:end -->"
    if start not in doc:
        sys.exit(f"{path} has no {start} marker")
    before, rest = doc.split(start, 1)
    after = rest.split(end, 1)[1]
    open(path, "w").write(before + start + "\n" + text + "\n" + end + after)
