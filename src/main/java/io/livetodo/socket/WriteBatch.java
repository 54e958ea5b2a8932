package io.livetodo.socket;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The sessions that one change left with messages and no writer, started together: a few tasks on the writer
 * threads share them, each taking the next session until none is left, instead of one task (and one thread woken)
 * per session. Handing a task to a parked writer thread costs a system call on each side; one per delivery was 18% of
 * the server's CPU for JSON events to 100 subscribers on Tomcat 10.1 (bench/profile.sh). As many tasks as there are
 * writer threads: a client that does not read holds up one of them, as before, and the others go on with the rest.
 */
final class WriteBatch {

    private static final Logger LOG = Logger.getLogger(WriteBatch.class.getName());
    private final Executor writers;
    private final int parallelism;
    private final List<SessionSender> waiting = new ArrayList<>();

    WriteBatch(Executor writers, int parallelism) {
        this.writers = writers;
        this.parallelism = parallelism;
    }

    /** A session whose writing the caller has claimed (see SessionSender): it is written once {@link #start} runs. */
    void add(SessionSender sender) {
        waiting.add(sender);
    }

    /** Starts writing every session added; call once, after the last {@link #add}. */
    void start() {
        int count = waiting.size();
        if (count == 0) {
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable share = () -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                try {
                    waiting.get(i).drainClaimed();
                } catch (RuntimeException e) {
                    // One session's failure must not leave the sessions after it unwritten.
                    LOG.log(Level.WARNING, "Writing to a session failed", e);
                }
            }
        };
        int started = 0;
        try {
            for (; started < Math.min(count, parallelism); started++) {
                writers.execute(share);
            }
        } catch (RejectedExecutionException stopping) {
            if (started == 0) {
                // The application is stopping and its sessions are being closed; nobody will write these.
                waiting.forEach(SessionSender::releaseClaim);
            }
        }
    }
}
