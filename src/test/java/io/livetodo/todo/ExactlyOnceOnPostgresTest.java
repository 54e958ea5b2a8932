package io.livetodo.todo;

import io.livetodo.persist.Database;
import io.livetodo.support.PrivatePostgres;

/** Exactly-once mutations on PostgreSQL: the test JVM's private server, a fresh database per test. */
class ExactlyOnceOnPostgresTest extends ExactlyOnceContract {

    @Override
    Database newDatabase() throws Exception {
        PrivatePostgres postgres = PrivatePostgres.shared();
        return new Database(postgres.newDatabase(), postgres.description());
    }
}
