package io.livetodo.persist;

import io.livetodo.todo.Change;
import io.livetodo.todo.Journal;
import io.livetodo.todo.Todo;
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
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The journal in the database: the list's row, its todos and its change log, written in one transaction. */
@ApplicationScoped
public class JdbcJournal implements Journal {

    private Database database;

    /** For the CDI proxy only. */
    protected JdbcJournal() {
    }

    @Inject
    public JdbcJournal(Database database) {
        this.database = database;
    }

    @Override
    public StoredList load(String list, int recentChanges) {
        try (Connection connection = database.connection()) {
            String epoch;
            long seq;
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT epoch, seq FROM todo_list WHERE name = ?")) {
                statement.setString(1, list);
                try (ResultSet row = statement.executeQuery()) {
                    if (!row.next()) {
                        return null;
                    }
                    epoch = row.getString(1);
                    seq = row.getLong(2);
                }
            }
            List<Todo> todos = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("SELECT id, title, completed, created,"
                    + " updated, version FROM todo WHERE list_name = ? ORDER BY position")) {
                statement.setString(1, list);
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        todos.add(todo(row, 1));
                    }
                }
            }
            List<Change> recent = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("SELECT seq, kind, todo_id, title,"
                    + " completed, created, updated, version FROM change_log WHERE list_name = ? AND seq > ?"
                    + " ORDER BY seq DESC")) {
                statement.setString(1, list);
                statement.setLong(2, seq - recentChanges);
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        recent.add(new Change(row.getLong(1),
                                Change.Kind.valueOf(row.getString(2).toUpperCase(Locale.ROOT)), todo(row, 3)));
                    }
                }
            }
            Collections.reverse(recent);
            return new StoredList(epoch, seq, todos, recent);
        } catch (SQLException e) {
            throw new JournalException("Cannot read list '" + list + "' from " + database.description(), e);
        }
    }

    @Override
    public void append(String list, String epoch, long previousSeq, List<Change> changes) {
        long newSeq = changes.get(changes.size() - 1).seq();
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try {
                advance(connection, list, epoch, previousSeq, newSeq);
                log(connection, list, changes);
                apply(connection, list, changes);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new JournalException("Cannot store " + changes.size() + " change(s) of list '" + list + "' in "
                    + database.description(), e);
        }
    }

    /** Moves the list's sequence number from previousSeq to newSeq, or creates the list's row. */
    private static void advance(Connection connection, String list, String epoch, long previousSeq, long newSeq)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE todo_list SET seq = ? WHERE name = ? AND seq = ?")) {
            update.setLong(1, newSeq);
            update.setString(2, list);
            update.setLong(3, previousSeq);
            if (update.executeUpdate() == 1) {
                return;
            }
        }
        if (previousSeq != 0) {
            throw new SQLException("list '" + list + "' is no longer at sequence number " + previousSeq);
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO todo_list (name, epoch, seq) VALUES (?, ?, ?)")) {
            insert.setString(1, list);
            insert.setString(2, epoch);
            insert.setLong(3, newSeq);
            insert.executeUpdate();
        }
    }

    private static void log(Connection connection, String list, List<Change> changes) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO change_log (list_name, seq, kind,"
                + " todo_id, title, completed, created, updated, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Change change : changes) {
                insert.setString(1, list);
                insert.setLong(2, change.seq());
                insert.setString(3, change.kind().wireName());
                bindTodo(insert, 4, change.todo());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void apply(Connection connection, String list, List<Change> changes) throws SQLException {
        for (Change change : changes) {
            Todo todo = change.todo();
            switch (change.kind()) {
                case ADDED -> {
                    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO todo (list_name, position,"
                            + " id, title, completed, created, updated, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                        insert.setString(1, list);
                        insert.setLong(2, change.seq());
                        bindTodo(insert, 3, todo);
                        insert.executeUpdate();
                    }
                }
                case UPDATED -> {
                    try (PreparedStatement update = connection.prepareStatement("UPDATE todo SET title = ?,"
                            + " completed = ?, updated = ?, version = ? WHERE list_name = ? AND id = ?")) {
                        update.setString(1, todo.title());
                        update.setBoolean(2, todo.completed());
                        update.setObject(3, time(todo.updated()));
                        update.setLong(4, todo.version());
                        update.setString(5, list);
                        update.setString(6, todo.id());
                        update.executeUpdate();
                    }
                }
                case DELETED -> {
                    try (PreparedStatement delete = connection.prepareStatement(
                            "DELETE FROM todo WHERE list_name = ? AND id = ?")) {
                        delete.setString(1, list);
                        delete.setString(2, todo.id());
                        delete.executeUpdate();
                    }
                }
            }
        }
    }

    /** Binds id, title, completed, created, updated, version from the given parameter index on. */
    private static void bindTodo(PreparedStatement statement, int first, Todo todo) throws SQLException {
        statement.setString(first, todo.id());
        statement.setString(first + 1, todo.title());
        statement.setBoolean(first + 2, todo.completed());
        statement.setObject(first + 3, time(todo.created()));
        statement.setObject(first + 4, time(todo.updated()));
        statement.setLong(first + 5, todo.version());
    }

    /** Reads id, title, completed, created, updated, version from the given column on. */
    private static Todo todo(ResultSet row, int first) throws SQLException {
        return new Todo(row.getString(first), row.getString(first + 1), row.getBoolean(first + 2),
                instant(row.getObject(first + 3, OffsetDateTime.class)),
                instant(row.getObject(first + 4, OffsetDateTime.class)), row.getLong(first + 5));
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time.toInstant();
    }
}
