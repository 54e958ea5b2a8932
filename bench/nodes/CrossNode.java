package io.livetodo.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Several nodes on one PostgreSQL (bench/nodes.sh): how long a change takes to reach clients on the node that made it
 * and on the others, what the nodes ask of the database while nothing happens, and how many changes per second 200
 * writers get stored. Prints one Markdown row per scenario for the mode given ({@code --mode}); the script runs it
 * once with notifications off (polling) and once on.
 *
 * <pre>
 * CrossNode --mode NAME --nodes ws://a/todo,ws://b/todo,ws://c/todo --jdbc URL --pids P1,P2,P3 --postgres PID
 * </pre>
 */
public final class CrossNode {

    private static final int SUBSCRIBERS_PER_NODE = 20;
    private static final int RATE = 20;
    private static final int WARMUP_SECONDS = 20;
    /** 1,800 changes: the p99 of 600 (30 s) was set by the six slowest and one pause moved it by tens of ms. */
    private static final int MEASURE_SECONDS = 90;
    private static final int IDLE_LISTS = 1000;
    private static final int IDLE_SECONDS = 20;
    private static final int WRITERS = 200;
    private static final int WRITE_WARMUP_SECONDS = 5;
    private static final int WRITE_SECONDS = 15;

    private static final HttpClient[] HTTP = Stream.generate(HttpClient::newHttpClient).limit(4)
            .toArray(HttpClient[]::new);
    private static final AtomicLong NEXT = new AtomicLong();

    private final String mode;
    private final List<URI> nodes;
    private final String jdbc;
    private final List<String> serverPids;
    private final String postgresPid;
    private final List<String> rows = new ArrayList<>();

    private CrossNode(String mode, List<URI> nodes, String jdbc, List<String> serverPids, String postgresPid) {
        this.mode = mode;
        this.nodes = nodes;
        this.jdbc = jdbc;
        this.serverPids = serverPids;
        this.postgresPid = postgresPid;
    }

    public static void main(String[] args) throws Exception {
        String mode = null;
        String nodes = null;
        String jdbc = null;
        String pids = null;
        String postgres = null;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--mode" -> mode = args[i + 1];
                case "--nodes" -> nodes = args[i + 1];
                case "--jdbc" -> jdbc = args[i + 1];
                case "--pids" -> pids = args[i + 1];
                case "--postgres" -> postgres = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        CrossNode bench = new CrossNode(mode, Arrays.stream(nodes.split(",")).map(URI::create).toList(), jdbc,
                List.of(pids.split(",")), postgres);
        bench.latency();
        bench.idle();
        bench.writers();
        bench.rows.forEach(System.out::println);
        System.exit(0);
    }

    /** A publisher on the first node at {@link #RATE} changes/s; subscribers on every node time each change. */
    private void latency() throws Exception {
        String list = "fanout-" + System.nanoTime();
        List<List<Long>> perNode = new ArrayList<>();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicLong deliveries = new AtomicLong();
        List<Socket> sockets = new ArrayList<>();
        for (URI node : nodes) {
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            perNode.add(latencies);
            for (int i = 0; i < SUBSCRIBERS_PER_NODE; i++) {
                sockets.add(Socket.open(node, list, message -> {
                    long now = System.nanoTime();
                    int at = message.indexOf("\"title\":\"t"); // measured changes only, not the warm-up's
                    if (at >= 0 && message.startsWith("{\"type\":\"added\"") && measuring.get()) {
                        int end = message.indexOf('"', at + 10);
                        latencies.add(now - Long.parseLong(message.substring(at + 10, end)));
                        deliveries.incrementAndGet();
                    }
                }));
            }
        }
        Socket publisher = Socket.open(nodes.get(0), list, message -> { });
        publish(publisher, WARMUP_SECONDS, "w");
        measuring.set(true);
        double cpuBefore = serverCpu();
        publish(publisher, MEASURE_SECONDS, "t");
        Thread.sleep(2000); // the last changes' way across
        measuring.set(false);
        double cpu = serverCpu() - cpuBefore;
        List<Long> same = new ArrayList<>(perNode.get(0));
        List<Long> other = new ArrayList<>();
        perNode.subList(1, perNode.size()).forEach(other::addAll);
        long expected = (long) RATE * MEASURE_SECONDS * SUBSCRIBERS_PER_NODE;
        rows.add(row("latency, same node (" + SUBSCRIBERS_PER_NODE + " subscribers, " + RATE + " changes/s)",
                same, expected, ""));
        rows.add(row("latency, other nodes (" + (nodes.size() - 1) * SUBSCRIBERS_PER_NODE + " subscribers)",
                other, expected * (nodes.size() - 1), String.format(Locale.ROOT,
                        "; nodes and PostgreSQL: %.0f µs CPU per delivery", cpu * 1e6 / deliveries.get())));
        sockets.forEach(Socket::close);
        publisher.close();
    }

