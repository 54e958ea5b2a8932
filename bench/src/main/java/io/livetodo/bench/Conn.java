package io.livetodo.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * One benchmark connection (the JDK's WebSocket client). Messages go to a handler, with the time they arrived, or
 * to a queue for closed-loop clients. A stalled connection reads nothing after the handshake, like a client that
 * stopped reading.
 */
final class Conn implements WebSocket.Listener {

    /**
     * Several clients, because each HttpClient reads all its connections on one selector thread: with a thousand
     * subscribers on one, the benchmark would measure that thread.
     */
    private static final HttpClient[] HTTP = new HttpClient[4];
    private static final java.util.concurrent.atomic.AtomicInteger NEXT = new java.util.concurrent.atomic.AtomicInteger();

    static {
        for (int i = 0; i < HTTP.length; i++) {
            HTTP[i] = HttpClient.newHttpClient();
        }
    }

    private final StringBuilder partial = new StringBuilder();
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final BiConsumer<String, Long> handler;
    private final boolean stalled;
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    volatile long received;
    private WebSocket socket;

    private Conn(BiConsumer<String, Long> handler, boolean stalled) {
        this.handler = handler;
        this.stalled = stalled;
    }

    static CompletableFuture<Conn> open(URI uri, String subprotocol, BiConsumer<String, Long> handler,
                                        boolean stalled) {
        Conn conn = new Conn(handler, stalled);
        WebSocket.Builder builder = HTTP[Math.floorMod(NEXT.getAndIncrement(), HTTP.length)].newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30));
        if (subprotocol != null) {
            builder.subprotocols(subprotocol);
        }
        return builder.buildAsync(uri, conn).thenApply(ws -> conn);
    }

    static Conn openNow(URI uri, String subprotocol) {
        return open(uri, subprotocol, null, false).join();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(stalled ? 0 : 1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            long now = System.nanoTime();
            String message = partial.toString();
            partial.setLength(0);
            received++;
            if (handler != null) {
                handler.accept(message, now);
            } else {
                queue.add(message);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
    }

    /** Starts reading, for a stalled connection that should now see what piled up (and how it ended). */
    void resume() {
        socket.request(Long.MAX_VALUE);
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    /** The next queued message; fails after 60 s. */
    String next() {
        try {
            String message = queue.poll(60, TimeUnit.SECONDS);
            if (message == null) {
                throw new IllegalStateException("no answer within 60 s");
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        } finally {
            socket.abort();
        }
    }
}
