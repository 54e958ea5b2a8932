package io.livetodo.socket;

import io.livetodo.config.Settings;

import java.time.Duration;
import java.util.List;

/** Connection limits and timers of {@code /todo}; defaults documented in the README, "Configuration". */
public record SocketSettings(int maxMessageBytes, Duration idleTimeout, Duration pingInterval, Duration pongTimeout,
                             int sendQueueLimit, Duration sendTimeout, List<String> allowedOrigins) {

    public static SocketSettings from(Settings settings) {
        Duration ping = settings.duration("todo.ping.interval", Duration.ofSeconds(25));
        return new SocketSettings(
                settings.positiveInt("todo.message.max-bytes", 16 * 1024),
                settings.duration("todo.idle-timeout", Duration.ofMinutes(10)),
                ping,
                settings.duration("todo.pong.timeout", ping.multipliedBy(2).plusSeconds(10)),
                settings.positiveInt("todo.send.queue", 1024),
                settings.duration("todo.send.timeout", Duration.ofSeconds(10)),
                settings.list("todo.allowed-origins"));
    }
}
