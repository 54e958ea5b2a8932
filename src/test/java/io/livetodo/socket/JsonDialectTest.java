package io.livetodo.socket;

import io.livetodo.support.InProcessServer;
import io.livetodo.support.Request;
import io.livetodo.support.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON dialect: snapshot on open, one small event per change, acks and errors to the sender only. */
class JsonDialectTest {

    private InProcessServer server;

    @BeforeEach
    void start() throws Exception {
        server = InProcessServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void the_snapshot_and_a_resume_carry_the_limits_the_server_is_configured_with() throws Exception {
        server.close();
        server = InProcessServer.start(Map.of("todo.title.max-length", "80", "todo.list.max-todos", "20"));
        WsClient client = server.json("list=limits");
        JsonObject snapshot = client.nextOfType("snapshot");
        assertThat(snapshot.getJsonObject("limits")).isEqualTo(Json.createObjectBuilder()
                .add("titleMaxLength", 80).add("todosMax", 20).build());
        client.close();

        WsClient resumed = server.json("list=limits&epoch=" + snapshot.getString("epoch") + "&since=0");
        assertThat(resumed.nextOfType("resume").getJsonObject("limits")).isEqualTo(snapshot.getJsonObject("limits"));
    }

    @Test
    void opens_with_a_snapshot_then_sends_one_event_per_change_and_an_ack_to_the_sender() {
        WsClient client = server.json("list=work");
        JsonObject snapshot = client.nextOfType("snapshot");
        assertThat(snapshot.getString("list")).isEqualTo("work");
        assertThat(snapshot.getJsonNumber("seq").longValue()).isZero();
        assertThat(snapshot.getJsonArray("todos")).isEmpty();
        assertThat(snapshot.getInt("presence")).isEqualTo(1);
        assertThat(snapshot.getJsonObject("limits").getInt("titleMaxLength")).isEqualTo(500);
        assertThat(snapshot.getJsonObject("limits").getInt("todosMax")).isEqualTo(10_000);

        client.send("{\"type\":\"add\",\"title\":\"  write report  \",\"ref\":\"r1\"}");
        JsonObject added = client.nextOfType("added");
        assertThat(added.getJsonNumber("seq").longValue()).isEqualTo(1);
        JsonObject todo = added.getJsonObject("todo");
        assertThat(todo.getString("title")).isEqualTo("write report");
        assertThat(todo.getBoolean("completed")).isFalse();
        assertThat(todo.getJsonNumber("version").longValue()).isEqualTo(1);
        assertThat(todo.getString("created")).isNotBlank();
        assertThat(added.keySet()).containsExactlyInAnyOrder("type", "seq", "todo");

        JsonObject ack = client.nextOfType("ack");
        assertThat(ack.getString("ref")).isEqualTo("r1");
        assertThat(ack.getJsonNumber("seq").longValue()).isEqualTo(1);

        String id = todo.getString("id");
        client.send(Request.complete(id).ref("r2").json());
        JsonObject updated = client.nextOfType("updated");
        assertThat(updated.getJsonNumber("seq").longValue()).isEqualTo(2);
        assertThat(updated.getJsonObject("todo").getBoolean("completed")).isTrue();
        assertThat(updated.getJsonObject("todo").getJsonNumber("version").longValue()).isEqualTo(2);
        assertThat(client.nextOfType("ack").getString("ref")).isEqualTo("r2");

        client.send(Request.complete(id, false).json());
        assertThat(client.nextOfType("updated").getJsonObject("todo").getBoolean("completed")).isFalse();
        client.send(Request.rename(id, "write the report", 3).json());
        assertThat(client.nextOfType("updated").getJsonObject("todo").getString("title"))
                .isEqualTo("write the report");
        client.send(Request.delete(id).json());
        JsonObject deleted = client.nextOfType("deleted");
        assertThat(deleted.getJsonNumber("seq").longValue()).isEqualTo(5);
        assertThat(deleted.getJsonObject("todo").getString("id")).isEqualTo(id);
    }

    @Test
    void a_change_reaches_three_json_clients_and_three_text_clients_whichever_dialect_made_it() {
        List<WsClient> jsonClients = List.of(server.json("list=team"), server.json("list=team"), server.json("list=team"));
        List<WsClient> textClients = List.of(server.text("list=team"), server.text("list=team"), server.text("list=team"));
        jsonClients.forEach(c -> c.nextOfType("snapshot"));
        // A text client gets nothing on open; its answer to 'help' shows that it is registered for the changes.
        textClients.forEach(c -> {
            c.send("help");
            assertThat(c.next()).isEqualTo(io.livetodo.protocol.TextProtocol.HELP);
        });

        textClients.get(0).send("add from text");
        for (WsClient c : jsonClients) {
            assertThat(c.nextOfType("added").getJsonObject("todo").getString("title")).isEqualTo("from text");
        }
        for (WsClient c : textClients) {
            assertThat(c.next()).isEqualTo("Current Todos: \n\n - from text\n\n----------------------------------------");
        }

        jsonClients.get(1).send("{\"type\":\"add\",\"title\":\"from json\"}");
        for (WsClient c : jsonClients) {
            assertThat(c.nextOfType("added").getJsonObject("todo").getString("title")).isEqualTo("from json");
        }
        for (WsClient c : textClients) {
            assertThat(c.next()).isEqualTo("Current Todos: \n\n - from text\n\n - from json\n\n"
                    + "----------------------------------------");
        }

        textClients.get(2).send("done from text");
        for (WsClient c : jsonClients) {
            JsonObject updated = c.nextOfType("updated");
            assertThat(updated.getJsonObject("todo").getString("title")).isEqualTo("from text");
            assertThat(updated.getJsonObject("todo").getBoolean("completed")).isTrue();
        }
    }

    @Test
    void bad_messages_get_an_error_with_ref_and_code_and_the_connection_keeps_working() {
        WsClient client = server.json("");
        client.nextOfType("snapshot");
        assertError(client, "{not json", null, "bad-json");
        assertError(client, "[1,2]", null, "bad-json");
        assertError(client, "{\"ref\":\"a\"}", "a", "missing-field");
        assertError(client, "{\"type\":\"fly\",\"ref\":\"b\"}", "b", "unknown-type");
        assertError(client, "{\"type\":\"add\",\"ref\":\"c\"}", "c", "missing-field");
        assertError(client, "{\"type\":\"add\",\"title\":42,\"ref\":\"d\"}", "d", "bad-field");
        assertError(client, "{\"type\":\"add\",\"title\":\"\",\"ref\":\"e\"}", "e", "invalid-title");
        assertError(client, "{\"type\":\"complete\",\"id\":\"nope\",\"ref\":\"f\"}", "f", "not-found");
        assertError(client, "{\"type\":\"complete\",\"id\":\"nope\",\"completed\":\"yes\",\"ref\":\"g\"}", "g",
                "bad-field");
        assertError(client, "{\"type\":\"rename\",\"id\":\"x\",\"title\":\"t\",\"version\":1e999999,\"ref\":\"h\"}",
                "h", "bad-field");
        assertError(client, "{\"type\":\"add\",\"title\":\"x\",\"ref\":17}", null, "bad-field");

        client.send("{\"type\":\"add\",\"title\":\"still fine\",\"ref\":\"ok\"}");
        assertThat(client.nextOfType("added").getJsonObject("todo").getString("title")).isEqualTo("still fine");
        assertThat(client.nextOfType("ack").getString("ref")).isEqualTo("ok");
        assertThat(server.store().snapshot("default").todos()).hasSize(1);
    }

    @Test
    void a_rename_of_a_stale_version_is_a_conflict_carrying_the_current_todo() {
        WsClient a = server.json("");
        WsClient b = server.json("");
        a.nextOfType("snapshot");
        b.nextOfType("snapshot");
        a.send("{\"type\":\"add\",\"title\":\"draft\"}");
        String id = a.nextOfType("added").getJsonObject("todo").getString("id");
        b.nextOfType("added");

        a.send(Request.rename(id, "final", 1).json());
        a.nextOfType("updated");
        b.send(Request.rename(id, "other", 1).ref("stale").json());
        JsonObject error = b.nextOfType("error");
        assertThat(error.getString("code")).isEqualTo("conflict");
        assertThat(error.getString("ref")).isEqualTo("stale");
        assertThat(error.getJsonObject("todo").getString("title")).isEqualTo("final");
        assertThat(error.getJsonObject("todo").getJsonNumber("version").longValue()).isEqualTo(2);
        assertThat(server.store().snapshot("default").todos().get(0).title()).isEqualTo("final");
    }

    @Test
    void errors_go_to_the_sender_only() {
        WsClient sender = server.json("");
        WsClient other = server.json("");
        sender.nextOfType("snapshot");
        other.nextOfType("snapshot");
        sender.send("{\"type\":\"nonsense\"}");
        sender.nextOfType("error");
        sender.send("{\"type\":\"add\",\"title\":\"marker\"}");
        // The other client's next list event is the marker: no error reached it before.
        assertThat(other.nextMatching(m -> !m.contains("\"presence\"")))
                .contains("\"added\"").contains("marker");
    }

    @Test
    void presence_counts_the_clients_of_the_list_in_both_dialects() {
        WsClient first = server.json("list=p");
        assertThat(first.nextOfType("snapshot").getInt("presence")).isEqualTo(1);
        WsClient textClient = server.text("list=p");
        assertThat(first.nextOfType("presence").getInt("count")).isEqualTo(2);
        WsClient second = server.json("list=p");
        assertThat(second.nextOfType("snapshot").getInt("presence")).isEqualTo(3);
        assertThat(first.nextOfType("presence").getInt("count")).isEqualTo(3);
        textClient.close();
        assertThat(first.nextOfType("presence").getInt("count")).isEqualTo(2);
        assertThat(second.nextOfType("presence").getInt("count")).isEqualTo(2);
    }

    @Test
    void an_invalid_list_name_is_refused_with_an_error_and_close_1008() {
        WsClient client = server.json("list=Not%20Valid!");
        JsonObject error = client.nextOfType("error");
        assertThat(error.getString("code")).isEqualTo("invalid-list");
        assertThat(error.getString("message")).contains("a-z, 0-9");
        assertThat(client.awaitClose()).isEqualTo(1008);

        WsClient textClient = server.text("list=" + "x".repeat(65));
        assertThat(textClient.next()).startsWith("error: invalid list name");
        assertThat(textClient.awaitClose()).isEqualTo(1008);
    }

    @Test
    void undeploy_closes_every_session_with_1001() {
        WsClient a = server.json("");
        WsClient b = server.text("");
        a.nextOfType("snapshot");
        b.send("list");
        b.next();
        server.close();
        assertThat(a.awaitClose()).isEqualTo(1001);
        assertThat(b.awaitClose()).isEqualTo(1001);
        // Stopping the application joins its threads: none is left once it has stopped.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(Thread.getAllStackTraces().keySet()).as("threads of ours after undeploy")
                        .noneMatch(t -> t.isAlive() && t.getName().startsWith("livetodo-")));
    }

