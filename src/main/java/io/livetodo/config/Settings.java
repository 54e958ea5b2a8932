package io.livetodo.config;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Operator settings (see {@link Setting}). Each is read first as a system property such as
 * {@code todo.title.max-length}, then as the environment variable {@code TODO_TITLE_MAX_LENGTH}; otherwise its default
 * applies. A value that cannot be parsed fails loudly at start-up: running with a silently ignored limit is worse.
 */
@ApplicationScoped
public class Settings {

    private final Function<Setting, String> source;

    public Settings() {
        this(Settings::fromEnvironment);
    }

    /** Settings from a fixed map (tests, benchmarks); keys as the dotted names. */
    public static Settings of(Map<String, String> values) {
        return new Settings(setting -> values.get(setting.key()));
    }

    Settings(Function<Setting, String> source) {
        this.source = source;
    }

    private static String fromEnvironment(Setting setting) {
        String value = System.getProperty(setting.key());
        return value != null ? value : System.getenv(setting.environment());
    }

    /** The value as given, without surrounding blanks, else the default; null when neither. */
    public String string(Setting setting) {
        String value = source.apply(setting);
        return value == null || value.isBlank() ? setting.defaultValue() : value.strip();
    }

    /** True when the operator gave a value (the default does not count). */
    public boolean isSet(Setting setting) {
        String value = source.apply(setting);
        return value != null && !value.isBlank();
    }

    public int positiveInt(Setting setting) {
        String value = string(setting);
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw invalid(setting, value, "a whole number above 0");
    }

    /** A whole number above 0, or {@code off}: empty. */
    public OptionalInt limit(Setting setting) {
        return Setting.OFF.equalsIgnoreCase(string(setting)) ? OptionalInt.empty()
                : OptionalInt.of(positiveInt(setting));
    }

    /** A size in bytes: a whole number above 0, or one with {@code k}, {@code m} or {@code g} (binary: 1k = 1024). */
    public long bytes(Setting setting) {
        String value = string(setting);
        try {
            String v = value.toLowerCase(Locale.ROOT);
            int shift = switch (v.charAt(v.length() - 1)) {
                case 'k' -> 10;
                case 'm' -> 20;
                case 'g' -> 30;
                default -> 0;
            };
            long parsed = Long.parseLong(shift == 0 ? v : v.substring(0, v.length() - 1));
            if (parsed > 0 && parsed <= Long.MAX_VALUE >> shift) {
                return parsed << shift;
            }
        } catch (RuntimeException ignored) {
            // reported below
        }
        throw invalid(setting, value, "a size in bytes above 0, such as 65536, 512k, 16m or 1g");
    }

    /** A duration such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 30d} or an ISO-8601 {@code PT30S}. */
    public Duration duration(Setting setting) {
        String value = string(setting);
        try {
            Duration parsed = parseDuration(value);
            if (!parsed.isNegative() && !parsed.isZero()) {
                return parsed;
            }
        } catch (RuntimeException ignored) {
            // reported below
        }
        throw invalid(setting, value, "a positive duration such as 500ms, 30s, 5m, 2h, 30d or PT30S");
    }

    /** A duration, or {@code off}: empty. */
    public Optional<Duration> durationOrOff(Setting setting) {
        return Setting.OFF.equalsIgnoreCase(string(setting)) ? Optional.empty() : Optional.of(duration(setting));
    }

    /** {@code true} or {@code false}, nothing else: a typo must not silently mean either. */
    public boolean flag(Setting setting) {
        String value = string(setting);
        if ("true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value)) {
            return Boolean.parseBoolean(value);
        }
        throw invalid(setting, value, "true or false");
    }

    /** A comma-separated list; empty when unset. */
    public List<String> list(Setting setting) {
        String value = string(setting);
        return value == null ? List.of()
                : Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
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
            case 'd' -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException(value);
        };
    }

    /** The message every invalid setting gets: its name, its environment variable, the value and what was wanted. */
    public static IllegalStateException invalid(Setting setting, Object value, String expected) {
        return new IllegalStateException("Invalid setting " + setting.key() + " (environment "
                + setting.environment() + ") = '" + value + "': expected " + expected);
    }
}
