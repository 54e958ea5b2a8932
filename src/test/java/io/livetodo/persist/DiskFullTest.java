package io.livetodo.persist;

import io.livetodo.config.Settings;
import io.livetodo.support.LogCapture;
import io.livetodo.todo.Command;
import io.livetodo.todo.Journal;
import io.livetodo.todo.Limits;
import io.livetodo.todo.TodoStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded database's disk fills up: a change is refused with a clear error and nothing changes, what was
 * stored before stays, and once there is room again changes are stored again, without a restart. The data folder is
 * a small tmpfs of the test's own (mounting needs root, as the test machines run).
 */
class DiskFullTest {

    private Path mount;
    private Database database;

    @BeforeEach
    void smallDisk() throws Exception {
        mount = Path.of("target", "disk-full-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
        Files.createDirectories(mount);
        run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", mount.toString());
    }

    @AfterEach
    void unmount() throws Exception {
        if (database != null) {
            database.close();
        }
        run("umount", mount.toString());
    }

    @Test
    void a_full_disk_refuses_changes_clearly_loses_nothing_and_recovers_when_there_is_room() throws Exception {
        database = open();
        TodoStore store = store(database);
        List<String> stored = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            store.execute("full", new Command.Add("before " + i));
            stored.add("before " + i);
        }
        Path filler = mount.resolve("filler");
        fill(filler);

        Throwable refused = null;
        for (int i = 0; i < 1000 && refused == null; i++) {
            try {
                store.execute("full", new Command.Add("on a full disk " + i));
                stored.add("on a full disk " + i); // acknowledged: must survive
            } catch (Journal.JournalException e) {
                refused = e;
            }
        }
        assertThat(refused).as("a change on a full disk is refused").isNotNull();
        assertThat(refused.getMessage()).contains("Cannot store");
        assertThat(store.snapshot("full").todos()).extracting("title").isEqualTo(stored);

        Files.delete(filler);
        try (LogCapture log = new LogCapture(Database.class.getName())) {
            store.execute("full", new Command.Add("after the disk has room"));
            stored.add("after the disk has room");
            assertThat(log.messages()).anyMatch(message -> message.contains(
                    "The embedded database was closed by H2 after a write failed (is the disk full?)"));
        }
        assertThat(store.snapshot("full").todos()).extracting("title").isEqualTo(stored);

        database.close();
        database = open();
        assertThat(store(database).snapshot("full").todos()).extracting("title").isEqualTo(stored);
    }

    private Database open() {
        Database opened = new Database(Settings.of(Map.of("todo.data.dir", mount.toString())));
        opened.open();
        return opened;
    }

    private static TodoStore store(Database database) {
        return new TodoStore(Limits.defaults(), event -> { }, Clock.systemUTC(), new JdbcJournal(database));
    }

    /** Writes until the file system has no room left. */
    private static void fill(Path filler) {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            assertThat(full.getMessage()).containsIgnoringCase("No space left");
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (the test needs root): " + output);
        }
    }
}
