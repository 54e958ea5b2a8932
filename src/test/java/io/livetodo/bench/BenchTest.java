package io.livetodo.bench;

import io.livetodo.support.InProcessServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bench/run.sh}'s load generator, quick, against the application in-process: the round trip and list-size
 * scenarios (figures that making deliveries cheaper must not make worse) measure something and land in its
 * Markdown. The fan-out, idle and lists scenarios need a server process of their own (its heap, its log, its CPU)
 * and are left to the benchmark.
 */
class BenchTest {

    @Test
    void measures_the_round_trips_and_the_growth_with_list_size_and_writes_them(@TempDir Path work)
            throws Exception {
        Path out = work.resolve("results.md");
        // As bench/run.sh runs the server: the limits that would refuse the benchmark's own load are off.
        try (InProcessServer server = InProcessServer.start(Map.of("todo.rate.limit", "off",
                "todo.max-sessions.per-address", "off", "todo.max-sessions.per-list", "off"))) {
            Bench.run(new String[] {"--ours", server.uri().toString(), "--ours-pid",
                    Long.toString(ProcessHandle.current().pid()), "--only", "roundtrip,listsize", "--quick",
                    "--out", out.toString()});
        }
        String results = Files.readString(out);

        for (String target : new String[] {"ours (text)", "ours (JSON, H2)"}) {
            Matcher row = Pattern.compile("\\| round trip, 8 clients × 100 adds \\| " + Pattern.quote(target)
                    + " \\| (\\d+) ops/s, p50 [\\d.]+ ms, p99 [\\d.]+ ms \\|").matcher(results);
            assertThat(row.find()).as(target + " in\n" + results).isTrue();
            assertThat(Integer.parseInt(row.group(1))).as(target).isPositive();
        }
        for (String target : new String[] {"ours (JSON)", "ours (text)"}) {
            assertThat(results).containsPattern("\\| add latency by list size \\(1 client\\) \\| "
                    + Pattern.quote(target) + " \\| 0 todos: p50 [\\d.]+ ms; 1,000 todos: p50 [\\d.]+ ms; 5,000 todos:"
                    + " p50 [\\d.]+ ms; 5,000/0 = [\\d.]+× \\|");
        }
        assertThat(results).containsPattern("\\| adding at 5,000 todos costs at most 1.2× adding at 0 \\(JSON\\) \\|"
                + " [\\d.]+× \\| (yes|\\*\\*no\\*\\*) \\|");
    }
}
