package io.livetodo.todo;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The state of one named list, as the journal holds it. Not thread-safe: {@link TodoStore} holds this object's
 * monitor around every call. An operation is first planned (checked, and turned into changes with their sequence
 * numbers, without touching state), then, once the journal has stored them, committed.
 */
final class TodoList {

    private final String name;
    private final String epoch;
    private final Map<String, Todo> todos = new LinkedHashMap<>();
    private final ArrayDeque<Change> history = new ArrayDeque<>();
    private long seq;
    /** The last snapshot handed out, until the next change; saves copying an unchanged list for every reader. */
    private ListSnapshot snapshot;
    /** Clients following the list now; it stays in memory while there are any. */
    private int followers;
    /** {@link System#nanoTime()} of the last use. */
    private long lastUsed = System.nanoTime();
    /** Dropped from the store: the journal holds the list, a new copy is loaded on the next use. */
    private boolean unloaded;

    private TodoList(String name, String epoch) {
        this.name = name;
        this.epoch = epoch;
    }

    static TodoList restore(String name, Journal.StoredList stored) {
        TodoList list = new TodoList(name, stored.epoch());
        stored.todos().forEach(todo -> list.todos.put(todo.id(), todo));
        list.history.addAll(stored.recent());
        list.seq = stored.seq();
        return list;
    }

    String name() {
        return name;
    }

    String epoch() {
        return epoch;
    }

    long seq() {
        return seq;
    }

    void touch(long now) {
        lastUsed = now;
    }

    void join() {
        followers++;
    }

    void leave(long now) {
        followers--;
        lastUsed = now;
    }

    int followers() {
        return followers;
    }

    /** Nanoseconds since the last use; negative while a client follows the list, which is never idle then. */
    long idleFor(long now) {
        return followers > 0 ? -1 : Math.max(0, now - lastUsed);
    }

    boolean unloaded() {
        return unloaded;
    }

    void markUnloaded() {
        unloaded = true;
    }

    /** The changes the command would make, numbered from the next sequence number; changes nothing. */
    List<Change> plan(Command command, Limits limits, Instant now, String author) {
        Plan changes = new Plan(seq);
        if (command instanceof Command.Add add) {
            String title = limits.title(add.title());
            String id = add.id() == null ? UUID.randomUUID().toString() : newId(add.id());
            requireRoom(limits);
            changes.add(Change.Kind.ADDED, new Todo(id, title, false, now, now, 1, author));
        } else if (command instanceof Command.Restore restore) {
            String title = limits.title(restore.title());
            String id = newId(restore.id());
            requireRoom(limits);
            changes.add(Change.Kind.ADDED, new Todo(id, title, restore.completed(), now, now, 1, author));
        } else if (command instanceof Command.SetCompleted set) {
            Todo todo = existing(set.id());
            if (todo.completed() != set.completed()) {
                changes.add(Change.Kind.UPDATED, todo.withCompleted(set.completed(), now, author));
            }
        } else if (command instanceof Command.SetAllCompleted all) {
            for (Todo todo : todos.values()) {
                if (todo.completed() != all.completed()) {
                    changes.add(Change.Kind.UPDATED, todo.withCompleted(all.completed(), now, author));
                }
            }
        } else if (command instanceof Command.Rename rename) {
            Todo todo = existing(rename.id());
            String title = limits.title(rename.title());
            if (rename.expectedVersion() != null && rename.expectedVersion() != todo.version()) {
                throw new TodoException(TodoException.Reason.CONFLICT, "the todo was changed by someone else"
                        + " (now at version " + todo.version() + ", you edited version "
                        + rename.expectedVersion() + ")", todo);
            }
            if (!title.equals(todo.title())) {
                changes.add(Change.Kind.UPDATED, todo.withTitle(title, now, author));
            }
        } else if (command instanceof Command.Delete delete) {
            changes.add(Change.Kind.DELETED, existing(delete.id()).removedBy(author));
        } else if (command instanceof Command.ClearCompleted) {
            for (Todo todo : todos.values()) {
                if (todo.completed()) {
                    changes.add(Change.Kind.DELETED, todo.removedBy(author));
                }
            }
        } else if (command instanceof Command.DoneByTitle done) {
            String title = limits.title(done.title());
            for (Todo todo : todos.values()) {
                if (!todo.completed() && todo.title().equals(title)) {
                    changes.add(Change.Kind.UPDATED, todo.withCompleted(true, now, author));
                }
            }
        } else {
            // Command is sealed, so this is unreachable today; Java 17 cannot check a switch over it for
            // exhaustiveness, and a command added without a branch here must fail loudly, not change nothing.
            throw new IllegalStateException("no plan for command " + command);
        }
        return changes.list;
    }

    /** Collects planned changes with consecutive sequence numbers. Each todo changes at most once per operation. */
    private static final class Plan {
        private final List<Change> list = new ArrayList<>(1);
        private long next;

        Plan(long seq) {
            this.next = seq;
        }

        void add(Change.Kind kind, Todo todo) {
            list.add(new Change(++next, kind, todo));
        }
    }

    private void requireRoom(Limits limits) {
        if (todos.size() >= limits.maxTodosPerList()) {
            throw new TodoException(TodoException.Reason.LIST_FULL, "the list is full: it holds at most "
                    + limits.maxTodosPerList() + " todos; delete or clear completed ones first");
        }
    }

    /** A client's id for a new todo: well-formed and not in use. */
    private String newId(String id) {
        Limits.todoId(id);
        if (todos.containsKey(id)) {
            throw new TodoException(TodoException.Reason.ID_TAKEN, "the list already has a todo with id '" + id
                    + "'");
        }
        return id;
    }

    private Todo existing(String id) {
        Todo todo = id == null ? null : todos.get(id);
        if (todo == null) {
            throw new TodoException(TodoException.Reason.NOT_FOUND, "no todo with id '" + id + "' in list '"
                    + name + "' (it may have been deleted)");
        }
        return todo;
    }

    /** Applies planned changes that the journal has stored. */
    void commit(List<Change> changes, Limits limits) {
        for (Change change : changes) {
            Todo todo = change.todo();
            if (change.kind() == Change.Kind.DELETED) {
                todos.remove(todo.id());
            } else {
                todos.put(todo.id(), todo);
            }
            history.addLast(change);
            seq = change.seq();
        }
        while (history.size() > limits.historySize()) {
            history.removeFirst();
        }
        snapshot = null;
    }

    ListSnapshot snapshot() {
        if (snapshot == null) {
            snapshot = new ListSnapshot(name, epoch, seq, List.copyOf(todos.values()));
        }
        return snapshot;
    }

    /** The changes after {@code since} in the same epoch if the history still holds them all; else a snapshot. */
    CatchUp catchUp(String clientEpoch, long since) {
        boolean sameHistory = epoch.equals(clientEpoch) && since <= seq;
        long oldestKept = history.isEmpty() ? seq + 1 : history.peekFirst().seq();
        if (sameHistory && since + 1 >= oldestKept) {
            List<Change> missed = history.stream().filter(c -> c.seq() > since).toList();
            return new CatchUp(name, epoch, seq, null, missed);
        }
        return new CatchUp(name, epoch, seq, snapshot(), List.of());
    }

}
