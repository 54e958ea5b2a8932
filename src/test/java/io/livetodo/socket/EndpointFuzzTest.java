package io.livetodo.socket;

import io.livetodo.support.InProcessServer;
import io.livetodo.support.WsClient;
import jakarta.json.JsonObject;
import io.livetodo.protocol.TextProtocol;
import io.livetodo.support.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

/**
 * Arbitrary messages through a real connection: each gets exactly one answer, the connection stays open, and the
 * list changes exactly as much as the answer says (JSON: an ack's change count, nothing on an error; text: one
 * change for an add, as many as there were open todos of that title for a done, none for anything else).
 * Property-based (QuickTheories), shrunk to a small example on failure.
 */
class EndpointFuzzTest {

    /** Examples per property; a failure is shrunk in at most {@link #SHRINK_CYCLES} steps. */
    private static final int EXAMPLES = 300;
    private static final int SHRINK_CYCLES = 200;

    private static InProcessServer server;
    private static final AtomicInteger sentinels = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = InProcessServer.start(Map.of("todo.rate.limit", "off"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void every_json_message_gets_one_answer_and_changes_only_what_it_acknowledges() {
        qt().withExamples(EXAMPLES).withShrinkCycles(SHRINK_CYCLES).forAll(messages())
                .checkAssert(EndpointFuzzTest::oneJsonAnswer);
    }

    /** Each example on a connection of its own, so that what one leaves unread cannot confuse the next. */
    private static void oneJsonAnswer(String message) {
        try (WsClient json = server.json("list=fuzz-json")) {
            json.nextOfType("snapshot");
            oneJsonAnswer(json, message);
        }
    }

    private static void oneJsonAnswer(WsClient json, String message) {
        long before = server.store().snapshot("fuzz-json").seq();
        json.send(message);
        String sentinel = "sentinel-" + sentinels.incrementAndGet();
        json.send(Request.complete("no-such-todo").ref(sentinel).json());
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

    @Test
    void every_text_message_gets_one_answer_and_changes_what_the_command_says() {
        qt().withExamples(EXAMPLES).withShrinkCycles(SHRINK_CYCLES).forAll(messages())
                .checkAssert(EndpointFuzzTest::oneTextAnswer);
    }

    private static void oneTextAnswer(String message) {
        try (WsClient text = server.text("list=fuzz-text")) {
            oneTextAnswer(text, message);
        }
    }

    private static void oneTextAnswer(WsClient text, String message) {
        var before = server.store().snapshot("fuzz-text");
        text.send(message);
        String sentinel = "sentinel" + sentinels.incrementAndGet();
        text.send(sentinel);
        List<String> answers = new ArrayList<>();
        for (String next = text.next(); !next.contains("'" + sentinel + "'"); next = text.next()) {
            answers.add(next);
        }
        assertThat(answers).as("answers to %s", message).hasSize(1);
        String answer = answers.get(0);
        long changed = server.store().snapshot("fuzz-text").seq() - before.seq();
        if (answer.startsWith("error: ")) {
            assertThat(changed).as("changes after %s", message).isZero();
            assertThat(answer).doesNotContain("Exception").doesNotContain("\n");
            return;
        }
        TextProtocol.Request request = TextProtocol.parse(message);
        long expected = 0;
        if (request instanceof TextProtocol.Request.Execute execute) {
            if (execute.command() instanceof io.livetodo.todo.Command.Add) {
                expected = 1;
            } else {
                String title = ((io.livetodo.todo.Command.DoneByTitle) execute.command()).title();
                expected = before.todos().stream().filter(t -> !t.completed() && t.title().equals(title)).count();
            }
        }
        assertThat(changed).as("changes after %s", message).isEqualTo(expected);
        if (!(request instanceof TextProtocol.Request.ShowHelp)) {
            assertThat(answer).isEqualTo(TextProtocol.listing(server.store().snapshot("fuzz-text")));
        }
    }

    private static Gen<String> messages() {
        Gen<String> noise = strings().allPossible().ofLengthBetween(0, 300);
        Gen<String> hostileTitles = org.quicktheories.generators.SourceDSL.lists()
                .of(Generate.pick("\u0000\u001b\u202e\ud800\udc00a \"\\<>".chars().mapToObj(c -> (char) c).toList()))
                .ofSizeBetween(0, 40).map(chars -> {
                    StringBuilder title = new StringBuilder();
                    chars.forEach(title::append);
                    return title.toString();
                });
        Gen<String> jsonAdds = hostileTitles.map(t -> "{\"type\":\"add\",\"title\":"
                + jakarta.json.Json.createValue(t) + "}");
        Gen<String> textAdds = hostileTitles.map(t -> "add " + t);
        Gen<String> valid = Generate.pick(List.of("{\"type\":\"complete-all\"}", "{\"type\":\"clear-completed\"}",
                "{\"type\":\"add\",\"title\":\"ok\"}", "add ok", "done ok", "list", "help", "{}", "[]", "null", ""));
        return Generate.oneOf(noise, jsonAdds, textAdds, valid).map(EndpointFuzzTest::wireSafe);
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
