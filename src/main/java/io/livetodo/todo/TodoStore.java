package io.livetodo.todo;

import io.livetodo.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * All named lists. Thread-safe: operations on one list are serialised by that list's lock, lists are independent.
 * Every applied operation is announced as a {@link ListChanged} while the list is still locked, so announcements of a
 * list arrive in sequence order. Knows nothing about WebSockets.
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

    public Limits limits() {
        return limits;
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
        TodoList list = list(listName);
        synchronized (list) {
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
                announce(new ListChanged(list.name(), stored, list::snapshot));
            }
            return stored;
        }
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
                    follow(list);
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
            throw new Journal.JournalException("the change log of list '" + list.name() + "' has no change "
                    + (list.seq() + 1) + " (its next is " + missed.get(0).seq() + ")", null);
        }
        list.commit(missed, limits);
        announce(new ListChanged(list.name(), missed, list::snapshot));
    }

    public ListSnapshot snapshot(String listName) {
        TodoList list = list(listName);
        synchronized (list) {
            return list.snapshot();
        }
    }

    /**
     * Computes what a client that last saw {@code since} of {@code epoch} needs, and runs {@code whileLocked} with it
     * before any further change of the list can be applied: a subscriber registered there misses nothing and sees
     * nothing twice. {@code epoch} null asks for a snapshot.
     */
    public CatchUp catchUp(String listName, String epoch, long since, Consumer<CatchUp> whileLocked) {
        TodoList list = list(listName);
        synchronized (list) {
            CatchUp catchUp = list.catchUp(epoch, since);
            whileLocked.accept(catchUp);
            return catchUp;
        }
    }

    /** Every stored list, including those no client has asked for since this server started. */
    public List<ListSummary> summaries() {
        return journal.summaries();
    }

    private TodoList list(String requestedName) {
        String name = Limits.listName(requestedName);
        TodoList list = lists.get(name);
        if (list != null) {
            return list;
        }
        synchronized (lists) {
            if (!lists.containsKey(name) && lists.size() >= limits.maxLists()) {
                throw new TodoException(TodoException.Reason.TOO_MANY_LISTS, "this server holds at most "
                        + limits.maxLists() + " lists; use an existing list");
            }
            return lists.computeIfAbsent(name, this::load);
        }
    }

    private TodoList load(String name) {
        return TodoList.restore(name, journal.open(name, TodoList.newEpoch(), limits.historySize()));
    }

    private void announce(ListChanged event) {
        try {
            publisher.accept(event);
        } catch (RuntimeException e) {
            // The change is applied and must be acknowledged; a failing observer must not turn it into an error.
            LOG.log(Level.SEVERE, "An observer of list '" + event.list() + "' failed", e);
        }
    }
}
