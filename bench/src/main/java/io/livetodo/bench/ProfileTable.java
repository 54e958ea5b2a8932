package io.livetodo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Sums {@code bench/profile.sh}'s profiles (collapsed stacks, one per server and scenario, with the rows
 * {@link Delivery} wrote for them) by whose code each CPU sample was spent in, and renders them as a table: printed,
 * and written between the "profile" markers of {@code docs/PERFORMANCE.md} when a document is given.
 * <p>
 * A sample belongs to the innermost frame on its stack that is not the JDK's, libc's or the JVM's own: a HashMap
 * lookup made by H2 is H2's, a socket write made by Tomcat is Tomcat's. Samples with no such frame are the JVM's (its
 * JIT compilers and garbage collector) or plain JDK threads'. "System calls" counts the samples whose innermost frame
 * is a libc wrapper of one (write, read, futex, ...): the kernel's time, under whoever made the call. The profiles
 * name each sample's thread (async-profiler's "threads" option), so that a thread of ours waiting for work in a JDK
 * pool ({@code livetodo-*}) is charged to us.
 * <p>
 * Usage: {@code ProfileTable DIRECTORY WHEN [DOC.md]}.
 */
public final class ProfileTable {

    /** Package prefixes and their owners; any other non-JDK frame is the container's. */
    private static final List<Map.Entry<String, String>> OWNERS = List.of(Map.entry("io/livetodo/", "ours"),
            Map.entry("org/h2/", "H2"), Map.entry("org/postgresql/", "PostgreSQL driver"),
            Map.entry("org/jboss/weld/", "Weld"), Map.entry("org/eclipse/parsson/", "JSON-P"),
            Map.entry("org/glassfish/json/", "JSON-P"), Map.entry("jakarta/json/", "JSON-P"));
    static final List<String> COLUMNS = List.of("ours", "H2", "Weld", "JSON-P", "container", "JVM: JIT compiler",
            "JVM: GC, safepoints", "JDK, other");
    private static final Pattern JDK = Pattern.compile("^(java|javax|jdk|sun|com/sun/proxy)/");
    private static final Pattern SYSCALL = Pattern.compile("^(__GI_|__libc_|___?pthread_cond|__futex|__lll_|__pwrite"
            + "|__pread|__fstatat|__close|__open|epoll_|__send|__recv|__poll|write$|read$|writev$|readv$|syscall$"
            + "|__sched_yield|clock_nanosleep)");
    private static final Pattern GC = Pattern.compile(
            "G1|GC|ConcurrentMark|WorkerThread::run|GangWorker|VMThread|DefNew|SafepointSynchronize");
    private static final String START = "<!-- profile:start -->";
    private static final String END = "<!-- profile:end -->";

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3) {
            throw new IllegalArgumentException("usage: ProfileTable DIRECTORY WHEN [DOC.md]");
        }
        String table = render(Path.of(args[0]), args[1]);
        System.out.println(table);
        if (args.length == 3) {
            Path doc = Path.of(args[2]);
            Files.writeString(doc, into(Files.readString(doc), table));
        }
    }

    /** Whose code a sample with these frames (outermost first, its thread's name first of all) was spent in. */
    static String owner(String[] frames) {
        String thread = frames[0].startsWith("[") ? frames[0] : "";
        int outermost = thread.isEmpty() ? 0 : 1;
        for (int i = frames.length - 1; i >= outermost; i--) {
            String frame = frames[i];
            if (!frame.contains("/") || JDK.matcher(frame).find()) {
                continue; // native (JVM, libc) or JDK: charged to whoever called it
            }
            for (Map.Entry<String, String> owner : OWNERS) {
                if (frame.startsWith(owner.getKey())) {
                    return owner.getValue();
                }
            }
            return "container";
        }
        if (thread.startsWith("[livetodo-")) {
            return "ours";
        }
        String stack = String.join(";", frames);
        if (stack.contains("CompileBroker")) {
            return "JVM: JIT compiler";
        }
        return GC.matcher(stack).find() ? "JVM: GC, safepoints" : "JDK, other";
    }

    static boolean inSystemCall(String[] frames) {
        return SYSCALL.matcher(frames[frames.length - 1]).find();
    }

    /** The table of every profile in the directory that has its row in the directory's {@code results.tsv}. */
    static String render(Path directory, String when) throws IOException {
        Map<String, String[]> rows = new HashMap<>();
        for (String line : Files.readAllLines(directory.resolve("results.tsv"))) {
            if (!line.isBlank()) {
                String[] fields = line.split("\t", -1);
                rows.put(fields[0] + " " + fields[1], fields);
            }
        }
        List<String> out = new ArrayList<>(List.of("_Profiled " + when + " by `bench/profile.sh`: share of the"
                + " server's CPU samples (each thread's CPU time, kernel included, sampled every few milliseconds) in"
                + " the measured period, by whose code they were spent in._", "",
                "| scenario | server | server CPU (profiled run) | samples | " + String.join(" | ", COLUMNS)
                        + " | of all: in system calls |",
                "| --- ".repeat(COLUMNS.size() + 5) + "|"));
        for (String server : DeliveryTable.OURS) {
            for (String scenario : DeliveryTable.ORDER) {
                Path profile = directory.resolve(server + "-" + scenario + ".collapsed");
                String[] row = rows.get(server + " " + scenario);
                if (row != null && Files.exists(profile)) {
                    out.add(line(server, scenario, row, Files.readAllLines(profile)));
                }
            }
        }
        return String.join("\n", out);
    }

    private static String line(String server, String scenario, String[] row, List<String> profile) {
        Map<String, Long> shares = new HashMap<>();
        long syscalls = 0;
        long total = 0;
        for (String sample : profile) {
            if (sample.isBlank()) {
                continue;
            }
            int space = sample.lastIndexOf(' ');
            String[] frames = sample.substring(0, space).split(";");
            long count = Long.parseLong(sample.substring(space + 1));
            shares.merge(owner(frames), count, Long::sum);
            syscalls += inSystemCall(frames) ? count : 0;
            total += count;
        }
        String cost = scenario.endsWith("-0")
                ? format("%,.0f µs per change", Double.parseDouble(row[13]))
                : format("%.1f µs per delivery", Double.parseDouble(row[9]));
        StringBuilder line = new StringBuilder("| " + scenario + " | " + DeliveryTable.NAMES.get(server) + " | "
                + cost + " | " + format("%,d", total) + " |");
        for (String column : COLUMNS) {
            line.append(' ').append(percent(shares.getOrDefault(column, 0L), total)).append(" |");
        }
        return line.append(' ').append(percent(syscalls, total)).append(" |").toString();
    }

    static String into(String doc, String table) {
        int start = doc.indexOf(START);
        int end = doc.indexOf(END, Math.max(start, 0));
        if (start < 0 || end < 0) {
            throw new IllegalArgumentException("the document has no profile markers");
        }
        return doc.substring(0, start + START.length()) + "\n" + table + "\n" + doc.substring(end);
    }

    private static String percent(long part, long total) {
        return format("%.0f%%", total == 0 ? 0.0 : 100.0 * part / total);
    }

    private static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }
}
