package io.livetodo.config;

import java.util.Locale;

/**
 * Every setting an operator can give, in one place: its name, its environment variable and its default. The
 * README's configuration table documents each of them and is checked against this list by a test. A default is
 * written as an operator would write the value, and parsed the same way.
 */
public enum Setting {
    ALLOWED_ORIGINS("todo.allowed-origins", null),
    /** Host names requests may carry besides loopback, IP literals, this machine's and the allowed origins' hosts. */
    ALLOWED_HOSTS("todo.allowed-hosts", null),
    /** Reverse proxies whose X-Forwarded-For / Forwarded / X-Forwarded-Proto are believed (addresses, CIDR ranges). */
    TRUSTED_PROXIES("todo.trusted-proxies", null),
    TITLE_MAX_LENGTH("todo.title.max-length", "500"),
    LIST_MAX_TODOS("todo.list.max-todos", "10000"),
    LISTS_MAX("todo.lists.max", "10000"),
    LISTS_IDLE_UNLOAD("todo.lists.idle-unload", "10m"),
    /** Different lists one client address may have open at once; unset: a tenth of {@link #LISTS_MAX}. */
    LISTS_PER_ADDRESS("todo.lists.per-address", null),
    /** Lists the database may hold; a change that would store one more is refused. */
    LISTS_STORED_MAX("todo.lists.stored-max", "100000"),
    /** New lists one client address may make in an hour (a burst of that many, then that rate). */
    LISTS_CREATED_PER_ADDRESS("todo.lists.created-per-address", "1000"),
    HISTORY_SIZE("todo.history.size", "1000"),
    MESSAGE_MAX_BYTES("todo.message.max-bytes", "16384"),
    PING_INTERVAL("todo.ping.interval", "25s"),
    IDLE_TIMEOUT("todo.idle-timeout", "75s"),
    SEND_QUEUE("todo.send.queue", "1024"),
    /** What one client's queue may hold, counted as two bytes a character: the heap a reader that stops can pin. */
    SEND_QUEUE_BYTES("todo.send.queue-bytes", "16m"),
    SEND_TIMEOUT("todo.send.timeout", "10s"),
    /** Whether the container may compress messages (permessage-deflate) where it offers to; see CdiConfigurator. */
    COMPRESSION("todo.compression", "false"),
    RATE_LIMIT("todo.rate.limit", "200"),
    RATE_BURST("todo.rate.burst", "1000"),
    RATE_STRIKES("todo.rate.strikes", "100"),
    MAX_SESSIONS_PER_LIST("todo.max-sessions.per-list", "5000"),
    MAX_SESSIONS_PER_ADDRESS("todo.max-sessions.per-address", "1000"),
    AUTH_ROLE("todo.auth.role", null),
    /** Failed sign-ins an address or a user name may have before the next ones wait (see web.LoginThrottle). */
    AUTH_MAX_FAILURES("todo.auth.max-failures", "10"),
    /** How long the record of a client's mutations is kept after its last one (exactly-once across reconnects). */
    CLIENTS_RETENTION("todo.clients.retention", "30d"),
    /** How many of a client's latest mutation records are kept per list (its older numbers are still duplicates). */
    CLIENTS_WINDOW("todo.clients.window", "100"),
    /** How long a stopping node says it is not ready before it closes its connections; {@code off}: at once. */
    DRAIN_DELAY("todo.drain.delay", "5s"),
    /** With a login required, whether the health endpoints still answer without one (they say only UP or DOWN). */
    HEALTH_PUBLIC("todo.health.public", "true"),
    DATA_DIR("todo.data.dir", null),
    DATASOURCE("todo.datasource", null),
    /** Unset: {@code 100ms} with a {@link #DATASOURCE}, else off (see {@code NodeSync}). */
    SYNC_INTERVAL("todo.sync.interval", null),
    /** On PostgreSQL, whether a stored change wakes the other nodes at once ({@code LISTEN/NOTIFY}). */
    SYNC_NOTIFY("todo.sync.notify", "true"),
    /** While woken by notifications, how often a node still compares every list it holds: the safety net. */
    SYNC_RECHECK("todo.sync.recheck", "5s");

    /** The word that switches a limit or a timer off. */
    public static final String OFF = "off";

    private final String key;
    private final String defaultValue;

    Setting(String key, String defaultValue) {
        this.key = key;
        this.defaultValue = defaultValue;
    }

    /** The system property, e.g. {@code todo.title.max-length}. */
    public String key() {
        return key;
    }

    /** The environment variable, e.g. {@code TODO_TITLE_MAX_LENGTH}. */
    public String environment() {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The value that applies when none is given; null where there is none (or it depends on other settings). */
    public String defaultValue() {
        return defaultValue;
    }
}
