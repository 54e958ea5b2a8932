package io.livetodo.persist;

import io.livetodo.todo.CatchUp;
import io.livetodo.todo.Change;
import io.livetodo.todo.Command;
import io.livetodo.todo.Journal;
import io.livetodo.todo.Limits;
import io.livetodo.todo.ListChanged;
import io.livetodo.todo.ListSnapshot;
import io.livetodo.todo.TodoStore;
import org.junit.jupiter.api.Test;

import java.time.Clock;
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
            CatchUp resumed = after.catchUp("shop", was.epoch(), 2, c -> { });
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

}
