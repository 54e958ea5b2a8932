package io.livetodo.persist;

import io.livetodo.support.ListCopy;
import io.livetodo.support.NodesBehindNginx;
import io.livetodo.support.PayaraMicroServer;
import io.livetodo.support.Request;
import io.livetodo.support.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three Payara Micro nodes on one PostgreSQL behind nginx (the README's configuration): presence counts the clients
 * of every node and stops counting a killed node's; and the nodes restarted one after another, each stopped
 * gracefully, started and waited for until ready, while 150 JSON clients keep adding todos through nginx. Every
 * acknowledged todo is there exactly once, every client converges on the same list, and every client that lost its
 * node resumed (no fresh snapshot). The longest time a client went without a node is reported.
 */
class RollingRestartIT {

    private static final int CLIENTS = 150;
    private static final int CLIENTS_PER_LIST = 10;
    /** Each client adds one todo every 1 to 2 s: about 100 changes a second in all, each to 10 clients. */
    private static final int PAUSE_MIN_MILLIS = 1000;
    private static final int PAUSE_MAX_MILLIS = 2000;
    private static final Duration PRESENCE_FORGETS_A_DEAD_NODE = Duration.ofSeconds(15);

    private static NodesBehindNginx cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = NodesBehindNginx.shared();
        cluster.restartStopped();
    }

    @AfterEach
    void allNodesAgain() throws Exception {
        cluster.restartStopped();
    }

    @Test
    void presence_counts_the_clients_of_every_node_and_stops_counting_a_killed_node_within_15_s() {
        String list = "presence-" + UUID.randomUUID().toString().substring(0, 8);
        WsClient watcher = WsClient.json(cluster.node(0).ws("list=" + list));
        assertThat(watcher.nextOfType("snapshot").getInt("presence")).isEqualTo(1);
        List<WsClient> others = new ArrayList<>();
        try {
            others.add(WsClient.json(cluster.node(0).ws("list=" + list)));
            others.add(WsClient.json(cluster.node(1).ws("list=" + list)));
            others.add(WsClient.json(cluster.node(2).ws("list=" + list)));
            others.add(WsClient.json(cluster.node(2).ws("list=" + list)));
            awaitPresence(watcher, 5, Duration.ofSeconds(30));
            // A client joining on another node hears the whole count in its snapshot.
            try (WsClient late = WsClient.json(cluster.node(1).ws("list=" + list))) {
                assertThat(late.nextOfType("snapshot").getInt("presence")).isBetween(5, 6);
                awaitPresence(watcher, 6, Duration.ofSeconds(30));
            }
            awaitPresence(watcher, 5, Duration.ofSeconds(30));

            cluster.node(2).kill(); // SIGKILL: it tells no one
            long killed = System.nanoTime();
            awaitPresence(watcher, 3, PRESENCE_FORGETS_A_DEAD_NODE);
            System.out.printf("Presence stopped counting the killed node's 2 clients after %.1f s%n",
                    (System.nanoTime() - killed) / 1e9);
        } finally {
            others.forEach(WsClient::abort);
            watcher.abort();
        }
    }

    private static void awaitPresence(WsClient client, int count, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        int last = -1;
        while (last != count) {
            String message = client.poll(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            assertThat(message).as("presence %d within %s (last said %d)", count, within, last).isNotNull();
            JsonObject json = WsClient.parse(message);
            if (json.getString("type").equals("presence")) {
                last = json.getInt("count");
            }
        }
    }

    @Test
    void restarting_the_nodes_one_by_one_under_load_loses_nothing_and_clients_resume() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        AtomicBoolean stopping = new AtomicBoolean();
        List<Writer> writers = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            writers.add(new Writer(i, "rolling-" + run + "-" + i / CLIENTS_PER_LIST, stopping));
        }
        ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        List<CompletableFuture<Void>> running = writers.stream()
                .map(writer -> CompletableFuture.runAsync(writer::run, threads)).toList();
        try {
            awaitEveryWriterAcknowledged(writers, 3);
            for (PayaraMicroServer node : cluster.nodes()) {
                int movedBefore = writers.stream().mapToInt(w -> w.moves).sum();
                node.stop(); // SIGTERM: drains, then closes its connections with 1001
                node.start();
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                        .until(() -> status(node.http("health/ready")) == 200);
                assertThat(writers.stream().mapToInt(w -> w.moves).sum()).as("clients moved off the stopped node")
                        .isGreaterThan(movedBefore);
                awaitEveryWriterAcknowledged(writers, 2); // all of them are working again
            }
        } finally {
            stopping.set(true);
        }
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(180, TimeUnit.SECONDS);
        threads.shutdown();

        Map<String, List<Writer>> byList = writers.stream().collect(Collectors.groupingBy(w -> w.list));
        for (Map.Entry<String, List<Writer>> entry : byList.entrySet()) {
            ListCopy truth = new ListCopy();
            try (WsClient reader = WsClient.json(cluster.nginx().ws("list=" + entry.getKey()))) {
                truth.reset(reader.nextOfType("snapshot"));
            }
            Map<String, Long> titles = truth.todos.values().stream()
                    .collect(Collectors.groupingBy(todo -> todo.substring(0, todo.indexOf('|')), Collectors.counting()));
            for (Writer writer : entry.getValue()) {
                assertThat(writer.acknowledged).as("writer %d's acknowledged todos, each there once", writer.n)
                        .allSatisfy(title -> assertThat(titles.get(title)).as(title).isEqualTo(1L));
                writer.catchUpTo(truth.seq);
                assertThat(writer.copy.todos).as("writer %d's copy", writer.n).isEqualTo(truth.todos);
                assertThat(writer.copy.gapsOrRepeats).as("writer %d saw every change once, in order", writer.n)
                        .isEmpty();
                writer.client.close();
            }
            // Nothing but what the writers added, each once.
            assertThat(titles.values()).allMatch(count -> count == 1L);
        }
        int moves = writers.stream().mapToInt(w -> w.moves).sum();
        assertThat(writers.stream().mapToInt(w -> w.snapshotsAfterMoving).sum())
                .as("clients that got a fresh snapshot instead of resuming").isZero();
        assertThat(moves).as("every client lost its node at least once (each node was restarted)")
                .isGreaterThanOrEqualTo(CLIENTS);
        Writer longest = writers.stream().max(java.util.Comparator.comparingLong(w -> w.longestGapNanos)).orElseThrow();
        System.out.printf("Rolling restart: %d acknowledged adds, %d moves, %d requests sent again, longest time a"
                        + " client went without a node: %.1f s (attempts: %s)%n",
                writers.stream().mapToInt(w -> w.acknowledged.size()).sum(), moves,
                writers.stream().mapToInt(w -> w.resent).sum(), longest.longestGapNanos / 1e9,
                longest.longestGapAttempts.stream().collect(Collectors.groupingBy(a -> a, Collectors.counting())));
    }

    private static void awaitEveryWriterAcknowledged(List<Writer> writers, int more) {
        Map<Writer, Integer> before = new HashMap<>();
        writers.forEach(writer -> before.put(writer, writer.acknowledged.size()));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> writers.stream().allMatch(w -> w.failure == null
                        && w.acknowledged.size() >= before.get(w) + more));
    }

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1).build();

    private static int status(URI uri) {
        try {
            return HTTP.send(java.net.http.HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(2)).build(), java.net.http.HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /**
     * A JSON client that adds todos through nginx, each a numbered mutation, with its own copy of the list. When its
     * connection ends it connects again through nginx with its epoch, last sequence number and client id, must get
     * a resume, and sends again the add that got no answer only if the resume says it was not processed.
     */
    private static final class Writer {
        final int n;
        final String list;
        final String clientId;
        final AtomicBoolean stopping;
        final Random random;
        final ListCopy copy = new ListCopy();
        final List<String> acknowledged = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile Throwable failure;
        volatile int moves;
        int snapshotsAfterMoving;
        int resent;
        long longestGapNanos;
        /** What each attempt to connect again met, during the longest time without a node. */
        List<String> longestGapAttempts = List.of();
        private final List<String> attempts = new ArrayList<>();
        WsClient client;
        String epoch;
        long mutation;
        long processed;

        Writer(int n, String list, AtomicBoolean stopping) {
            this.n = n;
            this.list = list;
            this.stopping = stopping;
            this.random = new Random(n);
            this.clientId = "rolling-client-" + n + "-" + UUID.randomUUID().toString().substring(0, 8);
        }

        void run() {
            try {
                connect();
                for (int i = 0; !stopping.get(); i++) {
                    Thread.sleep(PAUSE_MIN_MILLIS + random.nextInt(PAUSE_MAX_MILLIS - PAUSE_MIN_MILLIS));
                    String title = clientId + "-" + i;
                    String request = Json.createObjectBuilder(WsClient.parse(Request.add(title).ref(title).json()))
                            .add("mutation", ++mutation).build().toString();
                    JsonObject reply = client.trySend(request) ? untilReplyTo(title) : null;
                    while (reply == null) {
                        long lost = System.nanoTime();
                        attempts.clear();
                        connect();
                        if (System.nanoTime() - lost > longestGapNanos) {
                            longestGapNanos = System.nanoTime() - lost;
                            longestGapAttempts = List.copyOf(attempts);
                        }
                        if (processed >= mutation) {
                            acknowledged.add(title); // stored before the node went; its event came with the resume
                            break;
                        }
                        resent++;
                        reply = client.trySend(request) ? untilReplyTo(title) : null;
                    }
                    if (reply != null) {
                        assertThat(reply.getString("type")).as(reply.toString()).isEqualTo("ack");
                        acknowledged.add(title);
                    }
                }
            } catch (Throwable e) {
                failure = e;
                throw new IllegalStateException("writer " + n, e);
            }
        }

        /** Through nginx; tries again while every node it is handed refuses (a node in its last second). */
        private void connect() throws InterruptedException {
            String query = "list=" + list + "&client=" + clientId
                    + (epoch == null ? "" : "&epoch=" + epoch + "&since=" + copy.seq);
            for (int attempt = 0; ; attempt++) {
                try {
                    WsClient connected = WsClient.json(cluster.nginx().ws(query));
                    String text = connected.nextUnlessClosed();
                    if (text == null) {
                        attempts.add("closed at once");
                        continue; // its node is stopping
                    }
                    JsonObject first = WsClient.parse(text);
                    if (first.getString("type").equals("error")) {
                        attempts.add(first.getString("code"));
                        connected.abort(); // e.g. storage-failed while a node starts: try another
                        Thread.sleep(200);
                        continue;
                    }
                    processed = first.getJsonNumber("mutation").longValue();
                    if (epoch == null) {
                        assertThat(first.getString("type")).isEqualTo("snapshot");
                        epoch = first.getString("epoch");
                        copy.reset(first);
                    } else {
                        moves++;
                        if (first.getString("type").equals("snapshot")) {
                            snapshotsAfterMoving++;
                            copy.reset(first);
                        } else {
                            assertThat(first.getString("type")).isEqualTo("resume");
                            assertThat(first.getJsonNumber("since").longValue()).isEqualTo(copy.seq);
                        }
                    }
                    client = connected;
                    return;
                } catch (java.util.concurrent.CompletionException refused) {
                    attempts.add(String.valueOf(refused.getCause()));
                    assertThat(attempt).as("writer %d could not connect through nginx: %s", n, refused)
                            .isLessThan(600);
                    Thread.sleep(100); // 502 from nginx while a node is down: as the page's backoff would
                }
            }
        }

        private JsonObject untilReplyTo(String ref) {
            return copy.applyUntilReplyTo(client, ref);
        }

        void catchUpTo(long target) {
            while (copy.seq < target) {
                copy.apply(client.nextJson());
            }
        }
    }
}
