package io.livetodo.lifecycle;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The threads one application bean owns: daemon threads named {@code livetodo-<purpose>-N}, remembered so that
 * {@link #stop} can join them. A container checks for live threads of an undeployed application right after its
 * {@code @PreDestroy} methods return, and a terminated pool's last worker may still be leaving {@code run()}.
 */
public final class OwnedThreads implements ThreadFactory {

    private static final Logger LOG = Logger.getLogger(OwnedThreads.class.getName());
    private static final long STOP_SECONDS = 5;
    private static final long GRACE_SECONDS = 2;

    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<ExecutorService> executors = new CopyOnWriteArrayList<>();

    public OwnedThreads(String purpose) {
        this.prefix = "livetodo-" + purpose + "-";
    }

    @Override
    public Thread newThread(Runnable runnable) {
        Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
        thread.setDaemon(true);
        threads.add(thread);
        return thread;
    }

    /** A timer pool whose cancelled tasks leave its queue at once. */
    public ScheduledThreadPoolExecutor scheduled(int size) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(size, this);
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executors.add(executor);
        return executor;
    }

    public ExecutorService fixed(int size) {
        ExecutorService executor = Executors.newFixedThreadPool(size, this);
        executors.add(executor);
        return executor;
    }

    /**
     * Lets what runs and waits finish for a moment, then interrupts what still runs and drops what still waits, and
     * returns once every thread made here has ended. Not interrupting at once matters: a WebSocket write interrupted
     * midway makes the container tear the connection down without a close frame (the client sees 1006, not 1001).
     */
    public void stop() {
        executors.forEach(ExecutorService::shutdown);
        try {
            long graceEnds = System.nanoTime() + TimeUnit.SECONDS.toNanos(GRACE_SECONDS);
            for (ExecutorService executor : executors) {
                executor.awaitTermination(Math.max(0, graceEnds - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            executors.forEach(ExecutorService::shutdownNow);
            for (ExecutorService executor : executors) {
                if (!executor.awaitTermination(STOP_SECONDS, TimeUnit.SECONDS)) {
                    LOG.warning(() -> "Threads " + prefix + "* did not stop within " + STOP_SECONDS + " s");
                }
            }
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(STOP_SECONDS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
