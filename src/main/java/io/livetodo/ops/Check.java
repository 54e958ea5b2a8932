package io.livetodo.ops;

import java.util.Map;

/**
 * One health check's answer as MicroProfile Health reports it: a name, UP or DOWN, and a little data. The data is
 * shown to anyone who may ask, so it holds numbers, never a list's name, a host or an exception's message.
 */
public record Check(String name, boolean up, Map<String, Long> data) {
}
