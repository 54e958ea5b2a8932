package io.livetodo.protocol;

import io.livetodo.todo.Command;
import io.livetodo.todo.ListSnapshot;
import io.livetodo.todo.Todo;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextProtocolTest {

    @Test
    void add_takes_everything_after_the_command_trimmed_with_inner_spaces_kept() {
        assertThat(TextProtocol.parse("add buy milk"))
                .isEqualTo(new TextProtocol.Request.Execute(new Command.Add("buy milk")));
        assertThat(TextProtocol.parse("add   two  spaces  "))
                .isEqualTo(new TextProtocol.Request.Execute(new Command.Add("two  spaces")));
        assertThat(TextProtocol.parse("done buy milk"))
                .isEqualTo(new TextProtocol.Request.Execute(new Command.DoneByTitle("buy milk")));
        assertThat(TextProtocol.parse("list\n")).isInstanceOf(TextProtocol.Request.ShowList.class);
        assertThat(TextProtocol.parse("help")).isInstanceOf(TextProtocol.Request.ShowHelp.class);
        assertThat(TextProtocol.parse("ADD Shout")).isEqualTo(new TextProtocol.Request.Execute(new Command.Add("Shout")));
    }

    @Test
    void anything_else_is_an_error_that_names_the_accepted_commands() {
        for (String bad : List.of("", "   ", "remove x", "addx", "add", "done", "\u0000\u0001")) {
            assertThatThrownBy(() -> TextProtocol.parse(bad)).as(bad).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("add <task>");
        }
    }

    @Test
    void the_listing_is_the_seeds_format_byte_for_byte_with_open_todos_only() {
        Instant t = Instant.EPOCH;
        ListSnapshot snapshot = new ListSnapshot("default", "e", 3, List.of(
                new Todo("1", "first task", false, t, t, 1, null),
                new Todo("2", "finished", true, t, t, 2, null),
                new Todo("3", "second task", false, t, t, 1, null)));
        assertThat(TextProtocol.listing(snapshot)).isEqualTo(
                "Current Todos: \n\n - first task\n\n - second task\n\n----------------------------------------");
        assertThat(TextProtocol.listing(new ListSnapshot("default", "e", 0, List.of())))
                .isEqualTo("Current Todos: \n\n----------------------------------------");
    }

    @Test
    void errors_are_one_line() {
        assertThat(TextProtocol.error("two\nlines\r")).isEqualTo("error: two lines ").doesNotContain("\n");
    }
}
