package io.livetodo.socket;

import io.livetodo.support.InProcessServer;
import io.livetodo.support.Request;
import io.livetodo.support.WsClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON dialect's numbered mutations, over real connections: a client that names itself ({@code ?client=}) and
 * numbers its changes gets each applied once, however often it sends it, and learns on every (re)connect which one
 * was processed last.
 */
class ExactlyOnceTest {

    private static final String CLIENT = "tab-0123456789abcdef";

    @TempDir
    Path data;
    private InProcessServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static List<String> titles(JsonObject snapshot) {
        return snapshot.getJsonArray("todos").getValuesAs(JsonObject.class).stream()
                .map(todo -> todo.getString("title")).toList();
    }

    /** As the page connects: the client id offered as a second subprotocol, not in the URL. */
    private WsClient connect(String list) {
        return server.connect("list=" + list, WsClient.JSON + ", todo.client." + CLIENT);
    }

    @Test
    void the_same_mutation_twice_on_one_connection_is_applied_once_and_the_copy_is_acknowledged_as_a_duplicate()
            throws Exception {
        server = InProcessServer.start();
        WsClient client = connect("once");
        assertThat(client.nextOfType("snapshot").getInt("mutation")).as("nothing processed yet").isZero();
        String add = Request.add("buy milk").id("milk-1").mutation(1).ref("a").json();

        client.send(add);
        JsonObject ack = client.nextOfType("ack");
        assertThat(ack.getInt("mutation")).isEqualTo(1);
        assertThat(ack.getInt("changes")).isEqualTo(1);
        assertThat(ack.containsKey("duplicate")).isFalse();
        client.send(add);
        JsonObject duplicate = client.nextOfType("ack");
        assertThat(duplicate.getBoolean("duplicate")).isTrue();
        assertThat(duplicate.getInt("changes")).isEqualTo(1);
        assertThat(duplicate.getInt("seq")).isEqualTo(ack.getInt("seq"));

        assertThat(titles(server.json("list=once").nextOfType("snapshot"))).containsExactly("buy milk");
    }

    @Test
    void after_a_reconnect_the_snapshot_names_the_last_mutation_processed_and_a_resent_one_is_a_duplicate()
            throws Exception {
        server = InProcessServer.start();
        WsClient first = connect("again");
        first.nextOfType("snapshot");
        first.send(Request.add("one").mutation(1).json());
        first.send(Request.add("two").mutation(2).json());
        first.nextOfType("ack");
        first.nextOfType("ack");
        first.abort();

        WsClient back = connect("again");
        JsonObject snapshot = back.nextOfType("snapshot");
        assertThat(snapshot.getInt("mutation")).isEqualTo(2);
        back.send(Request.add("two").mutation(2).json());
        assertThat(back.nextOfType("ack").getBoolean("duplicate")).isTrue();
        assertThat(titles(server.json("list=again").nextOfType("snapshot"))).containsExactly("one", "two");

        // A resume says it too; here with the id in the URL, as older clients and scripts give it.
        WsClient resumed = server.json("list=again&client=" + CLIENT + "&epoch=" + snapshot.getString("epoch")
                + "&since=" + snapshot.getInt("seq"));
        assertThat(resumed.nextOfType("resume").getInt("mutation")).isEqualTo(2);
    }

    /** A stranger who knew a client's id cannot push its numbers to the end of what a page can count (2^53). */
    @Test
    void a_new_client_may_start_its_numbers_anywhere_up_to_a_billion() throws Exception {
        server = InProcessServer.start();
        WsClient far = connect("far");
        far.nextOfType("snapshot");
        far.send(Request.add("too far").mutation(1_000_000_001L).ref("x").json());
        JsonObject refused = far.nextOfType("error");
        assertThat(refused.getString("code")).isEqualTo("invalid-client");
        assertThat(refused.getString("message")).contains("1000000000");
        far.send(Request.add("far enough").mutation(1_000_000_000L).ref("y").json());
        assertThat(far.nextOfType("ack").getJsonNumber("mutation").longValue()).isEqualTo(1_000_000_000L);
    }

    @Test
    void a_mutation_processed_before_a_restart_is_recognised_after_it() throws Exception {
        server = InProcessServer.start(Map.of("todo.data.dir", data.toString()));
        WsClient before = connect("restart");
        before.nextOfType("snapshot");
        before.send(Request.add("kept").mutation(1).json());
        before.nextOfType("ack");
        server.close();

        server = InProcessServer.start(Map.of("todo.data.dir", data.toString()));
        WsClient after = connect("restart");
        assertThat(after.nextOfType("snapshot").getInt("mutation")).isEqualTo(1);
        after.send(Request.add("kept").mutation(1).json());
        assertThat(after.nextOfType("ack").getBoolean("duplicate")).isTrue();
        after.send(Request.add("next").mutation(2).json());
        assertThat(after.nextOfType("ack").containsKey("duplicate")).isFalse();
    }

    @Test
    void a_refused_mutation_is_refused_again_when_resent_even_if_it_would_now_succeed() throws Exception {
        server = InProcessServer.start();
        WsClient client = connect("refused");
        client.nextOfType("snapshot");
        client.send(Request.complete("later").mutation(1).json());
        JsonObject refused = client.nextOfType("error");
        assertThat(refused.getString("code")).isEqualTo("not-found");
        assertThat(refused.getInt("mutation")).isEqualTo(1);
        client.send(Request.add("later").id("later").mutation(2).json());
        client.nextOfType("ack");

        client.send(Request.complete("later").mutation(1).json());
        JsonObject again = client.nextOfType("error");
        assertThat(again.getBoolean("duplicate")).isTrue();
        assertThat(again.getString("code")).isEqualTo("not-found");
        assertThat(again.getString("message")).isEqualTo(refused.getString("message"));
    }

