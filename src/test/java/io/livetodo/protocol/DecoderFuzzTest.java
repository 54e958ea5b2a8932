package io.livetodo.protocol;

import io.livetodo.todo.Command;
import io.livetodo.todo.Limits;
import io.livetodo.todo.TodoException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Whatever arrives, the decoders answer with a request or a {@link ProtocolException} that carries a message for the
 * client, and the title rules answer with a title or a {@link TodoException}: nothing else escapes, so every message
 * gets an answer and no input reaches the store unchecked.
 */
class DecoderFuzzTest {

    private final JsonProtocol json = new JsonProtocol();
    private final Limits limits = Limits.defaults();

    @Property(tries = 2000)
    void the_text_decoder_answers_anything(@ForAll("hostileStrings") String message) {
        assertThatCode(() -> {
            try {
                TextProtocol.Request request = TextProtocol.parse(message);
                if (request instanceof TextProtocol.Request.Execute execute) {
                    checkTitles(execute.command());
                }
            } catch (ProtocolException e) {
                assertThat(TextProtocol.error(e.getMessage())).startsWith("error: ").doesNotContain("\n");
            }
        }).doesNotThrowAnyException();
    }

    @Property(tries = 2000)
    void the_json_decoder_answers_anything(@ForAll("hostileStrings") String message) {
        assertAnswered(message);
    }

    @Property(tries = 2000)
    void the_json_decoder_answers_mutated_valid_messages(@ForAll("mutatedMessages") String message) {
        assertAnswered(message);
    }

    @Property(tries = 200)
    void the_json_decoder_answers_deeply_nested_input(@ForAll("nesting") String message) {
        assertAnswered(message);
    }

    @Property(tries = 500)
    void huge_and_odd_numbers_are_refused_as_bad_fields(@ForAll("oddNumbers") String number) {
        String message = "{\"type\":\"rename\",\"id\":\"x\",\"title\":\"t\",\"version\":" + number + ",\"ref\":\"r\"}";
        assertAnswered(message);
        try {
            json.decode(message);
        } catch (ProtocolException e) {
            if (!e.code().equals("bad-json")) { // NaN, 0x10, 01: not JSON at all, so there is no ref to read
                assertThat(e.code()).isEqualTo("bad-field");
                assertThat(e.ref()).as("the client can still match the refusal").isEqualTo("r");
            }
        }
    }

    @Property(tries = 1000)
    void titles_with_control_characters_or_broken_unicode_never_pass(@ForAll("hostileStrings") String title) {
        try {
            String stored = limits.title(title);
            assertThat(stored.codePoints()).noneMatch(Character::isISOControl);
            assertThat(stored).isEqualTo(stored.strip()).isNotEmpty();
            assertThat(new String(stored.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    java.nio.charset.StandardCharsets.UTF_8)).as("survives UTF-8 unchanged").isEqualTo(stored);
        } catch (TodoException e) {
            assertThat(e.reason()).isEqualTo(TodoException.Reason.INVALID_TITLE);
        }
    }

    private void assertAnswered(String message) {
        assertThatCode(() -> {
            try {
                JsonProtocol.Request request = json.decode(message);
                assertThat(request.command()).isNotNull();
                checkTitles(request.command());
            } catch (ProtocolException e) {
                assertThat(e.code()).isNotBlank();
                assertThat(json.error(e.ref(), e.code(), e.getMessage(), null)).contains("\"type\":\"error\"");
            }
        }).doesNotThrowAnyException();
    }

    /** What the store would do with the title next: accept it or refuse it with a reason, nothing else. */
    private void checkTitles(Command command) {
        String title = command instanceof Command.Add add ? add.title()
                : command instanceof Command.Rename rename ? rename.title()
                : command instanceof Command.DoneByTitle done ? done.title() : null;
        if (title != null) {
            try {
                limits.title(title);
            } catch (TodoException e) {
                assertThat(e.reason()).isEqualTo(TodoException.Reason.INVALID_TITLE);
            }
        }
    }

