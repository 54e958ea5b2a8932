package io.livetodo.protocol;

import io.livetodo.support.Request;
import io.livetodo.todo.Change;
import io.livetodo.todo.Command;
import io.livetodo.todo.Todo;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonProtocolTest {

    private final JsonProtocol json = new JsonProtocol();

    @Test
    void decodes_every_message_type() {
        assertThat(json.decode("{\"type\":\"add\",\"title\":\"x\",\"ref\":\"1\"}"))
                .isEqualTo(new JsonProtocol.Request("1", new Command.Add("x")));
        assertThat(json.decode("{\"type\":\"complete\",\"id\":\"a\"}").command())
                .isEqualTo(new Command.SetCompleted("a", true));
        assertThat(json.decode("{\"type\":\"complete\",\"id\":\"a\",\"completed\":false}").command())
                .isEqualTo(new Command.SetCompleted("a", false));
        assertThat(json.decode("{\"type\":\"complete-all\",\"completed\":false}").command())
                .isEqualTo(new Command.SetAllCompleted(false));
        assertThat(json.decode("{\"type\":\"rename\",\"id\":\"a\",\"title\":\"t\",\"version\":7}").command())
                .isEqualTo(new Command.Rename("a", "t", 7L));
        assertThat(json.decode("{\"type\":\"rename\",\"id\":\"a\",\"title\":\"t\"}").command())
                .isEqualTo(new Command.Rename("a", "t", null));
        assertThat(json.decode("{\"type\":\"delete\",\"id\":\"a\"}").command()).isEqualTo(new Command.Delete("a"));
        assertThat(json.decode("{\"type\":\"clear-completed\"}").command()).isEqualTo(new Command.ClearCompleted());
        assertThat(json.decode("{\"type\":\"done\",\"title\":\"t\"}").command())
                .isEqualTo(new Command.DoneByTitle("t"));
    }

    @Test
    void bad_messages_are_protocol_errors_with_a_stable_code_and_the_ref_when_readable() {
        assertCode("", "bad-json", null);
        assertCode("{", "bad-json", null);
        assertCode("{} trailing", "bad-json", null);
        assertCode("\"just a string\"", "bad-json", null);
        assertCode("null", "bad-json", null);
        assertCode("[" .repeat(5000) + "]".repeat(5000), "bad-json", null);
        assertCode("{\"ref\":\"r\"}", "missing-field", "r");
        assertCode("{\"type\":7,\"ref\":\"r\"}", "missing-field", "r");
        assertCode("{\"type\":\"jump\",\"ref\":\"r\"}", "unknown-type", "r");
        assertCode("{\"type\":\"add\",\"ref\":\"r\"}", "missing-field", "r");
        assertCode("{\"type\":\"add\",\"title\":null,\"ref\":\"r\"}", "missing-field", "r");
        assertCode("{\"type\":\"add\",\"title\":[],\"ref\":\"r\"}", "bad-field", "r");
        assertCode("{\"type\":\"rename\",\"id\":\"a\",\"title\":\"t\",\"version\":1.5,\"ref\":\"r\"}", "bad-field", "r");
        assertCode("{\"type\":\"rename\",\"id\":\"a\",\"title\":\"t\",\"version\":99999999999999999999999}",
                "bad-field", null);
        assertCode("{\"type\":\"rename\",\"id\":\"a\",\"title\":\"t\",\"version\":1e400000000}", "bad-field", null);
        assertCode(Request.add("t").ref("r".repeat(101)).json(), "bad-field", null);
        assertCode("{\"type\":\"add\",\"title\":\"t\",\"ref\":{}}", "bad-field", null);
        // JSON-P alone keeps the last of two equal keys: this would be a delete.
        assertCode("{\"type\":\"add\",\"title\":\"t\",\"id\":\"a\",\"type\":\"delete\"}", "bad-json", null);
        assertCode("{\"type\":\"add\",\"title\":\"t\",\"title\":\"t\"}", "bad-json", null);
    }

    @Test
    void an_event_carries_type_seq_and_the_todo_only() {
        Todo todo = new Todo("id1", "t <b>", true, Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-02T00:00:00Z"), 3, null);
        JsonObject event = parse(json.event(new Change(42, Change.Kind.UPDATED, todo)));
        assertThat(event.getString("type")).isEqualTo("updated");
        assertThat(event.getInt("seq")).isEqualTo(42);
        assertThat(event.getJsonObject("todo").getString("title")).isEqualTo("t <b>");
        assertThat(event.getJsonObject("todo").getString("updated")).isEqualTo("2026-01-02T00:00:00Z");
        assertThat(event.keySet()).containsExactlyInAnyOrder("type", "seq", "todo");
        assertThat(parse(json.ack("r", List.of())).containsKey("seq")).isFalse();
    }

    @Test
    void a_key_given_twice_is_named_in_the_error() {
        assertThatThrownBy(() -> json.decode("{\"type\":\"add\",\"title\":\"a\",\"title\":\"b\"}"))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("'title' appears twice");
        assertThat(json.decode("{\"type\":\"add\",\"title\":\"a\",\"x\":{\"k\":1,\"j\":[1,{}]}}").command())
                .as("nested values still decode").isEqualTo(new Command.Add("a"));
    }

    private void assertCode(String message, String code, String ref) {
        assertThatThrownBy(() -> json.decode(message)).as(message)
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.code()).as(message).isEqualTo(code);
                    assertThat(e.ref()).as(message).isEqualTo(ref);
                    assertThat(e.getMessage()).as(message).isNotBlank();
                });
    }

    private static JsonObject parse(String s) {
        return Json.createReader(new StringReader(s)).readObject();
    }
}
