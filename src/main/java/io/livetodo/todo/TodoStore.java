package io.livetodo.todo;

import io.livetodo.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
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
        TodoList list = list(listName);
        synchronized (list) {
            List<Change> changes = list.plan(command, limits, clock.instant());
            if (!changes.isEmpty()) {
                journal.append(list.name(), list.epoch(), list.seq(), changes);
                list.commit(changes, limits);
                announce(new ListChanged(list.name(), changes, list::snapshot));
            }
            return changes;
        }
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

    public List<ListSummary> summaries() {
        return lists.values().stream().map(list -> {
            synchronized (list) {
                return list.summary();
            }
        }).sorted(Comparator.comparing(ListSummary::list)).toList();
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
        Journal.StoredList stored = journal.load(name, limits.historySize());
        return stored == null ? TodoList.fresh(name) : TodoList.restore(name, stored);
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
