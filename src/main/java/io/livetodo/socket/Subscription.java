package io.livetodo.socket;

import io.livetodo.todo.ListFingerprint;
import io.livetodo.protocol.Dialect;

/**
 * One open session on one list: what it speaks and how to reach it. Equal only to itself.
 * <p>
 * Deliberately not a record: a record's generated {@code hashCode} runs through {@code java.lang.runtime.ObjectMethods},
 * whose JDK-wide method handles cache their last {@code asType} conversion; with a component of an application type
 * that cache pins this web application's class loader after undeploy (found with Tomcat's findleaks on JDK 17).
 */
public final class Subscription {

    private final String id;
    private final String list;
    private final Dialect dialect;
    private final SessionSender sender;
    private final String address;
    /** Set once the session has had its snapshot or resume: nothing else may reach it before. */
    private volatile boolean caughtUp;

    public Subscription(String id, String list, Dialect dialect, SessionSender sender, String address) {
        this.id = id;
        this.list = list;
        this.dialect = dialect;
        this.sender = sender;
        this.address = address;
    }

    boolean caughtUp() {
        return caughtUp;
    }

    void markCaughtUp() {
        caughtUp = true;
    }

    /** The client's network address; null where the container does not tell. */
    public String address() {
        return address;
    }

    public String id() {
        return id;
    }

    public String list() {
        return list;
    }

    public Dialect dialect() {
        return dialect;
    }

    public SessionSender sender() {
        return sender;
    }

    @Override
    public String toString() {
        return "session " + id + " (" + ListFingerprint.of(list) + ", " + dialect + ")";
    }
}
