package io.livetodo.socket;

import io.livetodo.lifecycle.OwnedThreads;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * The threads that write to sessions (see {@link SessionSender}) and the ones that close them. Closes get their own
 * pool: a close handshake with a slow client can block, and must hold up neither the writes nor the heartbeat.
 */
@ApplicationScoped
public class SendThreads {

    private static final int WRITER_THREADS_PER_CORE = 4;
    private static final int WRITER_THREADS_AT_LEAST = 8;
    private static final int CLOSER_THREADS = 2;

    private final OwnedThreads writerThreads = new OwnedThreads("send");
    private final OwnedThreads closerThreads = new OwnedThreads("close");
    private ExecutorService writers;
    private int writerCount;
    private ExecutorService closers;

    @PostConstruct
    void start() {
        // More threads than cores: a send to a client whose buffers are full blocks its thread until the send timeout
        // drops the client, and a few such clients must not hold up everyone else.
        writerCount = Math.max(WRITER_THREADS_AT_LEAST,
                WRITER_THREADS_PER_CORE * Runtime.getRuntime().availableProcessors());
        writers = writerThreads.fixed(writerCount);
        closers = closerThreads.fixed(CLOSER_THREADS);
    }

    @PreDestroy
    void stop() {
        writerThreads.stop();
        closerThreads.stop();
    }

    Executor writers() {
        return writers;
    }

    /** For one change's deliveries: its sessions are written by as many tasks as there are writer threads. */
    WriteBatch batch() {
        return new WriteBatch(writers, writerCount);
    }

    Executor closers() {
        return closers;
    }
}
