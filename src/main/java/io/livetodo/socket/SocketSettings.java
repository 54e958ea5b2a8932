package io.livetodo.socket;

import io.livetodo.config.Setting;
import io.livetodo.config.Settings;
import io.livetodo.todo.Limits;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * Connection limits and timers of {@code /todo}; defaults documented in the README, "Configuration".
 * The idle timeout counts from the last thing heard from the client, a message or a pong: with a ping every 25 s,
 * a live client is never idle, and a vanished one is noticed after three missed pings. {@code requiredRole} is the
 * role {@code todo.auth.role} names, or null when no login is required. {@code drainDelay} is zero when off.
 * {@code compression}: whether permessage-deflate may be negotiated. {@code sendQueueBytes}: the byte budget of one
 * session's queue (see SessionSender), at least what one change can weigh. {@code maxListsPerAddress}: how many
 * different lists one address may have open at once, so that no address pins more than that share of the lists
 * held in memory.
 */
public record SocketSettings(int maxMessageBytes, Duration idleTimeout, Duration pingInterval,
                             int sendQueueLimit, long sendQueueBytes, Duration sendTimeout,
                             OptionalInt maxSessionsPerList, OptionalInt maxSessionsPerAddress,
                             OptionalInt maxListsPerAddress, RateLimit rateLimit,
                             String requiredRole, Duration drainDelay, boolean compression) {

    /**
     * What the events of one change can weigh in a send queue ("complete all" on a full list of the longest titles,
     * each event about 300 characters besides its title, two bytes a character): the byte budget is never below
     * it, or one such change followed by its acknowledgement would drop its own author.
     */
    static long largestChangeBytes(Limits limits) {
        return 2L * limits.maxTodosPerList() * (limits.maxTitleLength() + 300);
    }

    public static SocketSettings from(Settings settings) {
        return new SocketSettings(
                settings.positiveInt(Setting.MESSAGE_MAX_BYTES),
                settings.duration(Setting.IDLE_TIMEOUT),
                settings.duration(Setting.PING_INTERVAL),
                settings.positiveInt(Setting.SEND_QUEUE),
                Math.max(settings.bytes(Setting.SEND_QUEUE_BYTES), largestChangeBytes(Limits.from(settings))),
                settings.duration(Setting.SEND_TIMEOUT),
                settings.limit(Setting.MAX_SESSIONS_PER_LIST),
                settings.limit(Setting.MAX_SESSIONS_PER_ADDRESS),
                settings.isSet(Setting.LISTS_PER_ADDRESS) ? settings.limit(Setting.LISTS_PER_ADDRESS)
                        : OptionalInt.of(Math.max(1, settings.positiveInt(Setting.LISTS_MAX) / 10)),
                RateLimit.from(settings),
                settings.string(Setting.AUTH_ROLE),
                settings.durationOrOff(Setting.DRAIN_DELAY).orElse(Duration.ZERO),
                settings.flag(Setting.COMPRESSION));
    }
}
