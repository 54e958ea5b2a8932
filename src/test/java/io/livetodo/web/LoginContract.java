package io.livetodo.web;

import io.livetodo.support.LaunchedServer;
import io.livetodo.support.RawHandshake;
import io.livetodo.support.Request;
import io.livetodo.support.WsClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Login turned on (todo.auth.role) on a server whose realm holds users made as the README's recipe for that server
 * says: the page and the socket need a user in the role, health answers probes without one, and each change carries
 * its author, to every client and after a reconnect. One subclass per server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LoginContract {

    /** The users of every server's realm; each password is the name followed by "-secret". */
    static final Map<String, List<String>> USERS = Map.of("alice", List.of("todo-user"),
            "bob", List.of("todo-user", "staff"), "mallory", List.of("visitors"));
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private LaunchedServer server;

    /** Starts the server with these settings and {@link #USERS} in its realm, as the README says for it. */
    abstract LaunchedServer start(Map<String, String> settings) throws Exception;

    @BeforeAll
    void start() throws Exception {
        server = start(Map.of("TODO_AUTH_ROLE", "todo-user"));
    }

    @AfterAll
    void stop() throws IOException {
        try {
            // After every sign-in of the tests above (right, wrong, outside the role, on the page and the socket):
            // no password and no BASIC credential reached the server's log.
            String log = server.log();
            for (String user : List.of("alice", "bob", "mallory")) {
                String credentials = user + ":" + user + "-secret";
                assertThat(log).doesNotContain(user + "-secret")
                        .doesNotContain(Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
            }
        } finally {
            server.close();
        }
    }

    @Test
    void the_page_asks_for_a_login_and_admits_only_the_role() throws Exception {
        HttpResponse<String> anonymous = get("", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge ->
                assertThat(challenge).startsWith("Basic"));
        assertThat(get("", "alice:wrong").statusCode()).isEqualTo(401);
        assertThat(get("", "mallory:mallory-secret").statusCode()).as("signed in, not in the role").isEqualTo(403);
        HttpResponse<String> page = get("", "alice:alice-secret");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Live Todo</title>");
        assertThat(get("status", null).statusCode()).isEqualTo(401);
        assertThat(get("metrics", null).statusCode()).isEqualTo(401);
    }

    @Test
    void health_answers_probes_without_a_login_and_says_nothing_private() throws Exception {
        for (String probe : List.of("health", "health/live", "health/ready", "health/started")) {
            HttpResponse<String> health = get(probe, null);
            assertThat(health.statusCode()).as(probe).isEqualTo(200);
            assertThat(health.body()).as(probe).startsWith("{\"status\":\"UP\"").doesNotContain("alice");
        }
        // Only the exact health paths: nothing else is reachable by looking like them.
        assertThat(get("health/../status", null).statusCode()).isEqualTo(401);
        assertThat(get("healthz", null).statusCode()).isEqualTo(401);
    }

    @Test
    void the_socket_needs_a_user_in_the_role() {
        assertThatThrownBy(() -> connect(null)).isInstanceOf(CompletionException.class)
                .hasStackTraceContaining("status code 401");
        assertThatThrownBy(() -> connect("mallory:mallory-secret")).isInstanceOf(CompletionException.class)
                .hasStackTraceContaining("status code 403");
    }

    @Test
    void every_change_carries_its_author_to_every_client_and_after_a_reconnect() {
        String list = "authors-" + System.nanoTime();
        try (WsClient alice = connect("alice:alice-secret", list); WsClient bob = connect("bob:bob-secret", list)) {
            alice.nextOfType("snapshot");
            bob.nextOfType("snapshot");
            alice.send("{\"type\":\"add\",\"title\":\"write the report\"}");
            JsonObject added = bob.nextOfType("added");
            assertThat(added.getJsonObject("todo").getString("author")).isEqualTo("alice");
            String id = added.getJsonObject("todo").getString("id");

            bob.send(Request.complete(id).json());
            assertThat(alice.nextOfType("updated").getJsonObject("todo").getString("author")).isEqualTo("bob");
            bob.send(Request.delete(id).json());
            assertThat(alice.nextOfType("deleted").getJsonObject("todo").getString("author"))
                    .as("a deletion is credited to whoever deleted").isEqualTo("bob");
            alice.send("{\"type\":\"add\",\"title\":\"kept\"}");
            alice.nextOfType("added");
        }
        try (WsClient later = connect("bob:bob-secret", list)) {
            JsonObject snapshot = later.nextOfType("snapshot");
            assertThat(snapshot.getJsonArray("todos").getValuesAs(JsonObject.class))
                    .singleElement().satisfies(todo -> assertThat(todo.getString("author")).isEqualTo("alice"));
        }
    }

    /**
     * A client id is its first user's: another user who learnt it (from a log, say) cannot connect with it, and so
     * cannot make that user's next changes count as duplicates. The page offers it as a subprotocol, as here.
     */
    @Test
    void a_client_id_belongs_to_the_user_who_first_used_it() {
        String list = "owned-" + System.nanoTime();
        String offer = WsClient.JSON + ", todo.client.owned-by-alice-" + System.nanoTime();
        try (WsClient alice = WsClient.connect(server.ws("list=" + list), offer,
                Map.of("Authorization", basic("alice:alice-secret")), false)) {
            alice.nextOfType("snapshot");
            alice.send(Request.add("mine").mutation(1).ref("m").json());
            assertThat(alice.nextOfType("ack").getInt("mutation")).isEqualTo(1);
        }
        try (WsClient bob = WsClient.connect(server.ws("list=" + list), offer,
                Map.of("Authorization", basic("bob:bob-secret")), false)) {
            JsonObject refusal = bob.nextOfType("error");
            assertThat(refusal.getString("code")).isEqualTo("invalid-client");
            assertThat(refusal.getString("message")).contains("belongs to another user");
            assertThat(bob.awaitClose()).isEqualTo(1008);
        }
        try (WsClient aliceAgain = WsClient.connect(server.ws("list=" + list), offer,
                Map.of("Authorization", basic("alice:alice-secret")), false)) {
            assertThat(aliceAgain.nextOfType("snapshot").getInt("mutation")).isEqualTo(1);
        }
    }

    /**
     * Password guessing gets ten tries, then one every six seconds: per address (guesses for many names from one
     * address) and per name (guesses for one name from many addresses). Other addresses and users sign in as ever.
     * How many of the later guesses got through depends only on how long the loop took, which is counted, not
     * bounded.
     */
    @Test
    void failed_sign_ins_are_throttled_per_address_and_per_user_and_each_is_logged_once() throws Exception {
        int port = server.port();
        String path = server.http("status").getRawPath();
        long start = System.nanoTime();
        InetAddress guesser = InetAddress.getByName("127.0.0.2");
        List<Integer> fromOneAddress = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            fromOneAddress.add(RawHandshake.get(guesser, port, path,
                    List.of("Host: localhost:" + port, "Authorization: " + basic("guess" + i + ":wrong"))));
        }
        List<Integer> forOneUser = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            forOneUser.add(RawHandshake.get(InetAddress.getByName("127.0.1." + (i + 1)), port, path,
                    List.of("Host: localhost:" + port, "Authorization: " + basic("eve:guess-" + i))));
        }
        long refills = 1 + (System.nanoTime() - start) / java.util.concurrent.TimeUnit.SECONDS.toNanos(6);

        for (List<Integer> answers : List.of(fromOneAddress, forOneUser)) {
            assertThat(answers.subList(0, 10)).containsOnly(401);
            assertThat(answers).containsOnly(401, 429).contains(429);
            assertThat(answers.stream().filter(status -> status == 401).count()).isLessThanOrEqualTo(10 + refills);
        }
        assertThat(get("status", "alice:alice-secret").statusCode()).as("alice, elsewhere").isEqualTo(200);
        org.awaitility.Awaitility.await().until(() -> server.log().contains("sign-ins for user eve"));
        String log = server.log();
        assertThat(log.split("Throttling sign-ins for address 127.0.0.2:", -1)).as("logged once").hasSize(2);
        assertThat(log.split("Throttling sign-ins for user eve:", -1)).as("logged once").hasSize(2);
    }

    private WsClient connect(String credentials) {
        return connect(credentials, "default");
    }

    private WsClient connect(String credentials, String list) {
        return WsClient.connect(server.ws("list=" + list), WsClient.JSON,
                credentials == null ? Map.of() : Map.of("Authorization", basic(credentials)), false);
    }

    private HttpResponse<String> get(String path, String credentials) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.http(path).toString()));
        if (credentials != null) {
            request.header("Authorization", basic(credentials));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}
