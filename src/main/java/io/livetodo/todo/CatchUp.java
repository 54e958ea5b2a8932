package io.livetodo.todo;

import java.util.List;

/**
 * What a (re)connecting client needs to be current: either the changes it missed since the sequence number it
 * reported, or, when those are no longer in the history (or it knows another epoch), a full snapshot.
 */
public record CatchUp(String list, String epoch, long seq, ListSnapshot snapshot, List<Change> missed) {

    public boolean isSnapshot() {
        return snapshot != null;
    }
}
