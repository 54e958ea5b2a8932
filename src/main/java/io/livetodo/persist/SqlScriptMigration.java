package io.livetodo.persist;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import java.util.stream.Collectors;

/**
 * A migration whose SQL lives next to it in this package. Java migrations are handed to Flyway directly, so Flyway
 * never has to scan a WAR's class path (which differs between WildFly's VFS, Payara and Tomcat). Flyway takes the
 * version and description from the subclass's name ({@code V2__Authors}).
 */
abstract class SqlScriptMigration extends BaseJavaMigration {

    private final String script;

    SqlScriptMigration(String script) {
        this.script = script;
    }

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement statement = context.getConnection().createStatement()) {
            String sql = read(script).lines().filter(line -> !line.strip().startsWith("--"))
                    .collect(Collectors.joining("\n"));
            for (String one : sql.split(";")) {
                if (!one.isBlank()) {
                    statement.execute(one);
                }
            }
        }
    }

    private static String read(String name) throws IOException {
        try (InputStream in = SqlScriptMigration.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing migration script " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
