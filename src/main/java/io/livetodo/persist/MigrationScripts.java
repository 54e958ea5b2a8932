package io.livetodo.persist;

import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Hands Flyway the schema's SQL scripts by name, so that Flyway parses them itself (string literals, comments) but
 * never scans a class path: a WAR's class path looks different on WildFly (VFS), Payara and Tomcat. A new script is
 * added to {@link #SCRIPTS} as well as to this package's resources.
 */
final class MigrationScripts implements ResourceProvider {

    static final List<String> SCRIPTS = List.of("V1__todos.sql", "V2__authors.sql", "V3__client_mutations.sql",
            "V4__node_presence.sql",
            "V5__store_instance.sql", "V6__client_owner.sql");

    @Override
    public LoadableResource getResource(String name) {
        return SCRIPTS.contains(name) ? new Script(name) : null;
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
        return SCRIPTS.stream()
                .filter(name -> name.startsWith(prefix) && Arrays.stream(suffixes).anyMatch(name::endsWith))
                .map(Script::new).collect(Collectors.toList());
    }

    private static final class Script extends LoadableResource {

        private final String name;

        Script(String name) {
            this.name = name;
        }

        @Override
        public Reader read() {
            InputStream in = MigrationScripts.class.getResourceAsStream(name);
            if (in == null) {
                throw new FlywayException("The migration script " + getAbsolutePath() + " is missing from the WAR");
            }
            return new InputStreamReader(in, StandardCharsets.UTF_8);
        }

        @Override
        public String getAbsolutePath() {
            return MigrationScripts.class.getPackageName().replace('.', '/') + "/" + name;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return getAbsolutePath();
        }

        @Override
        public String getFilename() {
            return name;
        }

        @Override
        public String getRelativePath() {
            return name;
        }
    }
}
