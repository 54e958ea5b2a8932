package io.livetodo.socket;

import io.livetodo.support.InProcessServer;
import io.livetodo.support.LogCapture;
import io.livetodo.support.Request;
import io.livetodo.support.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that stops reading fills its own queue and is dropped; it never holds up the writer or the other clients.
 */
class SlowConsumerTest {

    private InProcessServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void a_client_that_stops_reading_fills_its_queue_and_is_dropped_while_the_others_keep_receiving() throws Exception {
        try (LogCapture log = new LogCapture("io.livetodo")) {
            // A JSON client (a text client's waiting listing is replaced by the newer one, so its queue never
            // fills), and events of 4,000 characters: its socket's buffers take a few megabytes before the queue
            // grows at all.
            // No rate limit: the writer may need more changes than a burst allows before the buffers are full.
            server = InProcessServer.start(Map.of("todo.send.queue", "64", "todo.send.timeout", "60s",
                    "todo.title.max-length", "4000", "todo.rate.limit", "off"));
            server.stalled("list=s", WsClient.JSON);
            WsClient watcher = server.json("list=s");
            WsClient writer = server.json("list=s");
            watcher.nextOfType("snapshot");
            writer.nextOfType("snapshot");
            await().until(() -> presence() == 3);
            String padding = "p".repeat(3990);
            for (int i = 1; i <= 5000 && presence() == 3; i++) {
                writer.send(Request.add(i + " " + padding).ref(String.valueOf(i)).json());
                writer.nextOfType("ack");
                int expected = i;
                watcher.nextMatching(m -> m.contains("\"added\"") && m.contains("\"seq\":" + expected + ","));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> presence() == 2);
            assertThat(log.messages()).anyMatch(m -> m.startsWith("WARNING") && m.contains("send queue full"));
        }
    }

    @Test
    void a_send_that_does_not_complete_within_the_send_timeout_drops_the_client() throws Exception {
        try (LogCapture log = new LogCapture("io.livetodo")) {
            othersReceiveEverything(Map.of("todo.send.queue", "100000", "todo.send.timeout", "1s"));
            await().atMost(Duration.ofSeconds(30)).until(() -> presence() == 3);
            assertThat(log.messages()).anyMatch(m -> m.startsWith("WARNING") && m.contains("send timed out"));
        }
    }

    @Test
    void the_others_get_every_change_while_the_stalled_client_is_still_connected() throws Exception {
        // Neither limit is reached here: the stalled client stays connected through the whole run, so the others
        // cannot be getting their changes because it was dropped first. Nobody waits for it.
        othersReceiveEverything(Map.of("todo.send.queue", "100000", "todo.send.timeout", "10m"));
        assertThat(presence()).as("the stalled client is still there").isEqualTo(4);
    }

    /**
     * A stalled text client (it gets the whole listing after every change: it falls behind fastest), a JSON watcher
     * and a text reader on one list; a writer makes 400 changes, each of which must reach the watcher and the reader,
     * in order, before the next is made.
     */
    private void othersReceiveEverything(Map<String, String> settings) throws Exception {
        server = InProcessServer.start(settings);
        server.stalled("list=s", null);
        WsClient watcher = server.json("list=s");
        WsClient reader = server.text("list=s");
        WsClient writer = server.json("list=s");
        watcher.nextOfType("snapshot");
        writer.nextOfType("snapshot");
        await().until(() -> presence() == 4);

        String padding = "p".repeat(200);
        for (int i = 1; i <= 400; i++) {
            writer.send(Request.add(i + " " + padding).ref(String.valueOf(i)).json());
            writer.nextOfType("ack");
            int expected = i;
            watcher.nextMatching(m -> m.contains("\"added\"") && m.contains("\"seq\":" + expected + ","));
            reader.nextMatching(m -> m.contains(" - " + expected + " p"));
        }
        assertThat(server.store().snapshot("s").todos()).hasSize(400);
    }

    private int presence() {
        return server.presence("s");
    }
}
