package io.livetodo.support;

import jakarta.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A JSON client's own copy of a list, built only from the snapshot and the events it receives, as the page builds
 * its own. Records every gap or repeat in the sequence numbers, so concurrency tests can check that each client saw
 * each change once and in order. Not thread-safe: one per client.
 */
public final class ListCopy {

    /** Each todo as {@code title|completed|version}, by id, in the order they were added. */
    public final Map<String, String> todos = new LinkedHashMap<>();
    public final List<String> gapsOrRepeats = new ArrayList<>();
    private final Map<String, Long> versions = new LinkedHashMap<>();
    public long seq;
    /** "added" events seen. */
    public long adds;

    /** Starts from a {@code snapshot} message. */
    public void reset(JsonObject snapshot) {
        todos.clear();
        versions.clear();
        seq = snapshot.getJsonNumber("seq").longValue();
        snapshot.getJsonArray("todos").getValuesAs(JsonObject.class).forEach(this::put);
    }

    public static String describe(JsonObject todo) {
        return describe(todo.getString("title"), todo.getBoolean("completed"),
                todo.getJsonNumber("version").longValue());
    }

    public static String describe(String title, boolean completed, long version) {
        return title + "|" + completed + "|" + version;
    }

    /**
     * Reads {@code client} up to the answer ({@code ack} or {@code error}) to {@code ref}, applying every event before
     * it; null if the connection went away first.
     */
    public JsonObject applyUntilReplyTo(WsClient client, String ref) {
        while (true) {
            String text = client.nextUnlessClosed();
            if (text == null) {
                return null;
            }
            JsonObject message = WsClient.parse(text);
            String type = message.getString("type");
            if ((type.equals("ack") || type.equals("error")) && ref.equals(message.getString("ref", null))) {
                return message;
            }
            apply(message);
        }
    }

    /** Applies an event ({@code added}, {@code updated}, {@code deleted}); ignores every other message. */
    public void apply(JsonObject message) {
        String type = message.getString("type");
        if (!List.of("added", "updated", "deleted").contains(type)) {
            return;
        }
        long eventSeq = message.getJsonNumber("seq").longValue();
        if (eventSeq != seq + 1) {
            gapsOrRepeats.add("expected " + (seq + 1) + " got " + eventSeq);
        }
        seq = eventSeq;
        JsonObject todo = message.getJsonObject("todo");
        if (type.equals("deleted")) {
            todos.remove(todo.getString("id"));
            versions.remove(todo.getString("id"));
        } else {
            adds += type.equals("added") ? 1 : 0;
            put(todo);
        }
    }

    /**
     * A request that changes one of the todos this copy holds (complete, rename with the version it knows, delete)
     * or clears completed ones; the copy must not be empty.
     */
    public String randomOperation(Random random, String ref) {
        List<String> ids = new ArrayList<>(todos.keySet());
        String id = ids.get(random.nextInt(ids.size()));
        return switch (random.nextInt(6)) {
            case 0, 1 -> Request.complete(id, random.nextBoolean()).ref(ref).json();
            case 2 -> Request.rename(id, "renamed " + ref, versions.get(id)).ref(ref).json();
            case 3, 4 -> Request.delete(id).ref(ref).json();
            default -> Request.clearCompleted().ref(ref).json();
        };
    }

    private void put(JsonObject todo) {
        todos.put(todo.getString("id"), describe(todo));
        versions.put(todo.getString("id"), todo.getJsonNumber("version").longValue());
    }
}
