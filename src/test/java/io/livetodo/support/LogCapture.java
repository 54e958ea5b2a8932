package io.livetodo.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what one logger (and its children) logs, so tests can assert what an operator would read. */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Level levelBefore;

    public LogCapture(String loggerName) {
        logger = Logger.getLogger(loggerName);
        levelBefore = logger.getLevel();
        logger.addHandler(this);
    }

    /** Also lowers the logger's level while capturing (the tests' logging configuration shows warnings and up). */
    public LogCapture(String loggerName, Level level) {
        this(loggerName);
        logger.setLevel(level);
    }

    public List<String> messages() {
        return messages;
    }

    @Override
    public void publish(LogRecord record) {
        messages.add(record.getLevel() + " " + new java.util.logging.SimpleFormatter().formatMessage(record));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(levelBefore);
    }
}
