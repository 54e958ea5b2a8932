package io.livetodo.ops;

import io.livetodo.support.PayaraMicroServer;
import io.livetodo.support.Request;
import io.livetodo.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.livetodo.ops.HealthIT.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /metrics} on Payara Micro with its default settings, read as Prometheus reads it: promtool (Prometheus's
 * own checker) accepts the exposition and its names, and the numbers move when clients connect and change things.
 */
class MetricsIT {

    private static PayaraMicroServer server;

    @BeforeAll
    static void start() throws IOException {
        server = PayaraMicroServer.start(Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void prometheus_accepts_the_exposition_and_its_names() throws Exception {
        HttpResponse<String> response = get(server, "metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain").contains("version=0.0.4"));
        // promtool parses the text format and lints the names (units, _total on counters, HELP on each).
        Process promtool = new ProcessBuilder(System.getProperty("promtool"), "check", "metrics")
                .redirectErrorStream(true).start();
        try (OutputStream in = promtool.getOutputStream()) {
            in.write(response.body().getBytes(StandardCharsets.UTF_8));
        }
        String verdict = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(promtool.exitValue()).as("promtool check metrics: " + verdict).isZero();
        assertThat(verdict).isBlank();
    }

    @Test
    void the_numbers_move_when_clients_connect_and_change_things_and_no_list_is_named() throws Exception {
        Map<String, Double> before = scrape();
        String list = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
        try (WsClient json1 = WsClient.json(server.ws("list=" + list));
             WsClient json2 = WsClient.json(server.ws("list=" + list));
             WsClient text = WsClient.text(server.ws("list=" + list))) {
            json1.nextOfType("snapshot");
            json2.nextOfType("snapshot");
            text.send("help"); // the text dialect says nothing on open: its answer shows the session is there
            text.next();
            for (int i = 0; i < 3; i++) {
                json1.send(Request.add("counted " + i).json());
                json1.nextOfType("ack");
            }
            json2.nextMatching(m -> m.contains("counted 2"));
            Map<String, Double> during = scrape();

            assertThat(during.get("livetodo_connections{dialect=\"json\"}")
                    - before.get("livetodo_connections{dialect=\"json\"}")).isEqualTo(2);
            assertThat(during.get("livetodo_connections{dialect=\"text\"}")
                    - before.get("livetodo_connections{dialect=\"text\"}")).isEqualTo(1);
            assertThat(during.get("livetodo_lists_connected")).isGreaterThanOrEqualTo(1);
            assertThat(during.get("livetodo_lists_in_memory")).isGreaterThanOrEqualTo(1);
            assertThat(during.get("livetodo_changes_total") - before.get("livetodo_changes_total")).isEqualTo(3);
            assertThat(during.get("livetodo_commit_seconds_count") - before.get("livetodo_commit_seconds_count"))
                    .isEqualTo(3);
            assertThat(during.get("livetodo_messages_received_total{dialect=\"json\"}")
                    - before.get("livetodo_messages_received_total{dialect=\"json\"}")).isEqualTo(3);
            // Per change: an event to each JSON client, an ack to the sender, a listing to the text client.
            assertThat(during.get("livetodo_messages_sent_total{dialect=\"json\"}")
                    - before.get("livetodo_messages_sent_total{dialect=\"json\"}")).isGreaterThanOrEqualTo(9);
            assertThat(during.get("livetodo_delivery_seconds_count") - before.get("livetodo_delivery_seconds_count"))
                    .isGreaterThanOrEqualTo(9);
            assertThat(during.get("livetodo_delivery_seconds_bucket{le=\"+Inf\"}"))
                    .isEqualTo(during.get("livetodo_delivery_seconds_count"));
            assertThat(get(server, "metrics").body()).doesNotContain(list);
        }
    }

    /** Every sample of the exposition, by its name and labels as written. */
    private static Map<String, Double> scrape() throws Exception {
        Map<String, Double> samples = new HashMap<>();
        for (String line : get(server, "metrics").body().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return samples;
    }
}
