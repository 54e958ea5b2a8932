package io.livetodo.socket;

import io.livetodo.config.Setting;
import io.livetodo.config.Settings;
import io.livetodo.web.LeakyBuckets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * How many new lists (stored by a first change) one client address may make: {@code todo.lists.created-per-address}
 * in a burst, then as many an hour. Without it one address could fill the stored-list cap
 * ({@code todo.lists.stored-max}) within minutes and leave nobody else a new list. Logged once per address when it
 * reaches the limit; 10,000 addresses remembered at most.
 */
@ApplicationScoped
public class ListCreation {

    private static final Logger LOG = Logger.getLogger(ListCreation.class.getName());
    private LeakyBuckets created;
    private int perHour;

    /** For the CDI proxy only. */
    protected ListCreation() {
    }

    @Inject
    ListCreation(Settings settings) {
        OptionalInt limit = settings.limit(Setting.LISTS_CREATED_PER_ADDRESS);
        perHour = limit.orElse(0);
        created = limit.isEmpty() ? null
                : new LeakyBuckets(perHour, TimeUnit.HOURS.toNanos(1) / perHour, 10_000);
    }

    /** Whether {@code address} may make one more list now (null address: no limit applies). */
    boolean mayCreate(String address) {
        return created == null || address == null || created.waitNanos(address, System.nanoTime()) == 0;
    }

    /** {@code address} just made a list. */
    void created(String address) {
        if (created != null && address != null && created.add(address, System.nanoTime())) {
            LOG.warning(() -> "Address " + address + " made " + perHour + " new lists (todo.lists.created-per-address);"
                    + " its next new ones are refused for a while");
        }
    }

    /** The refusal's message. */
    String refusal() {
        return "your address has made " + perHour + " new lists lately, the most it may"
                + " (todo.lists.created-per-address); use a list that exists, or try again later";
    }
}
