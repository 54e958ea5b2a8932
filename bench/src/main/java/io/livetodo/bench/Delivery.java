package io.livetodo.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The load generator of {@code bench/delivery.sh}: fan-out scenarios against one server, each with its own list.
 * Subscribers connect, one publisher makes changes at a fixed rate, first for a warm-up and then for the measured
 * period; every subscriber times each change from its send to its arrival. Server CPU comes from {@code /proc} over
 * the measured period (until the last change has reached everyone), divided by the messages the server wrote in it:
 * to subscribers and the publisher alike, acknowledgements included. All subscribers are read by one selector thread,
 * and a message is parsed only as far as finding its marker, so the generator's own CPU stays small; it is reported.
 * <p>
 * Usage: {@code Delivery --url ws://host:port/path --pid SERVER_PID --server NAME --out results.tsv
 * [--server-warmup SECONDS] [--warmup SECONDS] [--seconds SECONDS] [--scenarios json-0,json-100,...]
 * [--around-measure COMMAND] [--arrivals fixed|poisson]}. With {@code --around-measure}, {@code COMMAND start
 * SCENARIO} runs just before each measured period and {@code COMMAND stop SCENARIO} just after it
 * ({@code bench/profile.sh} starts and stops a profiler in the server that way); the server CPU it reports then
 * includes the profiler's. Changes come at fixed intervals unless {@code --arrivals poisson}: at random ones, at the
 * same mean rate. A profiler samples on the kernel's clock tick (4 ms at 250 Hz), and changes every 10 ms would meet
 * the ticks at the same few points of their handling in every cycle, so that a profile showed those points only.
 */
public final class Delivery {

    private static final String JSON = "todo.v1+json";
    /** The text listing holds up to this many open todos: the publisher then marks the oldest done. */
    private static final int TEXT_OPEN_TODOS = 300;
    /** Changes per second of the server's warm-up with only the author connected. */
    private static final int FAST_WARMUP_RATE = 500;
    /** Enough of a listing's end to hold the newest todo and the closing rule. */
    private static final int TEXT_TAIL = 96;

    /** {@code json-100}, {@code text-1000}, ...; {@code -deflate} at the end: the clients offer permessage-deflate. */
    record Scenario(String name, boolean json, int subscribers, int rate, boolean deflate) {
        static Scenario named(String name) {
            String[] parts = name.split("-");
            int subscribers = Integer.parseInt(parts[1]);
            return new Scenario(name, parts[0].equals("json"), subscribers, subscribers >= 1000 ? 50 : 100,
                    parts.length > 2 && parts[2].equals("deflate"));
        }

        Scenario atRate(int changesPerSecond) {
            return new Scenario(name, json, subscribers, changesPerSecond, deflate);
        }

        String describe() {
            String what = json ? "JSON events" : "text listings (up to " + TEXT_OPEN_TODOS + " todos)";
            return subscribers == 0 ? "a change alone (" + (json ? "JSON" : "text") + ", only its author connected, "
                    + rate + " changes/s)"
                    : what + ", " + String.format(Locale.ROOT, "%,d", subscribers) + " subscribers at " + rate
                    + " changes/s";
        }
    }

