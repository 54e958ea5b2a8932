package io.livetodo.bench;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's scripts take minutes and servers to run, so the build checks what can break them without either:
 * they parse, every class they start is one this build compiled (and {@link DeliveryTest} ran), every file of the
 * project they name is there, and none compiles a generator of its own (a hand-kept list of sources once left
 * out a new class, and the benchmark failed at its first step while the tests passed).
 */
class BenchScriptsTest {

    private static final Path BENCH = Path.of("bench");

    @Test
    void every_script_parses() throws Exception {
        for (Path script : scripts()) {
            Process bash = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
            String output = new String(bash.getInputStream().readAllBytes());
            assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(bash.exitValue()).as(script + ": " + output).isZero();
        }
    }

    @Test
    void every_class_a_script_starts_is_compiled_by_the_build_and_has_a_main_method() throws Exception {
        Set<String> started = new TreeSet<>();
        for (Path script : scripts()) {
            Matcher java = Pattern.compile("io\\.livetodo\\.bench\\.[A-Z]\\w*").matcher(Files.readString(script));
            while (java.find()) {
                started.add(java.group());
            }
        }
        assertThat(started).contains("io.livetodo.bench.Bench", "io.livetodo.bench.Delivery",
                "io.livetodo.bench.DeliveryTable", "io.livetodo.bench.ProfileTable", "io.livetodo.bench.CrossNode",
                "io.livetodo.bench.KeyToScreen");
        for (String name : started) {
            Method main = Class.forName(name).getMethod("main", String[].class);
            assertThat(Modifier.isStatic(main.getModifiers())).as(name).isTrue();
        }
    }

    @Test
    void every_project_file_a_script_names_exists() throws Exception {
        Pattern named = Pattern.compile("(?<![\\w/$.-])((?:bench|src|docs)/[\\w./-]*\\.(?:sh|py|go|java|html|md))");
        for (Path script : scripts()) {
            Matcher file = named.matcher(Files.readString(script));
            while (file.find()) {
                assertThat(Path.of(file.group(1))).as(script + " names " + file.group(1)).exists();
            }
        }
    }

    @Test
    void no_script_compiles_a_load_generator_of_its_own_they_run_the_builds() throws Exception {
        for (Path script : scripts()) {
            String text = Files.readString(script);
            assertThat(text).as(script.toString()).doesNotContainPattern("(?m)^[^#]*\\bjavac\\b");
            if (text.contains("io.livetodo.bench.")) {
                // Its classes come from the build it runs (-DskipTests still compiles the tests), or from the one
                // bench/delivery.sh runs before it.
                assertThat(text).as(script.toString()).contains("target/test-classes")
                        .containsAnyOf("-DskipTests package", "\nbench/delivery.sh", "    bench/delivery.sh");
            }
        }
    }

    private static List<Path> scripts() throws IOException {
        try (Stream<Path> files = Files.list(BENCH)) {
            List<Path> scripts = files.filter(path -> path.toString().endsWith(".sh")).sorted().toList();
            assertThat(scripts).isNotEmpty();
            return scripts;
        }
    }
}
