package io.livetodo.socket;

import io.livetodo.support.InProcessServer;
import io.livetodo.support.Request;
import io.livetodo.support.WsClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Memory holds the lists in use, not every list ever used: visitors who each open a list, add a todo and leave are
 * never refused, however many come, and a list left alone is unloaded and comes back intact.
 */
class ListsInMemoryTest {

    private InProcessServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void three_hundred_visitors_each_on_a_list_of_their_own_are_never_refused_under_a_limit_of_fifty()
            throws Exception {
        server = InProcessServer.start(Map.of("todo.lists.max", "50", "todo.lists.idle-unload", "200ms"));
        int mostLoaded = 0;
        for (int i = 0; i < 300; i++) {
            String list = "visitor-" + i;
            try (WsClient visitor = server.json("list=" + list)) {
                visitor.nextOfType("snapshot");
                visitor.send(add("todo of visitor " + i, "v" + i));
                assertThat(visitor.nextMatching(m -> m.contains("\"ref\"")))
                        .as("visitor %d", i).contains("\"type\":\"ack\"");
            }
            await().until(() -> server.presence(list) == 0);
            mostLoaded = Math.max(mostLoaded, server.store().loadedCount());
        }
        assertThat(mostLoaded).as("lists in memory at once").isLessThanOrEqualTo(50);

        try (WsClient first = server.json("list=visitor-0")) {
            assertThat(first.nextOfType("snapshot").getJsonArray("todos").getJsonObject(0).getString("title"))
                    .isEqualTo("todo of visitor 0");
        }
    }

    /** Connecting is free: 500 clients (both dialects) on lists of their own that send nothing store nothing. */
    @Test
    void clients_that_connect_and_send_nothing_store_no_list_and_a_first_change_stores_one() throws Exception {
        server = InProcessServer.start();
        java.util.List<java.util.concurrent.CompletableFuture<WsClient>> connecting = new java.util.ArrayList<>();
        for (int i = 0; i < 500; i++) {
            connecting.add(WsClient.connectAsync(server.uri("list=idle-" + i), i % 2 == 0 ? WsClient.JSON : null,
                    Map.of(), false));
        }
        java.util.List<WsClient> clients = connecting.stream().map(java.util.concurrent.CompletableFuture::join)
                .toList();
        try {
            for (int i = 0; i < 500; i += 2) {
                clients.get(i).nextOfType("snapshot");
            }
            await().until(() -> server.store().loadedCount() == 500);
            assertThat(server.store().summaries()).as("lists stored").isEmpty();

            clients.get(0).send(add("the first change", "f"));
            clients.get(0).nextOfType("ack");
            assertThat(server.store().summaries()).extracting("list").containsExactly("idle-0");
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    @Test
    void a_list_nobody_follows_is_unloaded_and_a_client_resumes_across_the_unload_with_exactly_what_it_missed()
            throws Exception {
        server = InProcessServer.start(Map.of("todo.lists.idle-unload", "200ms"));
        String epoch;
        try (WsClient first = server.json("list=resumed")) {
            epoch = first.nextOfType("snapshot").getString("epoch");
            first.send(add("seen", "1"));
            first.nextOfType("ack");
        }
        try (WsClient other = server.text("list=resumed")) {
            other.send("add missed");
            assertThat(other.next()).contains(" - missed");
        }
        try (WsClient watcher = server.json("list=followed")) {
            watcher.nextOfType("snapshot");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !server.store().loadedSeqs().containsKey("resumed"));
            assertThat(server.store().loadedSeqs()).as("a list with a client stays").containsKey("followed");
        }

        try (WsClient back = server.json("list=resumed&epoch=" + epoch + "&since=1")) {
            JsonObject resume = back.nextOfType("resume");
            assertThat(resume.getString("epoch")).isEqualTo(epoch);
            assertThat(resume.getInt("missed")).isEqualTo(1);
            assertThat(back.nextOfType("added").getJsonObject("todo").getString("title")).isEqualTo("missed");
        }
    }

    @Test
    void a_text_client_that_only_listens_holds_its_list_in_memory() throws Exception {
        server = InProcessServer.start(Map.of("todo.lists.idle-unload", "200ms"));
        try (WsClient listener = server.text("list=listened")) {
            await().until(() -> server.presence("listened") == 1);
            assertThat(server.store().loadedSeqs()).containsKey("listened");
            server.store().unloadIdle(Duration.ZERO);
            assertThat(server.store().loadedSeqs()).containsKey("listened");
        }
    }

    private static String add(String title, String ref) {
        return Request.add(title).ref(ref).json();
    }
}
