package io.livetodo.protocol;

/**
 * Client input quoted back in a reply (an unknown command, type or id). A reply is sent as UTF-8, which cannot carry
 * half of a surrogate pair: a JSON escape such as {@code "\ud800"} decodes to one, and cutting a long word in the
 * middle of a pair makes one. Containers fail on such text (Tyrus even throws an {@link Error}), so what is quoted is
 * made well-formed first.
 */
final class Echo {

    private static final int MAX_CODE_POINTS = 40;

    private Echo() {
    }

    /** At most 40 code points of the input, control characters and broken Unicode shown as {@code ?}. */
    static String quote(String input) {
        String cut = input.codePointCount(0, input.length()) > MAX_CODE_POINTS
                ? input.substring(0, input.offsetByCodePoints(0, MAX_CODE_POINTS)) + "..." : input;
        return wellFormed(cut).codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    /** The text with every unpaired surrogate replaced by {@code ?}. */
    static String wellFormed(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                if (out != null) {
                    out.append(c).append(text.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length()).append(text, 0, i);
                }
                out.append('?');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }
}
