package io.livetodo.socket;

import io.livetodo.config.Settings;

import java.time.Duration;
import java.util.List;

/**
 * Connection limits and timers of {@code /todo}; defaults documented in the README, "Configuration".
 * The idle timeout counts from the last thing heard from the client, a message or a pong: with a ping every 25 s,
 * a live client is never idle, and a vanished one is noticed after three missed pings.
 */
public record SocketSettings(int maxMessageBytes, Duration idleTimeout, Duration pingInterval,
                             int sendQueueLimit, Duration sendTimeout, List<String> allowedOrigins,
                             int maxSessionsPerList, int maxSessionsPerAddress, RateLimit rateLimit,
                             String requiredRole) {

    public static SocketSettings from(Settings settings) {
        return new SocketSettings(
                settings.positiveInt("todo.message.max-bytes", 16 * 1024),
                settings.duration("todo.idle-timeout", Duration.ofSeconds(75)),
                settings.duration("todo.ping.interval", Duration.ofSeconds(25)),
                settings.positiveInt("todo.send.queue", 1024),
                settings.duration("todo.send.timeout", Duration.ofSeconds(10)),
                settings.list("todo.allowed-origins"),
                settings.limit("todo.max-sessions.per-list", 5000),
                settings.limit("todo.max-sessions.per-address", 1000),
                RateLimit.from(settings),
                requiredRole(settings));
    }

    /** The role {@code todo.auth.role} names, or null when no login is required. */
    public static String requiredRole(Settings settings) {
        return settings.optional("todo.auth.role");
    }
}
