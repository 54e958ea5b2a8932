package io.livetodo.todo;

import io.livetodo.persist.Database;
import io.livetodo.persist.JdbcJournal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Numbered mutations are processed exactly once, on whichever database the store uses (see the subclasses): sent
 * twice, after a restart (a new store on the same database), and to another server (a second store on it).
 */
abstract class ExactlyOnceContract {

    private static final String CLIENT = "client-0123456789abcdef";

    /** A fresh, empty database. */
    abstract Database newDatabase() throws Exception;

    private final List<ListChanged> announced = Collections.synchronizedList(new ArrayList<>());
    private Database database;
    private TodoStore store;

    @BeforeEach
    void openDatabase() throws Exception {
        database = newDatabase();
        database.open();
        store = newServer();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    /** Another server on the same database (or this one after a restart): nothing in memory is shared. */
    private TodoStore newServer() {
        return new TodoStore(Limits.defaults(), announced::add, Clock.systemUTC(), new JdbcJournal(database));
    }

    private static Mutation mutation(long number) {
        return new Mutation(CLIENT, number);
    }

    private static List<String> titles(TodoStore server, String list) {
        return server.snapshot(list).todos().stream().map(Todo::title).toList();
    }

    @Test
    void a_mutation_sent_again_is_answered_from_its_record_and_changes_nothing() {
        Processed first = store.execute("a", new Command.Add("milk", "todo-1"), null, mutation(1));
        Processed again = store.execute("a", new Command.Add("milk", "todo-1"), null, mutation(1));

        assertThat(first).isInstanceOfSatisfying(Processed.Applied.class,
                applied -> assertThat(applied.changes()).extracting(Change::seq).containsExactly(1L));
        assertThat(again).isInstanceOfSatisfying(Processed.Duplicate.class, duplicate -> {
            assertThat(duplicate.mutation()).isEqualTo(1);
            assertThat(duplicate.record().changes()).isEqualTo(1);
            assertThat(duplicate.record().lastSeq()).isEqualTo(1);
        });
        assertThat(titles(store, "a")).containsExactly("milk");
        assertThat(announced).hasSize(1);
        assertThat(store.lastMutation("a", CLIENT)).isEqualTo(1);
    }

    @Test
    void a_refused_mutation_counts_as_processed_and_a_copy_gets_the_same_refusal() {
        Processed refused = store.execute("a", new Command.Delete("no-such-todo"), null, mutation(1));
        store.execute("a", new Command.Add("milk", "no-such-todo"), null, null); // now it would succeed
        Processed again = store.execute("a", new Command.Delete("no-such-todo"), null, mutation(1));

        assertThat(refused).isInstanceOfSatisfying(Processed.Refused.class,
                r -> assertThat(r.refusal().reason()).isEqualTo(TodoException.Reason.NOT_FOUND));
        assertThat(again).isInstanceOfSatisfying(Processed.Duplicate.class, duplicate -> {
            assertThat(duplicate.record().refused()).isTrue();
            assertThat(duplicate.record().errorCode()).isEqualTo("not-found");
            assertThat(duplicate.record().errorMessage()).contains("no todo with id 'no-such-todo'");
        });
        assertThat(titles(store, "a")).containsExactly("milk");
        assertThat(store.lastMutation("a", CLIENT)).isEqualTo(1);
    }

    @Test
    void a_gap_is_refused_without_a_record_and_the_missing_mutation_then_goes_first() {
        store.execute("a", new Command.Add("one", "t1"), null, mutation(1));
        assertThatThrownBy(() -> store.execute("a", new Command.Add("three", "t3"), null, mutation(3)))
                .isInstanceOfSatisfying(MutationGap.class, gap -> assertThat(gap.expected()).isEqualTo(2));
        assertThat(store.lastMutation("a", CLIENT)).isEqualTo(1);

        store.execute("a", new Command.Add("two", "t2"), null, mutation(2));
        store.execute("a", new Command.Add("three", "t3"), null, mutation(3));
        assertThat(titles(store, "a")).containsExactly("one", "two", "three");
    }

    @Test
    void a_client_starts_where_it_likes_and_its_numbers_are_per_list() {
        store.execute("a", new Command.Add("first", "t1"), null, mutation(41));
        store.execute("b", new Command.Add("elsewhere", "t1"), null, mutation(1));
        store.execute("a", new Command.Add("second", "t2"), null, mutation(42));

        assertThat(store.lastMutation("a", CLIENT)).isEqualTo(42);
        assertThat(store.lastMutation("b", CLIENT)).isEqualTo(1);
        assertThat(store.lastMutation("a", "another-client-0123456789")).isZero();
    }

    @Test
    void a_mutation_is_recognised_after_a_restart_and_on_another_server() {
        store.execute("a", new Command.Add("milk", "t1"), null, mutation(1));
        store.execute("a", new Command.SetCompleted("t1", true), null, mutation(2));

        TodoStore restarted = newServer();
        assertThat(restarted.execute("a", new Command.SetCompleted("t1", true), null, mutation(2)))
                .isInstanceOf(Processed.Duplicate.class);
        TodoStore other = newServer();
        assertThat(other.execute("a", new Command.Add("milk", "t1"), null, mutation(1)))
                .isInstanceOf(Processed.Duplicate.class);
        // The next one goes through on the other server, planned on the list as it is there now.
        assertThat(other.execute("a", new Command.Rename("t1", "oat milk", null), null, mutation(3)))
                .isInstanceOf(Processed.Applied.class);
        assertThat(titles(other, "a")).containsExactly("oat milk");
        assertThat(restarted.lastMutation("a", CLIENT)).isEqualTo(3);
    }

    @Test
    void a_server_behind_takes_in_the_other_servers_changes_before_it_applies_a_mutation() {
        TodoStore other = newServer();
        store.execute("a", new Command.Add("from here", "t1"), null, mutation(1));
        other.snapshot("a"); // loads the list there
        store.execute("a", new Command.Add("also from here", "t2"), null, mutation(2));

        Processed processed = other.execute("a", new Command.Rename("t2", "renamed there", null), null, mutation(3));

        assertThat(processed).isInstanceOfSatisfying(Processed.Applied.class,
                applied -> assertThat(applied.changes()).extracting(Change::seq).containsExactly(3L));
        assertThat(titles(other, "a")).containsExactly("from here", "renamed there");
    }

    @Test
    void a_restored_todo_comes_back_with_its_id_title_and_state_and_an_id_in_use_is_refused() {
        store.execute("a", new Command.Add("milk", "t1"), null, null);
        store.execute("a", new Command.SetCompleted("t1", true), null, null);
        store.execute("a", new Command.Delete("t1"), null, null);

        List<Change> restored = store.execute("a", new Command.Restore("t1", "milk", true));
        assertThat(restored).singleElement().satisfies(change -> {
            assertThat(change.kind()).isEqualTo(Change.Kind.ADDED);
            assertThat(change.todo().id()).isEqualTo("t1");
            assertThat(change.todo().completed()).isTrue();
        });
        assertThatThrownBy(() -> store.execute("a", new Command.Restore("t1", "milk", true)))
                .isInstanceOfSatisfying(TodoException.class,
                        e -> assertThat(e.reason()).isEqualTo(TodoException.Reason.ID_TAKEN));
        assertThatThrownBy(() -> store.execute("a", new Command.Add("bad", "not an id!")))
                .isInstanceOfSatisfying(TodoException.class,
                        e -> assertThat(e.reason()).isEqualTo(TodoException.Reason.INVALID_ID));
    }

    @Test
    void a_client_keeps_its_last_records_only_and_an_older_number_sent_again_is_still_a_duplicate() {
        for (int n = 1; n <= 150; n++) {
            store.execute("a", new Command.Add("todo " + n, "t" + n), null, mutation(n));
        }
        Journal journal = new JdbcJournal(database);
        assertThat(new StorageRetention(journal, Duration.ofDays(30), 1000, 100, Clock.systemUTC()).sweep())
                .as("records beyond the last 100").isEqualTo(50);

        assertThat(store.lastMutation("a", CLIENT)).isEqualTo(150);
        Processed old = store.execute("a", new Command.Add("todo 10 again", "t10"), null, mutation(10));
        assertThat(old).isInstanceOfSatisfying(Processed.Duplicate.class, d -> assertThat(d.record()).isNull());
        Processed recent = store.execute("a", new Command.Add("todo 140 again", "t140"), null, mutation(140));
        assertThat(recent).isInstanceOfSatisfying(Processed.Duplicate.class, d -> assertThat(d.record()).isNotNull());
        assertThat(store.snapshot("a").todos()).hasSize(150);
    }

    @Test
    void records_older_than_the_retention_are_forgotten_and_the_client_starts_afresh() {
        store.execute("a", new Command.Add("milk", "t1"), null, mutation(1));
        Clock inAMonth = Clock.offset(Clock.systemUTC(), Duration.ofDays(31));
        Journal journal = new JdbcJournal(database);

        assertThat(new StorageRetention(journal, Duration.ofDays(30), 1000, 100, Clock.systemUTC()).sweep()).isZero();
        assertThat(new StorageRetention(journal, Duration.ofDays(30), 1000, 100, inAMonth).sweep()).isEqualTo(1);

        assertThat(store.lastMutation("a", CLIENT)).isZero();
        // Forgotten: a later number is taken as the client's start, not as a gap.
        assertThat(store.execute("a", new Command.Add("bread", "t2"), null, mutation(7)))
                .isInstanceOf(Processed.Applied.class);
    }

    @Test
    void a_client_id_is_checked() {
        assertThat(Limits.clientId(CLIENT)).isEqualTo(CLIENT);
        assertThat(Limits.clientId(null)).isNull();
        for (String bad : List.of("short", "has space in it 1234", "x".repeat(65), "semi;colon-0123456789")) {
            assertThatThrownBy(() -> Limits.clientId(bad)).isInstanceOfSatisfying(TodoException.class,
                    e -> assertThat(e.reason()).isEqualTo(TodoException.Reason.INVALID_CLIENT));
        }
    }
}
