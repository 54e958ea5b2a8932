package io.livetodo.persist;

import io.livetodo.config.Settings;
import io.livetodo.todo.Command;
import io.livetodo.todo.Limits;
import io.livetodo.todo.TodoStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Storage in the embedded H2 database file; reopening it is what a restarted server does. */
class StorageOnH2Test extends StorageContract {

    @TempDir
    Path dataDirectory;

    @Override
    Database open() {
        Database database = new Database(Settings.of(Map.of("todo.data.dir", dataDirectory.toString())));
        database.open();
        return database;
    }

    /** Parsing a change's statements again was 3 to 7% of its CPU (docs/PERFORMANCE.md). */
    @Test
    void a_stored_change_leaves_the_statements_its_connection_parsed() throws Exception {
        Database database = open();
        try {
            TodoStore store = new TodoStore(Limits.defaults(), event -> { }, Clock.systemUTC(),
                    new JdbcJournal(database));
            store.execute("parsed", new Command.Add("first", null));
            Object before = parsed(database);
            store.execute("parsed", new Command.Add("second", null));
            store.execute("parsed", new Command.DoneByTitle("first"));
            assertThat(parsed(database)).as("the same command, from the session's cache").isSameAs(before);
        } finally {
            database.close();
        }
    }

    /** The command H2 parsed for a query on a connection of the database, after running it. */
    private static Object parsed(Database database) throws Exception {
        try (Connection connection = database.connection();
             PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM todo")) {
            statement.executeQuery().close();
            return EmbeddedPoolTest.parsedCommand(statement);
        }
    }
}
