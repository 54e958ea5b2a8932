package io.livetodo.socket;

import io.livetodo.support.InProcessServer;
import io.livetodo.support.Request;
import io.livetodo.support.WsClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A reconnecting JSON client says what it has (epoch and seq) and receives exactly what it missed. */
class ResyncTest {

    private InProcessServer server;

    @AfterEach
    void stop() {
        server.close();
    }


    @Test
    void a_reconnecting_client_receives_exactly_the_events_it_missed() throws Exception {
        server = InProcessServer.start();
        WsClient first = server.json("list=r");
        String epoch = first.nextOfType("snapshot").getString("epoch");
        first.send("{\"type\":\"add\",\"title\":\"seen\"}");
        assertThat(first.nextOfType("added").getInt("seq")).isEqualTo(1);
        first.close();

        WsClient other = server.text("list=r");
        other.send("add missed one");
        other.next();
        other.send("add missed two");
        other.next();
        other.send("done seen");
        other.next();

        WsClient back = server.json("list=r&since=1&epoch=" + epoch);
        JsonObject resume = back.nextOfType("resume");
        assertThat(resume.getInt("since")).isEqualTo(1);
        assertThat(resume.getInt("seq")).isEqualTo(4);
        assertThat(resume.getInt("missed")).isEqualTo(3);
        JsonObject e2 = back.nextJson();
        JsonObject e3 = back.nextJson();
        JsonObject e4 = back.nextJson();
        assertThat(List.of(e2.getInt("seq"), e3.getInt("seq"), e4.getInt("seq"))).containsExactly(2, 3, 4);
        assertThat(e2.getJsonObject("todo").getString("title")).isEqualTo("missed one");
        assertThat(e3.getJsonObject("todo").getString("title")).isEqualTo("missed two");
        assertThat(e4.getString("type")).isEqualTo("updated");
        assertThat(e4.getJsonObject("todo").getBoolean("completed")).isTrue();

        // Nothing twice: the next thing it hears about the list is the next change.
        other.send("add after");
        assertThat(back.nextMatching(m -> !m.contains("\"presence\""))).contains("\"seq\":5").contains("after");
    }

    @Test
    void a_client_that_missed_nothing_gets_an_empty_resume() throws Exception {
        server = InProcessServer.start();
        WsClient first = server.json("");
        JsonObject snapshot = first.nextOfType("snapshot");
        first.close();
        WsClient back = server.json("since=0&epoch=" + snapshot.getString("epoch"));
        JsonObject resume = back.nextOfType("resume");
        assertThat(resume.getInt("missed")).isZero();
        assertThat(resume.getInt("seq")).isZero();
    }

    @Test
    void a_gap_older_than_the_history_or_an_unknown_epoch_gets_a_fresh_snapshot() throws Exception {
        server = InProcessServer.start(Map.of("todo.history.size", "2"));
        WsClient first = server.json("");
        String epoch = first.nextOfType("snapshot").getString("epoch");
        first.close();
        WsClient writer = server.json("");
        writer.nextOfType("snapshot");
        for (int i = 1; i <= 5; i++) {
            writer.send(Request.add("t" + i).json());
            writer.nextOfType("ack");
        }

        JsonObject tooOld = server.json("since=1&epoch=" + epoch).nextOfType("snapshot");
        assertThat(tooOld.getInt("seq")).isEqualTo(5);
        assertThat(tooOld.getJsonArray("todos")).hasSize(5);

        JsonObject recent = server.json("since=3&epoch=" + epoch).nextOfType("resume");
        assertThat(recent.getInt("missed")).isEqualTo(2);

        JsonObject otherEpoch = server.json("since=3&epoch=somethingelse").nextOfType("snapshot");
        assertThat(otherEpoch.getInt("seq")).isEqualTo(5);

        JsonObject future = server.json("since=99&epoch=" + epoch).nextOfType("snapshot");
        assertThat(future.getInt("seq")).isEqualTo(5);
    }
}
