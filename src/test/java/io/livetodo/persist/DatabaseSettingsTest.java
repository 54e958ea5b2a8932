package io.livetodo.persist;

import io.livetodo.config.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settings that cannot work stop the start-up with a message naming them. */
class DatabaseSettingsTest {

    @TempDir
    Path dataDirectory;

    @Test
    void an_unusable_data_directory_fails_with_a_message_naming_the_setting() throws Exception {
        Path file = Files.createFile(dataDirectory.resolve("not-a-directory"));
        Database database = new Database(Settings.of(Map.of("todo.data.dir", file.resolve("data").toString())));
        assertThatThrownBy(database::open).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot be used").hasMessageContaining("todo.data.dir")
                .hasMessageContaining("TODO_DATA_DIR");
    }

    @Test
    void a_data_directory_it_makes_is_private_to_its_user_and_so_is_the_database_file() throws Exception {
        Path made = dataDirectory.resolve("new");
        Database database = new Database(Settings.of(Map.of("todo.data.dir", made.toString())));
        database.open();
        try {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(made))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(made.resolve("livetodo.mv.db"))))
                    .isEqualTo("rw-------");
        } finally {
            database.close();
        }
    }

    @Test
    void a_data_directory_the_operator_made_keeps_its_permissions_but_the_file_is_private() throws Exception {
        Path shared = Files.createDirectory(dataDirectory.resolve("shared"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
        Database database = new Database(Settings.of(Map.of("todo.data.dir", shared.toString())));
        database.open();
        try {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared))).isEqualTo("rwxr-x---");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared.resolve("livetodo.mv.db"))))
                    .isEqualTo("rw-------");
        } finally {
            database.close();
        }
    }

    @Test
    void an_unknown_jndi_name_fails_with_a_message_naming_the_setting() {
        Database database = new Database(Settings.of(Map.of("todo.datasource", "java:comp/env/jdbc/nothing")));
        assertThatThrownBy(database::open).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("java:comp/env/jdbc/nothing").hasMessageContaining("todo.datasource");
    }

    @Test
    void servers_follow_each_other_only_on_a_shared_database_unless_told_otherwise() {
        assertThat(NodeSync.interval(Settings.of(Map.of()))).as("embedded H2 belongs to one server").isNull();
        assertThat(NodeSync.interval(Settings.of(Map.of("todo.datasource", "jdbc/x"))))
                .isEqualTo(java.time.Duration.ofMillis(100));
        assertThat(NodeSync.interval(Settings.of(Map.of("todo.datasource", "jdbc/x", "todo.sync.interval", "off"))))
                .isNull();
        assertThat(NodeSync.interval(Settings.of(Map.of("todo.sync.interval", "1s"))))
                .isEqualTo(java.time.Duration.ofSeconds(1));
        assertThatThrownBy(() -> NodeSync.interval(Settings.of(Map.of("todo.sync.interval", "often"))))
                .hasMessageContaining("todo.sync.interval").hasMessageContaining("TODO_SYNC_INTERVAL");
    }
}
