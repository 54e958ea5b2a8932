package io.livetodo.todo;

import io.livetodo.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * All named lists. Thread-safe: operations on one list are serialised by that list's lock, lists are independent.
 * Every applied operation is announced as a {@link ListChanged} while the list is still locked, so announcements of a
 * list arrive in sequence order. Lists are loaded from the journal when first used and unloaded again once no client
 * follows them (see {@link #unloadIdle}), so memory holds the lists in use, not every list ever used. Knows nothing
 * about WebSockets.
 */
@ApplicationScoped
public class TodoStore {

    private static final Logger LOG = Logger.getLogger(TodoStore.class.getName());

    /** Changes read from the journal at a time when catching up. */
    private static final int FOLLOW_BATCH = 1000;

    private final ConcurrentMap<String, TodoList> lists = new ConcurrentHashMap<>();
    private Limits limits;
    private Consumer<ListChanged> publisher;
    private Clock clock;
    private Journal journal;

    /** For the CDI proxy only. */
    protected TodoStore() {
    }

    @Inject
    TodoStore(Settings settings, Event<ListChanged> events, Journal journal) {
        this(Limits.from(settings), events::fire, Clock.systemUTC(), journal);
    }

    public TodoStore(Limits limits, Consumer<ListChanged> publisher, Clock clock, Journal journal) {
        this.limits = limits;
        this.publisher = publisher;
        // Databases keep microseconds: what clients see now is what they see after a restart.
        this.clock = Clock.tick(clock, java.time.Duration.ofNanos(1000));
        this.journal = journal;
    }

    /**
     * Applies one command to one list and returns the changes it made (empty when it changed nothing, e.g. completing
     * a completed todo). The changes are stored in the journal before they are applied or announced.
     *
     * @throws TodoException when the command is refused; then nothing changed
     * @throws Journal.JournalException when they could not be stored; then nothing changed either
     */
    public List<Change> execute(String listName, Command command) {
        return execute(listName, command, null);
    }

    /** As {@link #execute(String, Command)}, recording {@code author} (null: anonymous) as who made the changes. */
    public List<Change> execute(String listName, Command command, String author) {
        return locked(listName, list -> {
            List<Change> planned = list.plan(command, limits, clock.instant(), author);
            if (planned.isEmpty()) {
                return planned;
            }
            List<Change> stored = journal.append(list.name(), list.seq(), planned, missed -> {
                // Another server changed the list since this one last looked: take its changes in and plan again,
                // so the command applies to the list as it is now (and is refused if it no longer makes sense).
                takeIn(list, missed);
                return list.plan(command, limits, clock.instant(), author);
            });
            if (!stored.isEmpty()) {
                list.commit(stored, limits);
                announce(new ListChanged(list.name(), stored, list::snapshot, false));
            }
            return stored;
        });
    }

    /**
     * Processes a client's numbered mutation exactly once, however often and to whichever server it is sent: as
     * {@link #execute(String, Command, String)} the first time (a refusal is returned, not thrown, and recorded);
     * after that, a {@link Processed.Duplicate} that changes nothing. {@code mutation} null: as
     * {@link #execute(String, Command, String)}.
     *
     * @throws MutationGap when an earlier mutation of the client is missing; nothing was recorded
     * @throws Journal.JournalException when it could not be stored; nothing changed or was recorded
     */
    public Processed execute(String listName, Command command, String author, Mutation mutation) {
        if (mutation == null) {
            try {
                return new Processed.Applied(execute(listName, command, author));
            } catch (TodoException refused) {
                return new Processed.Refused(refused);
            }
        }
        return locked(listName, list -> {
            Processed processed = journal.appendMutation(list.name(), list.seq(), mutation, missed -> {
                takeIn(list, missed);
                return list.plan(command, limits, clock.instant(), author);
            });
            if (processed instanceof Processed.Applied applied && !applied.changes().isEmpty()) {
                list.commit(applied.changes(), limits);
                announce(new ListChanged(list.name(), applied.changes(), list::snapshot, false));
            }
            return processed;
        });
    }

    /** The last mutation of {@code client} on the list that was processed, on any server; 0 if none. */
    /** The user a client id belongs to, claiming it for {@code user} if it is new (see {@link Journal#claimClient}). */
    public String claimClient(String client, String user) {
        return journal.claimClient(client, user);
    }

    public long lastMutation(String listName, String client) {
        return journal.lastMutation(Limits.listName(listName), client);
    }

    /**
     * Takes in what other servers stored for the loaded lists: {@code storedSeqs} are the lists' sequence numbers in
     * the journal (see {@link #loadedSeqs()}); each list that is behind reads its missing changes from the journal,
     * applies them and announces them, in order, as if they had been made here.
     */
    public void follow(Map<String, Long> storedSeqs) {
        storedSeqs.forEach((name, storedSeq) -> {
            TodoList list = lists.get(name);
            if (list != null && storedSeq > list.seq()) {
                synchronized (list) {
                    if (!list.unloaded()) { // an unloaded copy is read afresh from the journal when next used
                        follow(list);
                    }
                }
            }
        });
    }

    /** The sequence number of every list this server holds in memory. */
    public Map<String, Long> loadedSeqs() {
        Map<String, Long> seqs = new HashMap<>();
        lists.forEach((name, list) -> {
            synchronized (list) {
                seqs.put(name, list.seq());
            }
        });
        return seqs;
    }

    private void follow(TodoList list) {
        List<Change> missed;
        do {
            missed = journal.changesAfter(list.name(), list.seq(), FOLLOW_BATCH);
            takeIn(list, missed);
        } while (missed.size() == FOLLOW_BATCH);
    }

    /** Applies and announces changes another server stored, which must follow on from this copy of the list. */
    private void takeIn(TodoList list, List<Change> missed) {
        if (missed.isEmpty()) {
            return;
        }
        if (missed.get(0).seq() != list.seq() + 1) {
            throw new Journal.JournalException("the change log of " + ListFingerprint.of(list.name())
                    + " has no change " + (list.seq() + 1) + " (its next is " + missed.get(0).seq() + ")", null);
        }
        list.commit(missed, limits);
        announce(new ListChanged(list.name(), missed, list::snapshot, true));
    }

    /** The list's sequence number as this server holds it: 0 for a list that has no change (is not stored). */
    public long seq(String listName) {
        return locked(listName, TodoList::seq);
    }

    public ListSnapshot snapshot(String listName) {
        return locked(listName, TodoList::snapshot);
    }

    /**
     * A client starts following the list: computes what it needs when it last saw {@code since} of {@code epoch}
     * ({@code epoch} null asks for a snapshot), and runs {@code whileLocked} with it before any further change of
     * the list can be applied, so that a subscriber registered there misses nothing and sees nothing twice. The list
     * stays in memory until every client that joined it has {@linkplain #leave left}.
     */
    public CatchUp join(String listName, String epoch, long since, Consumer<CatchUp> whileLocked) {
        return join(listName, epoch, since, null, whileLocked);
    }

    /**
     * As {@link #join(String, String, long, Consumer)}, for a client that numbers its mutations ({@code client}
     * null: one that does not): the catch-up also says which of them was processed last.
     */
    public CatchUp join(String listName, String epoch, long since, String client, Consumer<CatchUp> whileLocked) {
        return locked(listName, list -> {
            if (epoch != null && since > list.seq()) {
                // The client saw changes this copy has not read yet (another server stored them, and it came here
                // from there): read them first, so that it can resume rather than start again from a snapshot.
                try {
                    follow(list);
                } catch (Journal.JournalException e) {
                    LOG.log(Level.FINE, "Could not read " + ListFingerprint.of(list.name()) + " ahead", e);
                }
            }
            CatchUp current = list.catchUp(epoch, since);
            // Read under the list's lock, which orders it against this server's mutations of the list.
            CatchUp catchUp = client == null ? current : current.withMutation(journal.lastMutation(list.name(), client));
            whileLocked.accept(catchUp);
            list.join();
            return catchUp;
        });
    }

    /** A client that {@linkplain #join joined} the list no longer follows it. */
    public void leave(String listName) {
        TodoList list = lists.get(listName);
        if (list != null) {
            synchronized (list) {
                list.leave(System.nanoTime());
            }
        }
    }

    /**
     * Unloads from memory every list that no client follows and nobody used for {@code idle}; it is read again
     * from the journal, with its epoch and history, when next used. Returns how many were unloaded.
     */
    public int unloadIdle(Duration idle) {
        long now = System.nanoTime();
        int unloaded = 0;
        synchronized (lists) {
            for (TodoList list : lists.values()) {
                synchronized (list) {
                    if (list.idleFor(now) >= idle.toNanos() && unload(list)) {
                        unloaded++;
                    }
                }
            }
        }
        return unloaded;
    }

    /** What the store accepts: title length, todos per list, lists in memory, history kept. */
    public Limits limits() {
        return limits;
    }

    /** How many clients follow each list that someone follows. */
    public Map<String, Integer> followers() {
        Map<String, Integer> followers = new TreeMap<>();
        for (TodoList list : lists.values()) {
            synchronized (list) {
                if (!list.unloaded() && list.followers() > 0) {
                    followers.put(list.name(), list.followers());
                }
            }
        }
        return followers;
    }

    /** How many lists are in memory now. */
    public int loadedCount() {
        return lists.size();
    }

    /** Every stored list, including those no client has asked for since this server started. */
    public List<ListSummary> summaries() {
        return journal.summaries();
    }

    /**
     * Runs {@code action} on the list under its lock. A list unloaded between the look-up and the lock is looked up
     * (and loaded) again, so nothing is ever applied to a copy that is no longer the list.
     */
    private <T> T locked(String listName, Function<TodoList, T> action) {
        while (true) {
            TodoList list = list(listName);
            synchronized (list) {
                if (!list.unloaded()) {
                    list.touch(System.nanoTime());
                    return action.apply(list);
                }
            }
        }
    }

    private TodoList list(String requestedName) {
        String name = Limits.listName(requestedName);
        TodoList list = lists.get(name);
        if (list != null) {
            return list;
        }
        synchronized (lists) {
            if (!lists.containsKey(name) && lists.size() >= limits.maxLists() && !unloadLeastRecentlyUsed()) {
                throw new TodoException(TodoException.Reason.TOO_MANY_LISTS, "this server holds at most "
                        + limits.maxLists() + " lists in use at once, and all of them have clients; try again later"
                        + " or use a list that is open already");
            }
            return lists.computeIfAbsent(name, this::load);
        }
    }

    /** Makes room for another list: unloads the list unused the longest among those no client follows. */
    private boolean unloadLeastRecentlyUsed() {
        long now = System.nanoTime();
        TodoList oldest = null;
        long longestIdle = -1;
        for (TodoList list : lists.values()) {
            long idle;
            synchronized (list) {
                idle = list.idleFor(now);
            }
            if (idle > longestIdle) { // a list with a client (-1) never qualifies
                oldest = list;
                longestIdle = idle;
            }
        }
        if (oldest == null) {
            return false;
        }
        synchronized (oldest) {
            return unload(oldest);
        }
    }

    /** Under the lists' lock and the list's: drops the list if still nobody follows it. */
    private boolean unload(TodoList list) {
        if (list.idleFor(System.nanoTime()) < 0 || list.unloaded()) {
            return false;
        }
        list.markUnloaded();
        lists.remove(list.name(), list);
        return true;
    }

    private TodoList load(String name) {
        return TodoList.restore(name, journal.open(name, limits.historySize()));
    }

    private void announce(ListChanged event) {
        try {
            publisher.accept(event);
        } catch (RuntimeException e) {
            // The change is applied and must be acknowledged; a failing observer must not turn it into an error.
            LOG.log(Level.SEVERE, "An observer of " + ListFingerprint.of(event.list()) + " failed", e);
        }
    }
}
