package io.livetodo.ops;

import io.livetodo.support.ContainerImage;
import io.livetodo.support.LaunchedServer;
import io.livetodo.support.Request;
import io.livetodo.support.WsClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container image that the build makes with Jib (as a tarball, here on a Debian base made from Debian's packages,
 * since no registry is reachable), unpacked and run the way a container engine would run it: as its non-root user,
 * with its entrypoint and environment. It serves the application at the root, keeps its todos in the /data volume
 * across containers, and its health check tells ready from not.
 */
class ImageIT {

    private static ContainerImage image;

    @BeforeAll
    static void unpack() throws Exception {
        image = ContainerImage.unpack(Path.of(System.getProperty("livetodo.image")),
                Path.of("target", "container").toAbsolutePath());
    }

    @Test
    void the_image_says_how_it_runs_payara_micro_as_a_user_with_its_data_in_a_volume() {
        JsonObject config = image.config();
        assertThat(strings(config, "Entrypoint")).startsWith("java").containsSequence("-jar",
                "/opt/payara/payara-micro.jar").containsSequence("--contextroot", "/");
        assertThat(config.getString("User")).as("not root").isEqualTo("1000:1000");
        assertThat(strings(config, "Env")).contains("TODO_DATA_DIR=/data");
        assertThat(config.getJsonObject("Volumes").keySet()).containsExactly("/data");
        assertThat(config.getJsonObject("ExposedPorts").keySet()).containsExactly("8080/tcp");
    }

    @Test
    void a_container_serves_the_list_and_the_next_container_finds_it_in_the_volume() throws Exception {
        int port = LaunchedServer.freePort();
        List<String> onThisPort = List.of("--port", String.valueOf(port)); // as "docker run IMAGE --port N"
        List<String> healthcheck = List.of("/opt/livetodo/healthcheck", String.valueOf(port));
        try (ContainerImage.Container container = image.start(port, onThisPort)) {
            assertThat(image.exec(healthcheck)).as("health check of a ready node").isZero();
            try (WsClient client = WsClient.json(container.ws("list=groceries"))) {
                client.nextOfType("snapshot");
                client.send(Request.add("kept in the volume").ref("one").json());
                assertThat(client.nextOfType("ack").getString("ref")).isEqualTo("one");
            }
            assertThat(container.log()).contains("Todos are stored in the embedded H2 database in /data");
        }
        assertThat(image.exec(healthcheck)).as("health check with the node gone").isNotZero();
        Path database = image.root().resolve("data/livetodo.mv.db");
        assertThat(database).exists();
        assertThat(Files.getAttribute(database, "unix:uid")).as("written by the image's user").isEqualTo(1000);

        try (ContainerImage.Container next = image.start(port, onThisPort);
             WsClient client = WsClient.json(next.ws("list=groceries"))) {
            assertThat(client.nextOfType("snapshot").getJsonArray("todos").getValuesAs(JsonObject.class))
                    .extracting(todo -> todo.getString("title")).containsExactly("kept in the volume");
        }
    }

    private static List<String> strings(JsonObject config, String name) {
        return config.getJsonArray(name).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }
}
