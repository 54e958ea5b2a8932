package io.livetodo.todo;

import io.livetodo.config.Setting;
import io.livetodo.config.Settings;

import java.util.Map;
import java.util.regex.Pattern;

/** The domain's limits, with the defaults an operator can override (see README, "Configuration"). */
public record Limits(int maxTitleLength, int maxTodosPerList, int maxLists, int historySize) {

    public static final String DEFAULT_LIST = "default";
    /** The widest title the schema stores (VARCHAR(4000)). */
    public static final int TITLE_LENGTH_CEILING = 4000;
    private static final Pattern LIST_NAME = Pattern.compile("[a-z0-9_-]{1,64}");
    /** A todo id a client makes (a UUID fits): what the schema stores, in characters no page has to escape. */
    private static final Pattern TODO_ID = Pattern.compile("[A-Za-z0-9_-]{1,36}");
    /** A client's id for itself (exactly-once mutations): long enough to be unguessable, short enough to index. */
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{16,64}");

    public static Limits defaults() {
        return from(Settings.of(Map.of()));
    }

    public static Limits from(Settings settings) {
        int titleLength = settings.positiveInt(Setting.TITLE_MAX_LENGTH);
        if (titleLength > TITLE_LENGTH_CEILING) {
            throw Settings.invalid(Setting.TITLE_MAX_LENGTH, titleLength, "at most " + TITLE_LENGTH_CEILING
                    + ", the longest title the database stores");
        }
        return new Limits(titleLength, settings.positiveInt(Setting.LIST_MAX_TODOS),
                settings.positiveInt(Setting.LISTS_MAX), settings.positiveInt(Setting.HISTORY_SIZE));
    }

    /** A list name: 1–64 of {@code a-z 0-9 - _}; null or empty means the default list. */
    public static String listName(String requested) {
        if (requested == null || requested.isEmpty()) {
            return DEFAULT_LIST;
        }
        if (!LIST_NAME.matcher(requested).matches()) {
            throw new TodoException(TodoException.Reason.INVALID_LIST,
                    "invalid list name: use 1-64 characters of a-z, 0-9, '-' and '_'");
        }
        return requested;
    }

    /** A todo id chosen by a client: 1–36 of {@code A-Z a-z 0-9 - _}. */
    public static String todoId(String id) {
        if (id == null || !TODO_ID.matcher(id).matches()) {
            throw new TodoException(TodoException.Reason.INVALID_ID,
                    "invalid todo id: use 1-36 characters of A-Z, a-z, 0-9, '-' and '_' (a UUID fits)");
        }
        return id;
    }

    /** A client id ({@code ?client=}): 16–64 of {@code A-Z a-z 0-9 - _}; null when the client sent none. */
    public static String clientId(String client) {
        if (client != null && !CLIENT_ID.matcher(client).matches()) {
            throw new TodoException(TodoException.Reason.INVALID_CLIENT,
                    "invalid client id: use 16-64 characters of A-Z, a-z, 0-9, '-' and '_' (a random UUID fits)");
        }
        return client;
    }

    /** The title as stored: stripped of surrounding white space, then checked. */
    public String title(String raw) {
        String title = raw == null ? "" : raw.strip();
        int length = title.codePointCount(0, title.length());
        if (length == 0) {
            throw invalidTitle("the title is empty");
        }
        if (length > maxTitleLength) {
            throw invalidTitle("the title has " + length + " characters");
        }
        for (int i = 0; i < title.length(); i++) {
            char c = title.charAt(i);
            if (Character.isISOControl(c)) {
                throw invalidTitle("the title contains a control character (U+"
                        + String.format("%04X", (int) c) + ")");
            }
            if (c == '\u2028' || c == '\u2029') {
                // Not controls, but line and paragraph breaks to JavaScript, editors and log readers: in the text
                // listing one would forge a line (" - pay the bill") that no todo has.
                throw invalidTitle("the title contains a line or paragraph separator (U+"
                        + String.format("%04X", (int) c) + ")");
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < title.length()
                        && Character.isLowSurrogate(title.charAt(i + 1))) {
                    i++;
                } else {
                    throw invalidTitle("the title contains broken Unicode (an unpaired surrogate)");
                }
            }
        }
        return title;
    }

    private TodoException invalidTitle(String problem) {
        return new TodoException(TodoException.Reason.INVALID_TITLE,
                problem + "; a title has 1-" + maxTitleLength + " characters and no control characters or line breaks");
    }
}
