package io.livetodo.socket;

import io.livetodo.protocol.TextProtocol;
import io.livetodo.support.InProcessServer;
import io.livetodo.support.ListCopy;
import io.livetodo.support.Request;
import io.livetodo.support.WsClient;
import io.livetodo.todo.ListSnapshot;
import io.livetodo.todo.Todo;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 16 clients (12 JSON, 4 text) do 200 mixed operations each, all at once, on one list. Every JSON client applies the
 * events it receives to its own copy and checks that sequence numbers arrive without gap or repeat; at the end every
 * copy equals the store, every add that was acknowledged is there, and every text client's last listing is the
 * store's.
 */
class ConcurrentClientsTest {

    private static final int OPERATIONS = 200;

    private InProcessServer server;
    private ExecutorService pool;

    @BeforeEach
    void start() throws Exception {
        server = InProcessServer.start();
        pool = Executors.newFixedThreadPool(16);
    }

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        server.close();
    }

    @Test
    void sixteen_clients_doing_200_mixed_operations_lose_nothing_and_end_identical() throws Exception {
        List<JsonReplica> replicas = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            replicas.add(new JsonReplica(WsClient.json(server.uri("list=busy")), i));
        }
        List<WsClient> textClients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            textClients.add(WsClient.text(server.uri("list=busy")));
        }

        List<CompletableFuture<Integer>> work = new ArrayList<>();
        for (JsonReplica replica : replicas) {
            work.add(CompletableFuture.supplyAsync(replica::run, pool));
        }
        for (int i = 0; i < textClients.size(); i++) {
            WsClient client = textClients.get(i);
            int n = i;
            work.add(CompletableFuture.supplyAsync(() -> runText(client, n), pool));
        }
        int acknowledgedAdds = 0;
        for (CompletableFuture<Integer> w : work) {
            acknowledgedAdds += w.get(120, TimeUnit.SECONDS);
        }

        ListSnapshot store = server.store().snapshot("busy");
        for (JsonReplica replica : replicas) {
            replica.catchUpTo(store.seq());
            assertThat(replica.copy.seq).isEqualTo(store.seq());
            assertThat(replica.copy.todos).isEqualTo(store.todos().stream()
                    .collect(Collectors.toMap(Todo::id, JsonReplica::describe, (a, b) -> a, LinkedHashMap::new)));
            assertThat(replica.copy.gapsOrRepeats).isEmpty();
        }
        long addsSeen = replicas.get(0).copy.adds;
        assertThat(addsSeen).as("every acknowledged add was announced").isEqualTo(acknowledgedAdds);

        String expectedListing = TextProtocol.listing(store);
        for (WsClient client : textClients) {
            // Answers come in order, after every listing the fan-out queued before: the one just before the help
            // line is the reply to 'list', the list as this client ends up knowing it.
            client.send("list");
            client.send("help");
            String last = null;
            for (String message = client.next(); !message.equals(TextProtocol.HELP); message = client.next()) {
                last = message;
            }
            assertThat(last).as("a text client's last listing").isEqualTo(expectedListing);
        }
        replicas.forEach(r -> r.client.close());
        textClients.forEach(WsClient::close);
    }

    /** Text clients add and mark done; returns how many of its adds were accepted. */
    private static int runText(WsClient client, int n) {
        Random random = new Random(1000 + n);
        List<String> mine = new ArrayList<>();
        int adds = 0;
        for (int i = 0; i < OPERATIONS; i++) {
            if (mine.isEmpty() || random.nextInt(10) < 7) {
                String title = "text " + n + " item " + i;
                client.send("add " + title);
                mine.add(title);
                adds++;
            } else {
                client.send("done " + mine.remove(random.nextInt(mine.size())));
            }
        }
        return adds;
    }

    /** A JSON client that keeps its own copy of the list, built only from the events it receives. */
    private static final class JsonReplica {
        final WsClient client;
        final int n;
        final Random random;
        final ListCopy copy = new ListCopy();

        JsonReplica(WsClient client, int n) {
            this.client = client;
            this.n = n;
            this.random = new Random(n);
            copy.reset(client.nextOfType("snapshot"));
        }

        static String describe(Todo todo) {
            return ListCopy.describe(todo.title(), todo.completed(), todo.version());
        }

        /** Closed loop: one request, then every message up to its ack or error. Returns accepted adds. */
        int run() {
            int acceptedAdds = 0;
            for (int i = 0; i < OPERATIONS; i++) {
                String ref = n + "-" + i;
                boolean isAdd = copy.todos.isEmpty() || random.nextInt(10) < 4;
                client.send(isAdd ? Request.add("json " + ref).ref(ref).json()
                        : copy.randomOperation(random, ref));
                JsonObject reply = untilReplyTo(ref);
                if (isAdd && reply.getString("type").equals("ack")) {
                    acceptedAdds++;
                }
            }
            return acceptedAdds;
        }

        private JsonObject untilReplyTo(String ref) {
            while (true) {
                JsonObject message = client.nextJson();
                String type = message.getString("type");
                if ((type.equals("ack") || type.equals("error")) && ref.equals(message.getString("ref", null))) {
                    // Conflicts and not-found are expected: others change and delete the same todos.
                    if (type.equals("error")) {
                        assertThat(message.getString("code")).isIn("conflict", "not-found");
                    }
                    return message;
                }
                copy.apply(message);
            }
        }

        void catchUpTo(long target) {
            while (copy.seq < target) {
                copy.apply(client.nextJson());
            }
        }
    }
}
