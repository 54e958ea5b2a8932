package io.livetodo.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Each WAR carries exactly what its servers lack, and nothing they provide. */
class WarContentsIT {

    private static final Path TARGET = Path.of(System.getProperty("livetodo.war", "target/livetodo.war")).getParent();

    @Test
    void the_jakarta_ee_war_bundles_only_its_storage_libraries() throws IOException {
        assertThat(libraries(TARGET.resolve("livetodo.war")))
                .map(jar -> jar.replaceAll("^WEB-INF/lib/|-[0-9][^/]*\\.jar$", ""))
                .containsExactlyInAnyOrder("h2", "flyway-core", "flyway-database-postgresql");
    }

    @Test
    void the_tomcat_war_adds_cdi_and_json_p_but_no_api_that_tomcat_provides() throws IOException {
        Path war = TARGET.resolve("livetodo-tomcat.war");
        assertThat(libraries(war)).anyMatch(jar -> jar.contains("weld-servlet-core"))
                .anyMatch(jar -> jar.contains("jakarta.enterprise.cdi-api"))
                .anyMatch(jar -> jar.contains("parsson"))
                .anyMatch(jar -> jar.contains("jakarta.json-api"));
        List<String> providedByTomcat = new ArrayList<>();
        try (ZipFile zip = new ZipFile(war.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                if (entry.getName().startsWith("WEB-INF/lib/") && entry.getName().endsWith(".jar")) {
                    try (InputStream in = zip.getInputStream(entry); ZipInputStream jar = new ZipInputStream(in)) {
                        for (ZipEntry e = jar.getNextEntry(); e != null; e = jar.getNextEntry()) {
                            if (e.getName().matches("jakarta/(servlet|el|annotation|websocket)/.*\\.class")) {
                                providedByTomcat.add(entry.getName() + "!" + e.getName());
                            }
                        }
                    }
                }
            }
        }
        assertThat(providedByTomcat).isEmpty();
    }

    private static List<String> libraries(Path war) throws IOException {
        try (ZipFile zip = new ZipFile(war.toFile())) {
            return Collections.list(zip.entries()).stream().map(ZipEntry::getName)
                    .filter(name -> name.startsWith("WEB-INF/lib/") && name.endsWith(".jar")).toList();
        }
    }
}
