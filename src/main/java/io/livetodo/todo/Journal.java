package io.livetodo.todo;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Where the store keeps what it must not lose, and how several servers on one database learn of each other's
 * changes. {@link TodoStore} records every change here, in one transaction per operation, before it applies the
 * change in memory or tells anyone: a change that was acknowledged is stored. The journal, not a server, decides a
 * list's next sequence number: a server whose copy of a list is behind must catch up before it writes.
 */
public interface Journal {

    /** A list as stored: its epoch, last sequence number, todos in creation order, and its latest changes. */
    record StoredList(String epoch, long seq, List<Todo> todos, List<Change> recent) { }

    /**
     * The stored list; for one that was never stored, an empty list at sequence number 0, with the epoch every
     * server on this database gives that name, and nothing is stored: a list is stored by its first change, so that
     * connecting costs no storage. Another database gives the same name another epoch.
     */
    StoredList open(String list, int recentChanges);

    /**
     * Stores the changes of one operation atomically and returns what it stored. {@code changes} were planned on the
     * list as this server knows it, at {@code knownSeq}. If another server has stored changes since, the journal
     * locks the list, hands those changes to {@code replan}, which applies them and plans the operation again on the
     * list as it now is, and stores that plan instead (possibly none). Holding the lock across both means a server
     * is never overtaken twice: every operation gets through on its second try at most.
     *
     * @throws JournalException when nothing was recorded; anything {@code replan} throws also leaves nothing recorded
     */
    List<Change> append(String list, long knownSeq, List<Change> changes,
                        Function<List<Change>, List<Change>> replan);

    /**
     * Processes a client's numbered mutation exactly once, on any server: with the list locked in the database, it
     * looks up the last mutation of that client on that list. At or below it: nothing is done, and the record of
     * the earlier processing is returned ({@link Processed.Duplicate}). More than one beyond it: {@link MutationGap}
     * is thrown and nothing is recorded. Otherwise {@code plan} gets the changes other servers stored since
     * {@code knownSeq} (often none), applies them and plans the operation on the list as it now is; its changes (or
     * its refusal, a {@link TodoException} it throws) are recorded as this mutation's in the same transaction.
     *
     * @throws JournalException when nothing was recorded
     */
    Processed appendMutation(String list, long knownSeq, Mutation mutation,
                             Function<List<Change>, List<Change>> plan);

    /**
     * The user {@code client} belongs to: {@code user} if nobody used that id with a login before (it is then
     * recorded as theirs), else the one who did.
     */
    String claimClient(String client, String user);

    /** The number of the last mutation of {@code client} on {@code list} that was processed; 0 if none is known. */
    long lastMutation(String list, String client);

    /** Forgets each list's changes but its last {@code keep}; returns how many went. */
    int forgetChangesBeyond(int keep);

    /**
     * Forgets each client's mutation records on each list but its last {@code keep} (its last number stays known);
     * returns how many went.
     */
    int forgetMutationsBeyond(int keep);

    /**
     * Forgets the records of mutations processed before {@code cutoff}, and which user a client belonged to where
     * it has no record left and was claimed before then; returns how many went.
     */
    int forgetMutationsBefore(java.time.Instant cutoff);

    /** The stored changes after {@code seq}, in order; at most {@code max}. */
    List<Change> changesAfter(String list, long seq, int max);

    /** The stored sequence number of each of these lists that is stored. */
    Map<String, Long> heads(Collection<String> lists);

    /** Every stored list, with its counts, in name order. */
    List<ListSummary> summaries();

    /** Storage failed; the operation was not applied. */
    class JournalException extends RuntimeException {
        public JournalException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
