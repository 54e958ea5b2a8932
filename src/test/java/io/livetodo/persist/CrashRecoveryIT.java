package io.livetodo.persist;

import io.livetodo.support.PayaraMicroServer;
import io.livetodo.support.PrivatePostgres;
import io.livetodo.support.Request;
import io.livetodo.support.WsClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The packaged WAR on Payara Micro with its default embedded database: what was acknowledged is never lost. */
class CrashRecoveryIT {

    @Test
    void five_hundred_acknowledged_changes_survive_kill_9() throws Exception {
        String list = "crash-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        try (PayaraMicroServer server = PayaraMicroServer.start(Map.of())) {
            Set<String> acknowledged = new HashSet<>();
            try (WsClient client = WsClient.json(server.ws("list=" + list))) {
                client.nextOfType("snapshot");
                for (int i = 0; i < 500; i++) {
                    client.send(Request.add("change " + i).ref(String.valueOf(i)).json());
                }
                for (int i = 0; i < 500; i++) {
                    JsonObject ack = client.nextOfType("ack");
                    assertThat(ack.getInt("changes")).isEqualTo(1);
                    acknowledged.add("change " + ack.getString("ref"));
                }
            }
            assertThat(acknowledged).hasSize(500);

            server.kill(); // SIGKILL: no shutdown hook, no undeploy, no close of the database
            server.start();

            try (WsClient client = WsClient.json(server.ws("list=" + list))) {
                JsonObject snapshot = client.nextOfType("snapshot");
                assertThat(snapshot.getInt("seq")).isEqualTo(500);
                Set<String> titles = new HashSet<>();
                snapshot.getJsonArray("todos").getValuesAs(JsonObject.class)
                        .forEach(todo -> titles.add(todo.getString("title")));
                assertThat(titles).isEqualTo(acknowledged);
            }
        }
    }

    @Test
    void a_data_directory_that_cannot_be_used_fails_the_deployment_with_a_message_naming_the_setting()
            throws Exception {
        Path file = Files.createTempFile("livetodo-not-a-directory", ".txt");
        assertDeploymentFails(Map.of("TODO_DATA_DIR", file.resolve("data").toString()), "todo.data.dir");
    }

    @Test
    void an_unknown_jndi_data_source_fails_the_deployment_with_a_message_naming_the_setting() throws Exception {
        assertDeploymentFails(Map.of("TODO_DATASOURCE", "java:app/jdbc/missing"), "todo.datasource");
    }

    @Test
    void a_database_that_refuses_connections_fails_the_deployment_with_a_message_naming_the_setting()
            throws Exception {
        int closedPort = PayaraMicroServer.freePort(); // nothing listens there
        String driver = PrivatePostgres.driverJar().toString();
        assertDeploymentFails(Map.of("TODO_DATASOURCE", "jdbc/unreachable"),
                PayaraMicroServer.dataSource("jdbc/unreachable", driver, "org.postgresql.ds.PGSimpleDataSource",
                        "serverName=127.0.0.1:portNumber=" + closedPort
                                + ":databaseName=todo:user=todo:password=unused"),
                "Cannot connect to the JNDI DataSource jdbc/unreachable",
                "Connection to 127.0.0.1:" + closedPort + " refused", "todo.datasource");
    }

    private static void assertDeploymentFails(Map<String, String> environment, String setting) throws Exception {
        assertDeploymentFails(environment, java.util.List.of(), setting);
    }

    private static void assertDeploymentFails(Map<String, String> environment, java.util.List<String> arguments,
                                              String... expected) throws Exception {
        PayaraMicroServer.Failed failed = PayaraMicroServer.startExpectingFailure(environment, arguments);
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> java.util.Arrays.stream(expected)
                    .allMatch(failed.log()::contains));
            HttpResponse<Void> status = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(HttpRequest.newBuilder(failed.server().http("status")).build(),
                            HttpResponse.BodyHandlers.discarding());
            assertThat(status.statusCode()).as("the application must not be running").isNotEqualTo(200);
        } finally {
            failed.server().close();
        }
    }
}
