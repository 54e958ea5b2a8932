package io.livetodo.todo;

import java.util.List;

/**
 * What a (re)connecting client needs to be current: either the changes it missed since the sequence number it
 * reported, or, when those are no longer in the history (or it knows another epoch), a full snapshot; and, for a
 * client that numbers its mutations, the last one processed ({@code mutation}, 0 if none; -1 for other clients), so
 * that it re-sends exactly the ones after it.
 */
public record CatchUp(String list, String epoch, long seq, ListSnapshot snapshot, List<Change> missed,
                      long mutation) {

    public CatchUp(String list, String epoch, long seq, ListSnapshot snapshot, List<Change> missed) {
        this(list, epoch, seq, snapshot, missed, -1);
    }

    public boolean isSnapshot() {
        return snapshot != null;
    }

    CatchUp withMutation(long lastMutation) {
        return new CatchUp(list, epoch, seq, snapshot, missed, lastMutation);
    }
}
