package io.livetodo.protocol;

import io.livetodo.todo.CatchUp;
import io.livetodo.todo.Change;
import io.livetodo.todo.Command;
import io.livetodo.todo.Limits;
import io.livetodo.todo.ListSnapshot;
import io.livetodo.todo.MutationGap;
import io.livetodo.todo.MutationRecord;
import io.livetodo.todo.Todo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;

import java.io.StringReader;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON dialect (subprotocol {@value #SUBPROTOCOL}), with Jakarta JSON-P. The wire format is documented in the
 * README under "JSON protocol". Decoding never throws anything but {@link ProtocolException}.
 */
@ApplicationScoped
public class JsonProtocol {

    public static final String SUBPROTOCOL = "todo.v1+json";
    static final int MAX_REF_LENGTH = 100;

    /**
     * A decoded client message: the client's correlation {@code ref} (may be null), what it asks for, and the number
     * the client gave it as a mutation (null: not numbered).
     */
    public record Request(String ref, Command command, Long mutation) {
        public Request(String ref, Command command) {
            this(ref, command, null);
        }
    }

    /** Mutation numbers stay within what a JavaScript number holds exactly. */
    static final long MAX_MUTATION = (1L << 53) - 1;

    // Looked up once: JsonProvider.provider() scans the class path on every call.
    private final JsonProvider provider = JsonProvider.provider();
    private final JsonParserFactory parsers = provider.createParserFactory(Map.of());
    private final JsonBuilderFactory builders = provider.createBuilderFactory(Map.of());

    public Request decode(String message) {
        JsonObject object = parseObject(message);
        String ref = ref(object);
        try {
            JsonValue typeValue = object.get("type");
            if (!(typeValue instanceof JsonString type)) {
                throw new ProtocolException("missing-field", "the message needs a string field 'type': one of "
                        + TYPES, ref);
            }
            Command command = switch (type.getString()) {
                case "add" -> new Command.Add(string(object, "title", ref), optionalString(object, "id", ref));
                case "restore" -> new Command.Restore(string(object, "id", ref), string(object, "title", ref),
                        optionalBoolean(object, "completed", false, ref));
                case "complete" -> new Command.SetCompleted(string(object, "id", ref),
                        optionalBoolean(object, "completed", true, ref));
                case "complete-all" -> new Command.SetAllCompleted(optionalBoolean(object, "completed", true, ref));
                case "rename" -> new Command.Rename(string(object, "id", ref), string(object, "title", ref),
                        optionalVersion(object, ref));
                case "delete" -> new Command.Delete(string(object, "id", ref));
                case "clear-completed" -> new Command.ClearCompleted();
                case "done" -> new Command.DoneByTitle(string(object, "title", ref));
                default -> throw new ProtocolException("unknown-type", "unknown message type '"
                        + Echo.quote(type.getString()) + "': use one of " + TYPES, ref);
            };
            return new Request(ref, command, mutation(object, ref));
        } catch (ProtocolException e) {
            throw e;
        } catch (RuntimeException e) {
            // Whatever JSON-P throws on odd input (huge numbers, ...) stays inside the decoder.
            throw new ProtocolException("bad-field", "a field has a value that cannot be used", ref);
        }
    }

    private static final String TYPES = "add, complete, complete-all, rename, delete, clear-completed, done, restore";

    private JsonObject parseObject(String message) {
        JsonValue value;
        try (JsonParser parser = parsers.createParser(new StringReader(message))) {
            value = parser.next() == JsonParser.Event.START_OBJECT ? objectWithUniqueKeys(parser) : parser.getValue();
            if (parser.hasNext()) {
                // JsonReader would accept '{} trailing'; a message is exactly one JSON value.
                throw new JsonException("content after the JSON value");
            }
        } catch (ProtocolException e) {
            throw e;
        } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
            throw new ProtocolException("bad-json", "the message is not valid JSON; send one JSON object such as"
                    + " {\"type\":\"add\",\"title\":\"buy milk\"}", null);
        } catch (RuntimeException e) {
            throw new ProtocolException("bad-json", "the message could not be read as JSON", null);
        }
        if (!(value instanceof JsonObject object)) {
            throw new ProtocolException("bad-json", "the message must be a JSON object, such as"
                    + " {\"type\":\"add\",\"title\":\"buy milk\"}", null);
        }
        return object;
    }

    /**
     * The object whose start the parser is at. JSON-P keeps the last of two equal keys without a word, so that
     * {@code {"type":"add",...,"type":"delete"}} would delete: what one reader of a message sees must be what every
     * other reader (a proxy, a log, the page) sees, so a key given twice is refused.
     */
    private JsonObject objectWithUniqueKeys(JsonParser parser) {
        JsonObjectBuilder object = builders.createObjectBuilder();
        Set<String> keys = new HashSet<>();
        while (parser.next() == JsonParser.Event.KEY_NAME) {
            String key = parser.getString();
            if (!keys.add(key)) {
                throw new ProtocolException("bad-json", "the key '" + Echo.quote(key) + "' appears twice in the"
                        + " message; give each field once", null);
            }
            parser.next();
            object.add(key, parser.getValue());
        }
        return object.build();
    }

    private static String ref(JsonObject object) {
        JsonValue ref = object.get("ref");
        if (ref == null || ref == JsonValue.NULL) {
            return null;
        }
        if (ref instanceof JsonString s && s.getString().length() <= MAX_REF_LENGTH
                && Echo.wellFormed(s.getString()).equals(s.getString())) {
            return s.getString();
        }
        throw new ProtocolException("bad-field", "'ref' must be a string of at most " + MAX_REF_LENGTH
                + " characters, without broken Unicode", null);
    }

    private static String string(JsonObject object, String field, String ref) {
        JsonValue value = object.get(field);
        if (value == null || value == JsonValue.NULL) {
            throw new ProtocolException("missing-field", "the message needs a string field '" + field + "'", ref);
        }
        if (!(value instanceof JsonString s)) {
            throw new ProtocolException("bad-field", "'" + field + "' must be a string", ref);
        }
        return s.getString();
    }

    private static String optionalString(JsonObject object, String field, String ref) {
        JsonValue value = object.get(field);
        return value == null || value == JsonValue.NULL ? null : string(object, field, ref);
    }

    private static Long mutation(JsonObject object, String ref) {
        JsonValue value = object.get("mutation");
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (value instanceof JsonNumber n && n.isIntegral()) {
            try {
                long number = n.longValueExact();
                if (number >= 1 && number <= MAX_MUTATION) {
                    return number;
                }
            } catch (ArithmeticException tooBig) {
                // reported below
            }
        }
        throw new ProtocolException("bad-field", "'mutation' must be a whole number from 1 to " + MAX_MUTATION, ref);
    }

    private static boolean optionalBoolean(JsonObject object, String field, boolean defaultValue, String ref) {
        JsonValue value = object.get(field);
        if (value == null || value == JsonValue.NULL) {
            return defaultValue;
        }
        if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
            return value == JsonValue.TRUE;
        }
        throw new ProtocolException("bad-field", "'" + field + "' must be true or false", ref);
    }

    private static Long optionalVersion(JsonObject object, String ref) {
        JsonValue value = object.get("version");
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (value instanceof JsonNumber n && n.isIntegral()) {
            try {
                return n.longValueExact();
            } catch (ArithmeticException tooBig) {
                // reported below
            }
        }
        throw new ProtocolException("bad-field", "'version' must be a whole number", ref);
    }

    // ---- server to client ----

    /** {@code mutation}: the client's last processed mutation, or -1 for a client that does not number them. */
    public String snapshot(ListSnapshot snapshot, long mutation, int presence, Limits limits) {
        JsonArrayBuilder todos = builders.createArrayBuilder();
        snapshot.todos().forEach(todo -> todos.add(todo(todo)));
        JsonObjectBuilder message = builders.createObjectBuilder()
                .add("type", "snapshot")
                .add("list", snapshot.list())
                .add("epoch", snapshot.epoch())
                .add("seq", snapshot.seq());
        addMutation(message, mutation);
        return message
                .add("presence", presence)
                .add("limits", limits(limits))
                .add("todos", todos)
                .build().toString();
    }

    private static void addMutation(JsonObjectBuilder message, long mutation) {
        if (mutation >= 0) {
            message.add("mutation", mutation);
        }
    }

    /** What a client needs to know before it sends (a page sets its input lengths from it): the server's settings. */
    private JsonObjectBuilder limits(Limits limits) {
        return builders.createObjectBuilder()
                .add("titleMaxLength", limits.maxTitleLength())
                .add("todosMax", limits.maxTodosPerList());
    }

    /** Announces that the missed changes follow, one event each. */
    public String resume(CatchUp catchUp, long since, int presence, Limits limits) {
        JsonObjectBuilder message = builders.createObjectBuilder()
                .add("type", "resume")
                .add("list", catchUp.list())
                .add("epoch", catchUp.epoch())
                .add("since", since)
                .add("seq", catchUp.seq())
                .add("missed", catchUp.missed().size());
        addMutation(message, catchUp.mutation());
        return message
                .add("presence", presence)
                .add("limits", limits(limits))
                .build().toString();
    }

    /** One event: {@code added}, {@code updated} or {@code deleted}, with the todo it touched. */
    public String event(Change change) {
        return builders.createObjectBuilder()
                .add("type", change.kind().wireName())
                .add("seq", change.seq())
                .add("todo", todo(change.todo()))
                .build().toString();
    }

    public List<String> events(List<Change> changes) {
        return changes.stream().map(this::event).toList();
    }

    public String ack(String ref, List<Change> changes) {
        return ack(ref, null, changes);
    }

    /** The ack of a request, numbered ({@code mutation}) or not (null). */
    public String ack(String ref, Long mutation, List<Change> changes) {
        JsonObjectBuilder ack = builders.createObjectBuilder().add("type", "ack");
        addRef(ack, ref);
        if (mutation != null) {
            ack.add("mutation", mutation);
        }
        ack.add("changes", changes.size());
        if (!changes.isEmpty()) {
            ack.add("seq", changes.get(changes.size() - 1).seq());
        }
        return ack.build().toString();
    }

    /**
     * The answer to a mutation processed before: an ack with {@code duplicate}, or the error it got then, again. With
     * no record left (older than the retention), only that it was processed.
     */
    public String duplicate(String ref, long mutation, MutationRecord record) {
        JsonObjectBuilder answer = builders.createObjectBuilder()
                .add("type", record != null && record.refused() ? "error" : "ack");
        addRef(answer, ref);
        answer.add("mutation", mutation).add("duplicate", true);
        if (record != null && record.refused()) {
            answer.add("code", record.errorCode()).add("message", Echo.wellFormed(record.errorMessage()));
        } else if (record != null) {
            answer.add("changes", record.changes());
            if (record.changes() > 0) {
                answer.add("seq", record.lastSeq());
            }
        }
        return answer.build().toString();
    }

    public String error(String ref, String code, String message, Todo current) {
        return error(ref, null, code, message, current);
    }

    /** An error; for a numbered request it names the {@code mutation}, and a gap says which one is expected. */
    public String error(String ref, Long mutation, String code, String message, Todo current) {
        return error(ref, mutation, code, message, current, -1);
    }

    public String gap(String ref, long mutation, MutationGap gap) {
        return error(ref, mutation, gap.reason().code(), gap.getMessage(), null, gap.expected());
    }

    private String error(String ref, Long mutation, String code, String message, Todo current, long expected) {
        JsonObjectBuilder error = builders.createObjectBuilder().add("type", "error");
        addRef(error, ref);
        if (mutation != null) {
            error.add("mutation", mutation);
        }
        error.add("code", code).add("message", Echo.wellFormed(message));
        if (expected > 0) {
            error.add("expected", expected);
        }
        if (current != null) {
            error.add("todo", todo(current));
        }
        return error.build().toString();
    }

    public String presence(int count) {
        return builders.createObjectBuilder().add("type", "presence").add("count", count).build().toString();
    }

    private JsonObjectBuilder todo(Todo todo) {
        JsonObjectBuilder builder = builders.createObjectBuilder()
                .add("id", todo.id())
                .add("title", todo.title())
                .add("completed", todo.completed())
                .add("created", todo.created().toString())
                .add("updated", todo.updated().toString())
                .add("version", todo.version());
        if (todo.author() != null) {
            builder.add("author", todo.author()); // who changed it last; only when the server requires a login
        }
        return builder;
    }

    private static void addRef(JsonObjectBuilder builder, String ref) {
        if (ref != null) {
            builder.add("ref", ref);
        }
    }
}
