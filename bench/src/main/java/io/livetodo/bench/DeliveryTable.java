package io.livetodo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders {@code bench/delivery.sh}'s results (one TSV row per server and scenario, as {@link Delivery} writes them)
 * as the tables between the "delivery" markers of {@code docs/PERFORMANCE.md}: every row with its CPU per delivery
 * as a multiple of the Go hub's, then the targets of the issue that asked for them, met or not.
 * <p>
 * The hub is measured first and again last: a run takes half an hour, and this machine's speed can change within
 * it (in one run the hub's CPU per delivery was 15.5 µs where it had been 8.7 µs hours before, while Tomcat's was
 * lower than ever). Each server is compared with the mean of the hub's runs, and the table says how far apart they
 * were, so that a reader can tell a steady run from one whose ratios mean less.
 * <p>
 * Usage: {@code DeliveryTable RESULTS.tsv WHEN VERSIONS DOC.md}.
 */
public final class DeliveryTable {

    /** The servers by the names the scripts give them, with the names the tables give them, in table order. */
    static final Map<String, String> NAMES = new LinkedHashMap<>();

    static {
        NAMES.put("go", "Go hub");
        NAMES.put("payara", "Payara Micro");
        NAMES.put("wildfly", "WildFly");
        NAMES.put("tomcat10", "Tomcat 10.1");
        NAMES.put("tomcat11", "Tomcat 11");
    }

    /** This WAR's servers: all but the Go hub. */
    static final List<String> OURS = List.of("payara", "wildfly", "tomcat10", "tomcat11");
    /** Scenarios in the order of the tables. */
    static final List<String> ORDER = List.of("json-0", "text-0", "json-100", "json-1000", "text-100",
            "text-1000", "json-100-deflate", "text-100-deflate");
    private static final String START = "<!-- delivery:start -->";
    private static final String END = "<!-- delivery:end -->";

    /** One line of the results: the columns {@link Delivery} writes, in its order. */
    record Row(String server, String scenario, String described, double p50, double p99, double max, long timed,
               long expected, long delivered, double us, double cores, double own, long changes,
               double perChange) {

        static Row parse(String line) {
            String[] c = line.split("\t", -1);
            if (c.length != 14) {
                throw new IllegalArgumentException("a results row has 14 columns, this one " + c.length + ": "
                        + line);
            }
            return new Row(c[0], c[1], c[2], Double.parseDouble(c[3]), Double.parseDouble(c[4]),
                    Double.parseDouble(c[5]), Long.parseLong(c[6]), Long.parseLong(c[7]), Long.parseLong(c[8]),
                    Double.parseDouble(c[9]), Double.parseDouble(c[10]), Double.parseDouble(c[11]),
                    Long.parseLong(c[12]), Double.parseDouble(c[13]));
        }

        String dialect() {
            return scenario.split("-")[0];
        }

        String subscribers() {
            return scenario.split("-")[1];
        }
    }

    /** Every run of each server and scenario, in the order measured. */
    private final Map<String, List<Row>> runs = new LinkedHashMap<>();

    DeliveryTable(List<String> lines) {
        for (String line : lines) {
            if (!line.isBlank()) {
                Row row = Row.parse(line);
                runs.computeIfAbsent(row.server() + " " + row.scenario(), key -> new ArrayList<>()).add(row);
            }
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: DeliveryTable RESULTS.tsv WHEN VERSIONS DOC.md");
        }
        DeliveryTable table = new DeliveryTable(Files.readAllLines(Path.of(args[0])));
        Path doc = Path.of(args[3]);
        Files.writeString(doc, table.into(Files.readString(doc), args[1], args[2]));
    }

    /** The document with its "delivery" block replaced by these results' tables. */
    String into(String doc, String when, String versions) {
        Matcher block = Pattern.compile(Pattern.quote(START) + ".*?" + Pattern.quote(END), Pattern.DOTALL)
                .matcher(doc);
        if (!block.find()) {
            throw new IllegalArgumentException("the document has no delivery markers");
        }
        return doc.substring(0, block.start()) + render(when, versions) + doc.substring(block.end());
    }

