package io.livetodo.deploy;

import io.livetodo.support.RawHandshake;
import io.livetodo.support.Request;
import io.livetodo.support.WsClient;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The WAR that {@code package} produced, deployed on each server of the matrix (Payara Micro, WildFly, Tomcat):
 * what an operator deploys is what is tested.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DeploymentIT {

    @ArquillianResource
    private URL deployed;

    @Deployment(testable = false)
    static WebArchive war() {
        return PackagedWar.load();
    }

    /** The adapter reports the machine's outward address; the tests stay on loopback. */
    private URI http(String path) {
        return URI.create("http://localhost:" + deployed.getPort() + deployed.getPath() + path);
    }

    private URI ws(String query) {
        return URI.create("ws://localhost:" + deployed.getPort() + deployed.getPath() + "todo"
                + (query.isEmpty() ? "" : "?" + query));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(http(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void serves_the_page_its_script_and_style_with_security_headers() throws Exception {
        HttpResponse<String> page = get("");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<script src=\"app.js\" defer></script>").contains("id=\"new-todo\"");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("script-src 'self'").contains("connect-src 'self'")
                        .doesNotContain("unsafe-inline"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).isPresent();

        HttpResponse<String> script = get("app.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .contains("javascript"));
        assertThat(script.body()).contains("protocolsFor").doesNotContain("innerHTML =")
                .doesNotContain("&client=");
        assertThat(get("outbox.js").body()).contains("todo.v1+json");
        assertThat(get("app.css").statusCode()).isEqualTo(200);
    }

    /**
     * Browsers offer permessage-deflate on every connection; a server that took it would compress each message once
     * per client (Tomcat takes it unless the application declines).
     */
    @Test
    void a_browsers_offer_to_compress_is_declined_by_default() throws Exception {
        try (Socket socket = new Socket("localhost", deployed.getPort())) {
            socket.setSoTimeout(30_000);
            String request = "GET " + deployed.getPath() + "todo?list=deflate-" + UUID.randomUUID() + " HTTP/1.1\r\n"
                    + "Host: localhost:" + deployed.getPort() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            BufferedReader response = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            assertThat(response.readLine()).startsWith("HTTP/1.1 101");
            List<String> headers = new ArrayList<>();
            for (String line = response.readLine(); line != null && !line.isEmpty(); line = response.readLine()) {
                headers.add(line.toLowerCase(Locale.ROOT));
            }
            assertThat(headers).contains("upgrade: websocket").noneMatch(h -> h.startsWith("sec-websocket-extensions"));
        }
    }

    @Test
    void both_dialects_work_and_a_change_reaches_the_other_clients() {
        String list = "it-" + UUID.randomUUID().toString().substring(0, 8);
        try (WsClient json = WsClient.json(ws("list=" + list));
             WsClient text = WsClient.text(ws("list=" + list));
             WsClient second = WsClient.json(ws("list=" + list))) {
            json.nextOfType("snapshot");
            second.nextOfType("snapshot");

            text.send("add buy milk");
            assertThat(text.next()).isEqualTo("Current Todos: \n\n - buy milk\n\n----------------------------------------");
            assertThat(json.nextOfType("added").getJsonObject("todo").getString("title")).isEqualTo("buy milk");
            assertThat(second.nextOfType("added").getJsonObject("todo").getString("title")).isEqualTo("buy milk");

            json.send("{\"type\":\"add\",\"title\":\"from json\",\"ref\":\"1\"}");
            assertThat(second.nextOfType("added").getJsonObject("todo").getString("title")).isEqualTo("from json");
            assertThat(text.next()).contains(" - buy milk\n").contains(" - from json\n");
            assertThat(json.nextOfType("ack").getString("ref")).isEqualTo("1");

            text.send("nonsense");
            assertThat(text.next()).startsWith("error: unknown command");
        }
    }

    @Test
    void a_message_over_16_kib_closes_with_1009_and_changes_nothing() {
        String list = "big-" + UUID.randomUUID().toString().substring(0, 8);
        try (WsClient client = WsClient.json(ws("list=" + list)); WsClient watcher = WsClient.json(ws("list=" + list))) {
            client.nextOfType("snapshot");
            watcher.nextOfType("snapshot");
            client.send(Request.add("x".repeat(17 * 1024)).json());
            assertThat(client.awaitClose()).isEqualTo(1009);
            watcher.send("{\"type\":\"add\",\"title\":\"small\"}");
            JsonObject added = watcher.nextOfType("added");
            assertThat(added.getInt("seq")).as("the oversized message changed nothing").isEqualTo(1);
        }
    }

    @Test
    void a_foreign_origin_is_refused_with_403_and_the_own_origin_accepted() {
        Throwable refused = catchThrowable(() ->
                WsClient.connect(ws(""), null, Map.of("Origin", "http://evil.example"), false));
        assertThat(refused).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(WebSocketHandshakeException.class);
        assertThat(((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode()).isEqualTo(403);

        try (WsClient own = WsClient.connect(ws(""), null,
                Map.of("Origin", "http://localhost:" + deployed.getPort()), false)) {
            own.send("list");
            assertThat(own.next()).startsWith("Current Todos:");
        }
    }

    /**
     * DNS rebinding: the attacker's page is its own origin (same name, same port), so only the Host header gives it
     * away. The names README command 1 prints and loopback still work.
     */
    @Test
    void a_foreign_host_with_a_matching_origin_gets_403_for_the_socket_and_the_page() throws Exception {
        int port = deployed.getPort();
        String todo = deployed.getPath() + "todo";
        String rebound = "attacker.example:" + port;
        assertThat(RawHandshake.upgrade(port, todo, List.of("Host: " + rebound,
                "Origin: http://" + rebound), "add planted").status()).as("handshake").isEqualTo(403);
        assertThat(RawHandshake.get(port, deployed.getPath(), List.of("Host: " + rebound))).as("page").isEqualTo(403);
        assertThat(RawHandshake.get(port, deployed.getPath() + "status", List.of("Host: " + rebound)))
                .as("status").isEqualTo(403);

        for (String own : List.of("localhost", "127.0.0.1", InetAddress.getLocalHost().getHostName(),
                deployed.getHost())) {
            String host = own + ":" + port;
            assertThat(RawHandshake.get(port, deployed.getPath(), List.of("Host: " + host))).as(own).isEqualTo(200);
            RawHandshake.Answer answer = RawHandshake.upgrade(port, todo, List.of("Host: " + host,
                    "Origin: http://" + host), "list");
            assertThat(answer.status()).as(own).isEqualTo(101);
            assertThat(answer.firstText()).as(own).startsWith("Current Todos:");
        }
    }

    @Test
    void a_handshake_with_two_origin_headers_gets_403() throws Exception {
        int port = deployed.getPort();
        assertThat(RawHandshake.upgrade(port, deployed.getPath() + "todo", List.of("Host: localhost:" + port,
                "Origin: http://localhost:" + port, "Origin: http://evil.example"), "add planted").status())
                .isEqualTo(403);
    }

    @Test
    void status_reports_totals_uptime_and_version_but_no_list_name() throws Exception {
        String list = "status-" + UUID.randomUUID().toString().substring(0, 8);
        try (WsClient client = WsClient.json(ws("list=" + list))) {
            JsonObject snapshot = client.nextOfType("snapshot");
            client.send("{\"type\":\"add\",\"title\":\"counted\"}");
            client.nextOfType("ack");

            HttpResponse<String> response = get("status");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t ->
                    assertThat(t).startsWith("application/json"));
            JsonObject status = WsClient.parse(response.body());
            assertThat(status.getString("status")).isEqualTo("up");
            assertThat(status.getString("version")).isNotBlank().isNotEqualTo("unknown");
            assertThat(status.getJsonNumber("uptimeSeconds").longValue()).isNotNegative();
            assertThat(status.getInt("sessions")).isPositive();
            assertThat(status.getInt("lists")).isPositive();
            assertThat(status.getInt("listsInMemory")).isPositive();
            assertThat(status.getInt("todos")).isPositive();
            assertThat(status.getInt("openTodos")).isPositive();
            // A list's name is what keeps it private: anyone may ask /status.
            assertThat(response.body()).doesNotContain(list).doesNotContain(snapshot.getString("epoch"));
        }
    }

    @Test
    void health_and_metrics_answer_and_give_away_no_list_name() throws Exception {
        String list = "health-" + UUID.randomUUID().toString().substring(0, 8);
        try (WsClient client = WsClient.json(ws("list=" + list))) {
            JsonObject snapshot = client.nextOfType("snapshot");
            for (String probe : List.of("health", "health/live", "health/ready", "health/started")) {
                HttpResponse<String> response = get(probe);
                assertThat(response.statusCode()).as(probe).isEqualTo(200);
                JsonObject health = WsClient.parse(response.body());
                assertThat(health.getString("status")).as(probe).isEqualTo("UP");
                assertThat(health.getJsonArray("checks")).as(probe).isNotEmpty();
                assertThat(response.body()).doesNotContain(list).doesNotContain(snapshot.getString("epoch"));
            }
            HttpResponse<String> metrics = get("metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("\nlivetodo_connections{dialect=\"json\"} ")
                    .doesNotContain(list).doesNotContain(snapshot.getString("epoch"));
        }
    }

    /**
     * The H2 that stores the todos on this server is the one the tests run (and the WAR carries): Payara has an
     * older one of its own, which won before WEB-INF/glassfish-web.xml, and a database file should not be written
     * by different H2 versions on different servers.
     */
    @Test
    void the_embedded_database_is_the_h2_the_tests_run() throws Exception {
        String expected;
        try (java.sql.Connection h2 = new org.h2.Driver().connect("jdbc:h2:mem:version", new java.util.Properties())) {
            expected = "H2 " + h2.getMetaData().getDatabaseProductVersion();
        }
        assertThat(get("metrics").body()).contains("\nlivetodo_database_info{database=\"" + expected + "\"} 1\n");
    }
}
