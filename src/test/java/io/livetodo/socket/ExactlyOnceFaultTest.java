package io.livetodo.socket;

import io.livetodo.support.InProcessServer;
import io.livetodo.support.Request;
import io.livetodo.support.WsClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault injection: clients with an outbox (what a page keeps while it is offline) send numbered mutations while
 * their connection is cut at random points: before a send, right after one, in the middle of a burst, and after the
 * server applied everything but before the client took in a single answer. Each reconnects, learns from its
 * snapshot or resume which mutation was processed last, and sends the rest again (half of them "blindly": all that
 * was never acknowledged, leaving the duplicates to the server). Over {@value #RUNS} randomised runs every mutation is
 * applied exactly once and in each client's order, and every client ends with the server's list. The seed is in the
 * failure message; {@code -Dfaults.seed=...} replays a run.
 */
class ExactlyOnceFaultTest {

    private static final int RUNS = 1000;
    private static final int CLIENTS = 2;
    private static final int MUTATIONS = 6;

    private enum Cut { NONE, BEFORE_SEND, MID_BURST, RIGHT_AFTER_SEND, AFTER_APPLIED }

    private InProcessServer server;
    private ExecutorService pool;

    @AfterEach
    void stop() {
        pool.shutdownNow();
        server.close();
    }

    @Test
    void every_mutation_is_applied_exactly_once_and_in_order_whatever_happens_to_the_connection() throws Exception {
        server = InProcessServer.start();
        pool = Executors.newFixedThreadPool(CLIENTS);
        long seed = Long.getLong("faults.seed", System.nanoTime());
        Random seeds = new Random(seed);
        Map<Cut, Integer> cuts = new java.util.EnumMap<>(Cut.class);
        int duplicates = 0;
        for (int run = 0; run < RUNS; run++) {
            String list = "faults-" + run;
            List<OutboxClient> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(new OutboxClient(list, c, new Random(seeds.nextLong()), seeds.nextBoolean()));
            }
            List<Callable<Void>> work = clients.stream().<Callable<Void>>map(client -> () -> {
                client.sendEverything();
                return null;
            }).toList();
            for (Future<Void> done : pool.invokeAll(work)) {
                done.get(2, TimeUnit.MINUTES);
            }
            String context = "run " + run + " of seed " + seed;
            List<String> stored = titles(snapshot(list));
            for (OutboxClient client : clients) {
                assertThat(stored.stream().filter(title -> title.startsWith(client.name + ":")).toList())
                        .as("%s: %s's todos, once each and in its order", context, client.name)
                        .containsExactlyElementsOf(client.titles());
                client.catchUp();
                assertThat(client.view()).as("%s: what %s ends with", context, client.name)
                        .containsExactlyElementsOf(stored);
                client.cuts.forEach((cut, count) -> cuts.merge(cut, count, Integer::sum));
                duplicates += client.duplicates;
            }
        }
        // Every kind of cut happened, many times: the runs did what they claim.
        assertThat(cuts.keySet()).containsExactlyInAnyOrder(Cut.values());
        assertThat(cuts.values()).allSatisfy(count -> assertThat(count).isGreaterThan(RUNS / 10));
        assertThat(duplicates).as("mutations the server had to recognise as sent before").isGreaterThan(RUNS / 10);
    }

    private JsonObject snapshot(String list) {
        try (WsClient reader = WsClient.json(server.uri("list=" + list))) {
            return reader.nextOfType("snapshot");
        }
    }

    private static List<String> titles(JsonObject snapshot) {
        return snapshot.getJsonArray("todos").getValuesAs(JsonObject.class).stream()
                .map(todo -> todo.getString("title")).toList();
    }

    /** A client as a page with an outbox behaves, with a network that fails it at random. */
    private final class OutboxClient {
        final String name;
        final String list;
        final String id;
        final Random random;
        /** Trusts the snapshot's "mutation" to drop what was processed; otherwise re-sends all not acknowledged. */
        final boolean trusting;
        final TreeMap<Long, String> outbox = new TreeMap<>();
        final Map<Cut, Integer> cuts = new java.util.EnumMap<>(Cut.class);
        /** The list as this client has seen it: todo id to title, in the server's order. */
        final Map<String, String> view = new LinkedHashMap<>();
        String epoch;
        long seq = -1;
        int duplicates;

        OutboxClient(String list, int index, Random random, boolean trusting) {
            this.name = "c" + index;
            this.list = list;
            this.id = "client-" + index + "-" + list + "-0123456789";
            this.random = random;
            this.trusting = trusting;
            for (long n = 1; n <= MUTATIONS; n++) {
                // Adds with ids the server makes: a mutation applied twice would show as two todos.
                outbox.put(n, Request.add(name + ":" + n).mutation(n).json());
            }
        }

        List<String> titles() {
            List<String> titles = new ArrayList<>();
            for (long n = 1; n <= MUTATIONS; n++) {
                titles.add(name + ":" + n);
            }
            return titles;
        }

        List<String> view() {
            return List.copyOf(view.values());
        }

        void sendEverything() {
            while (!outbox.isEmpty()) {
                WsClient connection = connect();
                if (outbox.isEmpty()) { // the server had processed everything already
                    connection.close();
                    break;
                }
                Cut cut = Cut.values()[random.nextInt(Cut.values().length)];
                cuts.merge(cut, 1, Integer::sum);
                List<String> burst = List.copyOf(outbox.values());
                switch (cut) {
                    case BEFORE_SEND -> connection.abort();
                    case MID_BURST -> {
                        burst.subList(0, random.nextInt(burst.size())).forEach(connection::trySend);
                        connection.abort();
                    }
                    case RIGHT_AFTER_SEND -> {
                        burst.forEach(connection::trySend);
                        connection.abort();
                    }
                    case AFTER_APPLIED -> {
                        // Every answer arrives, and is lost with the connection before the client reads it.
                        burst.forEach(connection::trySend);
                        awaitAnswers(connection, burst.size(), false);
                        connection.abort();
                    }
                    case NONE -> {
                        burst.forEach(connection::trySend);
                        awaitAnswers(connection, burst.size(), true);
                        connection.close();
                    }
                }
            }
        }

        /** Connects (resuming from what it saw) and takes in the catch-up; drops what the server says it processed. */
        WsClient connect() {
            String query = "list=" + list + "&client=" + id + (epoch == null ? "" : "&epoch=" + epoch + "&since=" + seq);
            WsClient connection = WsClient.json(server.uri(query));
            JsonObject first = connection.nextJson();
            assertThat(first.containsKey("mutation")).as("%s's first message: %s", name, first).isTrue();
            long processed = first.getJsonNumber("mutation").longValue();
            if (first.getString("type").equals("snapshot")) {
                view.clear();
                first.getJsonArray("todos").getValuesAs(JsonObject.class)
                        .forEach(todo -> view.put(todo.getString("id"), todo.getString("title")));
                epoch = first.getString("epoch");
                seq = first.getJsonNumber("seq").longValue();
            } else {
                for (int i = 0; i < first.getInt("missed"); i++) {
                    take(connection.nextJson());
                }
            }
            if (trusting) {
                outbox.headMap(processed, true).clear();
            }
            return connection;
        }

        /** Reads until every one of {@code count} requests is answered; takes the answers in only if told. */
        void awaitAnswers(WsClient connection, int count, boolean takeIn) {
            int answered = 0;
            while (answered < count) {
                JsonObject message = connection.nextJson();
                String type = message.getString("type");
                if (type.equals("ack") || type.equals("error")) {
                    assertThat(message.getString("code", "none")).as("%s got %s", name, message)
                            .isNotEqualTo("mutation-gap");
                    answered++;
                    duplicates += message.getBoolean("duplicate", false) ? 1 : 0;
                    if (takeIn) {
                        outbox.remove(message.getJsonNumber("mutation").longValue());
                    }
                } else if (takeIn) {
                    take(message);
                }
            }
        }

        void take(JsonObject event) {
            String type = event.getString("type");
            if (type.equals("presence")) {
                return;
            }
            JsonObject todo = event.getJsonObject("todo");
            switch (type) {
                case "added", "updated" -> view.put(todo.getString("id"), todo.getString("title"));
                case "deleted" -> view.remove(todo.getString("id"));
                default -> throw new AssertionError("unexpected " + event);
            }
            seq = event.getJsonNumber("seq").longValue();
        }

        /** Once everyone is done: resumes one last time, as a page that comes back does. */
        void catchUp() {
            WsClient connection = connect();
            connection.close();
        }
    }
}
