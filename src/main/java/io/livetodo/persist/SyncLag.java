package io.livetodo.persist;

import io.livetodo.metrics.Metrics;
import io.livetodo.todo.Change;
import io.livetodo.todo.ListChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;

/**
 * Times how long changes made on other nodes took to arrive here: from the time the other node gave the change to
 * the moment this node took it in. Deletions carry no time of their own and are not timed. Across machines the
 * figure includes their clocks' difference.
 */
@ApplicationScoped
public class SyncLag {

    private Metrics metrics;

    /** For the CDI proxy only. */
    protected SyncLag() {
    }

    @Inject
    public SyncLag(Metrics metrics) {
        this.metrics = metrics;
    }

    void onChange(@Observes ListChanged event) {
        if (!event.followed()) {
            return;
        }
        Instant now = Instant.now();
        for (Change change : event.changes()) {
            if (change.kind() != Change.Kind.DELETED) {
                metrics.syncLag().observeNanos(Duration.between(change.todo().updated(), now).toNanos());
            }
        }
    }
}