    @Test
    void broken_unicode_in_a_quoted_type_or_a_ref_is_answered_and_the_connection_goes_on() {
        WsClient client = server.json("");
        client.nextOfType("snapshot");
        client.send("{\"type\":\"\\ud800\",\"ref\":\"t\"}");
        JsonObject unknown = client.nextOfType("error");
        assertThat(unknown.getString("code")).isEqualTo("unknown-type");
        assertThat(unknown.getString("message")).startsWith("unknown message type '?'");
        client.send("{\"type\":\"add\",\"title\":\"x\",\"ref\":\"\\udc00\"}");
        assertThat(client.nextOfType("error").getString("code")).isEqualTo("bad-field");
        client.send("{\"type\":\"add\",\"title\":\"still here\",\"ref\":\"ok\"}");
        assertThat(client.nextOfType("ack").getString("ref")).isEqualTo("ok");
    }

    private static void assertError(WsClient client, String message, String ref, String code) {
        client.send(message);
        JsonObject error = client.nextOfType("error");
        assertThat(error.getString("code")).as(message).isEqualTo(code);
        assertThat(error.getString("message")).as(message).isNotBlank().doesNotContain("Exception");
        if (ref == null) {
            assertThat(error.containsKey("ref")).as(message).isFalse();
        } else {
            assertThat(error.getString("ref")).as(message).isEqualTo(ref);
        }
    }
}
