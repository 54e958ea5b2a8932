package io.livetodo.socket;

import io.livetodo.protocol.TextProtocol;
import io.livetodo.support.InProcessServer;
import io.livetodo.support.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The seed's text commands over a real socket: its page must work against ours with only the URL changed. */
class TextDialectTest {

    private InProcessServer server;

    @BeforeEach
    void start() throws Exception {
        server = InProcessServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }


    @Test
    void replies_with_the_seeds_listing_byte_for_byte() {
        WsClient client = server.text("");
        client.send("add buy milk");
        assertThat(client.next()).isEqualTo("Current Todos: \n\n - buy milk\n\n----------------------------------------");
        client.send("add walk the dog");
        assertThat(client.next()).isEqualTo("Current Todos: \n\n - buy milk\n\n - walk the dog\n\n"
                + "----------------------------------------");
        client.send("done buy milk");
        assertThat(client.next()).isEqualTo("Current Todos: \n\n - walk the dog\n\n"
                + "----------------------------------------");
    }

    @Test
    void an_unknown_command_quoted_back_never_breaks_a_character_and_the_connection_goes_on() {
        WsClient client = server.text("");
        // 39 letters, then an emoji (two UTF-16 units) across the 40-character cut of the quote.
        client.send("x".repeat(39) + "\uD83D\uDE00tail");
        assertThat(client.next()).startsWith("error: unknown command '" + "x".repeat(39) + "\uD83D\uDE00...'");
        client.send("add still here");
        assertThat(client.next()).contains(" - still here");
    }

    @Test
    void keeps_the_words_of_a_task_and_trims_only_its_ends() {
        WsClient client = server.text("");
        client.send("add   call   the plumber  ");
        assertThat(client.next()).contains("\n - call   the plumber\n");
    }

    @Test
    void done_of_an_unknown_task_and_list_reply_with_the_listing() {
        WsClient client = server.text("");
        client.send("done nothing like this");
        assertThat(client.next()).isEqualTo("Current Todos: \n\n----------------------------------------");
        client.send("list");
        assertThat(client.next()).isEqualTo("Current Todos: \n\n----------------------------------------");
        client.send("help");
        assertThat(client.next()).startsWith("commands: add <task>");
    }

    @Test
    void every_text_session_of_the_list_receives_the_listing_after_a_change() {
        WsClient a = server.text("list=shop");
        WsClient b = server.text("list=shop");
        WsClient c = server.text("list=shop");
        WsClient other = server.text("list=elsewhere");
        // A text client gets nothing on open; its answer to 'help' shows that it is registered for the changes.
        for (WsClient listener : List.of(b, c)) {
            listener.send("help");
            assertThat(listener.next()).isEqualTo(TextProtocol.HELP);
        }
        a.send("add bread");
        String expected = "Current Todos: \n\n - bread\n\n----------------------------------------";
        assertThat(a.next()).isEqualTo(expected);
        assertThat(b.next()).isEqualTo(expected);
        assertThat(c.next()).isEqualTo(expected);
        other.send("list");
        assertThat(other.next()).isEqualTo("Current Todos: \n\n----------------------------------------");
    }

    @Test
    void bad_input_gets_one_error_line_and_the_connection_keeps_working() {
        WsClient client = server.text("");
        client.send("remove everything");
        assertThat(client.next()).startsWith("error: unknown command 'remove'").doesNotContain("\n")
                .contains("add <task>");
        client.send("add");
        assertThat(client.next()).startsWith("error: add needs a task");
        client.send("add    ");
        assertThat(client.next()).startsWith("error: add needs a task");
        client.send("add " + "x".repeat(501));
        assertThat(client.next()).startsWith("error: the title has 501 characters").contains("1-500");
        client.send("add two\nlines");
        assertThat(client.next()).startsWith("error: the title contains a control character");
        client.send("");
        assertThat(client.next()).startsWith("error: empty message");
        client.send("add still works");
        assertThat(client.next()).contains(" - still works");
        assertThat(server.store().snapshot("default").todos()).extracting("title").containsExactly("still works");
    }

    @Test
    void a_full_list_is_refused_with_an_error() throws Exception {
        server.close();
        server = InProcessServer.start(java.util.Map.of("todo.list.max-todos", "2"));
        WsClient client = server.text("");
        client.send("add one");
        client.next();
        client.send("add two");
        client.next();
        client.send("add three");
        assertThat(client.next()).startsWith("error: the list is full").contains("at most 2");
        assertThat(server.store().snapshot("default").todos()).hasSize(2);
    }
}
