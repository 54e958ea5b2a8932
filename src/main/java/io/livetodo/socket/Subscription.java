package io.livetodo.socket;

import io.livetodo.protocol.Dialect;

/** One open session on one list: what it speaks and how to reach it. */
public record Subscription(String id, String list, Dialect dialect, SessionSender sender) { }
