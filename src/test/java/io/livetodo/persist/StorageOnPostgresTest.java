package io.livetodo.persist;

import io.livetodo.support.PrivatePostgres;
import org.junit.jupiter.api.BeforeEach;

import javax.sql.DataSource;

/** Storage in PostgreSQL: each test gets a fresh database, which a "restarted" store reopens. */
class StorageOnPostgresTest extends StorageContract {

    private PrivatePostgres postgres;
    private DataSource dataSource;

    @BeforeEach
    void freshDatabase() throws Exception {
        postgres = PrivatePostgres.shared();
        dataSource = postgres.newDatabase();
    }

    @Override
    Database open() {
        Database database = new Database(dataSource, postgres.description());
        database.open();
        return database;
    }
}
