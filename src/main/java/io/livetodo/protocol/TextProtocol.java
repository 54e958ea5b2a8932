package io.livetodo.protocol;

import io.livetodo.todo.Command;
import io.livetodo.todo.ListSnapshot;
import io.livetodo.todo.Todo;

import java.util.Locale;

/**
 * The seed's text dialect: {@code add <task>}, {@code done <task>}, plus {@code list} and {@code help}.
 * Replies are the seed's listing of open todos, byte for byte, or one line starting {@code error:}.
 */
public final class TextProtocol {

    public static final String SEPARATOR = "\n----------------------------------------";
    public static final String HELP = "commands: add <task> | done <task> | list | help";

    /** What a text message asks for. */
    public sealed interface Request {
        record Execute(Command command) implements Request { }

        record ShowList() implements Request { }

        record ShowHelp() implements Request { }
    }

    private TextProtocol() {
    }

    /** @throws ProtocolException for anything that is not one of the commands */
    public static Request parse(String message) {
        String text = message.strip();
        int space = indexOfWhitespace(text);
        String word = (space < 0 ? text : text.substring(0, space)).toLowerCase(Locale.ROOT);
        String argument = space < 0 ? "" : text.substring(space + 1).strip();
        return switch (word) {
            case "add" -> new Request.Execute(new Command.Add(requireTask("add", argument)));
            case "done" -> new Request.Execute(new Command.DoneByTitle(requireTask("done", argument)));
            case "list" -> new Request.ShowList();
            case "help" -> new Request.ShowHelp();
            default -> throw new ProtocolException("unknown-command", word.isEmpty()
                    ? "empty message; " + HELP
                    : "unknown command '" + Echo.quote(word) + "'; " + HELP, null);
        };
    }

    /** The seed's reply: a header, one block per open todo, then a rule. Linear in the list's size. */
    public static String listing(ListSnapshot snapshot) {
        StringBuilder out = new StringBuilder(64 + snapshot.todos().size() * 32).append("Current Todos: \n");
        for (Todo todo : snapshot.todos()) {
            if (!todo.completed()) {
                out.append("\n - ").append(todo.title()).append('\n');
            }
        }
        return out.append(SEPARATOR).toString();
    }

    /** One line starting {@code error:}; never contains a line break. */
    public static String error(String message) {
        return "error: " + Echo.wellFormed(message).replace('\n', ' ').replace('\r', ' ');
    }

    private static String requireTask(String command, String argument) {
        if (argument.isEmpty()) {
            throw new ProtocolException("missing-task", command + " needs a task, e.g. '" + command
                    + " buy milk'; " + HELP, null);
        }
        return argument;
    }

    private static int indexOfWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

}
