package io.livetodo.support;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

/**
 * A JSON-dialect request as a client sends it, built with JSON-P so that any title or id is escaped as a real client
 * would escape it. {@code Request.add("milk").ref("r1").json()}.
 */
public final class Request {

    private final JsonObjectBuilder json;

    private Request(String type) {
        json = Json.createObjectBuilder().add("type", type);
    }

    public static Request add(String title) {
        return new Request("add").with("title", title);
    }

    public static Request complete(String id) {
        return new Request("complete").with("id", id);
    }

    public static Request complete(String id, boolean completed) {
        return complete(id).with("completed", completed);
    }

    public static Request completeAll(boolean completed) {
        return new Request("complete-all").with("completed", completed);
    }

    public static Request rename(String id, String title, long version) {
        Request rename = new Request("rename").with("id", id).with("title", title);
        rename.json.add("version", version);
        return rename;
    }

    public static Request delete(String id) {
        return new Request("delete").with("id", id);
    }

    public static Request clearCompleted() {
        return new Request("clear-completed");
    }

    public static Request rename(String id, String title) {
        return new Request("rename").with("id", id).with("title", title);
    }

    public static Request restore(String id, String title, boolean completed) {
        return new Request("restore").with("id", id).with("title", title).with("completed", completed);
    }

    public Request ref(String ref) {
        return with("ref", ref);
    }

    /** The todo's id, chosen by the client (an add). */
    public Request id(String id) {
        return with("id", id);
    }

    /** Numbers the request as the client's mutation. */
    public Request mutation(long number) {
        json.add("mutation", number);
        return this;
    }

    private Request with(String field, String value) {
        json.add(field, value);
        return this;
    }

    private Request with(String field, boolean value) {
        json.add(field, value);
        return this;
    }

    public String json() {
        return json.build().toString();
    }
}
