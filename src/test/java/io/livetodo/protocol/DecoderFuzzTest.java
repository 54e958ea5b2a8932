package io.livetodo.protocol;

import io.livetodo.todo.Command;
import io.livetodo.todo.Limits;
import io.livetodo.todo.TodoException;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

/**
 * Whatever arrives, the decoders answer with a request or a {@link ProtocolException} that carries a message for the
 * client, and the title rules answer with a title or a {@link TodoException}: nothing else escapes, so every message
 * gets an answer and no input reaches the store unchecked. What they accept, they accept exactly: the request holds
 * the message's own values, nothing cut, rounded or invented. Property-based (QuickTheories): each property runs on
 * many generated inputs and a failure is shrunk to a small example.
 */
class DecoderFuzzTest {

    private final JsonProtocol json = new JsonProtocol();
    private final Limits limits = Limits.defaults();

    @Test
    void the_text_decoder_answers_anything_and_takes_the_task_exactly_as_written() {
        qt().withExamples(2000).forAll(hostileStrings()).checkAssert(message -> assertThatCode(() -> {
            TextProtocol.Request request;
            try {
                request = TextProtocol.parse(message);
            } catch (ProtocolException e) {
                assertThat(TextProtocol.error(e.getMessage())).startsWith("error: ").doesNotContain("\n");
                return;
            }
            String text = message.strip();
            if (request instanceof TextProtocol.Request.Execute execute) {
                String task = execute.command() instanceof Command.Add add ? add.title()
                        : ((Command.DoneByTitle) execute.command()).title();
                String word = execute.command() instanceof Command.Add ? "add" : "done";
                assertThat(task).isNotEmpty().isEqualTo(task.strip());
                assertThat(text).endsWith(task);
                assertThat(text.substring(0, text.length() - task.length()).strip().toLowerCase(Locale.ROOT))
                        .isEqualTo(word);
                checkTitle(task);
            } else {
                String word = request instanceof TextProtocol.Request.ShowList ? "list" : "help";
                assertThat(text.split("\\s", 2)[0].toLowerCase(Locale.ROOT)).isEqualTo(word);
            }
        }).doesNotThrowAnyException());
    }

    @Test
    void the_json_decoder_answers_anything() {
        qt().withExamples(2000).forAll(hostileStrings()).checkAssert(this::assertAnsweredExactly);
    }

    @Test
    void the_json_decoder_answers_mutated_valid_messages() {
        qt().withExamples(2000).forAll(mutatedMessages()).checkAssert(this::assertAnsweredExactly);
    }

    @Test
    void the_json_decoder_answers_deeply_nested_input() {
        qt().withExamples(200).forAll(nesting()).checkAssert(this::assertAnsweredExactly);
    }

    @Test
    void a_version_is_taken_exactly_or_refused_as_a_bad_field_never_cut() {
        qt().withExamples(500).forAll(oddNumbers()).checkAssert(number -> {
            String message = "{\"type\":\"rename\",\"id\":\"x\",\"title\":\"t\",\"version\":" + number
                    + ",\"ref\":\"r\"}";
            assertAnsweredExactly(message);
            try {
                json.decode(message);
            } catch (ProtocolException e) {
                if (!e.code().equals("bad-json")) { // NaN, 0x10, 01: not JSON at all, so there is no ref to read
                    assertThat(e.code()).isEqualTo("bad-field");
                    assertThat(e.ref()).as("the client can still match the refusal").isEqualTo("r");
                }
            }
        });
    }