    String render(String when, String versions) {
        List<String> out = new ArrayList<>(List.of(START,
                "_Measured " + when + " by `bench/delivery.sh`: " + versions + "._", "",
                "| scenario | server | latency p50 / p99 / max | timed deliveries | server CPU per delivery (× the Go"
                        + " hub's) | of it, fan-out only (× the Go hub's) | server CPU | load generator CPU |",
                "| --- | --- | --- | --- | --- | --- | --- | --- |"));
        for (String scenario : ORDER) {
            for (String server : NAMES.keySet()) {
                List<Row> measured = runs.getOrDefault(server + " " + scenario, List.of());
                for (int i = 0; i < measured.size(); i++) {
                    String name = NAMES.get(server) + (measured.size() == 1 ? ""
                            : i == 0 ? ", first" : i == measured.size() - 1 ? ", last" : ", run " + (i + 1));
                    out.add(line(measured.get(i), name));
                }
            }
        }
        out.add("");
        String drift = drift();
        if (!drift.isEmpty()) {
            out.add(drift);
            out.add("");
        }
        StringBuilder header = new StringBuilder("| target |");
        StringBuilder rule = new StringBuilder("| --- |");
        for (String server : OURS) {
            header.append(' ').append(NAMES.get(server)).append(" |");
            rule.append(" --- |");
        }
        out.add(header.toString());
        out.add(rule.toString());
        target(out, "JSON, 100 subscribers: CPU per delivery ≤ 2× the Go hub's", "json-100", DeliveryTable::cpu);
        target(out, "JSON, 1,000 subscribers: CPU per delivery ≤ 2× the Go hub's", "json-1000", DeliveryTable::cpu);
        target(out, "JSON, 1,000 subscribers at 50/s: p99 ≤ 20 ms", "json-1000",
                (r, p) -> new Verdict(format("%.1f ms", r.p99()), r.p99() <= 20));
        target(out, "text, 100 subscribers: CPU per delivery ≤ 2× the Go hub's", "text-100", DeliveryTable::cpu);
        target(out, "text, 100 subscribers: p99 no worse than the Go hub's", "text-100", DeliveryTable::p99);
        target(out, "text, 1,000 subscribers: CPU per delivery ≤ 2× the Go hub's", "text-1000", DeliveryTable::cpu);
        target(out, "text, 1,000 subscribers: p99 no worse than the Go hub's", "text-1000", DeliveryTable::p99);
        out.add(END);
        return String.join("\n", out);
    }

    private String line(Row r, String name) {
        Row p = peer(r);
        boolean go = r.server().equals("go");
        if (r.scenario().endsWith("-0")) {
            String ratio = go || p == null ? "" : " (" + times(r.perChange(), p.perChange()) + ")";
            return "| " + r.described() + " | " + name + " | – | – | "
                    + format("%,.0f", r.perChange()) + " µs per change" + ratio + " | – | "
                    + format("%.2f", r.cores()) + " cores | " + format("%.2f", r.own()) + " cores |";
        }
        long missing = r.expected() - r.timed();
        Double f = fanout(r);
        Double pf = p == null ? null : fanout(p);
        String cpu = format("%.1f µs", r.us()) + (go ? "" : " (" + times(r.us(), p == null ? null : p.us()) + ")");
        String part = f == null ? "–" : format("%.1f µs", f) + (go ? "" : " (" + times(f, pf) + ")");
        return "| " + r.described() + " | " + name + " | "
                + format("%.1f / %.1f / %.0f ms", r.p50(), r.p99(), r.max()) + " | " + format("%,d", r.timed())
                + (missing <= 0 ? "" : format(", **%,d missing**", missing)) + " | " + cpu + " | " + part + " | "
                + format("%.2f", r.cores()) + " cores | " + format("%.2f", r.own()) + " cores |";
    }

    private record Verdict(String text, boolean met) {
    }

    private void target(List<String> out, String title, String scenario, BiFunction<Row, Row, Verdict> check) {
        StringBuilder line = new StringBuilder("| " + title + " |");
        for (String server : OURS) {
            Row r = row(server, scenario);
            Row p = r == null ? null : peer(r);
            if (r == null || p == null) {
                line.append(" – |");
            } else {
                Verdict verdict = check.apply(r, p);
                line.append(' ').append(verdict.text()).append(verdict.met() ? " yes" : " **no**").append(" |");
            }
        }
        out.add(line.toString());
    }

