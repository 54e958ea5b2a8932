package io.livetodo.config;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Operator settings. Each key such as {@code todo.title.max-length} is read first as a system property of that name,
 * then as the environment variable {@code TODO_TITLE_MAX_LENGTH}; otherwise the caller's default applies.
 * A value that cannot be parsed fails loudly at start-up: running with a silently ignored limit is worse.
 */
@ApplicationScoped
public class Settings {

    private final UnaryOperator<String> source;

    public Settings() {
        this(Settings::fromEnvironment);
    }

    /** Settings from a fixed map (tests, benchmarks); keys as the dotted names. */
    public static Settings of(Map<String, String> values) {
        return new Settings(values::get);
    }

    Settings(UnaryOperator<String> source) {
        this.source = source;
    }

    private static String fromEnvironment(String key) {
        String value = System.getProperty(key);
        return value != null ? value : System.getenv(environmentName(key));
    }

    /** {@code todo.title.max-length} becomes {@code TODO_TITLE_MAX_LENGTH}. */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String string(String key, String defaultValue) {
        String value = source.apply(key);
        return value == null || value.isBlank() ? defaultValue : value.strip();
    }

    public int positiveInt(String key, int defaultValue) {
        String value = string(key, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw invalid(key, value, "a whole number above 0");
    }

    /** The value without surrounding blanks; null when unset or blank. */
    public String optional(String key) {
        String value = string(key, null);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** A whole number above 0, or {@code off} for no limit ({@link Integer#MAX_VALUE}). */
    public int limit(String key, int defaultValue) {
        return "off".equalsIgnoreCase(string(key, null)) ? Integer.MAX_VALUE : positiveInt(key, defaultValue);
    }

    /** A duration such as {@code 30s}, {@code 500ms}, {@code 5m} or an ISO-8601 {@code PT30S}. */
    public Duration duration(String key, Duration defaultValue) {
        String value = string(key, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            Duration parsed = parseDuration(value);
            if (!parsed.isNegative() && !parsed.isZero()) {
                return parsed;
            }
        } catch (RuntimeException ignored) {
            // reported below
        }
        throw invalid(key, value, "a positive duration such as 500ms, 30s, 5m or PT30S");
    }

    /** A comma-separated list; empty when unset. */
    public List<String> list(String key) {
        String value = string(key, "");
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static Duration parseDuration(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.startsWith("pt")) {
            return Duration.parse(value);
        }
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        long amount = Long.parseLong(v.substring(0, v.length() - 1));
        return switch (v.charAt(v.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> throw new IllegalArgumentException(value);
        };
    }

    private static IllegalStateException invalid(String key, String value, String expected) {
        return new IllegalStateException("Invalid setting " + key + " (environment " + environmentName(key)
                + ") = '" + value + "': expected " + expected);
    }
}
