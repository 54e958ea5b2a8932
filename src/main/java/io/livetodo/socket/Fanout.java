package io.livetodo.socket;

import io.livetodo.persist.PresenceElsewhere;
import io.livetodo.persist.SharedPresence;
import io.livetodo.protocol.Dialect;
import io.livetodo.protocol.JsonProtocol;
import io.livetodo.protocol.TextProtocol;
import io.livetodo.todo.CatchUp;
import io.livetodo.todo.ListChanged;
import io.livetodo.todo.TodoStore;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Keeps every session current: a joining session is admitted, registered and brought up to date while its list
 * cannot change; every change of a list is rendered once per dialect and queued to each session of that list;
 * presence counts (this node's sessions plus the other nodes', see {@link SharedPresence}) go to JSON sessions. When the application stops, every session is closed with 1001.
 */
@ApplicationScoped
public class Fanout {

    private TodoStore store;
    private JsonProtocol json;
    private SessionRegistry registry;
    private Admission admission;
    private SharedPresence shared;
    private SendThreads threads;
    /** Set when the application stops: closing the sessions makes them leave, which then needs no presence update. */
    private volatile boolean stopping;

    /** For the CDI proxy only. */
    protected Fanout() {
    }

    @Inject
    Fanout(TodoStore store, JsonProtocol json, SessionRegistry registry, Admission admission, SharedPresence shared,
           SendThreads threads) {
        this.store = store;
        this.threads = threads;
        this.shared = shared;
        this.json = json;
        this.registry = registry;
        this.admission = admission;
    }

    /** Closes whoever is still connected: the drain closed everyone, but a session can finish opening after it. */
    @PreDestroy
    void stop() {
        stopping = true;
        registry.closeAll(CloseReason.CloseCodes.GOING_AWAY, Drain.REASON);
    }

    /**
     * Registers a session, which makes the store hold its list (and, on a shared database, follow the other servers'
     * changes of it) until the session leaves. A JSON session first gets what it needs to be current (the changes it
     * missed since {@code since} of {@code epoch}, or a snapshot), queued before any later change can be announced;
     * the text dialect says nothing until the list changes or the client asks. A JSON client that numbers its
     * mutations ({@code client} not null) also learns the last one processed.
     *
     * @throws Admission.Refused over a connection limit
     */
    public void join(Subscription subscription, String epoch, long since, String client) {
        admission.admit(subscription);
        boolean json = subscription.dialect() == Dialect.JSON;
        try {
            store.join(subscription.list(), json ? epoch : null, json ? since : -1, json ? client : null, catchUp -> {
                registry.register(subscription);
                Set<Subscription> subscribers = registry.of(subscription.list());
                // Ordered against presence updates (see presenceChanged): the count in the catch-up is current, and
                // no update reaches this session before its catch-up.
                synchronized (subscribers) {
                    if (json) {
                        sendCatchUp(subscription, catchUp, since,
                                subscribers.size() + shared.elsewhere(subscription.list()));
                    }
                    subscription.markCaughtUp();
                }
            });
        } catch (RuntimeException e) {
            if (registry.unregister(subscription)) {
                store.leave(subscription.list());
            }
            admission.release(subscription);
            throw e;
        }
        presenceChanged(subscription.list(), subscription);
    }

    public void leave(Subscription subscription) {
        if (stopping) {
            return;
        }
        if (registry.unregister(subscription)) {
            store.leave(subscription.list());
            admission.release(subscription);
            presenceChanged(subscription.list(), null);
        }
    }

    /** The count on the other nodes changed: this node's sessions of the list hear the new total. */
    void onPresenceElsewhere(@Observes PresenceElsewhere event) {
        Set<Subscription> subscribers = registry.of(event.list());
        if (stopping || subscribers == null) {
            return;
        }
        synchronized (subscribers) {
            tell(event.list(), subscribers, null);
        }
    }

    /** Runs inside the store's lock of that list: only renders and enqueues. */
    void onChange(@Observes ListChanged event) {
        Set<Subscription> subscribers = registry.of(event.list());
        if (subscribers == null || subscribers.isEmpty()) {
            return;
        }
        String listing = null;
        List<String> events = null;
        WriteBatch batch = threads.batch();
        for (Subscription subscription : subscribers) {
            if (subscription.dialect() == Dialect.TEXT) {
                if (listing == null) {
                    listing = TextProtocol.listing(event.state());
                }
                // Only the newest listing matters: one still waiting for a slow reader is replaced by it.
                subscription.sender().sendReplaceable(listing, batch);
            } else {
                if (events == null) {
                    events = json.events(event.changes());
                }
                subscription.sender().sendAll(events, batch);
            }
        }
        batch.start();
    }

    private void sendCatchUp(Subscription subscription, CatchUp catchUp, long since, int presence) {
        SessionSender sender = subscription.sender();
        if (catchUp.isSnapshot()) {
            sender.send(json.snapshot(catchUp.snapshot(), catchUp.mutation(), presence, store.limits()));
        } else {
            List<String> messages = new ArrayList<>(1 + catchUp.missed().size());
            messages.add(json.resume(catchUp, since, presence, store.limits()));
            catchUp.missed().forEach(change -> messages.add(json.event(change)));
            sender.sendAll(messages, null);
        }
    }

    /**
     * Serialised per list so that counts arrive in the order they happened. The joiner is skipped: its snapshot
     * already carried the count; so is a session still joining, whose catch-up will carry it. The other nodes learn
     * this node's new count too.
     */
    private void presenceChanged(String list, Subscription joiner) {
        Set<Subscription> subscribers = registry.of(list);
        shared.changed(list, () -> registry.presence(list));
        if (subscribers == null) {
            return; // nobody left to tell
        }
        synchronized (subscribers) {
            tell(list, subscribers, joiner);
        }
    }

    /** Holding the subscribers' lock. */
    private void tell(String list, Set<Subscription> subscribers, Subscription joiner) {
        String message = json.presence(subscribers.size() + shared.elsewhere(list));
        for (Subscription subscription : subscribers) {
            if (subscription.dialect() == Dialect.JSON && subscription != joiner && subscription.caughtUp()) {
                subscription.sender().sendReplaceable(message);
            }
        }
    }
}
