package io.livetodo.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load benchmark (issue "Measured speed"). Runs every scenario against our WAR (on H2 and, if given, on
 * PostgreSQL) and the text-protocol scenarios against the tutorial's Go server, prints one line per scenario and
 * writes the results and the targets as Markdown. Run it through {@code bench/run.sh}, which starts the servers.
 * <p>
 * Arguments: {@code --ours URL --seed URL [--ours-pg URL] [--ours-pid PID] [--seed-pid PID] [--out FILE]
 * [--quick]}; the URLs are WebSocket endpoints, e.g. {@code ws://localhost:8181/livetodo/todo}.
 */
public final class Bench {

    private static final String JSON = "todo.v1+json";

    private final Map<String, String> args;
    private final boolean quick;
    private final String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    private final List<String[]> rows = new ArrayList<>();
    private final Map<String, Double> figures = new LinkedHashMap<>();

    private Bench(Map<String, String> args) {
        this.args = args;
        this.quick = args.containsKey("quick");
    }

    public static void main(String[] argv) throws Exception {
        run(argv);
        System.exit(0); // the JDK client's threads are not daemons
    }

    /** Everything {@code main} does but leaving the JVM. */
    static void run(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String key = argv[i].replaceFirst("^--", "");
            boolean flag = i + 1 >= argv.length || argv[i + 1].startsWith("--");
            args.put(key, flag ? "" : argv[++i]);
        }
        new Bench(args).runAll();
    }

    /**
     * {@code --only a,b}: just those scenarios (roundtrip, listsize, seedsize, fanout, slow, idle); {@code --skip a,b}:
     * all but those.
     */
    private boolean selected(String scenario) {
        String only = args.get("only");
        String skip = args.getOrDefault("skip", "");
        return (only == null || java.util.Arrays.asList(only.split(",")).contains(scenario))
                && !java.util.Arrays.asList(skip.split(",")).contains(scenario);
    }

    private void runAll() throws Exception {
        load();
        if ("seedsize".equals(args.get("only"))) {
            listSize("seed (text)", URI.create(args.get("seed")), quick ? new int[] {0, 1000} : new int[] {0, 1000, 5000},
                    false, false);
            save();
            return;
        }
        URI ours = URI.create(args.get("ours"));
        warmUp(ours);
        if (args.containsKey("ours-pg")) {
            warmUp(URI.create(args.get("ours-pg")));
        }
        URI seed = args.containsKey("seed") ? URI.create(args.get("seed")) : null;
        URI oursPg = args.containsKey("ours-pg") ? URI.create(args.get("ours-pg")) : null;
        int ops = quick ? 100 : 500;

        if (selected("roundtrip")) {
            roundTripText("ours (text)", ours, 8, ops, true);
            if (seed != null) {
                roundTripText("seed (text)", seed, 8, ops, false);
            }
            roundTripJson("ours (JSON, H2)", ours, 8, ops);
            if (oursPg != null) {
                roundTripJson("ours (JSON, PostgreSQL)", oursPg, 8, ops);
            }
        }
        int[] sizes = {0, 1000, 5000};
        if (selected("listsize")) {
            listSize("ours (JSON)", ours, sizes, true, true);
            listSize("ours (text)", ours, sizes, false, true);
        }
        if (selected("fanout")) {
            fanOut("ours (JSON, H2)", ours, 100, 100, Extra.NONE);
            fanOut("ours (JSON, H2)", ours, 1000, 50, Extra.NONE);
            if (oursPg != null) {
                fanOut("ours (JSON, PostgreSQL)", oursPg, 100, 100, Extra.NONE);
            }
        }
        if (selected("slow")) {
            // The 100-subscriber fan-out again, plus a client that stops reading (compared with the plain run).
            fanOut("ours (JSON, H2)", ours, 100, 100, Extra.TEXT_STALLED);
        }
        if (selected("idle")) {
            idle("ours (JSON)", ours, quick ? 1000 : 10_000, args.get("ours-pid"), true);
            if (seed != null) {
                idle("seed (text)", seed, quick ? 1000 : 10_000, args.get("seed-pid"), false);
            }
        }
        if (selected("lists")) {
            listsInTurn("ours (JSON)", ours, quick ? 1000 : 10_000, args.get("ours-pid"));
        }
        if (seed != null && selected("seedsize")) {
            // Needs a freshly started seed (its one global list must start empty); run.sh runs it first, alone.
            listSize("seed (text)", seed, quick ? new int[] {0, 1000} : sizes, false, false);
        }
        write();
    }

    // ---- scenarios ----

    /** The JIT's warm-up on both sides, not measured: the figures are for a server that has been running. */
    private void warmUp(URI uri) throws Exception {
        List<String[]> keep = new ArrayList<>(rows);
        Map<String, Double> keepFigures = new LinkedHashMap<>(figures);
        roundTripJson("warm-up", uri, 8, 300);
        roundTripText("warm-up", uri, 8, 300, true);
        fanOut("warm-up", uri, 200, 100, Extra.NONE);
        rows.clear();
        rows.addAll(keep);
        figures.clear();
        figures.putAll(keepFigures);
        System.out.println("(warm-up of " + uri + " done)");
    }

    /**
     * Text dialect: each client adds {@code ops} todos, one at a time, waiting for each answer. On our server each
     * client has its own list (in the text dialect every client of a list gets every listing, so a client could not
     * tell its own answer); the seed has one list for everybody, so there it grows to clients × ops.
     */
    private void roundTripText(String target, URI uri, int clients, int ops, boolean ours) throws Exception {
        String lists = "list=rt-" + run + "-" + Math.abs(target.hashCode() % 1000) + "-";
        roundTrip(target, clients, ops, client -> ours ? withQuery(uri, lists + client) : uri, null,
                (conn, client, i) -> {
                    conn.send("add t" + client + "x" + i);
                    conn.next();
                });
    }

    /** JSON dialect: clients share one list; each adds {@code ops} todos, waiting for each ack. */
    private void roundTripJson(String target, URI uri, int clients, int ops) throws Exception {
        URI list = withQuery(uri, "list=rtj-" + run + "-" + Math.abs(target.hashCode() % 1000));
        roundTrip(target, clients, ops, client -> list, JSON, (conn, client, i) -> {
            String ref = client + "-" + i;
            conn.send("{\"type\":\"add\",\"title\":\"t" + client + "x" + i + "\",\"ref\":\"" + ref + "\"}");
            awaitReply(conn, ref);
        });
    }

    /** Sends the i-th add of one client and waits for its answer. */
    private interface Add {
        void run(Conn conn, int client, int i);
    }

    /** Closed loop: {@code clients} connections at once, each doing {@code ops} adds one after the other. */
    private void roundTrip(String target, int clients, int ops, java.util.function.IntFunction<URI> uriOf,
                           String subprotocol, Add add) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<List<Double>>> work = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int client = c;
            work.add(pool.submit(() -> {
                Conn conn = Conn.openNow(uriOf.apply(client), subprotocol);
                List<Double> latencies = new ArrayList<>();
                for (int i = 0; i < ops; i++) {
                    long sent = System.nanoTime();
                    add.run(conn, client, i);
                    latencies.add((System.nanoTime() - sent) / 1e6);
                }
                conn.close();
                return latencies;
            }));
        }
        List<Double> all = collect(work);
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        double throughput = all.size() / seconds;
        figures.put("roundtrip " + target, throughput);
        report("round trip, " + clients + " clients × " + ops + " adds", target, String.format(Locale.ROOT,
                "%.0f ops/s, p50 %.2f ms, p99 %.2f ms", throughput, pct(all, 50), pct(all, 99)));
    }

    /** Add latency of one client when the list already holds 0, 1,000 and 5,000 todos. */
    private void listSize(String target, URI uri, int[] sizes, boolean json, boolean ours) {
        URI list = ours ? withQuery(uri, "list=size-" + run + "-" + (json ? "j" : "t")) : uri;
        Conn conn = Conn.openNow(list, json ? JSON : null);
        if (json) {
            conn.next(); // snapshot
        }
        int size = 0;
        StringBuilder line = new StringBuilder();
        Map<Integer, Double> medians = new LinkedHashMap<>();
        int samples = quick ? 50 : 200;
        for (int target0 : sizes) {
            // Fill up to the size, pipelined, then drain the answers.
            int fill = target0 - size;
            for (int i = 0; i < fill; i++) {
                conn.send(json ? "{\"type\":\"add\",\"title\":\"filler " + (size + i) + "\"}"
                        : "add filler" + (size + i));
            }
            for (int i = 0; i < fill; i++) {
                conn.next();
            }
            size = target0;
            List<Double> latencies = new ArrayList<>();
            for (int i = 0; i < samples; i++) {
                long sent = System.nanoTime();
                if (json) {
                    conn.send("{\"type\":\"add\",\"title\":\"probe " + size + "-" + i + "\",\"ref\":\"p" + i + "\"}");
                    awaitReply(conn, "p" + i);
                } else {
                    conn.send("add probe" + size + "-" + i);
                    conn.next();
                }
                latencies.add((System.nanoTime() - sent) / 1e6);
            }
            size += samples;
            medians.put(target0, pct(latencies, 50));
            line.append(String.format(Locale.ROOT, "%s%,d todos: p50 %.2f ms", line.length() == 0 ? "" : "; ",
                    target0, pct(latencies, 50)));
        }
        conn.close();
        double ratio = medians.get(sizes[sizes.length - 1]) / medians.get(sizes[0]);
        figures.put("listsize-ratio " + target, ratio);
        report("add latency by list size (1 client)", target, line + String.format(Locale.ROOT,
                "; %,d/0 = %.2f×", sizes[sizes.length - 1], ratio));
    }

    /**
     * S subscribers on one list, one publisher adding at a fixed rate for 10 s; each add's title is its send time,
     * so every subscriber measures send-to-receive latency. With {@code slow}, one more subscriber stops reading.
     */
    /** Who else is on the fan-out's list: nobody, a text client that reads, or a text client that stopped reading. */
    enum Extra { NONE, TEXT_READING, TEXT_STALLED }

    private void fanOut(String target, URI uri, int subscribers, int rate, Extra extra) throws Exception {
        boolean slow = extra == Extra.TEXT_STALLED;
        URI list = withQuery(uri, "list=fan-" + run + "-" + subscribers + "-" + extra.ordinal() + "-"
                + Math.abs(target.hashCode() % 1000));
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong delivered = new AtomicLong();
        List<Conn> subs = new ArrayList<>();
        List<CompletableFuture<Conn>> opening = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            opening.add(Conn.open(list, JSON, (message, at) -> {
                if (message.startsWith("{\"type\":\"added\"")) {
                    // Not parsed as JSON: a thousand subscribers in this one JVM would measure the parser.
                    int from = message.indexOf("\"title\":\"") + 9;
                    long sent = Long.parseLong(message.substring(from, message.indexOf(' ', from)));
                    latencies.add((at - sent) / 1e6);
                    delivered.incrementAndGet();
                }
            }, false));
            if (opening.size() % 100 == 0) {
                CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).join();
            }
        }
        opening.forEach(f -> subs.add(f.join()));
        // A text client: every change sends it the whole list, so a stalled one's buffers fill within seconds (a
        // JSON client's would take minutes). Building those listings costs the server too: a conservative test.
        StalledSocket stalled = slow ? new StalledSocket(list, null) : null;
        Conn textReader = extra == Extra.TEXT_READING ? Conn.open(list, null, (m, t) -> { }, false).join() : null;
        Conn publisher = Conn.openNow(list, JSON);
        publisher.next(); // its snapshot
        Thread.sleep(1000); // let the joins' presence messages settle before measuring (not a synchronisation)

        int seconds = quick ? 3 : 20;
        int total = rate * seconds;
        String serverPid = target.contains("PostgreSQL") ? args.get("ours-pg-pid") : args.get("ours-pid");
        double serverCpuBefore = ProcessCpu.seconds(serverPid);
        double clientCpuBefore = ProcessCpu.seconds("self");
        String padding = " payload";
        long start = System.nanoTime();
        long periodNanos = 1_000_000_000L / rate;
        for (int i = 0; i < total; i++) {
            long due = start + i * periodNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait); // pacing the publisher, not waiting for a result
            }
            publisher.send("{\"type\":\"add\",\"title\":\"" + System.nanoTime() + padding + "\"}");
        }
        long expected = (long) total * subscribers;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (delivered.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(50); // polling a counter for completion, with a deadline
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double serverCpu = ProcessCpu.seconds(serverPid) - serverCpuBefore;
        double clientCpu = ProcessCpu.seconds("self") - clientCpuBefore;
        String cpu = Double.isNaN(serverCpu) ? "" : String.format(Locale.ROOT,
                "; CPU: server %.2f cores (%.1f µs per delivery), benchmark client %.2f cores",
                serverCpu / elapsed, serverCpu * 1e6 / Math.max(1, delivered.get()), clientCpu / elapsed);
        List<Double> all = new ArrayList<>(latencies);
        long missing = expected - delivered.get();
        String fate = "";
        if (stalled != null) {
            boolean closeSeen = stalled.closedByServer();
            String logged = serverSays("Dropping session");
            fate = !logged.contains(listName(list)) ? (closeSeen ? "; the slow client was closed by the server"
                    : "; the slow client was still connected 30 s after the run")
                    : "; the slow client was dropped" + logged + (closeSeen ? ""
                    : " (the client had not received the close frame 30 s later: Payara had not finished the"
                    + " close on the wire)");
        }
        String key = "fanout " + subscribers + "@" + rate + " " + extra + " " + target;
        figures.put(key + " p99", pct(all, 99));
        figures.put(key + " missing", (double) missing);
        report("fan-out, " + subscribers + " subscribers, " + rate + " changes/s for " + seconds + " s"
                        + (extra == Extra.TEXT_READING ? ", plus a text client" : slow
                        ? ", plus a text client that stops reading" : ""), target,
                String.format(Locale.ROOT, "p50 %.2f ms, p99 %.2f ms, max %.1f ms, %,d of %,d not delivered%s%s",
                        pct(all, 50), pct(all, 99), all.isEmpty() ? 0 : Collections.max(all), missing, expected, fate,
                        cpu));
        subs.forEach(Conn::close);
        publisher.close();
        if (stalled != null) {
            stalled.close();
        }
        if (textReader != null) {
            textReader.close();
        }
    }

    /** Opens n connections and holds them; reports how many were accepted and the server's memory per connection. */
    private void idle(String target, URI uri, int n, String pid, boolean ours) throws Exception {
        double before = memoryMiB(pid, ours);
        List<Conn> open = new ArrayList<>();
        int failed = 0;
        for (int from = 0; from < n; from += 200) {
            List<CompletableFuture<Conn>> batch = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + 200); i++) {
                URI one = ours ? withQuery(uri, "list=idle-" + run + "-" + (i % 100)) : uri;
                batch.add(Conn.open(one, ours ? JSON : null, (m, t) -> { }, false));
            }
            for (CompletableFuture<Conn> f : batch) {
                try {
                    open.add(f.get(60, TimeUnit.SECONDS));
                } catch (Exception e) {
                    failed++;
                }
            }
        }
        // Each join tells the list's other clients; measure once those messages are out (the heap stops shrinking).
        double after = memoryMiB(pid, ours);
        for (int i = 0; i < 20; i++) {
            Thread.sleep(1000);
            double again = memoryMiB(pid, ours);
            boolean settled = !(again < after * 0.99);
            after = Math.min(after, again);
            if (settled) {
                break;
            }
        }
        if (ours && pid != null && args.containsKey("histogram")) {
            // What the connections' memory is made of, for whoever wants to bring it down.
            Files.writeString(Path.of(args.get("histogram")), jcmd(pid, "GC.class_histogram"));
        }
        long accepted = open.stream().filter(c -> !c.closed.isDone()).count();
        double perConnectionKiB = (after - before) * 1024 / Math.max(1, accepted);
        figures.put("idle accepted " + target, (double) accepted);
        figures.put("idle KiB " + target, perConnectionKiB);
        report("idle connections: " + String.format(Locale.ROOT, "%,d", n) + " opened and held", target,
                String.format(Locale.ROOT, "%,d accepted, %,d failed; %s %.1f KiB per connection", accepted, failed,
                        ours ? "server heap (after GC)" : "server RSS", perConnectionKiB));
        for (Conn c : open) {
            c.close();
        }
    }

    /**
     * Visitors over a day: each opens a list of its own, adds one todo and leaves. Reports the server's heap (after a
     * full GC) before, right after (the lists used within the idle period are still held) and once the idle period
     * (run.sh sets {@code TODO_LISTS_IDLE_UNLOAD}) has passed: the heap goes back to the baseline, it does not grow
     * with every list ever used.
     */
    private void listsInTurn(String target, URI uri, int n, String pid) throws Exception {
        double before = memoryMiB(pid, true);
        int workers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        List<Future<Integer>> work = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int worker = w;
            work.add(pool.submit(() -> {
                int refused = 0;
                for (int i = worker; i < n; i += workers) {
                    Conn conn = Conn.openNow(withQuery(uri, "list=visitor-" + run + "-" + i), JSON);
                    conn.next(); // the snapshot
                    conn.send("{\"type\":\"add\",\"title\":\"visit " + i + "\",\"ref\":\"v\"}");
                    String reply;
                    do {
                        reply = conn.next();
                    } while (!reply.contains("\"ref\":\"v\""));
                    refused += reply.contains("\"error\"") ? 1 : 0;
                    conn.close();
                }
                return refused;
            }));
        }
        int refused = 0;
        for (Future<Integer> f : work) {
            refused += f.get(30, TimeUnit.MINUTES);
        }
        pool.shutdown();
        double held = memoryMiB(pid, true);
        Duration idle = Duration.parse(args.getOrDefault("lists-idle", "PT20S"));
        double after = held;
        long deadline = System.nanoTime() + idle.multipliedBy(3).toNanos();
        Thread.sleep(idle.toMillis());
        while (System.nanoTime() < deadline) { // the sweep runs every quarter of the idle period
            after = memoryMiB(pid, true);
            if (after < before + (held - before) / 10) {
                break;
            }
            Thread.sleep(1000);
        }
        figures.put("lists refused " + target, (double) refused);
        figures.put("lists heap growth MiB " + target, after - before);
        report("lists used in turn: " + String.format(Locale.ROOT, "%,d", n) + " visitors, one list each", target,
                String.format(Locale.ROOT, "%,d refused; server heap (after GC) %.1f MiB before, %.1f MiB right"
                        + " after, %.1f MiB once idle for %ds", refused, before, held, after, idle.toSeconds()));
    }

    // ---- helpers ----

    private static void awaitReply(Conn conn, String ref) {
        String marker = "\"ref\":\"" + ref + "\"";
        while (!conn.next().contains(marker)) {
            // events and presence of others on the list
        }
    }

    private static List<Double> collect(List<Future<List<Double>>> work) throws Exception {
        List<Double> all = new ArrayList<>();
        for (Future<List<Double>> w : work) {
            all.addAll(w.get(30, TimeUnit.MINUTES));
        }
        return all;
    }

    static double pct(List<Double> values, int percentile) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String listName(URI uri) {
        String query = uri.getQuery();
        return query.substring(query.indexOf("list=") + 5).split("&")[0];
    }

    /** The server log's last line containing the word, as "; server log: …" (empty without --ours-log). */
    private String serverSays(String word) {
        try {
            String log = args.get("ours-log");
            if (log == null) {
                return "";
            }
            List<String> lines = Files.readAllLines(Path.of(log)).stream().filter(l -> l.contains(word)).toList();
            if (lines.isEmpty()) {
                return "";
            }
            String last = lines.get(lines.size() - 1);
            return "; server log: \"" + last.substring(last.indexOf(word)).replaceAll("\\s+", " ").trim()
                    .replace("|", "/") + "\"";
        } catch (IOException e) {
            return "";
        }
    }

    /** Heap used after a full GC (our JVM, through jcmd), or resident memory (the Go process). */
    private static double memoryMiB(String pid, boolean jvm) throws Exception {
        if (pid == null) {
            return Double.NaN;
        }
        if (!jvm) {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
            return Double.NaN;
        }
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        java.util.regex.Matcher used = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
        return used.find() ? Long.parseLong(used.group(1)) / 1024.0 : Double.NaN;
    }

    private static String jcmd(String pid, String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), pid,
                command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        process.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    private static URI withQuery(URI uri, String query) {
        return URI.create(uri + (uri.getQuery() == null ? "?" : "&") + query);
    }

    private static JsonObject parse(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }

    private void report(String scenario, String target, String result) {
        System.out.println(scenario + " | " + target + " | " + result);
        rows.add(new String[] {scenario, target, result});
    }

    /** Results of an earlier phase of the same run ({@code --state FILE}), so that one table holds them all. */
    private void load() throws IOException {
        String state = args.get("state");
        if (state == null || !Files.exists(Path.of(state))) {
            return;
        }
        for (String line : Files.readAllLines(Path.of(state))) {
            String[] parts = line.split("\t");
            if (parts[0].equals("row")) {
                rows.add(new String[] {parts[1], parts[2], parts[3]});
            } else {
                figures.put(parts[1], Double.parseDouble(parts[2]));
            }
        }
    }

    private void save() throws IOException {
        String state = args.get("state");
        if (state == null) {
            return;
        }
        StringBuilder out = new StringBuilder();
        rows.forEach(r -> out.append("row\t").append(r[0]).append('\t').append(r[1]).append('\t').append(r[2])
                .append('\n'));
        figures.forEach((k, v) -> out.append("figure\t").append(k).append('\t').append(v).append('\n'));
        Files.writeString(Path.of(state), out);
    }

    /** The results table, then each target with its measurement and verdict. */
    private void write() throws IOException {
        StringBuilder md = new StringBuilder("| scenario | server | result |\n| --- | --- | --- |\n");
        for (String[] row : rows) {
            md.append("| ").append(row[0]).append(" | ").append(row[1]).append(" | ").append(row[2]).append(" |\n");
        }
        md.append("\n| target | measured | met |\n| --- | --- | --- |\n");
        target(md, "adding at 5,000 todos costs at most 1.2× adding at 0 (JSON)",
                figures.get("listsize-ratio ours (JSON)"), "%.2f×", v -> v <= 1.2);
        target(md, "text dialect grows linearly, not quadratically (5,000/0; the seed's for comparison)",
                figures.get("listsize-ratio ours (text)"), "%.1f× (seed: " + fmt(figures.get("listsize-ratio seed (text)"),
                        "%.1f×") + ")", v -> figures.get("listsize-ratio seed (text)") == null
                        || v < figures.get("listsize-ratio seed (text)") / 5);
        target(md, "fan-out to 1,000 subscribers at 50/s: p99 ≤ 20 ms, nothing missing",
                figures.get("fanout 1000@50 NONE ours (JSON, H2) p99"), "p99 %.2f ms, " + fmt(figures.get(
                        "fanout 1000@50 NONE ours (JSON, H2) missing"), "%.0f") + " missing",
                v -> v <= 20 && figures.get("fanout 1000@50 NONE ours (JSON, H2) missing") == 0);
        target(md, "fan-out to 100 subscribers at 100/s: p99 ≤ 10 ms",
                figures.get("fanout 100@100 NONE ours (JSON, H2) p99"), "p99 %.2f ms", v -> v <= 10);
        Double ours = figures.get("roundtrip ours (text)");
        Double seed = figures.get("roundtrip seed (text)");
        target(md, "text round trip with 8 clients: at least 2× the seed's throughput",
                ours == null || seed == null ? null : ours / seed, "%.1f× (" + fmt(ours, "%.0f") + " vs "
                        + fmt(seed, "%.0f") + " ops/s)", v -> v >= 2);
        target(md, "10,000 idle connections held, heap per connection under 30 KiB",
                figures.get("idle KiB ours (JSON)"), "%.1f KiB, " + fmt(figures.get("idle accepted ours (JSON)"),
                        "%,.0f") + " held", v -> v < 30 && figures.get("idle accepted ours (JSON)") >= 10_000);
        Double withSlow = figures.get("fanout 100@100 TEXT_STALLED ours (JSON, H2) p99");
        Double without = figures.get("fanout 100@100 NONE ours (JSON, H2) p99");
        target(md, "10,000 lists used in turn, one visitor each: none refused, heap back within 5 MiB of before once"
                + " idle", figures.containsKey("lists refused ours (JSON)")
                ? figures.get("lists heap growth MiB ours (JSON)") + 1000 * figures.get("lists refused ours (JSON)")
                : null, "%.1f MiB", v -> v <= 5);
        target(md, "one slow consumer raises no other client's p99 by more than 1.5×",
                withSlow == null || without == null ? null : withSlow / without, "%.2f× (" + fmt(withSlow, "%.2f")
                        + " vs " + fmt(without, "%.2f") + " ms)", v -> v <= 1.5);
        Path out = Path.of(args.getOrDefault("out", "target/bench-results.md"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md);
        System.out.println("Wrote " + out);
    }

    private static void target(StringBuilder md, String name, Double value, String format,
                               java.util.function.DoublePredicate met) {
        md.append("| ").append(name).append(" | ")
                .append(value == null ? "not measured" : String.format(Locale.ROOT, format, value)).append(" | ")
                .append(value == null ? "–" : met.test(value) ? "yes" : "**no**").append(" |\n");
    }

    private static String fmt(Double value, String format) {
        return value == null ? "?" : String.format(Locale.ROOT, format, value);
    }
}