    @Provide
    Arbitrary<String> hostileStrings() {
        Arbitrary<Character> hostile = Arbitraries.of('\u0000', '\u0007', '\n', '\r', '\t', '\u007f', '\u0085',
                '\u202e', '\u202d', '\u2066', '\u200f', '\ufeff', '\ud800', '\udbff', '\udc00', '\udfff', '"', '\\',
                '{', '}', '[', ']', ':', ',', ' ');
        Arbitrary<String> mixed = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.chars().all()),
                net.jqwik.api.Tuple.of(2, hostile),
                net.jqwik.api.Tuple.of(3, Arbitraries.chars().alpha()))
                .list().ofMaxSize(200).map(DecoderFuzzTest::join);
        Arbitrary<String> commands = Combinators.combine(Arbitraries.of("add", "done", "list", "help", "ADD", "Done",
                        "add\u0000", "\u202eadd"), mixed)
                .as((word, rest) -> word + " " + rest);
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(300), mixed, commands);
    }

    @Provide
    Arbitrary<String> mutatedMessages() {
        Arbitrary<String> valid = Arbitraries.of(
                "{\"type\":\"add\",\"title\":\"buy milk\",\"ref\":\"1\"}",
                "{\"type\":\"complete\",\"id\":\"a\",\"completed\":false}",
                "{\"type\":\"rename\",\"id\":\"a\",\"title\":\"x\",\"version\":3}",
                "{\"type\":\"delete\",\"id\":\"a\",\"ref\":\"r\"}",
                "{\"type\":\"complete-all\"}",
                "{\"type\":\"clear-completed\"}",
                "{\"type\":\"done\",\"title\":\"buy milk\"}");
        return Combinators.combine(valid, Arbitraries.integers().between(0, 1000), Arbitraries.integers()
                        .between(0, 5), Arbitraries.chars().all(), Arbitraries.integers().between(1, 4))
                .as((message, position, operation, c, times) -> {
                    StringBuilder s = new StringBuilder(message);
                    for (int i = 0; i < times; i++) {
                        int at = s.isEmpty() ? 0 : (position * (i + 1)) % s.length();
                        switch (operation) {
                            case 0 -> s.insert(at, c);
                            case 1 -> { if (!s.isEmpty()) s.deleteCharAt(at); }
                            case 2 -> { if (!s.isEmpty()) s.setCharAt(at, c); }
                            case 3 -> s.insert(at, "\\u" + Integer.toHexString(c | 0xd800));
                            case 4 -> s.append(message);
                            default -> s.insert(at, "{\"a\":");
                        }
                    }
                    return s.toString();
                });
    }

    @Provide
    Arbitrary<String> nesting() {
        return Combinators.combine(Arbitraries.integers().between(1, 100_000), Arbitraries.of("[", "{\"a\":"))
                .as((depth, open) -> "{\"type\":\"add\",\"title\":" + open.repeat(depth) + "1"
                        + (open.equals("[") ? "]" : "}").repeat(depth) + "}");
    }

    @Provide
    Arbitrary<String> oddNumbers() {
        return Arbitraries.oneOf(
                Arbitraries.of("1e999999999", "-1e999999999", "9".repeat(10_000), "1.5", "-0", "1E2", "NaN",
                        "Infinity", "0x10", "01", "1e-999999", "9223372036854775808", "-9223372036854775809"),
                Arbitraries.bigIntegers().between(java.math.BigInteger.TEN.pow(18).negate(),
                        java.math.BigInteger.TEN.pow(40)).map(Object::toString));
    }

    private static String join(List<Character> chars) {
        StringBuilder s = new StringBuilder(chars.size());
        chars.forEach(s::append);
        return s.toString();
    }

    @Property(tries = 50)
    void a_long_title_of_any_length_is_answered(@ForAll @StringLength(min = 490, max = 5000) String title) {
        assertAnswered("{\"type\":\"add\",\"title\":" + jsonString(title) + "}");
    }

    private static String jsonString(String s) {
        return jakarta.json.Json.createValue(s).toString();
    }
}
