package io.livetodo.socket;

import io.livetodo.support.InProcessServer;
import io.livetodo.support.WsClient;
import jakarta.json.JsonObject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Arbitrary messages through a real connection: each gets exactly one answer, the connection stays open, and the
 * list changes exactly as much as the answer says (an ack's change count; nothing on an error).
 */
class EndpointFuzzTest {

    private static InProcessServer server;
    private static WsClient json;
    private static WsClient text;
    private static final AtomicInteger sentinels = new AtomicInteger();

    @BeforeContainer
    static void start() throws Exception {
        server = InProcessServer.start(Map.of("todo.rate.limit", "off"));
        json = server.json("list=fuzz-json");
        json.nextOfType("snapshot");
        text = server.text("list=fuzz-text");
    }

    @AfterContainer
    static void stop() {
        server.close();
    }

    @Property(tries = 300)
    void every_json_message_gets_one_answer_and_changes_only_what_it_acknowledges(
            @ForAll("messages") String message) {
        long before = server.store().snapshot("fuzz-json").seq();
        json.send(message);
        String sentinel = "sentinel-" + sentinels.incrementAndGet();
        json.send("{\"type\":\"complete\",\"id\":\"no-such-todo\",\"ref\":\"" + sentinel + "\"}");
        List<JsonObject> answers = new ArrayList<>();
        while (true) {
            JsonObject next = json.nextJson();
            String type = next.getString("type");
            if (sentinel.equals(next.getString("ref", null))) {
                assertThat(type).isEqualTo("error");
                break;
            }
            if (type.equals("ack") || type.equals("error")) {
                answers.add(next);
            }
        }
        assertThat(answers).as("answers to %s", message).hasSize(1);
        JsonObject answer = answers.get(0);
        long changed = server.store().snapshot("fuzz-json").seq() - before;
        assertThat(changed).isEqualTo(answer.getString("type").equals("ack") ? answer.getInt("changes") : 0);
        if (answer.getString("type").equals("error")) {
            assertThat(answer.getString("message")).doesNotContain("Exception").doesNotContain("io.livetodo")
                    .doesNotContain("SQL");
        }
    }

    @Property(tries = 300)
    void every_text_message_gets_one_answer(@ForAll("messages") String message) {
        long before = server.store().snapshot("fuzz-text").seq();
        text.send(message);
        String sentinel = "sentinel" + sentinels.incrementAndGet();
        text.send(sentinel);
        List<String> answers = new ArrayList<>();
        for (String next = text.next(); !next.contains("'" + sentinel + "'"); next = text.next()) {
            answers.add(next);
        }
        assertThat(answers).as("answers to %s", message).hasSize(1);
        long changed = server.store().snapshot("fuzz-text").seq() - before;
        if (answers.get(0).startsWith("error: ")) {
            assertThat(changed).isZero();
            assertThat(answers.get(0)).doesNotContain("Exception").doesNotContain("\n");
        }
    }

    @Provide
    Arbitrary<String> messages() {
        Arbitrary<String> noise = Arbitraries.strings().all().ofMaxLength(300);
        Arbitrary<String> hostileTitles = Arbitraries.strings().withChars('\u0000', '\u001b', '\u202e', '\ud800',
                '\udc00', 'a', ' ', '"', '\\', '<', '>').ofMinLength(0).ofMaxLength(40);
        Arbitrary<String> jsonAdds = hostileTitles.map(t -> "{\"type\":\"add\",\"title\":"
                + jakarta.json.Json.createValue(t) + "}");
        Arbitrary<String> textAdds = hostileTitles.map(t -> "add " + t);
        Arbitrary<String> valid = Arbitraries.of("{\"type\":\"complete-all\"}", "{\"type\":\"clear-completed\"}",
                "{\"type\":\"add\",\"title\":\"ok\"}", "add ok", "done ok", "list", "{}", "[]", "null", "");
        return Arbitraries.oneOf(noise, jsonAdds, textAdds, valid).map(EndpointFuzzTest::wireSafe);
    }

    /**
     * A text frame carries UTF-8, which has no unpaired surrogates (the client refuses to send them, and a
     * container closes with 1007 on such bytes), so each becomes its JSON escape: inside a JSON string that is
     * exactly the broken Unicode the decoder must refuse.
     */
    private static String wireSafe(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1));
            if (paired) {
                out.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
