package io.livetodo.persist;

import io.livetodo.config.Settings;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

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
}
