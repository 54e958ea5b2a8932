package io.livetodo.ops;

import io.livetodo.metrics.Histogram;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusTextTest {

    @Test
    void a_histogram_has_cumulative_buckets_in_plain_decimals_then_inf_sum_and_count() {
        Histogram histogram = new Histogram();
        histogram.observeNanos(300_000);       // 0.3 ms: the first bucket
        histogram.observeNanos(3_000_000);     // 3 ms
        histogram.observe(60);                 // above every bound
        String text = new PrometheusText().histogram("x_seconds", "Help.", histogram.snapshot()).toString();

        assertThat(text).startsWith("# HELP x_seconds Help.\n# TYPE x_seconds histogram\n")
                .contains("x_seconds_bucket{le=\"0.0005\"} 1\n")
                .contains("x_seconds_bucket{le=\"0.0025\"} 1\n")
                .contains("x_seconds_bucket{le=\"0.005\"} 2\n")
                .contains("x_seconds_bucket{le=\"10\"} 2\n")
                .contains("x_seconds_bucket{le=\"+Inf\"} 3\n")
                .contains("x_seconds_sum 60.0033\n")
                .endsWith("x_seconds_count 3\n");
    }

    @Test
    void labelled_samples_one_line_each() {
        String text = new PrometheusText().counter("y_total", "Help.", "dialect", Map.of("json", 2L)).toString();
        assertThat(text).isEqualTo("# HELP y_total Help.\n# TYPE y_total counter\ny_total{dialect=\"json\"} 2\n");
    }

    @Test
    void a_label_value_is_escaped() {
        assertThat(PrometheusText.escape("H2 2.5 \"x\" a\\b\nc")).isEqualTo("H2 2.5 \\\"x\\\" a\\\\b\\nc");
    }
}
