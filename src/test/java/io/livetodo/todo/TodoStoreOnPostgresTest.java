package io.livetodo.todo;

import io.livetodo.persist.Database;
import io.livetodo.support.PrivatePostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store on PostgreSQL: a private server, a fresh database per test. */
class TodoStoreOnPostgresTest extends TodoStoreContract {

    private static PrivatePostgres postgres;

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

    @Override
    Database newDatabase() throws Exception {
        return new Database(postgres.newDatabase(), postgres.description());
    }
}
