package io.livetodo.ops;

import io.livetodo.metrics.Histogram;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Writes samples in the Prometheus text exposition format (version 0.0.4): a HELP and a TYPE line per metric,
 * then its samples. Label values here are fixed words (dialects, reasons), never anything a client chose.
 */
final class PrometheusText {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final double[] BOUNDS = Histogram.bounds();

    private final StringBuilder out = new StringBuilder(4096);

    PrometheusText counter(String name, String help, long value) {
        header(name, help, "counter");
        return sample(name, "", value);
    }

    /** One sample per value of the label {@code label}. */
    PrometheusText counter(String name, String help, String label, Map<String, Long> values) {
        header(name, help, "counter");
        values.forEach((value, count) -> sample(name, "{" + label + "=\"" + escape(value) + "\"}", count));
        return this;
    }

    PrometheusText gauge(String name, String help, double value) {
        header(name, help, "gauge");
        return sample(name, "", value);
    }

    PrometheusText gauge(String name, String help, String label, Map<String, ? extends Number> values) {
        header(name, help, "gauge");
        values.forEach((value, number) -> sample(name, "{" + label + "=\"" + escape(value) + "\"}",
                number.doubleValue()));
        return this;
    }

    PrometheusText histogram(String name, String help, Histogram.Snapshot snapshot) {
        header(name, help, "histogram");
        long[] cumulative = snapshot.cumulative();
        for (int i = 0; i < BOUNDS.length; i++) {
            sample(name + "_bucket", "{le=\"" + number(BOUNDS[i]) + "\"}", cumulative[i]);
        }
        sample(name + "_bucket", "{le=\"+Inf\"}", snapshot.count());
        sample(name + "_sum", "", snapshot.sum());
        return sample(name + "_count", "", snapshot.count());
    }

    private void header(String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** A label value as the text format wants it: backslash, double quote and line feed escaped. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private PrometheusText sample(String name, String labels, double value) {
        out.append(name).append(labels).append(' ').append(number(value)).append('\n');
        return this;
    }

    /** Whole numbers without a fraction, others in plain decimal notation ("0.0005", not "5.0E-4"). */
    private static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
