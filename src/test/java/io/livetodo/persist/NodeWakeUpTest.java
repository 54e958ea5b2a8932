package io.livetodo.persist;

import io.livetodo.config.Settings;
import io.livetodo.support.LogCapture;
import io.livetodo.support.PrivatePostgres;
import io.livetodo.todo.Command;
import io.livetodo.todo.Limits;
import io.livetodo.todo.TodoStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two servers on one PostgreSQL, as two stores each with its own pool of connections: a change stored by one wakes
 * the other through {@code LISTEN/NOTIFY}, with the timed comparison pushed out of reach, so only the notification
 * can deliver it; a change stored without a notification is found by the safety net, which says so.
 */
class NodeWakeUpTest {

    private final List<Database> databases = new ArrayList<>();
    private final List<NodeSync> syncs = new ArrayList<>();
    private DataSource dataSource;
    private String description;

    @BeforeEach
    void freshDatabase() throws Exception {
        PrivatePostgres postgres = PrivatePostgres.shared();
        dataSource = postgres.newDatabase();
        description = postgres.description();
    }

    @AfterEach
    void stop() {
        syncs.forEach(NodeSync::stop);
        databases.forEach(Database::close);
    }

    @Test
    void a_stored_change_wakes_the_other_server_without_waiting_for_its_timer() {
        TodoStore here = store(Map.of());
        TodoStore there = store(Map.of());
        NodeSync sync = sync(here, Map.of("todo.sync.interval", "50ms", "todo.sync.recheck", "1h"));
        await().atMost(Duration.ofSeconds(30)).until(sync::woken);
        here.snapshot("woken");
        for (int i = 1; i <= 20; i++) {
            there.execute("woken", new Command.Add("change " + i));
            long seq = i;
            await().atMost(Duration.ofSeconds(30)).until(() -> here.snapshot("woken").seq() == seq);
        }
        assertThat(here.snapshot("woken")).isEqualTo(there.snapshot("woken"));
    }

    @Test
    void the_safety_net_finds_a_change_no_notification_announced_and_says_so() {
        TodoStore here = store(Map.of());
        TodoStore silent = store(Map.of("todo.sync.notify", "false"));
        try (LogCapture log = new LogCapture(NodeSync.class.getName(), Level.INFO)) {
            NodeSync sync = sync(here, Map.of("todo.sync.interval", "50ms", "todo.sync.recheck", "300ms"));
            await().atMost(Duration.ofSeconds(30)).until(sync::woken);
            here.snapshot("quiet");
            silent.execute("quiet", new Command.Add("unannounced"));
            await().atMost(Duration.ofSeconds(30)).until(() -> here.snapshot("quiet").seq() == 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> log.messages().stream()
                    .anyMatch(message -> message.contains("found 1 change(s) of other servers that no PostgreSQL"
                            + " notification announced")));
        }
    }

    @Test
    void without_notifications_it_reads_every_interval() {
        TodoStore here = store(Map.of("todo.sync.notify", "false"));
        TodoStore there = store(Map.of("todo.sync.notify", "false"));
        NodeSync sync = sync(here, Map.of("todo.sync.notify", "false", "todo.sync.interval", "50ms"));
        here.snapshot("polled");
        there.execute("polled", new Command.Add("read by the timer"));
        await().atMost(Duration.ofSeconds(30)).until(() -> here.snapshot("polled").seq() == 1);
        assertThat(sync.woken()).isFalse();
    }

    private Database database(Map<String, String> settings) {
        Database database = new Database(dataSource, description, Settings.of(settings));
        database.open();
        databases.add(database);
        return database;
    }

    private TodoStore store(Map<String, String> settings) {
        return new TodoStore(Limits.defaults(), event -> { }, Clock.systemUTC(), new JdbcJournal(database(settings)));
    }

    private NodeSync sync(TodoStore store, Map<String, String> settings) {
        Database database = database(settings);
        NodeSync sync = new NodeSync(store, new JdbcJournal(database), database, Settings.of(settings));
        sync.start();
        syncs.add(sync);
        return sync;
    }
}