    private static Verdict cpu(Row r, Row p) {
        return new Verdict(times(r.us(), p.us()), r.us() <= 2 * p.us());
    }

    private static Verdict p99(Row r, Row p) {
        return new Verdict(format("%.1f vs %.1f ms", r.p99(), p.p99()), r.p99() <= p.p99());
    }

    /** The server's run of the scenario; for several runs (the hub's), one row of their means and sums. */
    private Row row(String server, String scenario) {
        List<Row> measured = runs.get(server + " " + scenario);
        if (measured == null) {
            return null;
        }
        if (measured.size() == 1) {
            return measured.get(0);
        }
        Row first = measured.get(0);
        return new Row(server, scenario, first.described(), mean(measured, Row::p50), mean(measured, Row::p99),
                mean(measured, Row::max), sum(measured, Row::timed), sum(measured, Row::expected),
                sum(measured, Row::delivered), mean(measured, Row::us), mean(measured, Row::cores),
                mean(measured, Row::own), sum(measured, Row::changes), mean(measured, Row::perChange));
    }

    /**
     * How far apart the hub's first and last runs were, scenario by scenario, in CPU per delivery (per change for a
     * change alone), with a warning when a fan-out scenario's differ by more than a fifth; empty when it ran once.
     */
    private String drift() {
        List<String> parts = new ArrayList<>();
        double worst = 0;
        for (String scenario : ORDER) {
            List<Row> measured = runs.getOrDefault("go " + scenario, List.of());
            if (measured.size() < 2) {
                continue;
            }
            boolean alone = scenario.endsWith("-0");
            Row firstRun = measured.get(0);
            Row lastRun = measured.get(measured.size() - 1);
            double first = alone ? firstRun.perChange() : firstRun.us();
            double last = alone ? lastRun.perChange() : lastRun.us();
            if (!alone) {
                // A change alone costs the hub a few clock ticks of CPU in all, too few to compare.
                worst = Math.max(worst, Math.max(first, last) / Math.min(first, last));
            }
            parts.add(format(alone ? "%s %,.0f and %,.0f µs per change" : "%s %.1f and %.1f µs per delivery",
                    scenario, first, last));
        }
        if (parts.isEmpty()) {
            return "";
        }
        return "The Go hub was measured first and again last; each server is compared with the mean of the two. First"
                + " and last: " + String.join("; ", parts) + "." + (worst > 1.2
                ? " **They differ by " + format("%.0f%%", (worst - 1) * 100) + ": this machine's speed changed"
                + " during the run, and the ratios above are less certain than usual.**" : "");
    }

    private static double mean(List<Row> rows, java.util.function.ToDoubleFunction<Row> field) {
        return rows.stream().mapToDouble(field).average().orElse(Double.NaN);
    }

    private static long sum(List<Row> rows, java.util.function.ToLongFunction<Row> field) {
        return rows.stream().mapToLong(field).sum();
    }

    /** The Go hub's row for as many subscribers (it speaks text; it declines compression). */
    private Row peer(Row r) {
        return row("go", "text-" + r.subscribers());
    }

    /**
     * CPU per delivery once the change's own cost (measured alone, same server and dialect) is taken out: what one
     * more subscriber costs; null without that row.
     */
    private Double fanout(Row r) {
        // A run's own change-alone run, when the server ran each scenario as often; else the mean of them.
        List<Row> alones = runs.get(r.server() + " " + r.dialect() + "-0");
        List<Row> mine = runs.getOrDefault(r.server() + " " + r.scenario(), List.of());
        int index = mine.indexOf(r);
        Row alone = alones != null && index >= 0 && alones.size() == mine.size() ? alones.get(index)
                : row(r.server(), r.dialect() + "-0");
        if (alone == null) {
            return null;
        }
        double extraDeliveries = r.delivered() - r.changes() * (double) alone.delivered() / alone.changes();
        double extraCpu = (r.perChange() - alone.perChange()) * r.changes();
        return extraDeliveries > 0 ? extraCpu / extraDeliveries : null;
    }

    private static String times(Double a, Double b) {
        return a != null && b != null && b != 0 ? format("%.1f×", a / b) : "–";
    }

    private static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }
}
