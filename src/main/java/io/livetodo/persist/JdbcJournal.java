package io.livetodo.persist;

import io.livetodo.config.Setting;
import io.livetodo.config.Settings;
import io.livetodo.todo.ListFingerprint;
import io.livetodo.metrics.Histogram;
import io.livetodo.metrics.Metrics;
import io.livetodo.todo.Change;
import io.livetodo.todo.Journal;
import io.livetodo.todo.ListSummary;
import io.livetodo.todo.Mutation;
import io.livetodo.todo.MutationGap;
import io.livetodo.todo.MutationRecord;
import io.livetodo.todo.Processed;
import io.livetodo.todo.Todo;
import io.livetodo.todo.TodoException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The journal in the database: the list's row, its todos and its change log, written in one transaction. */
@ApplicationScoped
public class JdbcJournal implements Journal {

    /** SQLSTATE of a duplicate key, on H2 and PostgreSQL alike. */
    private static final String UNIQUE_VIOLATION = "23505";
    private static final int HEADS_SLICE = 500;
    /** client_mutation.error_message's width. */
    private static final int MESSAGE_COLUMN = 1000;

    private Database database;
    private Histogram commits;
    private int storedListsMax;
    /** This database's id (see {@link #newListEpoch}), read once. */
    private volatile String instanceId;

    /** For the CDI proxy only. */
    protected JdbcJournal() {
    }

    /** A journal whose commit times nobody reads (tests, tools), with the default settings. */
    public JdbcJournal(Database database) {
        this(database, new Histogram(), Settings.of(Map.of()));
    }

    /** The same, with settings (e.g. {@code todo.lists.stored-max}). */
    public JdbcJournal(Database database, Settings settings) {
        this(database, new Histogram(), settings);
    }

    @Inject
    public JdbcJournal(Database database, Metrics metrics, Settings settings) {
        this(database, metrics.commits(), settings);
    }

    private JdbcJournal(Database database, Histogram commits, Settings settings) {
        this.database = database;
        this.commits = commits;
        this.storedListsMax = settings.positiveInt(Setting.LISTS_STORED_MAX);
    }

    @Override
    public StoredList open(String list, int recentChanges) {
        try (Connection connection = database.connection()) {
            if (head(connection, list) == null) {
                return new StoredList(newListEpoch(connection, list), 0, List.of(), List.of());
            }
            // One snapshot of the database for the row, the todos and the changes: a change another server commits
            // meanwhile must be in all three or in none, or this copy would take it in twice when it follows.
            int isolation = connection.getTransactionIsolation();
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                Head head = head(connection, list);
                long seq = head.seq();
                List<Todo> todos = new ArrayList<>();
                try (PreparedStatement statement = connection.prepareStatement("SELECT id, title, completed,"
                        + " created, updated, version, author FROM todo WHERE list_name = ? ORDER BY position")) {
                    statement.setString(1, list);
                    try (ResultSet row = statement.executeQuery()) {
                        while (row.next()) {
                            todos.add(todo(row, 1));
                        }
                    }
                }
                List<Change> recent = changes(connection, list, seq - recentChanges, recentChanges);
                connection.commit();
                return new StoredList(head.epoch(), seq, todos, recent);
            } finally {
                connection.rollback();
                connection.setTransactionIsolation(isolation); // a pooled connection goes back as it came
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new JournalException("Cannot read " + ListFingerprint.of(list) + " from "
                    + database.description(), e);
        }
    }

    /** A stored list's row: which history it is, and how far it has got. */
    private record Head(String epoch, long seq) { }

