package io.livetodo.ops;

import io.livetodo.support.LaunchedServer;
import io.livetodo.support.PayaraMicroServer;
import io.livetodo.support.Request;
import io.livetodo.support.TomcatServer;
import io.livetodo.support.WsClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A graceful stop with the default settings, as an orchestrator does it (SIGTERM), on Payara Micro and on Tomcat:
 * ready goes DOWN first, the connections keep working through {@code todo.drain.delay}, and only then are they
 * closed with 1001 and the reason that tells clients to reconnect at once. Nothing sent meanwhile is lost.
 */
class DrainIT {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

    @Test
    void on_payara_micro_ready_goes_down_before_connections_close_and_changes_during_the_drain_are_kept()
            throws Exception {
        try (PayaraMicroServer server = PayaraMicroServer.start(Map.of())) {
            assertDrains(server);
        }
    }

    @Test
    void on_tomcat_ready_goes_down_before_connections_close_and_changes_during_the_drain_are_kept() throws Exception {
        try (TomcatServer server = TomcatServer.configure().start()) {
            assertDrains(server);
        }
    }

    private static void assertDrains(LaunchedServer server) throws Exception {
        String list = "drain-" + UUID.randomUUID().toString().substring(0, 8);
        WsClient client = WsClient.json(server.ws("list=" + list));
        client.nextOfType("snapshot");
        // The first change this node is asked for comes during the drain: everything it needs must still load
        // (Payara Micro deletes its temporary runtime folder, the unpacked WAR, as it stops).
        CompletableFuture<Long> closedAt = client.closeCode().thenApply(code -> System.nanoTime());
        CompletableFuture<Long> notReadyAt = CompletableFuture.supplyAsync(() -> firstNotReady(server));

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
        long notReady = notReadyAt.get(120, TimeUnit.SECONDS);

        // Not ready, and still serving its clients: a change now is stored and acknowledged as usual.
        assertThat(client.isOpen()).as("open while draining, not closed (%s)", client.closeReason()).isTrue();
        client.send(Request.add("sent while the node drains").ref("late").json());
        JsonObject ack = client.nextOfType("ack");
        assertThat(ack.getString("ref")).isEqualTo("late");
        assertThat(ack.getInt("changes")).isEqualTo(1);

        assertThat(client.awaitClose()).isEqualTo(1001);
        assertThat(client.closeReason()).isEqualTo("1001 server restarting: reconnect now");
        assertThat(closedAt.get()).as("closed only after ready went DOWN").isGreaterThan(notReady);
        stopping.get(120, TimeUnit.SECONDS);

        server.start();
        try (WsClient back = WsClient.json(server.ws("list=" + list))) {
            assertThat(back.nextOfType("snapshot").getJsonArray("todos").getValuesAs(JsonObject.class))
                    .extracting(todo -> todo.getString("title")).isEqualTo(List.of("sent while the node drains"));
        }
    }

    /**
     * Polls the readiness probe as Kubernetes does, with a one-second timeout, until it stops answering 200: DOWN
     * (503), no connection, or no answer in time all mean "not ready". Tomcat pauses its connector before it stops
     * the application, so there a probe made during the drain gets no answer at all.
     */
    private static long firstNotReady(LaunchedServer server) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (HealthIT.get(server, "health/ready", PROBE_TIMEOUT).statusCode() != 200) {
                    return System.nanoTime();
                }
            } catch (IOException refusedOrTimedOut) {
                return System.nanoTime();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("ready stayed UP for two minutes of stopping");
    }
}
