package io.livetodo.support;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.fail;

/**
 * A real WebSocket client (the JDK's) for tests: collects whole text messages in order and records the close.
 * A "stalled" client never asks for data after the handshake, so the server sees a peer that stopped reading.
 */
public final class WsClient implements WebSocket.Listener, AutoCloseable {

    public static final String JSON = "todo.v1+json";
    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** One client for all test sockets: each HttpClient keeps its own selector thread. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private volatile String closeReason;
    private final StringBuilder partial = new StringBuilder();
    private final java.util.concurrent.atomic.AtomicInteger pings = new java.util.concurrent.atomic.AtomicInteger();
    private final boolean stalled;
    private volatile WebSocket socket;

    private WsClient(boolean stalled) {
        this.stalled = stalled;
    }

    public static WsClient text(URI uri) {
        return connect(uri, null, Map.of(), false);
    }

    public static WsClient json(URI uri) {
        return connect(uri, JSON, Map.of(), false);
    }

    public static WsClient stalled(URI uri, String subprotocol) {
        return connect(uri, subprotocol, Map.of(), true);
    }

    public static WsClient connect(URI uri, String subprotocol, Map<String, String> headers, boolean stalled) {
        return connectAsync(uri, subprotocol, headers, stalled).join();
    }

    public static CompletableFuture<WsClient> connectAsync(URI uri, String subprotocol, Map<String, String> headers,
                                                           boolean stalled) {
        return connectAsync(HTTP, uri, subprotocol, headers, stalled);
    }

    /** Through a client of the caller's ({@code wss:} with a certificate of the test's own, say). */
    public static WsClient connect(HttpClient http, URI uri, String subprotocol, Map<String, String> headers) {
        return connectAsync(http, uri, subprotocol, headers, false).join();
    }

    private static CompletableFuture<WsClient> connectAsync(HttpClient http, URI uri, String subprotocol,
                                                            Map<String, String> headers, boolean stalled) {
        WsClient client = new WsClient(stalled);
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(TIMEOUT);
        headers.forEach(builder::header);
        if (subprotocol != null) {
            // "a, b": offered in that order, as a browser's new WebSocket(url, ['a', 'b']) does.
            String[] offered = subprotocol.split(",\\s*");
            builder.subprotocols(offered[0], java.util.Arrays.copyOfRange(offered, 1, offered.length));
        }
        return builder.buildAsync(uri, client).thenApply(ws -> client);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        if (!stalled) {
            webSocket.request(1);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            messages.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, java.nio.ByteBuffer message) {
        pings.incrementAndGet();
        return WebSocket.Listener.super.onPing(webSocket, message); // answers with a pong, asks for more
    }

    /** Pings received (each answered with a pong by the JDK client). */
    public int pings() {
        return pings.get();
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = statusCode + " " + reason;
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.completeExceptionally(error);
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    /** The next message, failing the test if none comes within the timeout. */
    public String next() {
        try {
            String message = messages.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                fail("no message within " + TIMEOUT + (closeCode.isDone() ? "; closed: " + closeReason : ""));
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The next message, or null once the connection is gone and every message it delivered has been taken; fails
     * the test if the connection stays open and silent for the timeout.
     */
    public String nextUnlessClosed() {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                String message = messages.poll(50, TimeUnit.MILLISECONDS);
                if (message != null) {
                    return message;
                }
                if (closeCode.isDone()) {
                    return messages.poll();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return fail("no message within " + TIMEOUT + " on an open connection");
    }

    /** The next message if one comes within the wait, else null. */
    public String poll(Duration wait) {
        try {
            return messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Sends unless the connection is gone; false if it is. */
    public boolean trySend(String text) {
        try {
            socket.sendText(text, true).join();
            return true;
        } catch (java.util.concurrent.CompletionException e) {
            return false;
        }
    }

    public JsonObject nextJson() {
        return parse(next());
    }

    /** Skips messages until one matches; returns it. */
    public String nextMatching(Predicate<String> condition) {
        List<String> skipped = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String message = next();
            if (condition.test(message)) {
                return message;
            }
            skipped.add(message);
        }
        return fail("no matching message; skipped " + skipped);
    }

    /** Skips JSON messages until one of the given type; returns it. */
    public JsonObject nextOfType(String type) {
        return parse(nextMatching(m -> type.equals(parse(m).getString("type", null))));
    }

    /** Messages already received and not yet taken. */
    public List<String> drain() {
        List<String> all = new ArrayList<>();
        messages.drainTo(all);
        return all;
    }

    public CompletableFuture<Integer> closeCode() {
        return closeCode;
    }

    /** The close code and reason, e.g. "1001 server restarting: reconnect now"; null while open. */
    public String closeReason() {
        return closeCode.isDone() ? closeReason : null;
    }

    /** What {@link #closeCodeOrReset} gives when the connection was reset rather than closed with a code. */
    public static final int RESET = -1;

    /**
     * The close code, or {@link #RESET}: a server that closes while the client is still sending has unread data, so
     * its TCP stack answers with a reset, which can discard the close frame before the client reads it; a server
     * that was killed sends no close frame at all.
     */
    public int closeCodeOrReset() {
        return closeCode.handle((code, error) -> error == null ? code : RESET)
                .orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    public int awaitClose() {
        return closeCode.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** Drops the connection with no close frame, as a network that goes away does. */
    public void abort() {
        if (socket != null) {
            socket.abort();
        }
    }

    public boolean isOpen() {
        return socket != null && !socket.isInputClosed() && !closeCode.isDone();
    }

    public static JsonObject parse(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }

    @Override
    /**
     * Closes as a browser does: a close frame, then a wait (bounded) for the server's, then the connection is
     * dropped. Dropping it right after sending the close races the server's own close: Tomcat (10.1.59) then now and
     * then keeps the dead connection's processor, and with it the application's class loader, registered for ever.
     */
    public void close() {
        WebSocket ws = socket;
        if (ws != null && !ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> null).join();
            closeCode.orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
        if (ws != null) {
            ws.abort();
        }
    }
}