    @Test
    void a_gap_is_refused_with_the_number_expected_and_the_connection_goes_on() throws Exception {
        server = InProcessServer.start();
        WsClient client = connect("gap");
        client.nextOfType("snapshot");
        client.send(Request.add("one").mutation(1).json());
        client.nextOfType("ack");
        client.send(Request.add("three").mutation(3).json());
        JsonObject gap = client.nextOfType("error");
        assertThat(gap.getString("code")).isEqualTo("mutation-gap");
        assertThat(gap.getInt("expected")).isEqualTo(2);
        assertThat(gap.getInt("mutation")).isEqualTo(3);

        client.send(Request.add("two").mutation(2).json());
        client.send(Request.add("three").mutation(3).json());
        client.nextOfType("ack");
        client.nextOfType("ack");
        assertThat(titles(server.json("list=gap").nextOfType("snapshot"))).containsExactly("one", "two", "three");
    }

    @Test
    void a_mutation_that_could_not_be_processed_yet_holds_back_the_later_ones_of_its_connection() throws Exception {
        // One message a second, two at once. Two unnumbered changes take the burst, so the client's first mutation
        // is refused as over the rate and not processed: the server knows no mutation of this client, and without
        // the hold it would take a later one as the client's first, and the refused one, sent again, as old.
        server = InProcessServer.start(Map.of("todo.rate.limit", "1", "todo.rate.burst", "2"));
        WsClient client = connect("held");
        client.nextOfType("snapshot");
        client.send(Request.add("zero a").json());
        client.send(Request.add("zero b").json());
        client.send(Request.add("one").mutation(1).json());
        client.nextOfType("ack");
        client.nextOfType("ack");
        JsonObject limited = client.nextOfType("error");
        assertThat(limited.getString("code")).isEqualTo("rate-limited");
        assertThat(limited.getInt("mutation")).isEqualTo(1);

        // Once the rate allows again, mutation 2 is not applied before 1: it waits, with the number to send first.
        JsonObject held = answerOnceAllowed(client, Request.add("two").mutation(2).json(), 2);
        assertThat(held.getString("code")).isEqualTo("mutation-gap");
        assertThat(held.getInt("expected")).isEqualTo(1);

        assertThat(answerOnceAllowed(client, Request.add("one").mutation(1).json(), 1).getString("type"))
                .isEqualTo("ack");
        assertThat(answerOnceAllowed(client, Request.add("two").mutation(2).json(), 2).getString("type"))
                .isEqualTo("ack");
        assertThat(titles(server.json("list=held").nextOfType("snapshot")))
                .containsExactly("zero a", "zero b", "one", "two");
    }

    /** Sends until the answer to the mutation is something other than "rate-limited"; returns that answer. */
    private static JsonObject answerOnceAllowed(WsClient client, String request, long mutation) {
        return org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .pollInterval(java.time.Duration.ofMillis(200)).until(() -> {
                    client.send(request);
                    return WsClient.parse(client.nextMatching(m -> m.contains("\"mutation\":" + mutation + ",")
                            || m.endsWith("\"mutation\":" + mutation + "}")));
                }, answer -> !"rate-limited".equals(answer.getString("code", null)));
    }

    @Test
    void clients_without_an_id_keep_todays_behaviour_and_cannot_number_their_changes() throws Exception {
        server = InProcessServer.start();
        WsClient plain = server.json("list=plain");
        assertThat(plain.nextOfType("snapshot").containsKey("mutation")).isFalse();
        plain.send(Request.add("numbered").mutation(1).json());
        JsonObject error = plain.nextOfType("error");
        assertThat(error.getString("code")).isEqualTo("bad-field");
        assertThat(error.getString("message")).contains("?client=");
        plain.send(Request.add("plain").json());
        assertThat(plain.nextOfType("ack").containsKey("mutation")).isFalse();
    }

    @Test
    void a_malformed_client_id_or_mutation_number_gets_a_clear_error() throws Exception {
        server = InProcessServer.start();
        WsClient badId = server.json("list=ids&client=short");
        JsonObject refused = badId.nextOfType("error");
        assertThat(refused.getString("code")).isEqualTo("invalid-client");
        assertThat(badId.awaitClose()).isEqualTo(1008);

        WsClient client = connect("ids");
        client.nextOfType("snapshot");
        for (String number : List.of("0", "-1", "1.5", "\"1\"", "9007199254740992")) {
            client.send("{\"type\":\"add\",\"title\":\"x\",\"mutation\":" + number + "}");
            assertThat(client.nextOfType("error").getString("message")).as(number).contains("'mutation'");
        }
        assertThat(titles(server.json("list=ids").nextOfType("snapshot"))).isEmpty();
    }

    @Test
    void a_deleted_todo_is_restored_with_its_id_title_and_state() throws Exception {
        server = InProcessServer.start();
        WsClient client = connect("undo");
        client.nextOfType("snapshot");
        client.send(Request.add("water the plants").id("plants").mutation(1).json());
        client.send(Request.complete("plants").mutation(2).json());
        client.send(Request.delete("plants").mutation(3).json());
        client.send(Request.restore("plants", "water the plants", true).mutation(4).json());
        client.nextOfType("deleted");
        JsonObject restored = client.nextOfType("added");
        assertThat(restored.getJsonObject("todo").getString("id")).isEqualTo("plants");
        assertThat(restored.getJsonObject("todo").getString("title")).isEqualTo("water the plants");
        assertThat(restored.getJsonObject("todo").getBoolean("completed")).isTrue();
    }
}