    @Test
    void titles_with_control_characters_or_broken_unicode_never_pass() {
        qt().withExamples(1000).forAll(hostileStrings()).checkAssert(title -> {
            try {
                String stored = limits.title(title);
                assertThat(stored.codePoints()).noneMatch(Character::isISOControl);
                assertThat(stored).isEqualTo(title.strip()).isNotEmpty();
                assertThat(new String(stored.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                        .as("survives UTF-8 unchanged").isEqualTo(stored);
            } catch (TodoException e) {
                assertThat(e.reason()).isEqualTo(TodoException.Reason.INVALID_TITLE);
            }
        });
    }

    @Test
    void a_long_title_of_any_length_is_answered() {
        qt().withExamples(50).forAll(strings().basicMultilingualPlaneAlphabet().ofLengthBetween(490, 5000))
                .checkAssert(title -> assertAnsweredExactly("{\"type\":\"add\",\"title\":"
                        + Json.createValue(title) + "}"));
    }

    /**
     * The decoder answers, and what it accepts is the message: read again with JSON-P, the object has the type the
     * request's command stands for and exactly the values the command carries.
     */
    private void assertAnsweredExactly(String message) {
        assertThatCode(() -> {
            JsonProtocol.Request request;
            try {
                request = json.decode(message);
            } catch (ProtocolException e) {
                assertThat(e.code()).isNotBlank();
                assertThat(json.error(e.ref(), e.code(), e.getMessage(), null)).contains("\"type\":\"error\"");
                return;
            }
            JsonObject object = Json.createReader(new StringReader(message)).readObject();
            assertThat(request.ref()).isEqualTo(object.get("ref") instanceof JsonString s ? s.getString() : null);
            Command command = request.command();
            String type = object.getString("type");
            if (command instanceof Command.Add add) {
                assertThat(type).isEqualTo("add");
                assertThat(add.title()).isEqualTo(object.getString("title"));
                checkTitle(add.title());
            } else if (command instanceof Command.SetCompleted set) {
                assertThat(type).isEqualTo("complete");
                assertThat(set.id()).isEqualTo(object.getString("id"));
                assertThat(set.completed()).isEqualTo(object.getBoolean("completed", true));
            } else if (command instanceof Command.SetAllCompleted all) {
                assertThat(type).isEqualTo("complete-all");
                assertThat(all.completed()).isEqualTo(object.getBoolean("completed", true));
            } else if (command instanceof Command.Rename rename) {
                assertThat(type).isEqualTo("rename");
                assertThat(rename.id()).isEqualTo(object.getString("id"));
                assertThat(rename.title()).isEqualTo(object.getString("title"));
                JsonValue version = object.get("version");
                assertThat(rename.expectedVersion() == null ? null : BigInteger.valueOf(rename.expectedVersion()))
                        .isEqualTo(version instanceof JsonNumber n ? n.bigDecimalValue().toBigIntegerExact() : null);
                checkTitle(rename.title());
            } else if (command instanceof Command.Delete delete) {
                assertThat(type).isEqualTo("delete");
                assertThat(delete.id()).isEqualTo(object.getString("id"));
            } else if (command instanceof Command.ClearCompleted) {
                assertThat(type).isEqualTo("clear-completed");
            } else if (command instanceof Command.DoneByTitle done) {
                assertThat(type).isEqualTo("done");
                assertThat(done.title()).isEqualTo(object.getString("title"));
                checkTitle(done.title());
            } else {
                throw new AssertionError("a command this test does not know: " + command);
            }
        }).as("decoding %s", message).doesNotThrowAnyException();
    }

    /** What the store would do with the title next: accept it or refuse it with a reason, nothing else. */
    private void checkTitle(String title) {
        try {
            limits.title(title);
        } catch (TodoException e) {
            assertThat(e.reason()).isEqualTo(TodoException.Reason.INVALID_TITLE);
        }
    }

    private static final String HOSTILE = "\u0000\u0007\n\r\t\u007f\u0085\u202e\u202d\u2066\u200f\ufeff"
            + "\ud800\udbff\udc00\udfff\"\\{}[]:, ";

    static Gen<String> hostileStrings() {
        Gen<Character> hostile = Generate.pick(HOSTILE.chars().mapToObj(c -> (char) c).toList());
        Gen<Character> any = Generate.characters(0, 0xffff);
        Gen<Character> alpha = Generate.pick("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".chars()
                .mapToObj(c -> (char) c).toList());
        Gen<Character> mixedChar = Generate.frequency(org.quicktheories.api.Pair.of(3, any),
                org.quicktheories.api.Pair.of(2, hostile), org.quicktheories.api.Pair.of(3, alpha));
        Gen<String> mixed = lists().of(mixedChar).ofSizeBetween(0, 200).map(DecoderFuzzTest::join);
        Gen<String> commands = Generate.pick(List.of("add", "done", "list", "help", "ADD", "Done", "add\u0000",
                "\u202eadd")).zip(mixed, (word, rest) -> word + " " + rest);
        return Generate.oneOf(strings().allPossible().ofLengthBetween(0, 300), mixed, commands);
    }

    private static Gen<String> mutatedMessages() {
        Gen<String> valid = Generate.pick(List.of(
                "{\"type\":\"add\",\"title\":\"buy milk\",\"ref\":\"1\"}",
                "{\"type\":\"complete\",\"id\":\"a\",\"completed\":false}",
                "{\"type\":\"rename\",\"id\":\"a\",\"title\":\"x\",\"version\":3}",
                "{\"type\":\"delete\",\"id\":\"a\",\"ref\":\"r\"}",
                "{\"type\":\"complete-all\"}",
                "{\"type\":\"clear-completed\"}",
                "{\"type\":\"done\",\"title\":\"buy milk\"}"));
        return valid.zip(integers().between(0, 1000), integers().between(0, 5), Generate.characters(0, 0xffff),
                integers().between(1, 4), (message, position, operation, c, times) -> {
                    StringBuilder s = new StringBuilder(message);
                    for (int i = 0; i < times; i++) {
                        int at = s.length() == 0 ? 0 : (position * (i + 1)) % s.length();
                        switch (operation) {
                            case 0 -> s.insert(at, c);
                            case 1 -> { if (s.length() > 0) s.deleteCharAt(at); }
                            case 2 -> { if (s.length() > 0) s.setCharAt(at, c); }
                            case 3 -> s.insert(at, "\\u" + Integer.toHexString(c | 0xd800));
                            case 4 -> s.append(message);
                            default -> s.insert(at, "{\"a\":");
                        }
                    }
                    return s.toString();
                });
    }

    private static Gen<String> nesting() {
        return integers().between(1, 100_000).zip(Generate.pick(List.of("[", "{\"a\":")),
                (depth, open) -> "{\"type\":\"add\",\"title\":" + open.repeat(depth) + "1"
                        + (open.equals("[") ? "]" : "}").repeat(depth) + "}");
    }

    private static Gen<String> oddNumbers() {
        Gen<String> odd = Generate.pick(List.of("1e999999999", "-1e999999999", "9".repeat(10_000), "1.5", "-0",
                "1E2", "NaN", "Infinity", "0x10", "01", "1e-999999", "9223372036854775808",
                "-9223372036854775809", "9223372036854775807", "-9223372036854775808"));
        Gen<String> wide = lists().of(integers().between(0, 9)).ofSizeBetween(1, 40)
                .zip(Generate.booleans(), (digits, negative) -> (negative ? "-" : "")
                        + digits.stream().map(String::valueOf).reduce("", String::concat));
        return Generate.oneOf(odd, wide);
    }

    private static String join(List<Character> chars) {
        StringBuilder s = new StringBuilder(chars.size());
        chars.forEach(s::append);
        return s.toString();
    }
}
