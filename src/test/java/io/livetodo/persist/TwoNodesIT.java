package io.livetodo.persist;

import io.livetodo.protocol.TextProtocol;
import io.livetodo.support.PayaraMicroServer;
import io.livetodo.support.ListCopy;
import io.livetodo.support.PrivatePostgres;
import io.livetodo.support.Request;
import io.livetodo.support.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Payara Micro processes with the packaged WAR on one PostgreSQL, reached through a JNDI DataSource each server
 * defines (as an operator would): 4 JSON clients per node do 200 mixed operations each on one list, all at once,
 * each numbered as the client's mutation. Halfway, one node is killed with SIGKILL; its clients reconnect to the
 * other node, resume from the last sequence number they saw, send again the request the dead node never answered if
 * the resume says it was not processed, and carry on. Every client keeps its own copy of the list, built only from
 * what it receives; every add ends up in the list exactly once.
 */
class TwoNodesIT {

    private static final int OPERATIONS = 200;
    private static final int CLIENTS_PER_NODE = 4;
    private static final String JNDI_NAME = "jdbc/livetodo";

    private final List<PayaraMicroServer> servers = new ArrayList<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(2 * CLIENTS_PER_NODE + 2);

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        for (PayaraMicroServer server : servers) {
            server.kill();
        }
    }

    @Test
    void clients_on_two_nodes_end_identical_and_lose_nothing_when_one_node_dies_mid_run() throws Exception {
        List<String> dataSource = PayaraMicroServer.postgresDataSource(JNDI_NAME, PrivatePostgres.shared());
        CompletableFuture<PayaraMicroServer> startingA = startNode(dataSource);
        CompletableFuture<PayaraMicroServer> startingB = startNode(dataSource);
        PayaraMicroServer doomed = startingA.get(240, TimeUnit.SECONDS);
        PayaraMicroServer survivor = startingB.get(240, TimeUnit.SECONDS);

        for (PayaraMicroServer node : List.of(doomed, survivor)) {
            // The driver's classes come from the server (--addlibs): each node is woken by the others' changes.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> node.log()
                    .contains("Woken by PostgreSQL notifications")
                    && metrics(node).contains("\nlivetodo_sync_notified 1\n"));
        }
        String list = "nodes-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        // A node follows the shared change log for every list a client of its own is on, whichever dialect that
        // client speaks. Here each node's only client of a list is a text client that only listens, and the change
        // is made on the other node.
        for (PayaraMicroServer[] nodes : List.of(new PayaraMicroServer[] {doomed, survivor},
                new PayaraMicroServer[] {survivor, doomed})) {
            String quiet = list + "-text-" + nodes[1].port();
            try (WsClient listening = listener(nodes[1], quiet);
                 WsClient writer = WsClient.json(nodes[0].ws("list=" + quiet))) {
                writer.nextOfType("snapshot");
                writer.send("{\"type\":\"add\",\"title\":\"hello from the other node\"}");
                assertThat(listening.next()).as("text listener, alone on its node")
                        .isEqualTo(listing("hello from the other node"));
            }
            // The listener's node timed how long the change took to arrive.
            assertThat(syncLagCount(nodes[1])).as("changes timed by livetodo_sync_lag_seconds").isPositive();
        }
        // And JSON clients likewise.
        try (WsClient onA = WsClient.json(doomed.ws("list=" + list));
             WsClient onB = WsClient.json(survivor.ws("list=" + list))) {
            onA.nextOfType("snapshot");
            onB.nextOfType("snapshot");
            onA.send("{\"type\":\"add\",\"title\":\"hello from A\"}");
            JsonObject added = onB.nextOfType("added");
            assertThat(added.getJsonObject("todo").getString("title")).isEqualTo("hello from A");
            assertThat(added.getJsonNumber("seq").longValue()).isEqualTo(1);
        }
        // Text clients that only listen, one on each node, through the whole run.
        WsClient textOnDoomed = listener(doomed, list);
        WsClient textOnSurvivor = listener(survivor, list);
        CountDownLatch doomedClientsHalfway = new CountDownLatch(CLIENTS_PER_NODE);
        CountDownLatch killed = new CountDownLatch(1);
        List<Replica> replicas = new ArrayList<>();
        for (int i = 0; i < 2 * CLIENTS_PER_NODE; i++) {
            boolean onDoomed = i % 2 == 0;
            replicas.add(new Replica(i, list, onDoomed ? doomed : survivor, survivor,
                    onDoomed ? doomedClientsHalfway : null, killed));
        }
        List<CompletableFuture<Void>> work = replicas.stream()
                .map(replica -> CompletableFuture.runAsync(replica::run, pool)).toList();

        assertThat(doomedClientsHalfway.await(120, TimeUnit.SECONDS)).isTrue();
        doomed.kill(); // SIGKILL while its clients are still sending
        killed.countDown();

        CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).get(180, TimeUnit.SECONDS);

        ListCopy truth = new ListCopy();
        try (WsClient fresh = WsClient.json(survivor.ws("list=" + list))) {
            truth.reset(fresh.nextOfType("snapshot"));
        }
        long seq = truth.seq;
        Map<String, String> todos = truth.todos;
        long acknowledgedAdds = replicas.stream().mapToLong(r -> r.acknowledgedAdds).sum();

        for (Replica replica : replicas) {
            replica.catchUpTo(seq);
            assertThat(replica.copy.seq).as("client %d's sequence number", replica.n).isEqualTo(seq);
            assertThat(replica.copy.todos).as("client %d's copy", replica.n).isEqualTo(todos);
            assertThat(replica.copy.gapsOrRepeats).as("client %d saw every change once, in order", replica.n)
                    .isEmpty();
            assertThat(replica.acknowledgedSeqs).as("client %d's acknowledged changes", replica.n)
                    .allSatisfy(acked -> assertThat(acked).isLessThanOrEqualTo(seq));
            replica.client.close();
        }
        // The text listeners: the one whose node died reconnects to the other, as the page would; after one more
        // change, both show exactly the open todos of the list.
        assertThat(textOnDoomed.closeCodeOrReset()).as("the listener on the killed node lost its connection")
                .isIn(1006, WsClient.RESET);
        WsClient textMoved = listener(survivor, list);
        try (WsClient last = WsClient.json(survivor.ws("list=" + list))) {
            last.nextOfType("snapshot");
            last.send("{\"type\":\"add\",\"title\":\"final check\",\"ref\":\"final\"}");
            last.nextOfType("ack");
        }
        List<String> open = new ArrayList<>(todos.values().stream().filter(todo -> todo.contains("|false|"))
                .map(todo -> todo.substring(0, todo.indexOf('|'))).toList());
        open.add("final check");
        for (WsClient text : List.of(textOnSurvivor, textMoved)) {
            assertThat(text.nextMatching(m -> m.contains(" - final check\n"))).isEqualTo(listing(open));
            text.close();
        }
        for (Replica replica : replicas) {
            assertThat(replica.reconnects).as("client %d moved if its node was killed", replica.n)
                    .isEqualTo(replica.halfway != null ? 1 : 0);
        }
        // Every add was applied exactly once, those in flight when their node died included: a client that stayed on
        // the surviving node saw each one, and no title is there twice.
        Replica watcher = replicas.get(1);
        assertThat(watcher.copy.adds).isEqualTo(acknowledgedAdds);
        assertThat(replicas.stream().mapToLong(r -> r.resent).sum()
                + replicas.stream().mapToLong(r -> r.processedUnanswered).sum())
                .as("requests the killed node left unanswered").isPositive();
        List<String> titles = todos.values().stream().map(todo -> todo.substring(0, todo.indexOf('|'))).toList();
        assertThat(titles).doesNotHaveDuplicates();
    }

    /**
     * A text client that only listens. Its {@code help} is answered once the endpoint has registered it, so every
     * later change of the list reaches it; the answer is read here. (Not {@code list}: that reads the list, and so
     * would make the node hold it whatever the endpoint does for a client that only listens.)
     */
    private static WsClient listener(PayaraMicroServer node, String list) {
        WsClient client = WsClient.text(node.ws("list=" + list));
        client.send("help");
        assertThat(client.next()).isEqualTo(TextProtocol.HELP);
        return client;
    }

    /** The seed's listing of these open todos. */
    private static String listing(String... titles) {
        return listing(List.of(titles));
    }

    private static String listing(List<String> titles) {
        StringBuilder listing = new StringBuilder("Current Todos: \n");
        titles.forEach(title -> listing.append("\n - ").append(title).append('\n'));
        return listing.append(TextProtocol.SEPARATOR).toString();
    }

    private static String metrics(PayaraMicroServer node) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(node.http("metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static long syncLagCount(PayaraMicroServer node) throws Exception {
        return metrics(node).lines().filter(line -> line.startsWith("livetodo_sync_lag_seconds_count "))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1))).sum();
    }

    private CompletableFuture<PayaraMicroServer> startNode(List<String> dataSource) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                PayaraMicroServer server = PayaraMicroServer.start(Map.of("TODO_DATASOURCE", JNDI_NAME), dataSource);
                synchronized (servers) {
                    servers.add(server);
                }
                return server;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, pool);
    }

    /**
     * A JSON client with its own copy of the list, built from the snapshot and the events it receives. Closed loop:
     * one request, then every message up to its answer. When its node goes away it reconnects to the other node
     * with the epoch and the last sequence number it saw, and does not resend the request that got no answer.
     */
    private static final class Replica {
        final int n;
        final String list;
        final PayaraMicroServer fallback;
        final CountDownLatch halfway;
        final CountDownLatch killed;
        final Random random;
        final ListCopy copy = new ListCopy();
        final List<Long> acknowledgedSeqs = new ArrayList<>();
        final String clientId;
        WsClient client;
        String epoch;
        long acknowledgedAdds;
        long mutation;
        /** The last of this client's mutations processed, as the snapshot or resume said. */
        long processed;
        long resent;
        long processedUnanswered;
        int reconnects;

        Replica(int n, String list, PayaraMicroServer node, PayaraMicroServer fallback, CountDownLatch halfway,
                CountDownLatch killed) {
            this.n = n;
            this.killed = killed;
            this.list = list;
            this.fallback = fallback;
            this.halfway = halfway;
            this.random = new Random(n);
            this.clientId = "node-client-" + n + "-" + list;
            connect(node.ws("list=" + list + "&client=" + clientId));
        }

        private void connect(URI uri) {
            client = WsClient.json(uri);
            JsonObject first = client.nextJson();
            processed = first.getJsonNumber("mutation").longValue();
            if (first.getString("type").equals("snapshot")) {
                assertThat(epoch).as("a snapshot only on the first connection").isNull();
                epoch = first.getString("epoch");
                copy.reset(first);
            } else {
                assertThat(first.getString("type")).isEqualTo("resume");
                assertThat(first.getString("epoch")).isEqualTo(epoch);
                assertThat(first.getJsonNumber("since").longValue()).isEqualTo(copy.seq);
            }
        }

        void run() {
            for (int i = 0; i < OPERATIONS; i++) {
                if (i == OPERATIONS / 2 && halfway != null) {
                    halfway.countDown(); // the node is killed from here on, while this client keeps sending
                }
                if (i == OPERATIONS * 3 / 4 && halfway != null) {
                    await(killed); // so that it cannot finish before its node dies
                }
                String ref = n + "-" + i;
                boolean isAdd = copy.todos.isEmpty() || random.nextInt(10) < 4;
                String request = numbered(isAdd ? Request.add("node client " + ref).ref(ref).json()
                        : copy.randomOperation(random, ref), ++mutation);
                JsonObject reply = client.trySend(request) ? untilReplyTo(ref) : null;
                if (reply == null) {
                    reconnects++;
                    connect(fallback.ws("list=" + list + "&client=" + clientId + "&epoch=" + epoch + "&since="
                            + copy.seq));
                    if (processed < mutation) {
                        resent++; // the dead node never got to it: sent again, as an outbox would
                        reply = client.trySend(request) ? untilReplyTo(ref) : null;
                        assertThat(reply).as("the surviving node answers").isNotNull();
                    } else {
                        processedUnanswered++; // stored before the node died; its events come with the resume
                        acknowledgedAdds += isAdd ? 1 : 0;
                    }
                }
                if (reply != null && reply.getString("type").equals("ack")) {
                    acknowledgedAdds += isAdd ? 1 : 0;
                    if (reply.containsKey("seq")) {
                        acknowledgedSeqs.add(reply.getJsonNumber("seq").longValue());
                    }
                }
            }
        }

        private static String numbered(String request, long mutation) {
            return Json.createObjectBuilder(WsClient.parse(request)).add("mutation", mutation).build().toString();
        }

        private static void await(CountDownLatch latch) {
            try {
                assertThat(latch.await(120, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** The answer to ref, applying every event before it; null if the connection went away first. */
        private JsonObject untilReplyTo(String ref) {
            JsonObject reply = copy.applyUntilReplyTo(client, ref);
            if (reply != null && reply.getString("type").equals("error")) {
                // Others change and delete the same todos, on this node and the other.
                assertThat(reply.getString("code")).isIn("conflict", "not-found");
            }
            return reply;
        }

        void catchUpTo(long target) {
            while (copy.seq < target) {
                copy.apply(client.nextJson());
            }
        }
    }
}
