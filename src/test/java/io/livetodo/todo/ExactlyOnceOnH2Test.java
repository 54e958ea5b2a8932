package io.livetodo.todo;

import io.livetodo.config.Settings;
import io.livetodo.persist.Database;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

/** Exactly-once mutations on the embedded H2 database, the default. */
class ExactlyOnceOnH2Test extends ExactlyOnceContract {

    @TempDir
    Path dataDirectory;

    @Override
    Database newDatabase() {
        return new Database(Settings.of(Map.of("todo.data.dir", dataDirectory.toString())));
    }
}
