package io.livetodo.socket;

import io.livetodo.support.InProcessServer;
import io.livetodo.support.LogCapture;
import io.livetodo.support.WsClient;
import io.livetodo.todo.ListFingerprint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What an operator reads with the endpoint's logger at FINE: one line per connection opened, one per closed. */
class ConnectionLogTest {

    private static final Logger ENDPOINT = Logger.getLogger(TodoEndpoint.class.getName());

    private InProcessServer server;
    private Level before;

    @AfterEach
    void stop() {
        server.close();
        ENDPOINT.setLevel(before);
    }

    @Test
    void each_connection_is_one_line_when_opened_and_one_with_its_close_code_and_reason_when_closed() throws Exception {
        before = ENDPOINT.getLevel();
        ENDPOINT.setLevel(Level.FINE);
        server = InProcessServer.start();
        try (LogCapture log = new LogCapture(TodoEndpoint.class.getName())) {
            WsClient client = server.json("list=logged");
            client.nextOfType("snapshot");
            String named = "(" + ListFingerprint.of("logged") + ", JSON) from ";
            await().atMost(Duration.ofSeconds(30)).until(() -> log.messages().stream()
                    .anyMatch(m -> m.startsWith("FINE Opened session ") && m.contains(named)));
            client.close();
            await().atMost(Duration.ofSeconds(30)).until(() -> log.messages().stream()
                    .anyMatch(m -> m.startsWith("FINE Closed session ") && m.contains(named)
                            && m.endsWith(": 1000 bye")));
            assertThat(log.messages()).filteredOn(m -> m.contains(named)).hasSize(2)
                    .noneMatch(m -> m.contains("from null"));
            assertThat(log.messages()).as("a list's name is its key: never in the log")
                    .noneMatch(m -> m.contains("logged"));
        }
    }
}
