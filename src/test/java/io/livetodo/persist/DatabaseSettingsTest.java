package io.livetodo.persist;

import io.livetodo.config.Settings;
import io.livetodo.todo.CatchUp;
import io.livetodo.todo.Change;
import io.livetodo.todo.Command;
import io.livetodo.todo.Journal;
import io.livetodo.todo.Limits;
import io.livetodo.todo.ListChanged;
import io.livetodo.todo.ListSnapshot;
import io.livetodo.todo.TodoStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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
    void an_unknown_jndi_name_fails_with_a_message_naming_the_setting() {
        Database database = new Database(Settings.of(Map.of("todo.datasource", "java:comp/env/jdbc/nothing")));
        assertThatThrownBy(database::open).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("java:comp/env/jdbc/nothing").hasMessageContaining("todo.datasource");
    }
}
