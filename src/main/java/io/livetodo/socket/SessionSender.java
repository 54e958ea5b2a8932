package io.livetodo.socket;

import io.livetodo.metrics.Counter;
import io.livetodo.metrics.Metrics;
import io.livetodo.protocol.Dialect;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The only writer of one WebSocket session. Containers throw when two sends of one session overlap, and a send to a
 * slow client would stall whoever called it; so {@link #send} only enqueues, and one thread at a time drains the
 * session's queue with blocking sends: a writer thread, or the container's thread that received the client's message
 * (see {@link #replyingTo}). The queue is bounded in messages and in bytes: a client that cannot keep up (queue
 * full, over its byte budget, or one send taking longer than the send timeout) is closed with 1008 instead of being
 * waited for. A message that a newer one makes worthless (a text listing, a presence count) is replaced while it
 * waits, so a client that reads slowly holds one of them, not one per change.
 * <p>
 * The events of one change go into the queue as one entry (a "complete all" of 10,000 todos is 10,000 events),
 * and an entry is refused only when the queue already holds more than its limits: so a client holds at most the
 * budget plus one change's messages, and no single change, however large, locks a client out. Bytes are counted as
 * two per character, the most a Java string holds per character, so the budget bounds the heap that one client's
 * queue keeps alive; what is being written counts until it is written.
 * <p>
 * Blocking, not asynchronous, sends: Tomcat completes an asynchronous send that finished at once by handing its
 * callback to a connector thread, and when that makes its pool grow, the new thread's inherited access-control
 * context holds the protection domain of every class on the sending stack, ours included, and with it this
 * application's class loader, long after an undeploy (found with a heap dump after reloads under load). A blocking
 * send hands nothing to the container's threads, and costs one executor hop less per message.
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
    /** Stands in the queue for {@link #latest}: sent as whatever the newest value is when its turn comes. */
    private static final Object LATEST = new Object();
    /** Tomcat's own limit on a blocking send (milliseconds, default 20 s); other containers ignore it. */
    private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";
    private static final long CLOSE_WAITS_FOR_WRITE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Session session;
    private final String label;
    private final int queueLimit;
    private final long byteLimit;
    private final long sendTimeoutNanos;
    private final Executor closer;
    private final Executor writers;
    private final Counter sent;
    private final Metrics metrics;

    private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    /** What the queued messages weigh (see the class comment): the replaceable one and the one in flight included. */
    private final AtomicLong queuedBytes = new AtomicLong();
    /** Held by the thread that is draining the queue. */
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    /** The newest replaceable message not yet written, or null; see {@link #sendReplaceable}. */
    private final AtomicReference<Outgoing> latest = new AtomicReference<>();
    private volatile long inFlightSince;
    /** A send failed because the connection is gone; the container is expected to close the session. */
    private volatile boolean gone;
    /** A close is queued behind the messages before it; nothing more is queued. */
    private volatile boolean closeQueued;
    private volatile long lastHeard = System.nanoTime();
    /** Set while the container's thread handles a message of this session; see {@link #replyingTo}. */
    private volatile boolean replying;
    /**
     * Held while one message (or ping) is written, and taken by a close: containers refuse, or tear the connection
     * down, when a close frame is started while another message is half written. A close waits for the write at
     * most a second: a write that takes longer is to a client too slow to keep, which is closed anyway.
     */
    private final ReentrantLock writeLock = new ReentrantLock();

    /**
     * @param closer  runs closes, which may block on a slow client
     * @param writers runs the drains: whoever queues a message (a fan-out to a thousand sessions, under the list's
     *                lock) only hands it over, and the sessions' writes run in parallel on these threads; a client
     *                that stops reading holds one of them for at most the send timeout
     */
    public SessionSender(Session session, String label, SocketSettings settings, Executor closer, Executor writers,
                         Metrics metrics, Dialect dialect) {
        this.session = session;
        this.label = label;
        this.metrics = metrics;
        this.sent = metrics.sent(dialect);
        this.queueLimit = settings.sendQueueLimit();
        this.byteLimit = settings.sendQueueBytes();
        this.sendTimeoutNanos = settings.sendTimeout().toNanos();
        this.closer = closer;
        this.writers = writers;
        session.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, settings.sendTimeout().toMillis());
    }

    /** Queues a text message; never blocks. Returns false if the session is closing or was just dropped. */
    public boolean send(String text) {
        return send(text, null);
    }

    /**
     * Queues a text message, and if the session needs a writer, leaves starting it to {@code batch} (null: starts it
     * now), which starts the writers of many sessions at once.
     */
    boolean send(String text, WriteBatch batch) {
        if (closeQueued) {
            return false;
        }
        Outgoing message = new Outgoing(List.of(text), System.nanoTime());
        return enqueue(message, message.bytes(), batch);
    }

    /** Queues the messages of one change as one entry (see the class comment); never blocks. */
    boolean sendAll(List<String> texts, WriteBatch batch) {
        if (closeQueued || texts.isEmpty()) {
            return !closeQueued;
        }
        Outgoing message = new Outgoing(texts, System.nanoTime());
        return enqueue(message, message.bytes(), batch);
    }

    /**
     * Queues a message that a newer one makes worthless (a presence count, a text listing): while one waits unsent, a
     * newer one takes its place instead of queueing behind it. A thousand clients joining a list one after another
     * would otherwise queue up to a thousand counts to each of them, and a text client that does not read would be
     * queued a whole listing per change (600 changes to a list of 1,000 long titles kept 300 MB alive).
     */
    public boolean sendReplaceable(String text) {
        return sendReplaceable(text, null);
    }

    boolean sendReplaceable(String text, WriteBatch batch) {
        if (closeQueued || closing.get()) {
            return false;
        }
        Outgoing next = new Outgoing(List.of(text), System.nanoTime());
        Outgoing replaced = latest.getAndSet(next);
        long freed = replaced == null ? 0 : replaced.bytes();
        if (overBudget(queuedBytes.getAndAdd(next.bytes() - freed) - freed)) {
            return false;
        }
        // Only the call that finds no value waiting queues a stand-in; later ones just replace what it will send.
        return replaced != null || enqueue(LATEST, 0, batch);
    }

    /**
     * Handles one message of this session's client and then writes what it queued (its replies, and whatever else
     * came meanwhile) in the calling thread, the container's that received the message, instead of waking a writer
     * thread for them: a change's event and acknowledgement to its author then cost no hand-off between threads,
     * which was 8% of a change's CPU on Tomcat 10.1 (bench/profile.sh). Messages that others queue for this
     * session meanwhile wait for the handling to end. If a writer thread is already busy with this session, it
     * writes the replies as before. The calling thread may block on a client that does not read, up to the send
     * timeout: only on this one, whose next message that thread would otherwise be reading.
     */
    public void replyingTo(Runnable handling) {
        replying = true;
        try {
            handling.run();
        } finally {
            replying = false;
            // A message queued by another thread that saw 'replying' set was not handed to a writer: it is seen here.
            if (!queue.isEmpty() && writing.compareAndSet(false, true)) {
                drain();
            }
        }
    }

    /** A message and when it was handed over, for the delivery-latency histogram. */
    private record Outgoing(List<String> texts, long queuedAt) {
        long bytes() {
            long chars = 0;
            for (String text : texts) {
                chars += text.length();
            }
            return 2 * chars;
        }
    }

    /** Messages waiting for this session's writer. */
    int queued() {
        return queued.get();
    }

    /** Queues a ping unless the connection is busy anyway (then traffic already shows whether it is alive). */
    void ping() {
        if (queued.get() == 0 && inFlightSince == 0) {
            enqueue(PING, 0, null);
        }
    }

    /** The client was heard from (a message or a pong). */
    public void heard() {
        lastHeard = System.nanoTime();
    }

    /** Drops the session if a send is stuck or nothing (no message, no pong) was heard for the idle timeout. */
    void check(long now, long idleTimeoutNanos) {
        long since = inFlightSince;
        if (gone) {
            if (now - lastHeard > idleTimeoutNanos && session.isOpen()) {
                gone = false; // once: the container did not notice that the connection is gone, so close it here
                closer.execute(() -> closeNow(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "connection lost"));
            }
        } else if (since != 0 && now - since > sendTimeoutNanos) {
            drop(Metrics.Drop.SEND_TIMEOUT, "send timed out: client too slow");
        } else if (now - lastHeard > idleTimeoutNanos) {
            drop(Metrics.Drop.IDLE, "idle timeout: no answer to pings");
        }
    }

    /**
     * Closes the session once everything queued so far has been sent: the way to refuse with a reason. Nothing
     * queued after it is sent.
     */
    public void closeAfterQueued(CloseReason.CloseCode code, String reason) {
        if (!closeQueued) {
            enqueue(new Closing(code, reason), 0, null);
            closeQueued = true;
        }
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

    /** Whether a close is queued or under way: nothing more will be sent. */
    boolean closing() {
        return closeQueued || closing.get();
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
        boolean locked = false;
        try {
            locked = writeLock.tryLock(Math.min(sendTimeoutNanos, CLOSE_WAITS_FOR_WRITE_NANOS), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (session.isOpen()) {
                session.close(new CloseReason(code, reason));
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Closing " + label + " failed", e);
        } finally {
            if (locked) {
                writeLock.unlock();
            }
        }
    }

    private void drop(Metrics.Drop why, String reason) {
        if (!closing.get()) {
            metrics.dropped(why).increment();
            LOG.warning(() -> "Dropping " + label + ": " + reason + " (" + queued.get() + " messages, "
                    + queuedBytes.get() + " bytes queued)");
            close(CloseReason.CloseCodes.VIOLATED_POLICY, reason);
        }
    }

    /** Whether the queue already weighed more than the budget ({@code before}) when a message came; if so, drops. */
    private boolean overBudget(long before) {
        if (before <= byteLimit) {
            return false;
        }
        drop(Metrics.Drop.SLOW_CONSUMER, "send queue over " + byteLimit + " bytes: client too slow");
        return true;
    }

    private boolean enqueue(Object message, long bytes, WriteBatch batch) {
        if (closing.get()) {
            return false;
        }
        if (bytes > 0 && overBudget(queuedBytes.getAndAdd(bytes))) {
            return false;
        }
        if (queued.getAndIncrement() >= queueLimit) {
            queued.decrementAndGet();
            queuedBytes.addAndGet(-bytes);
            drop(Metrics.Drop.SLOW_CONSUMER, "send queue full (" + queueLimit + " messages): client too slow");
            return false;
        }
        queue.add(message);
        if (!replying && writing.compareAndSet(false, true)) {
            if (batch != null) {
                batch.add(this);
                return true;
            }
            try {
                writers.execute(this::drain);
            } catch (RejectedExecutionException stopping) {
                writing.set(false); // the application is stopping; its sessions are being closed
            }
        }
        return true;
    }

    /** Writes what is queued; only for the {@link WriteBatch} this sender was added to, which holds its claim. */
    void drainClaimed() {
        drain();
    }

    /** Gives up the claim a {@link WriteBatch} holds without writing (the application is stopping). */
    void releaseClaim() {
        writing.set(false);
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
                continue; // nothing more is queued once closing: what it weighed no longer matters
            }
            if (next == PING) {
                sendPing();
                continue;
            }
            if (next instanceof Closing pending) {
                close(pending.code, pending.reason);
                continue;
            }
            if (next == LATEST && (next = latest.getAndSet(null)) == null) {
                continue;
            }
            Outgoing message = (Outgoing) next;
            Thread thread = Thread.currentThread();
            ClassLoader contextLoader = thread.getContextClassLoader();
            thread.setContextClassLoader(PLAIN_LOADER);
            try {
                for (String text : message.texts()) {
                    if (closing.get()) {
                        break;
                    }
                    inFlightSince = Math.max(1, System.nanoTime());
                    writeLock.lock();
                    try {
                        session.getBasicRemote().sendText(text);
                        sent.increment();
                        metrics.delivery().observeNanos(System.nanoTime() - message.queuedAt());
                    } finally {
                        writeLock.unlock();
                    }
                    queuedBytes.addAndGet(-2L * text.length());
                }
            } catch (IOException | RuntimeException e) {
                failed(e);
                return;
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Error e) {
                // Tyrus throws an Error for text it cannot encode. The session cannot go on, but its writer thread
                // must: left holding 'writing', this session would never be written to again.
                LOG.log(Level.SEVERE, "Send to " + label + " failed; closing it", e);
                writing.set(false);
                close(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "send failed");
                return;
            } finally {
                inFlightSince = 0;
                thread.setContextClassLoader(contextLoader);
            }
        }
    }

    private void sendPing() {
        try {
            writeLock.lock();
            try {
                session.getBasicRemote().sendPing(ByteBuffer.allocate(0));
            } finally {
                writeLock.unlock();
            }
        } catch (IOException | RuntimeException e) {
            failed(e);
        }
    }

    /**
     * A send failed. A timeout means a client that is there but does not read: it is closed like any slow client.
     * Any other I/O error means the connection is gone (the client went away mid-send): the container sees that on
     * its own side and closes the session itself, so nothing is sent or closed from here. Closing it from an
     * application thread as well races the container's own close, and Tomcat can then keep the dead connection's
     * processor (and with it this application's class loader) registered for ever. Should the container never
     * notice, the heartbeat closes the session after the idle timeout.
     */
    private void failed(Throwable cause) {
        writing.set(false);
        if (cause instanceof SocketTimeoutException
                || cause != null && cause.getCause() instanceof SocketTimeoutException) {
            drop(Metrics.Drop.SEND_TIMEOUT, "send timed out: client too slow");
            return;
        }
        LOG.log(Level.FINE, "Send to " + label + " failed; the client has gone", cause);
        gone = true;
        closing.set(true);
        queue.clear();
    }
}