    private static void publish(Socket publisher, int seconds, String prefix) throws InterruptedException {
        long period = TimeUnit.SECONDS.toNanos(1) / RATE;
        long next = System.nanoTime();
        for (int i = 0; i < RATE * seconds; i++) {
            next += period;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            publisher.send("{\"type\":\"add\",\"title\":\"" + prefix + System.nanoTime() + "\"}");
        }
    }

    private String row(String scenario, List<Long> latencies, long expected, String extra) {
        Collections.sort(latencies);
        return String.format(Locale.ROOT, "| %s | %s | p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d of %d delivered)%s |",
                scenario, mode, percentile(latencies, 50), percentile(latencies, 99), percentile(latencies, 100),
                latencies.size(), expected, extra);
    }

    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1e6;
    }

    /** Every node holds {@link #IDLE_LISTS} lists (one client on each), and nothing changes. */
    private void idle() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        for (URI node : nodes) {
            List<CompletableFuture<Socket>> opening = new ArrayList<>();
            for (int i = 0; i < IDLE_LISTS; i++) {
                opening.add(Socket.openAsync(node, "idle-" + i, message -> { }));
            }
            for (CompletableFuture<Socket> socket : opening) {
                sockets.add(socket.get(120, TimeUnit.SECONDS));
            }
        }
        for (Socket socket : sockets) {
            socket.snapshot.await(120, TimeUnit.SECONDS);
        }
        Thread.sleep(3000); // settled
        resetStatements();
        long before = transactions();
        double cpuBefore = serverCpu();
        Thread.sleep(TimeUnit.SECONDS.toMillis(IDLE_SECONDS));
        double cpu = serverCpu() - cpuBefore;
        long count = transactions() - before - 1; // the second look itself
        rows.add(String.format(Locale.ROOT, "| idle, %d lists on each of %d nodes | %s | %.1f database transactions/s"
                        + " (%s); nodes and PostgreSQL: %.1f %% of a core |", IDLE_LISTS, nodes.size(), mode,
                count / (double) IDLE_SECONDS, topStatements(IDLE_SECONDS), cpu * 100 / IDLE_SECONDS));
        sockets.forEach(Socket::close);
    }

    /** {@link #WRITERS} closed-loop writers spread over the nodes, each on a list of its own. */
    private void writers() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean measuring = new AtomicBoolean();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        List<Socket> sockets = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            Socket socket = Socket.open(nodes.get(w % nodes.size()), "writer-" + w + "-" + System.nanoTime(),
                    message -> { });
            sockets.add(socket);
            Thread thread = new Thread(() -> {
                long n = 0;
                while (running.get()) {
                    long start = System.nanoTime();
                    socket.acks.set(0);
                    socket.send("{\"type\":\"add\",\"title\":\"w" + n + "\",\"ref\":\"" + n++ + "\"}");
                    if (!socket.awaitAck()) {
                        return;
                    }
                    if (measuring.get()) {
                        latencies.add(System.nanoTime() - start);
                    }
                }
            });
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        Thread.sleep(TimeUnit.SECONDS.toMillis(WRITE_WARMUP_SECONDS));
        double cpuBefore = serverCpu();
        measuring.set(true);
        Thread.sleep(TimeUnit.SECONDS.toMillis(WRITE_SECONDS));
        measuring.set(false);
        double cpu = serverCpu() - cpuBefore;
        running.set(false);
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        rows.add(String.format(Locale.ROOT, "| %d writers, each on its own list, over %d nodes | %s | %.0f changes"
                        + " stored/s, each p50 %.1f ms, p99 %.1f ms; nodes and PostgreSQL: %.0f µs CPU per change |",
                WRITERS, nodes.size(), mode, sorted.size() / (double) WRITE_SECONDS, percentile(sorted, 50),
                percentile(sorted, 99), cpu * 1e6 / Math.max(1, sorted.size())));
        for (Thread thread : threads) {
            thread.join(70_000);
        }
        sockets.forEach(Socket::close);
    }

    private void resetStatements() throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbc);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            statement.execute("SELECT pg_stat_statements_reset()");
        }
    }

    /** What the nodes asked most often since the reset, per second: which statements make up the idle load. */
    private String topStatements(int seconds) throws SQLException {
        StringBuilder top = new StringBuilder();
        try (Connection connection = DriverManager.getConnection(jdbc);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT calls, regexp_replace(query, '\\s+', ' ', 'g')"
                     + " FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname ="
                     + " current_database()) AND query NOT LIKE '%pg_stat%' ORDER BY calls DESC LIMIT 4")) {
            while (rows.next()) {
                String query = rows.getString(2);
                query = query.length() > 48 ? query.substring(0, 48) + "…" : query;
                top.append(top.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT, "%.1f/s `%s`",
                        rows.getLong(1) / (double) seconds, query.replace("|", "/")));
            }
        }
        return top.toString();
    }

    /** Committed and rolled-back transactions of the benchmark's database so far. */
    private long transactions() throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbc);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT pg_stat_force_next_flush(), xact_commit + xact_rollback"
                     + " FROM pg_stat_database WHERE datname = current_database()")) {
            row.next();
            return row.getLong(2);
        }
    }

    /** CPU seconds used so far by the nodes and by PostgreSQL (its postmaster and every child of it). */
    private double serverCpu() throws IOException {
        double total = 0;
        for (String pid : serverPids) {
            total += cpuSeconds(Path.of("/proc", pid, "stat"));
        }
        total += cpuSeconds(Path.of("/proc", postgresPid, "stat"));
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String stat = Files.readString(process.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (fields[1].equals(postgresPid)) {
                        total += cpuSeconds(process.resolve("stat"));
                    }
                } catch (IOException | RuntimeException gone) {
                    // ended meanwhile
                }
            }
        }
        return total;
    }

    private static double cpuSeconds(Path stat) {
        try {
            String text = Files.readString(stat);
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** One JSON connection to one list. */
    private static final class Socket implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private final Consumer<String> handler;
        final CountDownLatch snapshot = new CountDownLatch(1);
        final AtomicLong acks = new AtomicLong();
        private final Object ackLock = new Object();
        private WebSocket socket;

        private Socket(Consumer<String> handler) {
            this.handler = handler;
        }

        static CompletableFuture<Socket> openAsync(URI node, String list, Consumer<String> handler) {
            Socket socket = new Socket(handler);
            return HTTP[(int) (NEXT.getAndIncrement() % HTTP.length)].newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(60)).subprotocols("todo.v1+json")
                    .buildAsync(URI.create(node + "?list=" + list), socket).thenApply(ws -> socket);
        }

        static Socket open(URI node, String list, Consumer<String> handler) throws Exception {
            Socket socket = openAsync(node, list, handler).get(60, TimeUnit.SECONDS);
            if (!socket.snapshot.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no snapshot from " + node);
            }
            return socket;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                if (message.startsWith("{\"type\":\"snapshot\"")) {
                    snapshot.countDown();
                } else if (message.startsWith("{\"type\":\"ack\"")) {
                    synchronized (ackLock) {
                        acks.incrementAndGet();
                        ackLock.notifyAll();
                    }
                }
                handler.accept(message);
            }
            webSocket.request(1);
            return null;
        }

        boolean awaitAck() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            synchronized (ackLock) {
                while (acks.get() == 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(ackLock, left);
                    } catch (InterruptedException e) {
                        return false;
                    }
                }
                return true;
            }
        }

        void send(String text) {
            synchronized (this) {
                socket.sendText(text, true).join();
            }
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
            socket.abort();
        }
    }
}
