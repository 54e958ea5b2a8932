package io.livetodo.socket;

import io.livetodo.support.InProcessServer;
import io.livetodo.support.RawHandshake;
import io.livetodo.support.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint's own Origin check (what runs where no servlet filter answered 403 first): a page from another site
 * is closed with 1008 before it can read or change anything; the page's own origin, allowed origins and clients
 * without Origin work. The 403 of the servlet filter is asserted by the deployment tests.
 */
class OriginCheckTest {

    private InProcessServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void a_foreign_origin_is_refused_and_the_own_origin_accepted() throws Exception {
        server = InProcessServer.start();
        assertRefused("http://evil.example");
        assertRefused("http://localhost:1");
        try (WsClient own = connect("http://localhost:" + server.port())) {
            own.send("list");
            assertThat(own.next()).startsWith("Current Todos:");
        }
        try (WsClient noOrigin = WsClient.text(server.uri())) {
            noOrigin.send("list");
            assertThat(noOrigin.next()).startsWith("Current Todos:");
        }
    }

    @Test
    void an_allowed_origin_from_configuration_is_accepted() throws Exception {
        server = InProcessServer.start(Map.of("todo.allowed-origins", "https://todo.example.com, http://other:8080"));
        try (WsClient allowed = connect("https://todo.example.com")) {
            allowed.send("list");
            assertThat(allowed.next()).startsWith("Current Todos:");
        }
        assertRefused("https://todo.example.com.evil.example");
    }

    /** DNS rebinding: the attacker's page is its own origin, but the Host header still names the attacker. */
    @Test
    void a_foreign_host_with_a_matching_origin_is_refused_and_the_own_names_accepted() throws Exception {
        server = InProcessServer.start();
        int port = server.port();
        RawHandshake.Answer rebound = RawHandshake.upgrade(port, "/app/todo", List.of(
                "Host: attacker.example:" + port, "Origin: http://attacker.example:" + port), "add planted");
        assertThat(rebound.closeCode()).as("rebound page").isEqualTo(1008);
        assertThat(server.store().summaries()).as("nothing stored for it").isEmpty();
        for (String own : List.of("localhost", "127.0.0.1", InetAddress.getLocalHost().getHostName())) {
            RawHandshake.Answer answer = RawHandshake.upgrade(port, "/app/todo", List.of(
                    "Host: " + own + ":" + port, "Origin: http://" + own + ":" + port), "list");
            assertThat(answer.status()).as(own).isEqualTo(101);
            assertThat(answer.firstText()).as(own).startsWith("Current Todos:");
        }
    }

    @Test
    void two_origin_headers_are_refused() throws Exception {
        server = InProcessServer.start();
        int port = server.port();
        RawHandshake.Answer answer = RawHandshake.upgrade(port, "/app/todo", List.of("Host: localhost:" + port,
                "Origin: http://localhost:" + port, "Origin: http://evil.example"), "add planted");
        assertThat(answer.closeCode()).isEqualTo(1008);
    }

    private void assertRefused(String origin) {
        var listsBefore = server.store().summaries();
        try (WsClient foreign = connect(origin)) {
            assertThat(foreign.awaitClose()).as(origin).isEqualTo(1008);
            assertThat(foreign.drain()).as("nothing reaches a refused page").isEmpty();
        }
        assertThat(server.store().summaries()).as("a refused page changes nothing").isEqualTo(listsBefore);
    }

    private WsClient connect(String origin) {
        return WsClient.connect(server.uri(), null, Map.of("Origin", origin), false);
    }
}
