package io.livetodo.persist;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;

/**
 * The first schema. A Java migration that reads its SQL from this package, so Flyway never has to scan a WAR's
 * class path (which differs between WildFly's VFS, Payara and Tomcat).
 */
public class V1__Todos extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement statement = context.getConnection().createStatement()) {
            String script = script("V1__todos.sql").lines().filter(line -> !line.strip().startsWith("--"))
                    .collect(java.util.stream.Collectors.joining("\n"));
            for (String sql : script.split(";")) {
                if (!sql.isBlank()) {
                    statement.execute(sql);
                }
            }
        }
    }

    private static String script(String name) throws IOException {
        try (InputStream in = V1__Todos.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing migration script " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
