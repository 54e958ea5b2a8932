package io.livetodo.persist;

import io.livetodo.config.Settings;
import io.livetodo.support.PrivatePostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Presence shared through the database, as three nodes would share it: each sees the others' counts, is told when
 * they change, and stops counting a node that stopped. On PostgreSQL a count wakes the others; on a shared H2 file
 * they read it at their next heartbeat.
 */
class SharedPresenceTest {

    @TempDir
    Path dataDirectory;
    private final List<Database> databases = new ArrayList<>();
    private final List<SharedPresence> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(SharedPresence::stop);
        databases.forEach(Database::close);
    }

    @Test
    void on_postgres_each_node_sees_the_others_counts_and_hears_when_they_change() throws Exception {
        PrivatePostgres postgres = PrivatePostgres.shared();
        DataSource dataSource = postgres.newDatabase();
        threeNodesAgree(() -> open(new Database(dataSource, postgres.description())));
    }

    @Test
    void on_a_shared_h2_file_the_counts_arrive_with_the_heartbeat() {
        // One H2 file, opened in one process by two stores as the storage tests do: stands for any shared database
        // without notifications.
        Database database = open(new Database(Settings.of(Map.of("todo.data.dir", dataDirectory.toString()))));
        threeNodesAgree(() -> database);
    }

    private void threeNodesAgree(java.util.function.Supplier<Database> databaseOfANode) {
        List<String> toldA = new CopyOnWriteArrayList<>();
        SharedPresence a = node(databaseOfANode.get(), toldA);
        SharedPresence b = node(databaseOfANode.get(), new CopyOnWriteArrayList<>());
        SharedPresence c = node(databaseOfANode.get(), new CopyOnWriteArrayList<>());
        AtomicInteger onB = new AtomicInteger(3);
        AtomicInteger onC = new AtomicInteger(2);
        b.changed("shared", onB::get);
        c.changed("shared", onC::get);
        c.changed("only-c", () -> 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> a.elsewhere("shared") == 5 && a.elsewhere("only-c") == 1);
        assertThat(toldA).contains("shared", "only-c");
        assertThat(b.elsewhere("shared")).as("a node does not count itself").isEqualTo(2);

        toldA.clear();
        onB.set(1);
        b.changed("shared", onB::get);
        await().atMost(Duration.ofSeconds(30)).until(() -> a.elsewhere("shared") == 3);
        assertThat(toldA).contains("shared");

        onC.set(0);
        c.changed("shared", onC::get);
        await().atMost(Duration.ofSeconds(30)).until(() -> a.elsewhere("shared") == 1);

        // A node that stops takes its connections with it at once.
        nodes.remove(b);
        b.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> a.elsewhere("shared") == 0);
        assertThat(a.elsewhere("only-c")).isEqualTo(1);
    }

    private SharedPresence node(Database database, List<String> told) {
        SharedPresence node = new SharedPresence(database, true, told::add);
        node.start();
        nodes.add(node);
        return node;
    }

    private Database open(Database database) {
        database.open();
        databases.add(database);
        return database;
    }
}
