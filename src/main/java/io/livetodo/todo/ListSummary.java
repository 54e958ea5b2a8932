package io.livetodo.todo;

/** Counts of one list, for monitoring. */
public record ListSummary(String list, String epoch, long seq, int todos, int open) { }
