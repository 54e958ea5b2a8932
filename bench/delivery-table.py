"""Renders bench/delivery.sh's results (one TSV row per server and scenario, written by Delivery.java) as the tables
between the "delivery" markers of docs/PERFORMANCE.md."""
import re
import sys

results, when, versions, path = sys.argv[1:5]
NAMES = {"go": "Go hub", "payara": "Payara Micro", "wildfly": "WildFly", "tomcat10": "Tomcat 10.1",
         "tomcat11": "Tomcat 11"}
OURS = [s for s in NAMES if s != "go"]
ORDER = ["json-0", "text-0", "json-100", "json-1000", "text-100", "text-1000", "json-100-deflate",
         "text-100-deflate"]
rows = {}
for line in open(results):
    (server, scenario, described, p50, p99, top, timed, expected, delivered, us, cores, own, changes,
     per_change) = line.rstrip("\n").split("\t")
    rows[server, scenario] = dict(server=server, scenario=scenario, described=described, p50=float(p50),
                                  p99=float(p99), max=float(top), timed=int(timed), expected=int(expected),
                                  delivered=int(delivered), us=float(us), cores=float(cores), own=float(own),
                                  changes=int(changes), per_change=float(per_change))


def dialect(scenario):
    return scenario.split("-")[0]


def subscribers(scenario):
    return scenario.split("-")[1]


def alone(r):
    """The same server's "change alone" row of the same dialect."""
    return rows.get((r["server"], dialect(r["scenario"]) + "-0"))


def fanout(r):
    """CPU per delivery once the change's own cost (measured alone) is taken out: what one more subscriber costs."""
    a = alone(r)
    if not a:
        return None
    extra_deliveries = r["delivered"] - r["changes"] * a["delivered"] / a["changes"]
    extra_cpu = (r["per_change"] - a["per_change"]) * r["changes"]
    return extra_cpu / extra_deliveries if extra_deliveries > 0 else None


def peer(r):
    """The Go hub's row for as many subscribers (it speaks text; it declines compression)."""
    return rows.get(("go", "text-" + subscribers(r["scenario"])))


def times(a, b):
    return f"{a / b:.1f}×" if a is not None and b else "–"


out = ["<!-- delivery:start -->", f"_Measured {when} by `bench/delivery.sh`: {versions}._", "",
       "| scenario | server | latency p50 / p99 / max | timed deliveries | server CPU per delivery (× the Go hub's)"
       " | of it, fan-out only (× the Go hub's) | server CPU | load generator CPU |",
       "| --- | --- | --- | --- | --- | --- | --- | --- |"]
for scenario in ORDER:
    for server in NAMES:
        r = rows.get((server, scenario))
        if not r:
            continue
        p = peer(r)
        if scenario.endswith("-0"):
            ratio = "" if server == "go" or not p else f" ({times(r['per_change'], p['per_change'])})"
            out.append(f"| {r['described']} | {NAMES[server]} | – | – | {r['per_change']:,.0f} µs per change{ratio}"
                       f" | – | {r['cores']:.2f} cores | {r['own']:.2f} cores |")
            continue
        missing = r["expected"] - r["timed"]
        f, pf = fanout(r), fanout(p) if p else None
        cpu = f"{r['us']:.1f} µs" + ("" if server == "go" else f" ({times(r['us'], p['us'] if p else None)})")
        part = "–" if f is None else f"{f:.1f} µs" + ("" if server == "go" else f" ({times(f, pf)})")
        out.append(f"| {r['described']} | {NAMES[server]} | {r['p50']:.1f} / {r['p99']:.1f} / {r['max']:.0f} ms "
                   f"| {r['timed']:,}{'' if missing <= 0 else f', **{missing:,} missing**'} | {cpu} | {part} "
                   f"| {r['cores']:.2f} cores | {r['own']:.2f} cores |")


def cell(server, scenario, check):
    r = rows.get((server, scenario))
    if not r:
        return "–"
    p = peer(r)
    text, ok = check(r, p)
    return f"{text} {'yes' if ok else '**no**'}"


targets = [
    ("JSON, 100 subscribers: CPU per delivery ≤ 2× the Go hub's", "json-100",
     lambda r, p: (times(r["us"], p["us"]), r["us"] <= 2 * p["us"])),
    ("JSON, 1,000 subscribers: CPU per delivery ≤ 2× the Go hub's", "json-1000",
     lambda r, p: (times(r["us"], p["us"]), r["us"] <= 2 * p["us"])),
    ("JSON, 1,000 subscribers at 50/s: p99 ≤ 20 ms", "json-1000",
     lambda r, p: (f"{r['p99']:.1f} ms", r["p99"] <= 20)),
    ("text, 100 subscribers: CPU per delivery ≤ 2× the Go hub's", "text-100",
     lambda r, p: (times(r["us"], p["us"]), r["us"] <= 2 * p["us"])),
    ("text, 100 subscribers: p99 no worse than the Go hub's", "text-100",
     lambda r, p: (f"{r['p99']:.1f} vs {p['p99']:.1f} ms", r["p99"] <= p["p99"])),
    ("text, 1,000 subscribers: CPU per delivery ≤ 2× the Go hub's", "text-1000",
     lambda r, p: (times(r["us"], p["us"]), r["us"] <= 2 * p["us"])),
    ("text, 1,000 subscribers: p99 no worse than the Go hub's", "text-1000",
     lambda r, p: (f"{r['p99']:.1f} vs {p['p99']:.1f} ms", r["p99"] <= p["p99"])),
]
out += ["", "| target | " + " | ".join(NAMES[s] for s in OURS) + " |", "| --- |" + " --- |" * len(OURS)]
for title, scenario, check in targets:
    out.append(f"| {title} | " + " | ".join(cell(s, scenario, check) for s in OURS) + " |")
out.append("<!-- delivery:end -->")
block = "\n".join(out)

doc = open(path).read()
if "<!-- delivery:start -->" not in doc:
    raise SystemExit(f"{path} has no delivery markers")
doc = re.sub(r"<!-- delivery:start -->.*?<!-- delivery:end -->", lambda m: block, doc, flags=re.S)
open(path, "w").write(doc)
