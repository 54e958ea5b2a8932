package io.livetodo.persist;

import io.livetodo.todo.CatchUp;
import io.livetodo.todo.Change;
import io.livetodo.todo.Command;
import io.livetodo.todo.Journal;
import io.livetodo.todo.Limits;
import io.livetodo.todo.ListChanged;
import io.livetodo.todo.ListSnapshot;
import io.livetodo.todo.StorageRetention;
import io.livetodo.todo.TodoStore;
import org.junit.jupiter.api.Test;

import io.livetodo.config.Settings;
import io.livetodo.todo.TodoException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What storage keeps, on whichever database (see the subclasses): everything acknowledged, across a restart, and
 * nothing that failed.
 */
abstract class StorageContract {

    private final List<ListChanged> announced = new ArrayList<>();

    /** Opens the database under test; a second call reaches the same data, as a restarted server would. */
    abstract Database open() throws Exception;

    private TodoStore store(Database database) {
        return new TodoStore(Limits.defaults(), announced::add, Clock.systemUTC(), new JdbcJournal(database));
    }

    @Test
    void a_restarted_store_has_every_todo_its_sequence_numbers_and_its_history() throws Exception {
        Database first = open();
        TodoStore before = store(first);
        String milk = before.execute("shop", new Command.Add("milk")).get(0).todo().id();
        before.execute("shop", new Command.Add("bread"));
        before.execute("shop", new Command.SetCompleted(milk, true));
        before.execute("shop", new Command.Rename(milk, "oat milk", 2L));
        String bread = before.snapshot("shop").todos().get(1).id();
        before.execute("shop", new Command.Delete(bread));
        before.execute("other", new Command.Add("elsewhere"));
        ListSnapshot was = before.snapshot("shop");
        first.close();

        Database second = open();
        try {
            TodoStore after = store(second);
            ListSnapshot is = after.snapshot("shop");
            assertThat(is).isEqualTo(was);
            assertThat(is.seq()).isEqualTo(5);
            assertThat(is.todos()).singleElement().satisfies(todo -> {
                assertThat(todo.title()).isEqualTo("oat milk");
                assertThat(todo.completed()).isTrue();
                assertThat(todo.version()).isEqualTo(3);
            });
            // A client that saw seq 2 before the restart resumes with exactly what it missed.
            CatchUp resumed = after.join("shop", was.epoch(), 2, c -> { });
            assertThat(resumed.isSnapshot()).isFalse();
            assertThat(resumed.missed()).extracting(Change::seq).containsExactly(3L, 4L, 5L);
            // Numbering goes on where it stopped.
            assertThat(after.execute("shop", new Command.Add("eggs")).get(0).seq()).isEqualTo(6);
            assertThat(after.snapshot("other").todos()).hasSize(1);
        } finally {
            second.close();
        }
    }

    @Test
    void a_database_an_earlier_build_migrated_opens_with_its_todos() throws Exception {
        Database first = open();
        store(first).execute("shop", new Command.Add("milk; and bread"));
        // What earlier builds left behind: the same schema, recorded as Java migrations without checksums.
        try (Connection connection = first.connection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE \"flyway_schema_history\" SET \"type\" = 'JDBC', \"checksum\" = NULL,"
                    + " \"script\" = CASE \"version\" WHEN '1' THEN 'io.livetodo.persist.V1__Todos'"
                    + " ELSE 'io.livetodo.persist.V2__Authors' END,"
                    + " \"description\" = CASE \"version\" WHEN '1' THEN 'Todos' ELSE 'Authors' END"
                    + " WHERE \"version\" IN ('1', '2')");
        }
        first.close();

