package io.livetodo.socket;

import io.livetodo.support.InProcessServer;
import io.livetodo.support.LogCapture;
import io.livetodo.support.Request;
import io.livetodo.support.WsClient;
import io.livetodo.todo.Command;
import io.livetodo.todo.Todo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that stops reading costs the server a bounded number of bytes, whatever it is sent: the attack of
 * issue 29, one silent text client on a list of 1,000 todos of 500 characters (a listing of about 500 KB) and 600
 * changes, used to keep 300 MB alive. The send timeout is set out of the way (10 minutes): it would drop the client
 * anyway, and this test is about what it holds until then.
 */
class MemoryPerClientTest {

    private static final int TODOS = 1000;
    private static final long DEFAULT_BUDGET = 16L << 20;

    private InProcessServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void a_silent_text_client_holds_at_most_the_byte_budget_plus_one_listing_while_the_others_get_every_change()
            throws Exception {
        server = InProcessServer.start(Map.of("todo.send.timeout", "10m"));
        List<Todo> todos = fill("big");
        WsClient writer = server.json("list=big");
        WsClient watcher = server.json("list=big");
        WsClient reader = server.text("list=big");
        writer.nextOfType("snapshot");
        watcher.nextOfType("snapshot");
        // Warm up (JIT, the database's cache) with the same work, so that what is measured after is the client's.
        for (int i = 0; i < 300; i++) {
            toggle(writer, watcher, reader, todos.get(i), true);
        }
        server.stalled("list=big", null);
        await().until(() -> server.presence("big") == 4);
        long before = liveHeap();

        for (int i = 0; i < 600; i++) {
            toggle(writer, watcher, reader, todos.get(i), i >= 300);
        }
        long grown = liveHeap() - before;
        System.out.println("Live heap grown by one silent text client over 600 changes: " + grown + " bytes");

        long listing = 2L * TODOS * 510;
        assertThat(grown).as("live heap grown by the silent client (bytes)").isLessThan(DEFAULT_BUDGET + listing);
        assertThat(server.presence("big")).as("one listing waits for it: it is under its budget").isEqualTo(4);
    }

    @Test
    void a_silent_json_client_over_its_byte_budget_is_dropped_and_the_others_get_every_event()
            throws Exception {
        try (LogCapture log = new LogCapture("io.livetodo")) {
            // A budget below one change of a full list is raised to it: a shorter list lets a small one stand. No
            // rate limit: each "complete all" costs its author 1,000 messages' worth, and several are needed here.
            server = InProcessServer.start(Map.of("todo.send.timeout", "10m", "todo.send.queue-bytes", "2m",
                    "todo.list.max-todos", "1000", "todo.rate.limit", "off"));
            fill("big");
            WsClient writer = server.json("list=big");
            WsClient watcher = server.json("list=big");
            writer.nextOfType("snapshot");
            watcher.nextOfType("snapshot");
            server.stalled("list=big", WsClient.JSON);
            await().until(() -> server.presence("big") == 3);

            // Each "complete all" is 1,000 events of about 700 characters (1.4 MB counted), one entry of the queue.
            // The silent client's first ones go to its socket's buffers; one of the next finds its queue over 2 MiB.
            // Its author and the watcher read theirs, and stay.
            for (int round = 0; round < 40 && server.presence("big") == 3; round++) {
                writer.send(Request.completeAll(round % 2 == 0).ref("all").json());
                writer.nextOfType("ack");
                for (int i = 0; i < TODOS; i++) {
                    watcher.nextMatching(m -> m.contains("\"updated\""));
                }
            }
            // The close handshake to a client that does not read ends when the container gives up on it.
            await().atMost(Duration.ofSeconds(90)).until(() -> server.presence("big") == 2);
            assertThat(log.messages()).anyMatch(m -> m.startsWith("WARNING")
                    && m.contains("send queue over 2097152 bytes: client too slow"));
        }
    }

    /** A list of 1,000 todos, each title 500 characters that start with its number. */
    private List<Todo> fill(String list) {
        for (int i = 0; i < TODOS; i++) {
            server.store().execute(list, new Command.Add(String.format("%04d ", i) + "x".repeat(495)));
        }
        return server.store().snapshot(list).todos();
    }

    /** One change, answered to its writer and seen by the JSON watcher and (in its newest listing) the text reader. */
    private static void toggle(WsClient writer, WsClient watcher, WsClient reader, Todo todo, boolean completed) {
        writer.send(Request.complete(todo.id(), completed).json());
        writer.nextOfType("ack");
        watcher.nextMatching(m -> m.contains("\"updated\"") && m.contains(todo.id()));
        String line = " - " + todo.title().substring(0, 5);
        reader.nextMatching(m -> m.contains(line) != completed);
    }

    private static long liveHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
