package io.livetodo.socket;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The only writer of one WebSocket session. Containers throw when two sends of one session overlap, and a blocking
 * send to a slow client would stall whoever called it; so {@link #send} only enqueues, and at most one asynchronous
 * send is in flight, the next one starting from its completion. The queue is bounded: a client that cannot keep up
 * (queue full, or one send taking longer than the send timeout) is closed with 1008 instead of being waited for.
 */
public final class SessionSender {

    /**
     * The context class loader while handing a message to the container. Payara's Tyrus schedules a timer on a
     * managed executor for every send, and capturing the thread's context for it searches the context class
     * loader's whole class path for providers: with the application's loader, that search was half the CPU of a
     * busy server (JFR). A send needs nothing from the application's class path.
     */
    private static final ClassLoader PLAIN_LOADER = ClassLoader.getPlatformClassLoader();

    private static final Logger LOG = Logger.getLogger(SessionSender.class.getName());
    private static final Object PING = new Object();

    private final Session session;
    private final String label;
    private final int queueLimit;
    private final long sendTimeoutNanos;
    private final Executor closer;
    private final Executor writers;

    private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    /** Held by the thread that is draining the queue, and across an asynchronous send until it completes. */
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile long inFlightSince;
    private volatile long lastHeard = System.nanoTime();

    /**
     * @param closer  runs closes, which may block on a slow client
     * @param writers runs the drains: whoever queues a message (a fan-out to a thousand sessions, under the list's
     *                lock) only hands it over, and the sessions' writes run in parallel on these threads
     */
    public SessionSender(Session session, String label, SocketSettings settings, Executor closer, Executor writers) {
        this.session = session;
        this.label = label;
        this.queueLimit = settings.sendQueueLimit();
        this.sendTimeoutNanos = settings.sendTimeout().toNanos();
        this.closer = closer;
        this.writers = writers;
        session.getAsyncRemote().setSendTimeout(settings.sendTimeout().toMillis());
    }

    /** Queues a text message; never blocks. Returns false if the session is closing or was just dropped. */
    public boolean send(String text) {
        return enqueue(text);
    }

    /** Queues a ping unless the connection is busy anyway (then traffic already shows whether it is alive). */
    void ping() {
        if (queued.get() == 0 && inFlightSince == 0) {
            enqueue(PING);
        }
    }

    /** The client was heard from (a message or a pong). */
    public void heard() {
        lastHeard = System.nanoTime();
    }

    /** Drops the session if a send is stuck or nothing (no message, no pong) was heard for the idle timeout. */
    void check(long now, long idleTimeoutNanos) {
        long since = inFlightSince;
        if (since != 0 && now - since > sendTimeoutNanos) {
            drop("send timed out: client too slow");
        } else if (now - lastHeard > idleTimeoutNanos) {
            drop("idle timeout: no answer to pings");
        }
    }

    public boolean isOpen() {
        return !closing.get() && session.isOpen();
    }

    /** Closes the session once everything queued so far has been sent: the way to refuse with a reason. */
    public void closeAfterQueued(CloseReason.CloseCode code, String reason) {
        enqueue(new Closing(code, reason));
    }

    /** A close waiting in the queue behind the messages before it. */
    private static final class Closing {
        final CloseReason.CloseCode code;
        final String reason;

        Closing(CloseReason.CloseCode code, String reason) {
            this.code = code;
            this.reason = reason;
        }
    }

    /** Closes the session from another thread: a close handshake to a slow client may block. */
    public void close(CloseReason.CloseCode code, String reason) {
        if (closing.compareAndSet(false, true)) {
            queue.clear();
            closer.execute(() -> closeNow(code, reason));
        }
    }

    /** Closes in the calling thread (shutdown, when no executor may be left). */
    void closeNow(CloseReason.CloseCode code, String reason) {
        closing.set(true);
        try {
            if (session.isOpen()) {
                session.close(new CloseReason(code, reason));
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Closing " + label + " failed", e);
        }
    }

    private void drop(String reason) {
        if (!closing.get()) {
            LOG.warning(() -> "Dropping " + label + ": " + reason + " (" + queued.get() + " messages queued)");
            close(CloseReason.CloseCodes.VIOLATED_POLICY, reason);
        }
    }

    private boolean enqueue(Object message) {
        if (closing.get()) {
            return false;
        }
        if (queued.incrementAndGet() > queueLimit) {
            queued.decrementAndGet();
            drop("send queue full (" + queueLimit + " messages): client too slow");
            return false;
        }
        queue.add(message);
        if (writing.compareAndSet(false, true)) {
            try {
                writers.execute(this::drain);
            } catch (RejectedExecutionException stopping) {
                writing.set(false); // the application is stopping; its sessions are being closed
            }
        }
        return true;
    }

    /** Runs only in the thread that holds {@link #writing}. */
    private void drain() {
        while (true) {
            Object next = queue.poll();
            if (next == null) {
                writing.set(false);
                // A message queued after our last poll but before the release would otherwise wait for the next send.
                if (queue.isEmpty() || !writing.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            queued.decrementAndGet();
            if (closing.get()) {
                continue;
            }
            if (next == PING) {
                sendPing();
                continue;
            }
            if (next instanceof Closing pending) {
                close(pending.code, pending.reason);
                continue;
            }
            Attempt attempt = new Attempt();
            inFlightSince = Math.max(1, System.nanoTime());
            Thread thread = Thread.currentThread();
            ClassLoader contextLoader = thread.getContextClassLoader();
            thread.setContextClassLoader(PLAIN_LOADER);
            try {
                session.getAsyncRemote().sendText((String) next, attempt);
            } catch (RuntimeException e) {
                failed(e);
                return;
            } finally {
                thread.setContextClassLoader(contextLoader);
            }
            SendResult inline = attempt.leave();
            if (inline == null) {
                return; // still in flight: its completion continues the drain, holding 'writing' until then
            }
            inFlightSince = 0;
            if (!inline.isOK()) {
                failed(inline.getException());
                return;
            }
        }
    }

    private void completed(SendResult result) {
        inFlightSince = 0;
        if (result.isOK()) {
            drain();
        } else {
            failed(result.getException());
        }
    }

    private void sendPing() {
        try {
            session.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
        } catch (IOException | RuntimeException e) {
            failed(e);
        }
    }

    private void failed(Throwable cause) {
        // Usually the client went away mid-send; the container reports the close separately.
        LOG.log(Level.FINE, "Send to " + label + " failed", cause);
        writing.set(false);
        close(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "send failed");
    }

    /**
     * One send's completion. Containers may complete a send inside sendText on the calling thread; draining
     * recursively from there would grow the stack by one frame set per queued message, so an inline completion is
     * only recorded and the loop in {@link #drain} goes on.
     */
    private final class Attempt implements SendHandler {
        private boolean inline = true;
        private SendResult result;

        @Override
        public void onResult(SendResult sendResult) {
            synchronized (this) {
                if (inline) {
                    result = sendResult;
                    return;
                }
            }
            completed(sendResult);
        }

        synchronized SendResult leave() {
            inline = false;
            return result;
        }
    }
}
