package io.livetodo.socket;

import io.livetodo.support.InProcessServer;
import io.livetodo.support.LogCapture;
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
            stalledClientIsDropped(Map.of("todo.send.queue", "64", "todo.send.timeout", "60s"));
            assertThat(log.messages()).anyMatch(m -> m.startsWith("WARNING") && m.contains("send queue full"));
        }
    }

    @Test
    void a_send_that_does_not_complete_within_the_send_timeout_drops_the_client() throws Exception {
        try (LogCapture log = new LogCapture("io.livetodo")) {
            stalledClientIsDropped(Map.of("todo.send.queue", "100000", "todo.send.timeout", "1s"));
            assertThat(log.messages()).anyMatch(m -> m.startsWith("WARNING") && m.contains("send timed out"));
        }
    }

    private void stalledClientIsDropped(Map<String, String> settings) throws Exception {
        server = InProcessServer.start(settings);
        // A text client gets the whole listing after every change: it falls behind fastest.
        server.stalled("list=s", null);
        WsClient watcher = server.json("list=s");
        WsClient reader = server.text("list=s");
        WsClient writer = server.json("list=s");
        watcher.nextOfType("snapshot");
        writer.nextOfType("snapshot");
        await().until(() -> server.store().summaries().size() == 1 && presence() == 4);

        String padding = "p".repeat(200);
        long worstLagNanos = 0;
        for (int i = 1; i <= 400; i++) {
            long sent = System.nanoTime();
            writer.send("{\"type\":\"add\",\"title\":\"" + i + " " + padding + "\",\"ref\":\"" + i + "\"}");
            writer.nextOfType("ack");
            // The other clients get every change promptly, whatever happens to the stalled one.
            int expected = i;
            watcher.nextMatching(m -> m.contains("\"added\"") && m.contains("\"seq\":" + expected + ","));
            reader.nextMatching(m -> m.contains(" - " + expected + " p"));
            worstLagNanos = Math.max(worstLagNanos, System.nanoTime() - sent);
        }

        await().atMost(Duration.ofSeconds(15)).until(() -> presence() == 3);
        assertThat(Duration.ofNanos(worstLagNanos)).as("slowest change to reach the others")
                .isLessThan(Duration.ofSeconds(2));
        assertThat(server.store().snapshot("s").todos()).hasSize(400);
    }

    private int presence() {
        return server.presence("s");
    }
}
