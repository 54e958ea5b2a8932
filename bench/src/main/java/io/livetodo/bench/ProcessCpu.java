package io.livetodo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The CPU time both load generators report beside their latencies: the server's, and their own. */
final class ProcessCpu {

    private ProcessCpu() {
    }

    /** User plus system CPU seconds of a process so far, from /proc ("self" for this one); NaN if unknown. */
    static double seconds(String pid) {
        if (pid == null) {
            return Double.NaN;
        }
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0; // utime, stime in ticks
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
