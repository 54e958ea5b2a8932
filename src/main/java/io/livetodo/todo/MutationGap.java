package io.livetodo.todo;

/**
 * A mutation numbered beyond the next one the client owes: an earlier one never arrived. It is not processed (and
 * not recorded), so that the missing one, when it comes, is applied before it; the client sends from
 * {@link #expected()} on.
 */
public class MutationGap extends TodoException {

    private final long expected;

    public MutationGap(long mutation, long expected) {
        super(Reason.MUTATION_GAP, "mutation " + mutation + " skips ahead: the next mutation expected from this"
                + " client is " + expected + "; nothing was applied, send from " + expected + " on");
        this.expected = expected;
    }

    public long expected() {
        return expected;
    }
}
