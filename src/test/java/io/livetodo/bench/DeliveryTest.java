package io.livetodo.bench;

import io.livetodo.support.InProcessServer;
import io.livetodo.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The load generator of {@code bench/delivery.sh} and its table, against the application in-process: what the
 * benchmark reads from the server's real messages, a short run of its scenarios with every delivery timed, and the
 * table it writes into {@code docs/PERFORMANCE.md}. How fast anything is stays the benchmark's business: this only
 * checks that it measures.
 */
class DeliveryTest {

    private static InProcessServer server;

    @BeforeAll
    static void start() throws Exception {
        // As bench/delivery.sh runs every server: the limits that would refuse its own load are off.
        server = InProcessServer.start(Map.of("todo.rate.limit", "off", "todo.max-sessions.per-address", "off",
                "todo.max-sessions.per-list", "off"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void finds_the_marker_in_the_servers_json_event_and_none_in_a_presence_count() {
        WsClient author = server.json("list=markers-json");
        WsClient watcher = server.json("list=markers-json");
        String presence = author.nextOfType("presence").toString(); // the watcher came
        author.send("{\"type\":\"add\",\"title\":\"t4711\"}");
        String event = watcher.nextMatching(message -> message.contains("t4711"));

        assertThat(Delivery.jsonMarker(bytes(event), bytes(event).length)).isEqualTo(4711);
        assertThat(Delivery.jsonMarker(bytes(presence), bytes(presence).length)).isZero();
    }

    @Test
    void finds_the_newest_todo_of_the_servers_text_listing_in_the_tail_the_generator_keeps() {
        WsClient client = server.text("list=markers-text");
        client.send("add t8");
        client.next();
        client.send("add t1234567");
        byte[] listing = bytes(client.next());
        // The generator keeps only a listing's last 96 bytes (Delivery.TEXT_TAIL).
        byte[] tail = Arrays.copyOfRange(listing, Math.max(0, listing.length - 96), listing.length);

        assertThat(Delivery.textMarker(listing, listing.length)).isEqualTo(1234567);
        assertThat(Delivery.textMarker(tail, tail.length)).isEqualTo(1234567);
        byte[] error = bytes("error: unknown command 'x'");
        assertThat(Delivery.textMarker(error, error.length)).isZero();
    }

    @Test
    void times_every_delivery_of_each_scenario_and_writes_the_table_with_the_ratios_to_the_go_hub(
            @TempDir Path work) throws Exception {
        Path results = work.resolve("results.tsv");
        // Runs against the same server under names the table knows (it only has to compare them), the hub first
        // and again last, as bench/delivery.sh runs them.
        measure("go", "text-0,text-100", results);
        measure("payara", "json-0,text-0,json-100,text-100,json-100-deflate", results);
        measure("go", "text-0,text-100", results);

        List<DeliveryTable.Row> rows = Files.readAllLines(results).stream().map(DeliveryTable.Row::parse).toList();
        assertThat(rows).extracting(row -> row.server() + " " + row.scenario()).containsExactly("go text-0",
                "go text-100", "payara json-0", "payara text-0", "payara json-100", "payara text-100",
                "payara json-100-deflate", "go text-0", "go text-100");
        for (DeliveryTable.Row row : rows) {
            assertThat(row.changes()).as(row.scenario()).isEqualTo(100); // 1 s at 100 changes/s
            assertThat(row.perChange()).as(row.scenario()).isPositive().isFinite();
            assertThat(row.cores()).as(row.scenario()).isPositive().isFinite();
            assertThat(row.own()).as(row.scenario()).isPositive().isFinite();
            if (!row.scenario().endsWith("-0")) {
                // Every added todo reached every subscriber, and each arrival was timed (a text listing that a
                // newer one replaced for a slow reader arrived with the newer one, so there can be fewer messages).
                assertThat(row.expected()).as(row.scenario()).isEqualTo(100 * 100);
                assertThat(row.timed()).as(row.scenario()).isEqualTo(row.expected());
                if (row.scenario().startsWith("json")) {
                    assertThat(row.delivered()).as(row.scenario()).isGreaterThanOrEqualTo(row.expected());
                }
                assertThat(row.us()).as(row.scenario()).isPositive().isFinite();
                assertThat(row.p99()).as(row.scenario()).isGreaterThanOrEqualTo(row.p50()).isPositive();
            }
        }
        assertThat(rows.get(6).described()).contains("clients offer permessage-deflate like browsers");

        Path doc = work.resolve("PERFORMANCE.md");
        Files.writeString(doc, "before\n<!-- delivery:start -->\nold table\n<!-- delivery:end -->\nafter\n");
        DeliveryTable.main(new String[] {results.toString(), "today", "these versions", doc.toString()});
        String written = Files.readString(doc);

        DeliveryTable.Row json = rows.get(4);
        DeliveryTable.Row text = rows.get(5);
        // Every server is compared with the mean of the hub's two runs.
        double goUs = (rows.get(1).us() + rows.get(8).us()) / 2;
        double goP99 = (rows.get(1).p99() + rows.get(8).p99()) / 2;
        assertThat(written).startsWith("before\n<!-- delivery:start -->\n_Measured today by `bench/delivery.sh`: "
                + "these versions._").endsWith("<!-- delivery:end -->\nafter\n").doesNotContain("old table");
        assertThat(written).contains("| JSON events, 100 subscribers at 100 changes/s | Payara Micro | ",
                "| text listings (up to 300 todos), 100 subscribers at 100 changes/s | Go hub, first | "
                        + format("%.1f / %.1f / %.0f ms", rows.get(1).p50(), rows.get(1).p99(), rows.get(1).max()),
                "| text listings (up to 300 todos), 100 subscribers at 100 changes/s | Go hub, last | "
                        + format("%.1f / %.1f / %.0f ms", rows.get(8).p50(), rows.get(8).p99(), rows.get(8).max()),
                format("| 10,000 | %.1f µs (%.1f×) |", json.us(), json.us() / goUs),
                format("The Go hub was measured first and again last; each server is compared with the mean of the"
                        + " two. First and last: text-0 %,.0f and %,.0f µs per change; text-100 %.1f and %.1f µs per"
                        + " delivery.", rows.get(0).perChange(), rows.get(7).perChange(), rows.get(1).us(),
                        rows.get(8).us()));
        assertThat(written).contains("| JSON, 100 subscribers: CPU per delivery ≤ 2× the Go hub's | "
                + format("%.1f×", json.us() / goUs) + (json.us() <= 2 * goUs ? " yes" : " **no**")
                + " | – | – | – |");
        assertThat(written).contains("| text, 100 subscribers: p99 no worse than the Go hub's | "
                + format("%.1f vs %.1f ms", text.p99(), goP99) + (text.p99() <= goP99 ? " yes" : " **no**"));
    }

    @Test
    void the_table_compares_with_the_mean_of_the_hubs_runs_and_warns_when_they_differ_by_more_than_a_fifth() {
        String drifted = new DeliveryTable(List.of(row("go", 10.0), row("payara", 30.0), row("go", 20.0)))
                .render("today", "versions");
        assertThat(drifted).contains("| Go hub, first | ", "| Go hub, last | ", "| 30.0 µs (2.0×) |",
                "text-100 10.0 and 20.0 µs per delivery. **They differ by 100%: this machine's speed changed");

        String steady = new DeliveryTable(List.of(row("go", 10.0), row("payara", 30.0), row("go", 11.0)))
                .render("today", "versions");
        assertThat(steady).contains("text-100 10.0 and 11.0 µs per delivery.", "| 30.0 µs (2.9×) |")
                .doesNotContain("They differ");

        String once = new DeliveryTable(List.of(row("go", 10.0), row("payara", 30.0))).render("today", "versions");
        assertThat(once).contains("| Go hub | ", "| 30.0 µs (3.0×) |").doesNotContain("measured first");
    }

    /** A text-100 row as Delivery writes it, with this CPU per delivery. */
    private static String row(String server, double perDelivery) {
        return String.join("\t", server, "text-100", "text listings", "1.0", "2.0", "3", "100", "100", "100",
                Double.toString(perDelivery), "0.10", "0.05", "100", "500.0");
    }

    @Test
    void the_table_refuses_a_document_without_its_markers_and_a_row_it_cannot_read() {
        DeliveryTable table = new DeliveryTable(List.of());
        assertThatThrownBy(() -> table.into("no markers here", "today", "versions"))
                .hasMessageContaining("no delivery markers");
        assertThatThrownBy(() -> DeliveryTable.Row.parse("go\ttext-100\tonly three columns"))
                .hasMessageContaining("14 columns");
    }

    private static void measure(String name, String scenarios, Path results) throws Exception {
        Delivery.main(new String[] {"--url", server.uri().toString(), "--pid",
                Long.toString(ProcessHandle.current().pid()), "--server", name, "--out", results.toString(),
                "--server-warmup", "0", "--warmup", "1", "--seconds", "1", "--scenarios", scenarios});
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }
}
