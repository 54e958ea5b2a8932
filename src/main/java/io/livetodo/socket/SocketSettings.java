package io.livetodo.socket;

import io.livetodo.config.Setting;
import io.livetodo.config.Settings;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * Connection limits and timers of {@code /todo}; defaults documented in the README, "Configuration".
 * The idle timeout counts from the last thing heard from the client, a message or a pong: with a ping every 25 s,
 * a live client is never idle, and a vanished one is noticed after three missed pings. {@code requiredRole} is the
 * role {@code todo.auth.role} names, or null when no login is required. {@code drainDelay} is zero when off.
 * {@code compression}: whether permessage-deflate may be negotiated.
 */
public record SocketSettings(int maxMessageBytes, Duration idleTimeout, Duration pingInterval,
                             int sendQueueLimit, Duration sendTimeout,
                             OptionalInt maxSessionsPerList, OptionalInt maxSessionsPerAddress, RateLimit rateLimit,
                             String requiredRole, Duration drainDelay, boolean compression) {

    public static SocketSettings from(Settings settings) {
        return new SocketSettings(
                settings.positiveInt(Setting.MESSAGE_MAX_BYTES),
                settings.duration(Setting.IDLE_TIMEOUT),
                settings.duration(Setting.PING_INTERVAL),
                settings.positiveInt(Setting.SEND_QUEUE),
                settings.duration(Setting.SEND_TIMEOUT),
                settings.limit(Setting.MAX_SESSIONS_PER_LIST),
                settings.limit(Setting.MAX_SESSIONS_PER_ADDRESS),
                RateLimit.from(settings),
                settings.string(Setting.AUTH_ROLE),
                settings.durationOrOff(Setting.DRAIN_DELAY).orElse(Duration.ZERO),
                settings.flag(Setting.COMPRESSION));
    }
}
