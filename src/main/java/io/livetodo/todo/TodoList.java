package io.livetodo.todo;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The state of one named list. Not thread-safe: {@link TodoStore} holds this object's monitor around every call.
 * Each operation checks everything first and only then changes state, so a refused operation changes nothing.
 */
final class TodoList {

    private final String name;
    private final String epoch = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    private final Map<String, Todo> todos = new LinkedHashMap<>();
    private final ArrayDeque<Change> history = new ArrayDeque<>();
    private long seq;
    private int completedCount;
    /** The last snapshot handed out, until the next change; saves copying an unchanged list for every reader. */
    private ListSnapshot snapshot;

    TodoList(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    List<Change> apply(Command command, Limits limits, Instant now) {
        List<Change> changes = new ArrayList<>(1);
        if (command instanceof Command.Add add) {
            String title = limits.title(add.title());
            if (todos.size() >= limits.maxTodosPerList()) {
                throw new TodoException(TodoException.Reason.LIST_FULL, "the list is full: it holds at most "
                        + limits.maxTodosPerList() + " todos; delete or clear completed ones first");
            }
            changes.add(record(Change.Kind.ADDED, new Todo(UUID.randomUUID().toString(), title, false, now, now, 1),
                    limits));
        } else if (command instanceof Command.SetCompleted set) {
            Todo todo = existing(set.id());
            if (todo.completed() != set.completed()) {
                changes.add(record(Change.Kind.UPDATED, todo.withCompleted(set.completed(), now), limits));
            }
        } else if (command instanceof Command.SetAllCompleted all) {
            for (Todo todo : List.copyOf(todos.values())) {
                if (todo.completed() != all.completed()) {
                    changes.add(record(Change.Kind.UPDATED, todo.withCompleted(all.completed(), now), limits));
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
                changes.add(record(Change.Kind.UPDATED, todo.withTitle(title, now), limits));
            }
        } else if (command instanceof Command.Delete delete) {
            changes.add(record(Change.Kind.DELETED, existing(delete.id()), limits));
        } else if (command instanceof Command.ClearCompleted) {
            for (Todo todo : List.copyOf(todos.values())) {
                if (todo.completed()) {
                    changes.add(record(Change.Kind.DELETED, todo, limits));
                }
            }
        } else if (command instanceof Command.DoneByTitle done) {
            String title = limits.title(done.title());
            for (Todo todo : List.copyOf(todos.values())) {
                if (!todo.completed() && todo.title().equals(title)) {
                    changes.add(record(Change.Kind.UPDATED, todo.withCompleted(true, now), limits));
                }
            }
        } else {
            throw new IllegalArgumentException("unsupported command " + command);
        }
        return changes;
    }

    private Todo existing(String id) {
        Todo todo = id == null ? null : todos.get(id);
        if (todo == null) {
            throw new TodoException(TodoException.Reason.NOT_FOUND, "no todo with id '" + id + "' in list '"
                    + name + "' (it may have been deleted)");
        }
        return todo;
    }

    private Change record(Change.Kind kind, Todo todo, Limits limits) {
        Todo before = todos.get(todo.id());
        if (before != null && before.completed()) {
            completedCount--;
        }
        if (kind == Change.Kind.DELETED) {
            todos.remove(todo.id());
        } else {
            todos.put(todo.id(), todo);
            if (todo.completed()) {
                completedCount++;
            }
        }
        Change change = new Change(++seq, kind, todo);
        history.addLast(change);
        while (history.size() > limits.historySize()) {
            history.removeFirst();
        }
        snapshot = null;
        return change;
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

    ListSummary summary() {
        return new ListSummary(name, epoch, seq, todos.size(), todos.size() - completedCount);
    }
}