    public static void main(String[] argv) throws Exception {
        URI url = null;
        String pid = null;
        String server = null;
        Path out = null;
        int warmup = 10;
        int seconds = 20;
        int serverWarmup = 60;
        String scenarios = "json-0,json-100,json-1000,text-0,text-100,text-1000";
        String aroundMeasure = null;
        boolean poisson = false;
        for (int i = 0; i < argv.length; i += 2) {
            String value = argv[i + 1];
            switch (argv[i]) {
                case "--url" -> url = URI.create(value);
                case "--pid" -> pid = value;
                case "--server" -> server = value;
                case "--out" -> out = Path.of(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--seconds" -> seconds = Integer.parseInt(value);
                case "--scenarios" -> scenarios = value;
                case "--server-warmup" -> serverWarmup = Integer.parseInt(value);
                case "--around-measure" -> aroundMeasure = value;
                case "--arrivals" -> poisson = switch (value) {
                    case "fixed" -> false;
                    case "poisson" -> true;
                    default -> throw new IllegalArgumentException("--arrivals is fixed or poisson, not " + value);
                };
                default -> throw new IllegalArgumentException("unknown option " + argv[i]);
            }
        }
        if (url == null || pid == null || server == null || out == null) {
            throw new IllegalArgumentException("--url, --pid, --server and --out are required");
        }
        if (serverWarmup > 0) {
            // The first scenario would otherwise pay for compiling the server's whole path; a scenario's own
            // warm-up is for its list and its rate. A delivery's path runs once per subscriber, but a change's path
            // once per change: at 100 changes/s, a minute was too few changes for HotSpot's optimising compiler
            // (which waits for some 10,000 calls of a method), and profiles of a change alone still found the
            // compiler in 15 to 29% of the server's samples. So changes alone come first, at 500/s: 10,000 in each
            // dialect, the JSON ones on four lists (a list holds at most 10,000 todos).
            for (int list = 0; list < 4; list++) {
                new Delivery(url, pid, Scenario.named("json-0").atRate(FAST_WARMUP_RATE), serverWarmup / 12, 1, null,
                        poisson).run();
            }
            new Delivery(url, pid, Scenario.named("text-0").atRate(FAST_WARMUP_RATE), serverWarmup / 3, 1, null,
                    poisson).run();
            for (String name : List.of("json-100", "text-100")) {
                new Delivery(url, pid, Scenario.named(name), serverWarmup / 6, 1, null, poisson).run();
            }
        }
        for (String name : scenarios.split(",")) {
            Scenario scenario = Scenario.named(name);
            Delivery delivery = new Delivery(url, pid, scenario, warmup, seconds, aroundMeasure, poisson);
            String row = delivery.run();
            System.out.println(server + "\t" + name + "\t" + row);
            String described = scenario.describe() + (!scenario.deflate() ? ""
                    : delivery.deflated ? ", clients offer permessage-deflate like browsers (taken)"
                    : ", clients offer permessage-deflate like browsers (declined)");
            Files.writeString(out, server + "\t" + scenario.name() + "\t" + described + "\t" + row + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    private final URI url;
    private final String serverPid;
    private final Scenario scenario;
    private final int warmupSeconds;
    private final int seconds;
    /** Run with "start" or "stop" and the scenario's name around the measured period; null for nothing. */
    private final String aroundMeasure;
    /** Changes at random intervals (exponentially distributed), not at fixed ones. */
    private final boolean poisson;

    /** Send time of each marker, by its number; 0 for markers outside the measured period. */
    private final long[] sentAt;
    private volatile boolean recording;
    /** Whether the server compresses: it took the permessage-deflate the clients offered. */
    private boolean deflated;
    /** Written by the reading thread only. */
    private long[] latencies;
    private volatile int latencyCount;
    private volatile long messages;

    private Delivery(URI url, String serverPid, Scenario scenario, int warmupSeconds, int seconds,
                     String aroundMeasure, boolean poisson) {
        this.url = url;
        this.aroundMeasure = aroundMeasure;
        this.poisson = poisson;
        this.serverPid = serverPid;
        this.scenario = scenario;
        this.warmupSeconds = warmupSeconds;
        this.seconds = seconds;
        // Room for the random arrivals' excess over the mean rate too (many standard deviations).
        this.sentAt = new long[(warmupSeconds + seconds + 10) * scenario.rate() + 16];
        this.latencies = new long[scenario.subscribers() * scenario.rate() * seconds + 1024];
    }

    private String run() throws Exception {
        String list = "bench-" + scenario.name() + "-" + Long.toString(System.nanoTime(), 36);
        URI listUrl = URI.create(url + "?list=" + list);
        String subprotocol = scenario.json() ? JSON : null;
        int keep = scenario.json() ? 0 : TEXT_TAIL;
        RawSocket.Receiver receiver = this::received;
        List<RawSocket> sockets = new ArrayList<>();
        ExecutorService connecting = Executors.newFixedThreadPool(8);
        try (Selector selector = Selector.open()) {
            List<Future<RawSocket>> opening = new ArrayList<>();
            for (int i = 0; i <= scenario.subscribers(); i++) { // index 0 is the publisher
                int index = i;
                opening.add(connecting.submit(() -> RawSocket.open(listUrl, subprotocol, scenario.deflate(), index,
                        keep, receiver)));
            }
            for (Future<RawSocket> socket : opening) {
                sockets.add(socket.get(60, TimeUnit.SECONDS));
            }
            for (RawSocket socket : sockets) {
                socket.channel.register(selector, SelectionKey.OP_READ, socket);
            }
            deflated = sockets.get(0).deflating();
            Thread reader = new Thread(() -> read(selector), "reader");
            reader.start();
            RawSocket publisher = sockets.get(0);
            Publisher publishing = new Publisher(publisher);
            publishing.run(warmupSeconds);
            long warmupMarkers = publishing.markers;
            long warmupChanges = publishing.changes;
            for (RawSocket socket : sockets.subList(1, sockets.size())) {
                if (socket.messages == 0) {
                    throw new IllegalStateException("subscriber " + socket.index + " heard nothing in the warm-up");
                }
            }
            runAroundMeasure("start");
            long messagesBefore = messages;
            double serverBefore = ProcessCpu.seconds(serverPid);
            double ownBefore = ProcessCpu.seconds("self");
            long start = System.nanoTime();
            recording = true;
            publishing.run(seconds);
            long measuredMarkers = publishing.markers - warmupMarkers;
            long changes = publishing.changes - warmupChanges;
            long expected = measuredMarkers * scenario.subscribers();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (latencyCount < expected && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            long elapsed = System.nanoTime() - start;
            double serverCpu = ProcessCpu.seconds(serverPid) - serverBefore;
            double ownCpu = ProcessCpu.seconds("self") - ownBefore;
            long delivered = messages - messagesBefore;
            runAroundMeasure("stop");
            recording = false;
            reader.interrupt();
            selector.wakeup();
            reader.join();
            int count = latencyCount;
            long[] sorted = Arrays.copyOf(latencies, count);
            Arrays.sort(sorted);
            double wall = elapsed / 1e9;
            return String.format(Locale.ROOT, "%.2f\t%.2f\t%.1f\t%d\t%d\t%d\t%.1f\t%.2f\t%.2f\t%d\t%.1f",
                    ms(pct(sorted, 50)), ms(pct(sorted, 99)), ms(count == 0 ? 0 : sorted[count - 1]),
                    count, expected, delivered, serverCpu * 1e6 / Math.max(1, delivered), serverCpu / wall,
                    ownCpu / wall, changes, serverCpu * 1e6 / Math.max(1, changes));
        } finally {
            connecting.shutdownNow();
            for (RawSocket socket : sockets) {
                try {
                    socket.channel.close();
                } catch (IOException ignored) {
                    // going anyway
                }
            }
        }
    }

    private void runAroundMeasure(String what) throws IOException, InterruptedException {
        if (aroundMeasure == null) {
            return;
        }
        Process process = new ProcessBuilder(aroundMeasure, what, scenario.name()).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(aroundMeasure + " " + what + " " + scenario.name() + " failed");
        }
    }

    /** Makes changes at the scenario's rate; every added todo is a marker {@code t<number>}. */
    private final class Publisher {
        private final RawSocket socket;
        private final java.util.Random random = new java.util.Random();
        long markers;
        long changes;
        private long oldestOpen = 1;

        Publisher(RawSocket socket) {
            this.socket = socket;
        }

        void run(int forSeconds) throws IOException {
            long period = TimeUnit.SECONDS.toNanos(1) / scenario.rate();
            long next = System.nanoTime();
            long end = next + TimeUnit.SECONDS.toNanos(forSeconds);
            while (next < end) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (!scenario.json() && markers - oldestOpen + 1 >= TEXT_OPEN_TODOS) {
                    socket.sendText("done t" + oldestOpen++);
                } else {
                    long marker = ++markers;
                    sentAt[(int) marker] = recording ? System.nanoTime() : 0;
                    socket.sendText(scenario.json() ? "{\"type\":\"add\",\"title\":\"t" + marker + "\"}"
                            : "add t" + marker);
                }
                changes++;
                next += poisson ? (long) (-Math.log(1 - random.nextDouble()) * period) : period;
            }
        }
    }

    private void read(Selector selector) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
        try {
            while (!Thread.currentThread().isInterrupted()) {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    RawSocket socket = (RawSocket) key.attachment();
                    buffer.clear();
                    int n;
                    try {
                        n = socket.channel.read(buffer);
                    } catch (IOException e) {
                        n = -1;
                    }
                    if (n < 0) {
                        key.cancel();
                        continue;
                    }
                    buffer.flip();
                    socket.feed(buffer);
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** On the reading thread: a whole text message from one socket. */
    private void received(RawSocket socket, byte[] kept, int length) {
        long now = System.nanoTime();
        messages++;
        if (socket.index == 0 || !recording) {
            return;
        }
        long marker = scenario.json() ? jsonMarker(kept, length) : textMarker(kept, length);
        if (marker > socket.lastMarker && marker < sentAt.length) {
            // A listing shows every change before it too: one that a newer listing replaced in the server's queue
            // (a subscriber that read slower than the list changed) reached the client with the newer one. JSON
            // events are never replaced, so there a gap would be a loss, and is not counted.
            long from = scenario.json() ? marker : socket.lastMarker + 1;
            socket.lastMarker = marker;
            for (long covered = from; covered <= marker; covered++) {
                long sent = sentAt[(int) covered];
                if (sent == 0) {
                    continue;
                }
                if (latencyCount == latencies.length) {
                    latencies = Arrays.copyOf(latencies, latencies.length * 2);
                }
                latencies[latencyCount] = now - sent;
                latencyCount = latencyCount + 1;
            }
        }
    }

    private static final byte[] TITLE = "\"title\":\"t".getBytes();

    /** The number in {@code "title":"t<number>"}, or 0 (an ack, a presence count). */
    static long jsonMarker(byte[] kept, int length) {
        outer:
        for (int i = 0; i + TITLE.length < length; i++) {
            for (int j = 0; j < TITLE.length; j++) {
                if (kept[i + j] != TITLE[j]) {
                    continue outer;
                }
            }
            return digits(kept, i + TITLE.length, length);
        }
        return 0;
    }

    /** The number of the last todo of a listing ({@code \n - t<number>\n} before the rule), or 0. */
    static long textMarker(byte[] kept, int length) {
        for (int i = length - 4; i >= 0; i--) {
            if (kept[i] == '-' && kept[i + 1] == ' ' && kept[i + 2] == 't' && i > 0 && kept[i - 1] == ' ') {
                return digits(kept, i + 3, length);
            }
        }
        return 0;
    }

    private static long digits(byte[] bytes, int from, int length) {
        long value = 0;
        for (int i = from; i < length && bytes[i] >= '0' && bytes[i] <= '9'; i++) {
            value = value * 10 + (bytes[i] - '0');
        }
        return value;
    }

    private static long pct(long[] sorted, int percentile) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
