package io.livetodo.persist;

import io.livetodo.support.PrivatePostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import javax.sql.DataSource;

/** Storage in PostgreSQL: each test gets a fresh database, which a "restarted" store reopens. */
class StorageOnPostgresTest extends StorageContract {

    private static PrivatePostgres postgres;
    private DataSource dataSource;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PrivatePostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void freshDatabase() throws Exception {
        dataSource = postgres.newDatabase();
    }

    @Override
    Database open() {
        Database database = new Database(dataSource, postgres.description());
        database.open();
        return database;
    }
}
