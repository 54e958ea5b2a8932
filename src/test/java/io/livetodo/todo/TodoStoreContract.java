package io.livetodo.todo;

import io.livetodo.persist.Database;
import io.livetodo.persist.JdbcJournal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;



import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the store guarantees, on whichever database it stores into (see the subclasses). */
abstract class TodoStoreContract {

    /** A fresh, empty database. */
    abstract Database newDatabase() throws Exception;

    private final List<ListChanged> announced = Collections.synchronizedList(new ArrayList<>());
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
    private Database database;
    private Journal journal;
    private TodoStore store;

    @BeforeEach
    void openDatabase() throws Exception {
        database = newDatabase();
        database.open();
        journal = new JdbcJournal(database);
        store = storeWith(Limits.defaults());
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    private TodoStore storeWith(Limits limits) {
        return new TodoStore(limits, announced::add, clock, journal);
    }

    private static List<Todo> openTodos(ListSnapshot snapshot) {
        return snapshot.todos().stream().filter(todo -> !todo.completed()).toList();
    }

    private Todo add(String list, String title) {
        return store.execute(list, new Command.Add(title)).get(0).todo();
    }

    @Test
    void every_change_gets_the_next_sequence_number_of_its_list_and_is_announced_once() {
        Todo milk = add("a", "milk");
        add("a", "bread");
        add("b", "elsewhere");
        List<Change> completed = store.execute("a", new Command.SetCompleted(milk.id(), true));

        assertThat(completed).extracting(Change::seq).containsExactly(3L);
        assertThat(store.snapshot("a").seq()).isEqualTo(3);
        assertThat(store.snapshot("b").seq()).isEqualTo(1);
        assertThat(announced).extracting(ListChanged::list).containsExactly("a", "a", "b", "a");
        assertThat(announced.get(3).changes().get(0).todo().completed()).isTrue();
    }

    @Test
    void a_todo_has_a_stable_id_times_and_a_version_that_grows_with_each_change() {
        Todo todo = add("default", "  plan trip  ");
        assertThat(todo.title()).isEqualTo("plan trip");
        assertThat(todo.version()).isEqualTo(1);
        assertThat(todo.created()).isEqualTo(clock.instant()).isEqualTo(todo.updated());
        Todo renamed = store.execute("default", new Command.Rename(todo.id(), "plan the trip", null)).get(0).todo();
        assertThat(renamed.id()).isEqualTo(todo.id());
        assertThat(renamed.version()).isEqualTo(2);
    }

    @Test
    void an_operation_that_changes_nothing_gets_no_sequence_number() {
        Todo todo = add("default", "x");
        assertThat(store.execute("default", new Command.SetCompleted(todo.id(), false))).isEmpty();
        assertThat(store.execute("default", new Command.Rename(todo.id(), "x", null))).isEmpty();
        assertThat(store.execute("default", new Command.ClearCompleted())).isEmpty();
        assertThat(store.snapshot("default").seq()).isEqualTo(1);
        assertThat(announced).hasSize(1);
    }

    @Test
    void titles_are_limited_and_a_refused_title_changes_nothing() {
        add("default", "kept");
        assertRefused(new Command.Add("   "), TodoException.Reason.INVALID_TITLE, "empty");
        assertRefused(new Command.Add("x".repeat(501)), TodoException.Reason.INVALID_TITLE, "501 characters");
        assertRefused(new Command.Add("tab\there"), TodoException.Reason.INVALID_TITLE, "U+0009");
        assertRefused(new Command.Add("nul\u0000"), TodoException.Reason.INVALID_TITLE, "control character");
        assertRefused(new Command.Add("bad \ud800 surrogate"), TodoException.Reason.INVALID_TITLE, "surrogate");
        // Each would start a line of its own in the text listing, in JavaScript and in most log readers.
        assertRefused(new Command.Add("milk\u2028 - pay the bill"), TodoException.Reason.INVALID_TITLE, "U+2028");
        assertRefused(new Command.Add("milk\u2029 - pay the bill"), TodoException.Reason.INVALID_TITLE, "U+2029");
        assertRefused(new Command.Add("milk\u0085 - pay the bill"), TodoException.Reason.INVALID_TITLE, "U+0085");
        assertRefused(new Command.Add("milk\u000b - pay"), TodoException.Reason.INVALID_TITLE, "U+000B");
        assertThat(add("default", "x".repeat(500)).title()).hasSize(500);
        assertThat(add("default", "emoji \uD83D\uDE00 ok").title()).contains("\uD83D\uDE00");
        assertThat(store.snapshot("default").todos()).hasSize(3);
    }

    @Test
    void a_list_holds_at_most_the_configured_number_of_todos() {
        store = storeWith(new Limits(500, 3, 10, 100));
        add("default", "1");
        add("default", "2");
        add("default", "3");
        assertRefused(new Command.Add("4"), TodoException.Reason.LIST_FULL, "at most 3 todos");
        assertThat(store.snapshot("default").todos()).hasSize(3);
    }

    @Test
    void the_default_limits_are_500_characters_and_10000_todos() {
        // What a full list does is shown with a small limit below, and at the default by socket.AbuseTest.
        assertThat(Limits.defaults().maxTitleLength()).isEqualTo(500);
        assertThat(Limits.defaults().maxTodosPerList()).isEqualTo(10_000);
    }

    @Test
    void list_names_are_checked_and_default_to_default() {
        assertThat(Limits.listName(null)).isEqualTo("default");
        assertThat(Limits.listName("")).isEqualTo("default");
        assertThat(Limits.listName("team-1_a")).isEqualTo("team-1_a");
        for (String bad : List.of("Team", "a b", "x".repeat(65), "../etc", "ä")) {
            assertThatThrownBy(() -> store.snapshot(bad)).as(bad).isInstanceOf(TodoException.class)
                    .hasMessageContaining("a-z, 0-9");
        }
        assertThat(Limits.listName("x".repeat(64))).hasSize(64);
    }

    @Test
    void followers_are_counted_per_list_until_they_leave() {
        store.join("one", null, -1, c -> { });
        store.join("one", null, -1, c -> { });
        store.join("two", null, -1, c -> { });
        store.snapshot("unfollowed");
        assertThat(store.followers()).containsExactly(Map.entry("one", 2), Map.entry("two", 1));

        store.leave("one");
        store.leave("two");
        assertThat(store.followers()).containsExactly(Map.entry("one", 1));
    }

    @Test
    void the_lists_in_memory_are_limited_to_those_clients_follow_and_a_refused_list_gets_in_once_one_is_left() {
        store = storeWith(new Limits(500, 10, 2, 100));
        store.join("one", null, -1, c -> { });
        store.execute("one", new Command.Add("kept in one"));
        store.join("two", null, -1, c -> { });
        assertThatThrownBy(() -> store.snapshot("three")).isInstanceOf(TodoException.class)
                .hasMessageContaining("at most 2 lists in use");

        store.leave("one");
        assertThat(store.snapshot("three").seq()).as("room made by unloading 'one'").isZero();
        assertThat(store.loadedCount()).isEqualTo(2);
        store.leave("two");
        assertThat(store.snapshot("one").todos()).extracting(Todo::title).containsExactly("kept in one");
    }

    @Test
    void three_hundred_lists_used_in_turn_are_never_refused_and_memory_holds_at_most_the_limit() {
        store = storeWith(new Limits(500, 10, 50, 100));
        int mostLoaded = 0;
        for (int i = 0; i < 300; i++) {
            String list = "visitor-" + i;
            store.join(list, null, -1, c -> { });
            store.execute(list, new Command.Add("todo of visitor " + i));
            store.leave(list);
            mostLoaded = Math.max(mostLoaded, store.loadedCount());
        }
        assertThat(mostLoaded).isEqualTo(50);
        assertThat(store.snapshot("visitor-0").todos()).extracting(Todo::title).containsExactly("todo of visitor 0");
        assertThat(store.snapshot("visitor-299").seq()).isEqualTo(1);
    }

    @Test
    void an_idle_list_is_unloaded_but_one_with_a_client_is_not_and_a_client_resumes_across_the_unload() {
        store.join("followed", null, -1, c -> { });
        add("followed", "stays");
        String epoch = store.snapshot("idle").epoch();
        add("idle", "first");
        add("idle", "second");

        assertThat(store.unloadIdle(java.time.Duration.ZERO)).isEqualTo(1);
        assertThat(store.loadedSeqs()).containsOnlyKeys("followed");

        CatchUp resumed = store.join("idle", epoch, 1, c -> { });
        assertThat(resumed.isSnapshot()).isFalse();
        assertThat(resumed.epoch()).isEqualTo(epoch);
        assertThat(resumed.missed()).extracting(change -> change.todo().title()).containsExactly("second");
        assertThat(store.unloadIdle(java.time.Duration.ZERO)).as("both followed now").isZero();
    }

    @Test
    void a_rename_with_a_stale_version_is_a_conflict_carrying_the_current_todo() {
        Todo todo = add("default", "draft");
        store.execute("default", new Command.Rename(todo.id(), "second", 1L));
        assertThatThrownBy(() -> store.execute("default", new Command.Rename(todo.id(), "third", 1L)))
                .isInstanceOfSatisfying(TodoException.class, e -> {
                    assertThat(e.reason()).isEqualTo(TodoException.Reason.CONFLICT);
                    assertThat(e.current().title()).isEqualTo("second");
                    assertThat(e.current().version()).isEqualTo(2);
                });
        assertThat(store.snapshot("default").todos().get(0).title()).isEqualTo("second");
    }

    @Test
    void unknown_ids_are_not_found() {
        assertRefused(new Command.Delete("nope"), TodoException.Reason.NOT_FOUND, "no todo with id 'nope'");
        assertRefused(new Command.SetCompleted("nope", true), TodoException.Reason.NOT_FOUND, "nope");
    }

    @Test
    void done_completes_every_open_todo_with_exactly_that_title() {
        add("default", "milk");
        add("default", "milk");
        add("default", "milk and honey");
        List<Change> changes = store.execute("default", new Command.DoneByTitle("milk"));
        assertThat(changes).hasSize(2).allMatch(c -> c.todo().completed() && c.todo().title().equals("milk"));
        assertThat(changes).extracting(Change::seq).containsExactly(4L, 5L);
        assertThat(openTodos(store.snapshot("default"))).extracting(Todo::title).containsExactly("milk and honey");
        assertThat(announced).hasSize(4);
        assertThat(announced.get(3).changes()).hasSize(2);
    }

    @Test
    void clear_completed_and_complete_all_touch_each_todo_once() {
        Todo a = add("default", "a");
        add("default", "b");
        add("default", "c");
        store.execute("default", new Command.SetCompleted(a.id(), true));
        assertThat(store.execute("default", new Command.SetAllCompleted(true))).hasSize(2);
        assertThat(openTodos(store.snapshot("default"))).isEmpty();
        List<Change> cleared = store.execute("default", new Command.ClearCompleted());
        assertThat(cleared).hasSize(3).allMatch(c -> c.kind() == Change.Kind.DELETED);
        assertThat(store.snapshot("default").todos()).isEmpty();
        assertThat(store.summaries()).singleElement().satisfies(s -> {
            assertThat(s.todos()).isZero();
            assertThat(s.seq()).isEqualTo(9);
        });
    }

    @Test
    void snapshots_are_immutable_and_unaffected_by_later_changes() {
        add("default", "first");
        ListSnapshot before = store.snapshot("default");
        add("default", "second");
        assertThat(before.todos()).hasSize(1);
        assertThatThrownBy(() -> before.todos().add(null)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(store.snapshot("default").todos()).hasSize(2);
    }

    @Test
    void the_announced_state_is_the_list_as_the_change_left_it() {
        add("default", "one");
        add("default", "two");
        assertThat(announced.get(0).changes().get(0).seq()).isEqualTo(1);
        assertThat(announced.get(1).state().todos()).extracting(Todo::title).containsExactly("one", "two");
    }

    @Test
    void catch_up_returns_the_missed_changes_while_the_history_holds_them_else_a_snapshot() {
        store = storeWith(new Limits(500, 100, 10, 3));
        String epoch = store.snapshot("default").epoch();
        for (int i = 1; i <= 5; i++) {
            add("default", "t" + i);
        }
        CatchUp recent = store.join("default", epoch, 2, c -> { });
        assertThat(recent.isSnapshot()).isFalse();
        assertThat(recent.missed()).extracting(Change::seq).containsExactly(3L, 4L, 5L);
        assertThat(store.join("default", epoch, 5, c -> { }).missed()).isEmpty();
        assertThat(store.join("default", epoch, 1, c -> { }).isSnapshot()).isTrue();
        assertThat(store.join("default", "other", 4, c -> { }).isSnapshot()).isTrue();
        assertThat(store.join("default", epoch, 6, c -> { }).isSnapshot()).isTrue();
        assertThat(store.join("default", null, -1, c -> { }).snapshot().todos()).hasSize(5);
    }

    @Test
    void concurrent_writers_get_unique_consecutive_sequence_numbers_and_announcements_stay_in_order() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int writer = w;
                writers.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 500; i++) {
                        add("shared", "w" + writer + " " + i);
                    }
                }, pool));
            }
            CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get();
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.snapshot("shared").todos()).hasSize(4000);
        assertThat(announced).extracting(e -> e.changes().get(0).seq())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 4000).boxed().toList());
    }

    private void assertRefused(Command command, TodoException.Reason reason, String messagePart) {
        long seqBefore = store.snapshot("default").seq();
        int announcedBefore = announced.size();
        assertThatThrownBy(() -> store.execute("default", command))
                .isInstanceOfSatisfying(TodoException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(messagePart);
        assertThat(store.snapshot("default").seq()).isEqualTo(seqBefore);
        assertThat(announced).hasSize(announcedBefore);
    }
}
