package io.livetodo.socket;

import io.livetodo.support.InProcessServer;
import io.livetodo.support.LogCapture;
import io.livetodo.support.WsClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The server pings every session, keeps the ones that answer, and drops the ones that went silent. */
class HeartbeatTest {

    @Test
    void the_default_ping_interval_keeps_proxies_from_cutting_idle_sockets() {
        assertThat(SocketSettings.from(io.livetodo.config.Settings.of(Map.of())).pingInterval())
                .isLessThanOrEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void a_client_that_answers_pings_stays_and_one_that_went_silent_is_dropped() throws Exception {
        try (InProcessServer server = InProcessServer.start(Map.of("todo.ping.interval", "300ms",
                "todo.idle-timeout", "1500ms"));
             LogCapture log = new LogCapture("io.livetodo");
             WsClient alive = WsClient.json(server.uri("list=hb"));
             WsClient silent = WsClient.stalled(server.uri("list=hb"), WsClient.JSON)) {
            alive.nextOfType("snapshot");
            await().until(() -> server.presence("hb") == 2);

            await().atMost(Duration.ofSeconds(30)).until(() -> server.presence("hb") == 1);
            // The one that answers outlives several more idle timeouts' worth of pings.
            int pingsSoFar = alive.pings();
            await().atMost(Duration.ofSeconds(60)).until(() -> alive.pings() >= pingsSoFar + 10);
            assertThat(alive.isOpen()).isTrue();
            assertThat(server.presence("hb")).isEqualTo(1);
            assertThat(log.messages()).anyMatch(m -> m.startsWith("WARNING") && m.contains("idle timeout: no answer to pings"));
            alive.send("{\"type\":\"add\",\"title\":\"still here\"}");
            assertThat(alive.nextOfType("added").getJsonObject("todo").getString("title")).isEqualTo("still here");
        }
    }
}
