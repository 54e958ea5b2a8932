package io.livetodo.persist;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Says once that work against the database stopped working, with the first failure, and once that it works again.
 * Background work retries every few hundred milliseconds, and an outage of minutes must not fill the log with one
 * warning per attempt.
 */
final class OutageLog {

    private final Logger log;
    private final Function<Exception, String> down;
    private final String back;
    private final AtomicBoolean failing = new AtomicBoolean();

    /**
     * @param down given the first failure, the warning to log
     * @param back logged at the first success after a failure
     */
    OutageLog(Logger log, Function<Exception, String> down, String back) {
        this.log = log;
        this.down = down;
        this.back = back;
    }

    void succeeded() {
        if (failing.get() && failing.compareAndSet(true, false)) { // a plain read first: successes are the common case
            log.info(back);
        }
    }

    void failed(Exception e) {
        if (failing.compareAndSet(false, true)) {
            log.log(Level.WARNING, down.apply(e), e);
        }
    }
}
