package io.livetodo.todo;

import io.livetodo.config.Settings;
import io.livetodo.persist.Database;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

/** The store on the embedded H2 database, the default. */
class TodoStoreOnH2Test extends TodoStoreContract {

    @TempDir
    Path dataDirectory;

    @Override
    Database newDatabase() {
        return new Database(Settings.of(Map.of("todo.data.dir", dataDirectory.toString())));
    }
}