        Database second = open();
        try {
            assertThat(store(second).snapshot("shop").todos()).extracting("title").containsExactly("milk; and bread");
            try (Connection connection = second.connection(); Statement statement = connection.createStatement();
                 ResultSet history = statement.executeQuery("SELECT \"type\", \"checksum\", \"description\" FROM"
                         + " \"flyway_schema_history\" WHERE \"version\" IN ('1', '2')")) {
                int rows = 0;
                while (history.next()) {
                    rows++;
                    assertThat(history.getString(1)).isEqualTo("SQL");
                    assertThat(history.getObject(2)).isNotNull();
                    assertThat(history.getString(3)).isIn("todos", "authors");
                }
                assertThat(rows).isEqualTo(2);
            }
        } finally {
            second.close();
        }
    }

    @Test
    void a_change_that_cannot_be_stored_is_neither_applied_nor_announced() throws Exception {
        Database database = open();
        TodoStore store = store(database);
        store.execute("default", new Command.Add("kept"));
        int announcedBefore = announced.size();
        database.close(); // the database goes away under the running store

        assertThatThrownBy(() -> store.execute("default", new Command.Add("lost")))
                .isInstanceOf(Journal.JournalException.class).hasMessageContaining("Cannot store");
        assertThat(store.snapshot("default").todos()).extracting("title").containsExactly("kept");
        assertThat(store.snapshot("default").seq()).isEqualTo(1);
        assertThat(announced).hasSize(announcedBefore);
    }

    @Test
    void the_status_lists_stored_lists_even_those_no_one_opened_since_the_restart() throws Exception {
        Database first = open();
        TodoStore before = store(first);
        before.execute("shop", new Command.Add("milk"));
        String bread = before.execute("shop", new Command.Add("bread")).get(0).todo().id();
        before.execute("shop", new Command.SetCompleted(bread, true));
        first.close();

        Database second = open();
        try {
            assertThat(store(second).summaries()).singleElement().satisfies(list -> {
                assertThat(list.list()).isEqualTo("shop");
                assertThat(list.seq()).isEqualTo(3);
                assertThat(list.todos()).isEqualTo(2);
                assertThat(list.open()).isEqualTo(1);
            });
        } finally {
            second.close();
        }
    }

    @Test
    void authors_are_stored_with_each_todo_and_each_change() throws Exception {
        Database first = open();
        TodoStore before = store(first);
        String id = before.execute("team", new Command.Add("draft"), "alice").get(0).todo().id();
        before.execute("team", new Command.SetCompleted(id, true), "bob");
        String doomed = before.execute("team", new Command.Add("doomed"), "alice").get(0).todo().id();
        before.execute("team", new Command.Delete(doomed), "carol");
        first.close();

        Database second = open();
        try {
            TodoStore after = store(second);
            assertThat(after.snapshot("team").todos()).singleElement()
                    .satisfies(todo -> assertThat(todo.author()).isEqualTo("bob"));
            CatchUp history = after.join("team", after.snapshot("team").epoch(), 0, c -> { });
            assertThat(history.missed()).extracting(change -> change.todo().author())
                    .containsExactly("alice", "bob", "alice", "carol");
        } finally {
            second.close();
        }
    }

    // Several servers on one database: two stores, each with its own journal and memory, share the database.

    @Test
    void two_servers_opening_a_new_list_at_once_share_one_epoch() throws Exception {
        Database database = open();
        try {
            TodoStore a = store(database);
            TodoStore b = store(database);
            String epoch = a.snapshot("new").epoch();
            assertThat(b.snapshot("new").epoch()).isEqualTo(epoch);
        } finally {
            database.close();
        }
    }

    /**
     * What is stored grows with the todos that exist, not with the changes made: 6,000 adds and deletes and 10
     * "complete all" on 500 todos leave the change log at the history a resuming client can use (1,000 by default),
     * as the minute's sweep keeps it; after a restart a client inside it resumes with exactly what it missed, and one
     * further behind gets a snapshot.
     */
    @Test
    void the_change_log_keeps_the_history_however_many_changes_were_made_and_clients_still_resume() throws Exception {
        Database database = open();
        String epoch;
        long seq;
        try {
            TodoStore store = store(database);
            StorageRetention retention = new StorageRetention(new JdbcJournal(database), java.time.Duration.ofDays(30),
                    Limits.defaults().historySize(), 100, Clock.systemUTC());
            for (int i = 0; i < 3000; i++) {
                String id = store.execute("churn", new Command.Add("churned " + i)).get(0).todo().id();
                store.execute("churn", new Command.Delete(id));
                if (i % 500 == 499) {
                    retention.sweep();
                }
            }
            for (int i = 0; i < 500; i++) {
                store.execute("churn", new Command.Add("kept " + i));
            }
            for (int i = 0; i < 10; i++) {
                store.execute("churn", new Command.SetAllCompleted(i % 2 == 0));
            }
            assertThat(changeRows(database)).as("before the sweep").isGreaterThan(5000);
            retention.sweep();
            assertThat(changeRows(database)).as("after the sweep").isEqualTo(1000);
            ListSnapshot last = store.snapshot("churn");
            epoch = last.epoch();
            seq = last.seq();
            assertThat(seq).isEqualTo(6000 + 500 + 5000);
        } finally {
            database.close();
        }
        Database restarted = open();
        try {
            TodoStore after = store(restarted);
            CatchUp inside = after.join("churn", epoch, seq - 700, catchUp -> { });
            assertThat(inside.isSnapshot()).isFalse();
            assertThat(inside.missed()).extracting(Change::seq)
                    .containsExactlyElementsOf(LongStream.rangeClosed(seq - 699, seq).boxed().toList());
            assertThat(after.join("churn", epoch, seq - 5000, catchUp -> { }).isSnapshot())
                    .as("further behind than the history").isTrue();
            assertThat(after.snapshot("churn").todos()).hasSize(500);
        } finally {
            restarted.close();
        }
    }

    @Test
    void at_the_stored_lists_cap_a_new_list_is_refused_and_the_stored_ones_go_on() throws Exception {
        Database database = open();
        try {
            TodoStore store = new TodoStore(Limits.defaults(), announced::add, Clock.systemUTC(),
                    new JdbcJournal(database, Settings.of(Map.of("todo.lists.stored-max", "2"))));
            store.execute("one", new Command.Add("a"));
            store.execute("two", new Command.Add("b"));
            assertThat(store.snapshot("three").todos()).as("opening one more stores nothing").isEmpty();
            assertThatThrownBy(() -> store.execute("three", new Command.Add("c")))
                    .isInstanceOfSatisfying(TodoException.class,
                            e -> assertThat(e.reason()).isEqualTo(TodoException.Reason.TOO_MANY_LISTS))
                    .hasMessageContaining("todo.lists.stored-max");
            store.execute("one", new Command.Add("more"));
            assertThat(store.summaries()).extracting("list").containsExactly("one", "two");
            assertThat(store.snapshot("three").todos()).as("nothing half-stored").isEmpty();
        } finally {
            database.close();
        }
    }

    private static long changeRows(Database database) throws Exception {
        try (Connection connection = database.connection(); Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM change_log")) {
            count.next();
            return count.getLong(1);
        }
    }

    /**
     * Connecting costs no storage: a list is stored by its first change, with the epoch every server on the database
     * had given it before; a fresh database gives the same name another epoch (its clients start from a snapshot).
     */
    @Test
    void a_list_only_opened_is_not_stored_and_its_first_change_keeps_the_epoch_both_servers_gave_it() throws Exception {
        Database database = open();
        String epoch;
        try {
            TodoStore a = store(database);
            TodoStore b = store(database);
            epoch = a.join("opened", null, -1, catchUp -> { }).snapshot().epoch();
            a.join("unused", null, -1, catchUp -> { });
            assertThat(b.snapshot("opened").epoch()).isEqualTo(epoch);
            assertThat(a.summaries()).as("nothing stored by opening lists").isEmpty();

            b.execute("opened", new Command.Add("first"));
            assertThat(a.summaries()).singleElement().satisfies(list -> {
                assertThat(list.list()).isEqualTo("opened");
                assertThat(list.epoch()).isEqualTo(epoch);
                assertThat(list.seq()).isEqualTo(1);
            });
            a.execute("opened", new Command.Add("second"));
            assertThat(a.snapshot("opened").todos()).extracting("title").containsExactly("first", "second");
            assertThat(a.snapshot("opened").epoch()).isEqualTo(epoch);
        } finally {
            database.close();
        }
        Database again = open();
        try {
            assertThat(store(again).snapshot("opened").epoch()).as("after a restart").isEqualTo(epoch);
        } finally {
            again.close();
        }
    }

    @Test
    void a_server_whose_copy_is_behind_takes_in_the_other_servers_changes_before_its_own() throws Exception {
        Database database = open();
        try {
            List<ListChanged> seenByA = new ArrayList<>();
            TodoStore a = new TodoStore(Limits.defaults(), seenByA::add, Clock.systemUTC(), new JdbcJournal(database));
            TodoStore b = store(database);
            String milk = a.execute("shop", new Command.Add("milk")).get(0).todo().id();
            b.snapshot("shop"); // b loads the list: milk, seq 1
            a.execute("shop", new Command.Add("bread"));
            a.execute("shop", new Command.Delete(milk));

            // b still believes milk is there; the database refuses b's plan, b catches up and plans again.
            assertThatThrownBy(() -> b.execute("shop", new Command.SetCompleted(milk, true)))
                    .isInstanceOf(TodoException.class).hasMessageContaining("no todo");
            List<Change> eggs = b.execute("shop", new Command.Add("eggs"));
            assertThat(eggs).extracting(Change::seq).containsExactly(4L);
            assertThat(b.snapshot("shop").todos()).extracting("title").containsExactly("bread", "eggs");

            // a hears of eggs from the sync loop, announced like its own changes.
            new NodeSync(a, new JdbcJournal(database), database, Settings.of(Map.of())).syncOnce();
            assertThat(a.snapshot("shop")).isEqualTo(b.snapshot("shop"));
            assertThat(seenByA).flatExtracting(ListChanged::changes).extracting(Change::seq)
                    .containsExactly(1L, 2L, 3L, 4L);
        } finally {
            database.close();
        }
    }

    @Test
    void a_client_that_saw_more_than_this_server_resumes_once_the_server_has_read_ahead() throws Exception {
        Database database = open();
        try {
            TodoStore here = store(database);
            TodoStore there = store(database);
            here.snapshot("ahead"); // held here at seq 0, as a server with clients on it does
            there.execute("ahead", new Command.Add("one"));
            there.execute("ahead", new Command.Add("two"));
            String epoch = there.snapshot("ahead").epoch();

            // A client that saw both on the other server comes here before this server has followed them.
            CatchUp caughtUp = here.join("ahead", epoch, 2, catchUp -> { });
            assertThat(caughtUp.isSnapshot()).as("a resume, not a fresh start").isFalse();
            assertThat(caughtUp.seq()).isEqualTo(2);
            assertThat(caughtUp.missed()).isEmpty();
            CatchUp behind = here.join("ahead", epoch, 1, catchUp -> { });
            assertThat(behind.missed()).extracting(Change::seq).containsExactly(2L);
        } finally {
            database.close();
        }
    }

    @Test
    void concurrent_writers_on_two_servers_never_share_a_sequence_number_and_lose_nothing() throws Exception {
        Database database = open();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            Map<TodoStore, List<Change>> announcedBy = new java.util.LinkedHashMap<>();
            List<TodoStore> servers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                List<Change> seen = Collections.synchronizedList(new ArrayList<>());
                TodoStore server = new TodoStore(Limits.defaults(), event -> seen.addAll(event.changes()),
                        Clock.systemUTC(), new JdbcJournal(database));
                server.snapshot("race"); // both hold the list from the start, as servers with clients on it do
                servers.add(server);
                announcedBy.put(server, seen);
            }
            List<Future<List<Long>>> acknowledged = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                TodoStore server = servers.get(w % 2);
                int writer = w;
                acknowledged.add(writers.submit(() -> {
                    List<Long> seqs = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        seqs.add(server.execute("race", new Command.Add(writer + "-" + i)).get(0).seq());
                    }
                    return seqs;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> writer : acknowledged) {
                all.addAll(writer.get(60, TimeUnit.SECONDS));
            }
            assertThat(all).doesNotHaveDuplicates().hasSize(200);
            for (TodoStore server : servers) {
                new NodeSync(server, new JdbcJournal(database), database, Settings.of(Map.of())).syncOnce();
                ListSnapshot snapshot = server.snapshot("race");
                assertThat(snapshot.seq()).isEqualTo(200);
                assertThat(snapshot.todos()).hasSize(200);
                // Each server announced every change exactly once, in order, its own and the other's alike.
                assertThat(announcedBy.get(server)).extracting(Change::seq)
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
            }
            assertThat(servers.get(0).snapshot("race")).isEqualTo(servers.get(1).snapshot("race"));
        } finally {
            writers.shutdownNow();
            database.close();
        }
    }
}
