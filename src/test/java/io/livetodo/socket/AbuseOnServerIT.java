package io.livetodo.socket;

import io.livetodo.support.PayaraMicroServer;
import io.livetodo.support.RawHandshake;
import io.livetodo.support.Request;
import io.livetodo.support.WsClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The abuse cases against the packaged WAR on the default server, where the container's own WebSocket implementation
 * is in play: each hostile client gets the documented answer and a bystander's list is untouched. An oversized
 * message (1009) and a foreign Origin (403) are asserted on every server by {@code deploy.DeploymentIT}.
 */
class AbuseOnServerIT {

    private static PayaraMicroServer server;

    @BeforeAll
    static void start() throws Exception {
        // 127.0.0.1 stands for a reverse proxy (the tests' clients there send no X-Forwarded-For: they count as
        // 127.0.0.1); 127.0.0.2 is a client that connects directly.
        server = PayaraMicroServer.start(Map.of("TODO_MAX_SESSIONS_PER_ADDRESS", "8", "TODO_LIST_MAX_TODOS", "50",
                "TODO_TRUSTED_PROXIES", "127.0.0.1"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void abuse_gets_the_documented_answers_and_leaves_the_list_alone() throws Exception {
        String list = "abuse-" + System.nanoTime();
        try (WsClient bystander = WsClient.json(server.ws("list=" + list))) {
            bystander.nextOfType("snapshot");
            bystander.send("{\"type\":\"add\",\"title\":\"precious\",\"ref\":\"p\"}");
            assertThat(bystander.nextOfType("ack").getInt("seq")).isEqualTo(1);

            // 10,000 messages in a burst: the first 1,000 applied, the rest refused, then 1008.
            try (WsClient flooder = WsClient.text(server.ws("list=" + list + "-flood"))) {
                for (int i = 0; i < 10_000 && flooder.trySend("list"); i++) {
                    // as fast as the socket takes them
                }
                assertThat(flooder.closeCodeOrReset()).isIn(1008, WsClient.RESET);
                org.awaitility.Awaitility.await().until(() -> server.log().contains("kept sending over the rate limit"));
            }

            // The 51st todo with todo.list.max-todos=50 (the 10,001st with the default): list-full.
            try (WsClient filler = WsClient.json(server.ws("list=" + list + "-full"))) {
                filler.nextOfType("snapshot");
                for (int i = 0; i < 50; i++) {
                    filler.send(Request.add("t" + i).ref(String.valueOf(i)).json());
                    filler.nextOfType("ack");
                }
                filler.send("{\"type\":\"add\",\"title\":\"one too many\",\"ref\":\"last\"}");
                assertThat(filler.nextOfType("error").getString("code")).isEqualTo("list-full");
            }

            // Without an Origin (a script, not a page), and with a subprotocol we do not speak: the text dialect.
            try (WsClient script = WsClient.connect(server.ws("list=" + list), "chat.v9", Map.of(), false)) {
                script.send("list");
                assertThat(script.next()).contains(" - precious");
            }

            // The bystander saw nothing but its own todo.
            bystander.send("{\"type\":\"complete\",\"id\":\"none\",\"ref\":\"probe\"}");
            JsonObject probe = bystander.nextOfType("error");
            assertThat(probe.getString("ref")).isEqualTo("probe");
        }
        try (WsClient check = WsClient.json(server.ws("list=" + list))) {
            JsonObject snapshot = check.nextOfType("snapshot");
            assertThat(snapshot.getInt("seq")).isEqualTo(1);
            assertThat(snapshot.getJsonArray("todos")).hasSize(1);
        }
    }

    @Test
    void the_per_address_limit_holds_behind_the_servlet_filter() throws Exception {
        // All clients here come from 127.0.0.1; the limit is 8, and the other test's clients have closed.
        org.awaitility.Awaitility.await().until(() -> presence() == 0);
        WsClient[] open = new WsClient[8];
        for (int i = 0; i < open.length; i++) {
            open[i] = WsClient.json(server.ws("list=address-" + i));
            open[i].nextOfType("snapshot");
        }
        try (WsClient ninth = WsClient.json(server.ws("list=address-9"))) {
            JsonObject refusal = ninth.nextOfType("error");
            assertThat(refusal.getString("code")).isEqualTo("too-many-connections");
            assertThat(refusal.getString("message")).contains("todo.max-sessions.per-address");
            assertThat(ninth.awaitClose()).isEqualTo(1008);
        } finally {
            for (WsClient client : open) {
                client.close();
            }
        }
    }

    /**
     * Behind a trusted proxy each client has its own limit, so one user cannot lock everyone out; a client that is
     * not a trusted proxy gains nothing by sending X-Forwarded-For itself.
     */
    @Test
    void behind_a_trusted_proxy_the_limit_is_per_client_and_a_forged_header_from_anyone_else_changes_nothing()
            throws Exception {
        org.awaitility.Awaitility.await().until(() -> presence() == 0);
        List<RawHandshake> open = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                open.add(admitted(null, "203.0.113.7", "forwarded-" + i));
            }
            try (RawHandshake ninth = handshake(null, "198.51.100.1, 203.0.113.7", "forwarded-9")) {
                assertThat(ninth.exchange("help").firstText()).as("the same client, through the proxy")
                        .contains("todo.max-sessions.per-address");
            }
            try (RawHandshake other = handshake(null, "203.0.113.8", "forwarded-other")) {
                assertThat(other.exchange("list").firstText()).as("another client, through the proxy")
                        .startsWith("Current Todos:");
            }

            InetAddress direct = InetAddress.getByName("127.0.0.2");
            for (int i = 0; i < 8; i++) {
                open.add(admitted(direct, "192.0.2." + i, "direct-" + i));
            }
            try (RawHandshake ninth = handshake(direct, "192.0.2.99", "direct-9")) {
                assertThat(ninth.exchange("help").firstText()).as("a forged header from a client that is no proxy")
                        .contains("todo.max-sessions.per-address");
            }
        } finally {
            for (RawHandshake handshake : open) {
                handshake.close();
            }
        }
    }

    /**
     * As {@link #handshake}, and admitted: its {@code help} is answered. The text dialect says nothing on open, and
     * the container answers 101 before the endpoint has counted the session: without the answer, the next
     * handshake could be counted first.
     */
    private static RawHandshake admitted(InetAddress local, String forwardedFor, String list) throws Exception {
        RawHandshake handshake = handshake(local, forwardedFor, list);
        assertThat(handshake.exchange("help").firstText()).as("admitted").startsWith("commands:");
        return handshake;
    }

    /** A text-dialect handshake from {@code local} (null: 127.0.0.1) that says it is for {@code forwardedFor}. */
    private static RawHandshake handshake(InetAddress local, String forwardedFor, String list) throws Exception {
        java.net.URI uri = server.ws("list=" + list);
        RawHandshake handshake = RawHandshake.open(local, server.port(), uri.getRawPath() + "?" + uri.getRawQuery(),
                List.of("Host: localhost:" + server.port(), "X-Forwarded-For: " + forwardedFor));
        assertThat(handshake.status()).isEqualTo(101);
        return handshake;
    }

    /** Connected sessions, from /status. */
    private static int presence() throws Exception {
        String status = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(HttpRequest.newBuilder(server.http("status")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        return WsClient.parse(status).getInt("sessions");
    }
}
