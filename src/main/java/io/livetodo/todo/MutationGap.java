package io.livetodo.todo;

/**
 * A mutation numbered beyond the next one the client owes: an earlier one never arrived. It is not processed (and
 * not recorded), so that the missing one, when it comes, is applied before it; the client sends from
 * {@link #expected()} on.
 */
public class MutationGap extends TodoException {

    private final long expected;

    public MutationGap(long mutation, long expected) {
        this(expected, "mutation " + mutation + " skips ahead: the next mutation expected from this client is "
                + expected + "; nothing was applied, send from " + expected + " on");
    }

    private MutationGap(long expected, String message) {
        super(Reason.MUTATION_GAP, message);
        this.expected = expected;
    }

    /**
     * A mutation that must wait for an earlier one of the same connection that could not be processed yet (the
     * database did not answer, or the client was over its rate): applying it first would put it before that one.
     */
    public static MutationGap waitingFor(long mutation, long expected) {
        return new MutationGap(expected, "mutation " + mutation + " waits for mutation " + expected + ", which could"
                + " not be processed yet; nothing was applied, send from " + expected + " on");
    }

    public long expected() {
        return expected;
    }
}