    /** The list's row, or null. */
    private static Head head(Connection connection, String list) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT epoch, seq FROM todo_list WHERE name = ?")) {
            statement.setString(1, list);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? new Head(row.getString(1), row.getLong(2)) : null;
            }
        }
    }

    /**
     * The epoch of a list not stored yet: from this database's id and the name, so that the servers on one database
     * agree on it without storing anything (see V5__store_instance.sql).
     */
    private String newListEpoch(Connection connection, String list) throws SQLException {
        String id = instanceId;
        if (id == null) {
            id = instanceId = instanceId(connection);
        }
        return ListFingerprint.sha256Hex(id + "/" + list, 8);
    }

    /** This database's id, made by the first server that asks. */
    private static String instanceId(Connection connection) throws SQLException {
        String id = java.util.UUID.randomUUID().toString();
        return readOrInsert(connection, "SELECT id FROM store_instance", List.of(),
                "INSERT INTO store_instance (singleton, id) VALUES (1, ?)", List.of(id), id);
    }

    /**
     * The one value {@code select} finds; where it finds none, runs {@code insert} and returns {@code inserted}. In
     * autocommit: where another server inserted first (a duplicate key), the second look finds what it wrote.
     */
    private static String readOrInsert(Connection connection, String select, List<Object> selectValues,
                                       String insert, List<Object> insertValues, String inserted) throws SQLException {
        for (int attempt = 0; attempt < 2; attempt++) {
            try (PreparedStatement statement = connection.prepareStatement(select)) {
                for (int i = 0; i < selectValues.size(); i++) {
                    statement.setObject(i + 1, selectValues.get(i));
                }
                try (ResultSet row = statement.executeQuery()) {
                    if (row.next()) {
                        return row.getString(1);
                    }
                }
            }
            try (PreparedStatement statement = connection.prepareStatement(insert)) {
                for (int i = 0; i < insertValues.size(); i++) {
                    statement.setObject(i + 1, insertValues.get(i));
                }
                statement.executeUpdate();
                return inserted;
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
            }
        }
        throw new SQLException("no row after a duplicate key: " + select);
    }

    /**
     * Stores the row of a list that a first change is about to be stored in, unless it is stored (or another server
     * stores it meanwhile). Runs before the change's transaction, in autocommit: on PostgreSQL a duplicate key
     * inside a transaction would abort it.
     */
    private void storeIfNew(Connection connection, String list, long knownSeq) throws SQLException {
        if (knownSeq == 0 && head(connection, list) == null) {
            // Counted when a list is about to be stored, which is rare: a change to a stored list costs nothing.
            // Servers storing new lists at the same moment may overshoot by one each.
            try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM todo_list");
                 ResultSet row = count.executeQuery()) {
                if (row.next() && row.getLong(1) >= storedListsMax) {
                    throw new TodoException(TodoException.Reason.TOO_MANY_LISTS, "this server stores at most "
                            + storedListsMax + " lists (todo.lists.stored-max), and has that many; use a list"
                            + " that exists already");
                }
            }
            create(connection, list, newListEpoch(connection, list));
        }
    }

    /** Creates the list's row unless another server just did; either way the row exists afterwards. */
    private static void create(Connection connection, String list, String epoch) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO todo_list (name, epoch, seq) VALUES (?, ?, 0)")) {
            insert.setString(1, list);
            insert.setString(2, epoch);
            insert.executeUpdate();
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    @Override
    public List<Change> changesAfter(String list, long seq, int max) {
        try (Connection connection = database.connection()) {
            return changes(connection, list, seq, max);
        } catch (SQLException e) {
            throw new JournalException("Cannot read the changes of " + ListFingerprint.of(list) + " from "
                    + database.description(), e);
        }
    }

    private static List<Change> changes(Connection connection, String list, long after, int max)
            throws SQLException {
        List<Change> changes = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT seq, kind, todo_id, title,"
                + " completed, created, updated, version, author FROM change_log WHERE list_name = ? AND seq > ?"
                + " ORDER BY seq")) {
            statement.setMaxRows(max);
            statement.setString(1, list);
            statement.setLong(2, after);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    changes.add(new Change(row.getLong(1),
                            Change.Kind.valueOf(row.getString(2).toUpperCase(Locale.ROOT)), todo(row, 3)));
                }
            }
        }
        return changes;
    }

    @Override
    public Map<String, Long> heads(Collection<String> lists) {
        Map<String, Long> heads = new HashMap<>();
        List<String> names = List.copyOf(lists);
        try (Connection connection = database.connection()) {
            // In slices, so that a server holding thousands of lists sends bounded statements.
            for (int from = 0; from < names.size(); from += HEADS_SLICE) {
                List<String> slice = names.subList(from, Math.min(names.size(), from + HEADS_SLICE));
                try (PreparedStatement statement = connection.prepareStatement("SELECT name, seq FROM todo_list"
                        + " WHERE name IN (" + String.join(", ", Collections.nCopies(slice.size(), "?")) + ")")) {
                    for (int i = 0; i < slice.size(); i++) {
                        statement.setString(i + 1, slice.get(i));
                    }
                    try (ResultSet row = statement.executeQuery()) {
                        while (row.next()) {
                            heads.put(row.getString(1), row.getLong(2));
                        }
                    }
                }
            }
            return heads;
        } catch (SQLException e) {
            throw new JournalException("Cannot read the lists' sequence numbers from " + database.description(), e);
        }
    }

    @Override
    public List<ListSummary> summaries() {
        List<ListSummary> summaries = new ArrayList<>();
        try (Connection connection = database.connection();
             PreparedStatement statement = connection.prepareStatement("SELECT l.name, l.epoch, l.seq,"
                     + " COUNT(t.id), COUNT(t.id) - COUNT(CASE WHEN t.completed THEN 1 END)"
                     + " FROM todo_list l LEFT JOIN todo t ON t.list_name = l.name"
                     + " GROUP BY l.name, l.epoch, l.seq ORDER BY l.name");
             ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                summaries.add(new ListSummary(row.getString(1), row.getString(2), row.getLong(3), row.getInt(4),
                        row.getInt(5)));
            }
            return summaries;
        } catch (SQLException e) {
            throw new JournalException("Cannot read the lists from " + database.description(), e);
        }
    }

    @Override
    public List<Change> append(String list, long knownSeq, List<Change> changes,
                               Function<List<Change>, List<Change>> replan) {
        long start = System.nanoTime();
        try (Connection connection = database.connection()) {
            storeIfNew(connection, list, knownSeq);
            connection.setAutoCommit(false);
            try {
                List<Change> stored = changes;
                if (!advance(connection, list, knownSeq, last(changes))) {
                    // Behind: lock the row, so no one overtakes us again, and plan on what is stored now.
                    long storedSeq = lockedSeq(connection, list);
                    stored = replan.apply(changes(connection, list, knownSeq, Integer.MAX_VALUE));
                    if (stored.isEmpty()) {
                        connection.rollback();
                        return stored;
                    }
                    if (!advance(connection, list, storedSeq, last(stored))) {
                        throw new SQLException(ListFingerprint.of(list) + " moved on while locked");
                    }
                }
                log(connection, list, stored);
                apply(connection, list, stored);
                wakeOthers(connection, list, stored);
                commit(connection);
                commits.observeNanos(System.nanoTime() - start);
                return stored;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new JournalException("Cannot store " + changes.size() + " change(s) of " + ListFingerprint.of(list)
                    + " in " + database.description(), e);
        }
    }

    @Override
    public Processed appendMutation(String list, long knownSeq, Mutation mutation,
                                    Function<List<Change>, List<Change>> plan) {
        long start = System.nanoTime();
        try (Connection connection = database.connection()) {
            storeIfNew(connection, list, knownSeq);
            connection.setAutoCommit(false);
            try {
                // The list's row lock orders this against every other change of the list, on every server, so the
                // client's last mutation cannot move between the look-up and the record.
                long storedSeq = lockedSeq(connection, list);
                long last = lastMutation(connection, list, mutation.client());
                if (mutation.number() <= last) {
                    MutationRecord earlier = mutationRecord(connection, list, mutation);
                    connection.rollback();
                    return new Processed.Duplicate(mutation.number(), earlier);
                }
                if (last > 0 && mutation.number() != last + 1) {
                    connection.rollback();
                    throw new MutationGap(mutation.number(), last + 1);
                }
                if (last == 0 && mutation.number() > Mutation.MAX_FIRST) {
                    connection.rollback();
                    throw new TodoException(TodoException.Reason.INVALID_CLIENT, "a client new to this list starts"
                            + " its mutations at " + Mutation.MAX_FIRST + " at most; this one is " + mutation.number());
                }
                List<Change> missed = storedSeq == knownSeq ? List.of()
                        : changes(connection, list, knownSeq, Integer.MAX_VALUE);
                Processed processed;
                try {
                    List<Change> changes = plan.apply(missed);
                    if (!changes.isEmpty()) {
                        if (!advance(connection, list, storedSeq, last(changes))) {
                            throw new SQLException(ListFingerprint.of(list) + " moved on while locked");
                        }
                        log(connection, list, changes);
                        apply(connection, list, changes);
                        wakeOthers(connection, list, changes);
                    }
                    record(connection, list, mutation, changes, null);
                    processed = new Processed.Applied(changes);
                } catch (TodoException refused) {
                    record(connection, list, mutation, List.of(), refused);
                    processed = new Processed.Refused(refused);
                }
                commit(connection);
                commits.observeNanos(System.nanoTime() - start);
                return processed;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new JournalException("Cannot store mutation " + mutation.number() + " of a client of "
                    + ListFingerprint.of(list) + " in " + database.description(), e);
        }
    }

    @Override
    public String claimClient(String client, String user) {
        try (Connection connection = database.connection()) {
            return readOrInsert(connection, "SELECT user_name FROM client_owner WHERE client_id = ?", List.of(client),
                    "INSERT INTO client_owner (client_id, user_name, claimed) VALUES (?, ?, ?)",
                    List.of(client, user, time(Instant.now())), user);
        } catch (SQLException e) {
            throw new JournalException("Cannot read or record whose client id this is in " + database.description(), e);
        }
    }

    @Override
    public long lastMutation(String list, String client) {
        try (Connection connection = database.connection()) {
            return lastMutation(connection, list, client);
        } catch (SQLException e) {
            throw new JournalException("Cannot read a client's mutations of " + ListFingerprint.of(list) + " from "
                    + database.description(), e);
        }
    }

    private static long lastMutation(Connection connection, String list, String client) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT MAX(mutation) FROM client_mutation WHERE list_name = ? AND client_id = ?")) {
            select.setString(1, list);
            select.setString(2, client);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : 0; // MAX of no rows is NULL, which getLong reads as 0
            }
        }
    }

    private static MutationRecord mutationRecord(Connection connection, String list, Mutation mutation)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT first_seq, last_seq, error_code,"
                + " error_message FROM client_mutation WHERE list_name = ? AND client_id = ? AND mutation = ?")) {
            select.setString(1, list);
            select.setString(2, mutation.client());
            select.setLong(3, mutation.number());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? new MutationRecord(mutation.number(), row.getLong(1), row.getLong(2),
                        row.getString(3), row.getString(4)) : null;
            }
        }
    }

    private static void record(Connection connection, String list, Mutation mutation, List<Change> changes,
                               TodoException refusal) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO client_mutation (list_name,"
                + " client_id, mutation, first_seq, last_seq, error_code, error_message, processed)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, list);
            insert.setString(2, mutation.client());
            insert.setLong(3, mutation.number());
            insert.setLong(4, changes.isEmpty() ? 0 : changes.get(0).seq());
            insert.setLong(5, changes.isEmpty() ? 0 : last(changes));
            insert.setString(6, refusal == null ? null : refusal.reason().code());
            insert.setString(7, refusal == null ? null : truncate(refusal.getMessage(), MESSAGE_COLUMN));
            insert.setObject(8, time(Instant.now()));
            insert.executeUpdate();
        }
    }

    private static String truncate(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length - 1) + "…";
    }

    @Override
    public int forgetChangesBeyond(int keep) {
        return delete("old changes", "DELETE FROM change_log WHERE seq <= (SELECT l.seq FROM todo_list l"
                + " WHERE l.name = change_log.list_name) - ?", keep);
    }

    @Override
    public int forgetMutationsBeyond(int keep) {
        return delete("old mutation records", "DELETE FROM client_mutation WHERE mutation <= (SELECT MAX(x.mutation)"
                + " FROM client_mutation x WHERE x.list_name = client_mutation.list_name"
                + " AND x.client_id = client_mutation.client_id) - ?", keep);
    }

    private int delete(String what, String sql, int keep) {
        try (Connection connection = database.connection();
             PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setInt(1, keep);
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new JournalException("Cannot delete " + what + " in " + database.description(), e);
        }
    }

    @Override
    public int forgetMutationsBefore(Instant cutoff) {
        try (Connection connection = database.connection();
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM client_mutation WHERE processed < ?");
             PreparedStatement owners = connection.prepareStatement("DELETE FROM client_owner WHERE claimed < ? AND"
                     + " NOT EXISTS (SELECT 1 FROM client_mutation m WHERE m.client_id = client_owner.client_id)")) {
            delete.setObject(1, time(cutoff));
            int forgotten = delete.executeUpdate();
            owners.setObject(1, time(cutoff));
            return forgotten + owners.executeUpdate();
        } catch (SQLException e) {
            throw new JournalException("Cannot forget old mutation records in " + database.description(), e);
        }
    }

    private static long last(List<Change> changes) {
        return changes.get(changes.size() - 1).seq();
    }

    /** The list's stored sequence number, with the row locked until the transaction ends. */
    private static long lockedSeq(Connection connection, String list) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT seq FROM todo_list WHERE name = ? FOR UPDATE")) {
            select.setString(1, list);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException(ListFingerprint.of(list) + " is not stored");
                }
                return row.getLong(1);
            }
        }
    }

    /**
     * Moves the list's sequence number from previousSeq to newSeq; false if it is no longer at previousSeq. The row
     * lock this takes makes concurrent writers of one list, on any server, wait for each other; the loser then sees
     * the new number and is refused, so no two servers ever store the same sequence number.
     */
    private static boolean advance(Connection connection, String list, long previousSeq, long newSeq)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE todo_list SET seq = ? WHERE name = ? AND seq = ?")) {
            update.setLong(1, newSeq);
            update.setString(2, list);
            update.setLong(3, previousSeq);
            return update.executeUpdate() == 1;
        }
    }

    private void wakeOthers(Connection connection, String list, List<Change> changes) throws SQLException {
        if (database.notifies()) {
            ChangeNotice.send(connection, list, last(changes));
        }
    }

    private static void log(Connection connection, String list, List<Change> changes) throws SQLException {
        batch(connection, "INSERT INTO change_log (list_name, seq, kind, todo_id, title, completed, created, updated,"
                + " version, author) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", changes, (insert, change) -> {
            insert.setString(1, list);
            insert.setLong(2, change.seq());
            insert.setString(3, change.kind().wireName());
            bindTodo(insert, 4, change.todo());
        });
    }

    /** Brings the todo table up to date. One operation changes each todo at most once, so order does not matter. */
    private static void apply(Connection connection, String list, List<Change> changes) throws SQLException {
        batch(connection, "INSERT INTO todo (list_name, position, id, title, completed, created, updated, version,"
                + " author) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", of(changes, Change.Kind.ADDED), (insert, change) -> {
            insert.setString(1, list);
            insert.setLong(2, change.seq());
            bindTodo(insert, 3, change.todo());
        });
        batch(connection, "UPDATE todo SET title = ?, completed = ?, updated = ?, version = ?, author = ?"
                + " WHERE list_name = ? AND id = ?", of(changes, Change.Kind.UPDATED), (update, change) -> {
            Todo todo = change.todo();
            update.setString(1, todo.title());
            update.setBoolean(2, todo.completed());
            update.setObject(3, time(todo.updated()));
            update.setLong(4, todo.version());
            update.setString(5, todo.author());
            update.setString(6, list);
            update.setString(7, todo.id());
        });
        batch(connection, "DELETE FROM todo WHERE list_name = ? AND id = ?", of(changes, Change.Kind.DELETED),
                (delete, change) -> {
                    delete.setString(1, list);
                    delete.setString(2, change.todo().id());
                });
    }

    private static List<Change> of(List<Change> changes, Change.Kind kind) {
        return changes.stream().filter(change -> change.kind() == kind).toList();
    }

    /** Binds one row per change. */
    private interface RowBinder {
        void bind(PreparedStatement statement, Change change) throws SQLException;
    }

    /**
     * Runs the statement once per change, prepared once and sent as one batch (a "clear completed" is many). A single
     * change, the common case, is one plain update: H2 2.2's {@code executeBatch} (Payara's own H2, which the
     * application gets there) creates an {@code SQLException} on every call, to chain the failures it might meet, and
     * filling in its stack trace through the container's deep stack was 3% of a change's CPU on Payara
     * (bench/profile.sh).
     */
    /**
     * Commits, and leaves the connection in auto-commit mode, as it came: one that comes back in a transaction is
     * rolled back by the pool, and in H2 a rollback empties the session's cache of parsed statements.
     */
    private static void commit(Connection connection) throws SQLException {
        connection.commit();
        connection.setAutoCommit(true);
    }

    private static void batch(Connection connection, String sql, List<Change> changes, RowBinder binder)
            throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            if (changes.size() == 1) {
                binder.bind(statement, changes.get(0));
                statement.executeUpdate();
                return;
            }
            for (Change change : changes) {
                binder.bind(statement, change);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** Binds id, title, completed, created, updated, version, author from the given parameter index on. */
    private static void bindTodo(PreparedStatement statement, int first, Todo todo) throws SQLException {
        statement.setString(first, todo.id());
        statement.setString(first + 1, todo.title());
        statement.setBoolean(first + 2, todo.completed());
        statement.setObject(first + 3, time(todo.created()));
        statement.setObject(first + 4, time(todo.updated()));
        statement.setLong(first + 5, todo.version());
        statement.setString(first + 6, todo.author());
    }

    /** Reads id, title, completed, created, updated, version, author from the given column on. */
    private static Todo todo(ResultSet row, int first) throws SQLException {
        return new Todo(row.getString(first), row.getString(first + 1), row.getBoolean(first + 2),
                instant(row.getObject(first + 3, OffsetDateTime.class)),
                instant(row.getObject(first + 4, OffsetDateTime.class)), row.getLong(first + 5),
                row.getString(first + 6));
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time.toInstant();
    }
}
