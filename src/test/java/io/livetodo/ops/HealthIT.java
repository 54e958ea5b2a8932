package io.livetodo.ops;

import io.livetodo.support.LaunchedServer;
import io.livetodo.support.PayaraMicroServer;
import io.livetodo.support.PrivatePostgres;
import io.livetodo.support.Request;
import io.livetodo.support.TomcatServer;
import io.livetodo.support.WsClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The health endpoints as a balancer's or Kubernetes' probes use them: on Payara Micro with the default embedded
 * database, and on PostgreSQL through the README's recipes for Payara Micro and for Tomcat while the database goes
 * away and comes back.
 */
class HealthIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Duration OUTAGE_NOTICED = Duration.ofSeconds(60);

    @Test
    void every_probe_answers_up_in_microprofile_healths_format_with_the_default_settings() throws Exception {
        try (PayaraMicroServer server = PayaraMicroServer.start(Map.of())) {
            Map<String, List<String>> expected = Map.of(
                    "health", List.of("heartbeat", "accepting-connections", "storage", "started"),
                    "health/live", List.of("heartbeat"),
                    "health/ready", List.of("accepting-connections", "storage"),
                    "health/started", List.of("started"));
            for (Map.Entry<String, List<String>> probe : expected.entrySet()) {
                HttpResponse<String> response = get(server, probe.getKey());
                assertThat(response.statusCode()).as(probe.getKey()).isEqualTo(200);
                assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/json"));
                JsonObject body = WsClient.parse(response.body());
                assertThat(body.getString("status")).isEqualTo("UP");
                assertThat(body.getJsonArray("checks").getValuesAs(JsonObject.class))
                        .extracting(check -> check.getString("name")).containsExactlyElementsOf(probe.getValue());
                assertThat(body.getJsonArray("checks").getValuesAs(JsonObject.class))
                        .allSatisfy(check -> assertThat(check.getString("status")).isEqualTo("UP"));
            }
            assertThat(get(server, "health/other").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void on_payara_micro_ready_goes_down_while_the_database_is_away_and_up_when_it_is_back_without_a_restart()
            throws Exception {
        try (PrivatePostgres postgres = PrivatePostgres.start();
             PayaraMicroServer server = PayaraMicroServer.start(Map.of("TODO_DATASOURCE", "jdbc/livetodo"),
                     PayaraMicroServer.dataSource("jdbc/livetodo", PrivatePostgres.driverJar().toString(), "org.postgresql.ds.PGSimpleDataSource",
                             "serverName=127.0.0.1:portNumber=" + postgres.port() + ":databaseName="
                                     + postgres.createDatabase() + ":user=todo:password=unused"))) {
            assertReadyFollowsTheDatabase(server, postgres);
        }
    }

    @Test
    void on_tomcat_ready_goes_down_while_the_database_is_away_and_up_when_it_is_back_without_a_restart()
            throws Exception {
        try (PrivatePostgres postgres = PrivatePostgres.start();
             TomcatServer server = TomcatServer.configure().postgres(postgres.port(), postgres.createDatabase())
                     .start()) {
            assertReadyFollowsTheDatabase(server, postgres);
        }
    }

    private static void assertReadyFollowsTheDatabase(LaunchedServer server, PrivatePostgres postgres)
            throws Exception {
        assertThat(get(server, "health/ready").statusCode()).isEqualTo(200);
        // The driver is the server's (Payara: --addlibs, Tomcat: lib/): the node listens for other nodes' changes.
        await().atMost(OUTAGE_NOTICED).until(() -> server.log().contains("Woken by PostgreSQL notifications"));
        WsClient json = WsClient.json(server.ws("list=during-the-outage"));
        json.nextOfType("snapshot");
        WsClient text = WsClient.text(server.ws("list=during-the-outage"));

        postgres.stopServer();
        await().atMost(OUTAGE_NOTICED).pollInterval(Duration.ofMillis(250))
                .until(() -> get(server, "health/ready").statusCode() == 503);
        // Changes are refused as not stored, nothing half-applied, and the clients stay connected.
        json.send(Request.add("lost to the outage").ref("out").json());
        JsonObject refused = json.nextOfType("error");
        assertThat(refused.getString("code")).isEqualTo("storage-failed");
        assertThat(refused.getString("message")).startsWith("the change could not be stored, so nothing changed");
        text.send("add lost to the outage too");
        assertThat(text.next()).startsWith("error: the change could not be stored, so nothing changed");
        assertThat(json.isOpen() && text.isOpen()).isTrue();
        // Presence still works: a client joining the list this server holds is counted, and the others hear it.
        try (WsClient joining = WsClient.json(server.ws("list=during-the-outage"))) {
            assertThat(joining.nextOfType("snapshot").getInt("presence")).isEqualTo(3);
            json.nextMatching(message -> message.contains("\"type\":\"presence\"")
                    && WsClient.parse(message).getInt("count") == 3);
        }
        // A list this server has not read yet cannot be opened now: said so, and closed with "try again later".
        try (WsClient newcomer = WsClient.json(server.ws("list=not-read-yet"))) {
            assertThat(newcomer.nextOfType("error").getString("code")).isEqualTo("storage-failed");
            assertThat(newcomer.awaitClose()).isEqualTo(1013);
        }
        HttpResponse<String> down = get(server, "health/ready");
        assertThat(WsClient.parse(down.body()).getString("status")).isEqualTo("DOWN");
        assertThat(down.body()).contains("\"name\":\"storage\",\"status\":\"DOWN\"")
                .doesNotContain("127.0.0.1").doesNotContain("Exception");
        // A database outage is no reason to restart the node: it is alive, only not ready.
        assertThat(get(server, "health/live").statusCode()).isEqualTo(200);
        assertThat(get(server, "health").statusCode()).isEqualTo(503);

        postgres.startServer();
        await().atMost(OUTAGE_NOTICED).pollInterval(Duration.ofMillis(250))
                .until(() -> get(server, "health/ready").statusCode() == 200);
        assertThat(get(server, "health").statusCode()).isEqualTo(200);
        // Ready means it: a change is stored again, with no restart (the pool does not hand out dead connections),
        // on the connections that lived through the outage too.
        json.send(Request.add("stored after the outage").ref("back").json());
        assertThat(json.nextOfType("ack").getString("ref")).isEqualTo("back");
        json.close();
        text.close();
        try (WsClient client = WsClient.json(server.ws("list=during-the-outage"))) {
            assertThat(client.nextOfType("snapshot").getJsonArray("todos").getValuesAs(JsonObject.class))
                    .extracting(todo -> todo.getString("title")).containsExactly("stored after the outage");
        }

        // The log says so once each way, not once per probe.
        String log = server.log();
        assertThat(count(log, "Not ready: the database does not answer")).isEqualTo(1);
        assertThat(count(log, "Ready again: the database answers")).isEqualTo(1);
        // Likewise each listener for notifications (other servers' changes, presence): lost once, back once, with
        // no restart.
        for (String subject : java.util.List.of("other servers' changes", "presence on other servers")) {
            await().atMost(OUTAGE_NOTICED).until(() -> count(server.log(),
                    "PostgreSQL notifications of " + subject + " are back") == 1);
            assertThat(count(server.log(), "Lost PostgreSQL notifications of " + subject)).isEqualTo(1);
        }
    }

    private static int count(String text, String phrase) {
        Matcher matcher = Pattern.compile(Pattern.quote(phrase)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    static HttpResponse<String> get(LaunchedServer server, String path) throws IOException, InterruptedException {
        return get(server, path, Duration.ofSeconds(30));
    }

    static HttpResponse<String> get(LaunchedServer server, String path, Duration timeout)
            throws IOException, InterruptedException {
        URI uri = server.http(path);
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    }
}
