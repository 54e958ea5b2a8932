package io.livetodo.persist;

import io.livetodo.config.Settings;
import io.livetodo.todo.Command;
import io.livetodo.todo.Limits;
import io.livetodo.todo.TodoStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The sync loop on its own timer: it follows another server's changes, and leaves no thread behind when stopped. */
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

    private static boolean syncThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().startsWith("livetodo-sync-") && thread.isAlive());
    }
}
