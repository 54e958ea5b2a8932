package io.livetodo.todo;

/**
 * What the journal keeps of a processed mutation: the changes it made ({@code firstSeq} to {@code lastSeq}; both 0
 * when it changed nothing) or, when it was refused, the refusal's code and message.
 */
public record MutationRecord(long mutation, long firstSeq, long lastSeq, String errorCode, String errorMessage) {

    public boolean refused() {
        return errorCode != null;
    }

    /** How many changes it made. */
    public int changes() {
        return firstSeq == 0 ? 0 : (int) (lastSeq - firstSeq + 1);
    }
}
