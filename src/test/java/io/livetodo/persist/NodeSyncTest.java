package io.livetodo.persist;

import io.livetodo.config.Settings;
import io.livetodo.support.LogCapture;
import io.livetodo.todo.Command;
import io.livetodo.todo.Limits;
import io.livetodo.todo.TodoStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.h2.jdbcx.JdbcDataSource;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sync loop on its own timer: it follows another server's changes, leaves no thread behind when stopped, and
 * says once that the database is gone and once that it is back.
 */
class NodeSyncTest {

    @TempDir
    Path dataDirectory;
    private Database database;

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void follows_the_other_server_on_its_timer_and_its_thread_ends_with_it() {
        database = new Database(Settings.of(Map.of("todo.data.dir", dataDirectory.toString())));
        database.open();
        TodoStore here = new TodoStore(Limits.defaults(), event -> { }, Clock.systemUTC(), new JdbcJournal(database));
        TodoStore there = new TodoStore(Limits.defaults(), event -> { }, Clock.systemUTC(), new JdbcJournal(database));
        NodeSync sync = new NodeSync(here, new JdbcJournal(database), database, Settings.of(Map.of("todo.sync.interval", "20ms")));
        sync.start();
        try {
            here.snapshot("shared");
            there.execute("shared", new Command.Add("from the other server"));
            await().atMost(Duration.ofSeconds(10)).until(() -> here.snapshot("shared").seq() == 1);
            assertThat(here.snapshot("shared").todos()).extracting("title").containsExactly("from the other server");
            assertThat(syncThreadAlive()).isTrue();
        } finally {
            sync.stop();
        }
        assertThat(syncThreadAlive()).as("stopped and joined, as an undeploy needs").isFalse();
    }

    @Test
    void an_outage_is_logged_once_when_it_starts_and_once_when_it_ends_not_at_every_attempt() {
        AtomicBoolean down = new AtomicBoolean();
        database = new Database(failingWhen(down, "jdbc:h2:file:" + dataDirectory.resolve("db")), "a test database");
        database.open();
        TodoStore here = new TodoStore(Limits.defaults(), event -> { }, Clock.systemUTC(), new JdbcJournal(database));
        here.snapshot("shared"); // a loaded list, which each round compares with the database
        NodeSync sync = new NodeSync(here, new JdbcJournal(database), database, Settings.of(Map.of("todo.sync.interval", "20ms")));
        try (LogCapture log = new LogCapture(NodeSync.class.getName(), Level.INFO)) {
            down.set(true);
            for (int round = 0; round < 5; round++) {
                sync.syncOnce();
            }
            down.set(false);
            for (int round = 0; round < 5; round++) {
                sync.syncOnce();
            }
            down.set(true);
            sync.syncOnce();
            sync.syncOnce();
            assertThat(log.messages()).containsExactly(
                    "WARNING Cannot read other servers' changes; retrying every 20 ms",
                    "INFO Reading other servers' changes works again",
                    "WARNING Cannot read other servers' changes; retrying every 20 ms");
        }
    }

    /** An H2 database whose connections are refused while {@code down} is set, as in an outage. */
    private static DataSource failingWhen(AtomicBoolean down, String url) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(url);
        return (DataSource) Proxy.newProxyInstance(NodeSyncTest.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, arguments) -> {
                    if (method.getName().equals("getConnection") && down.get()) {
                        throw new SQLException("Connection refused (a test outage)");
                    }
                    try {
                        return method.invoke(h2, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static boolean syncThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().startsWith("livetodo-sync-") && thread.isAlive());
    }
}
