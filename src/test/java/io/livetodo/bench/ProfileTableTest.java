package io.livetodo.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code bench/profile.sh}'s table: each CPU sample charged to whose code it was spent in. */
class ProfileTableTest {

    /** One stack of each kind, with sample counts that make every share a round number. */
    private static final String PROFILE = String.join("\n",
            // A socket write made by Tyrus for our sender: the container's, and in a system call.
            "[livetodo-send-1];java/lang/Thread.run;io/livetodo/socket/SessionSender.drain;"
                    + "org/glassfish/tyrus/core/TyrusRemoteEndpoint.sendText;sun/nio/ch/SocketDispatcher.write0;"
                    + "write 30",
            // A JDK map lookup made by H2 for our store: H2's.
            "[http-thread-1];java/lang/Thread.run;io/livetodo/todo/TodoStore.apply;"
                    + "org/h2/command/Command.executeUpdate;java/util/HashMap.get 20",
            "[C2 CompilerThread0];thread_native_entry;CompileBroker::compiler_thread_loop;C2Compiler::compile 10",
            "[GC Thread#0];thread_native_entry;WorkerThread::run;G1ParTask::work 10",
            // Our thread waiting for work in a JDK queue: ours, in a system call.
            "[livetodo-heartbeat];java/lang/Thread.run;java/util/concurrent/LinkedBlockingQueue.take;"
                    + "__futex_abstimed_wait_common 10",
            "[main];java/lang/Thread.run;jdk/internal/misc/Unsafe.park 10",
            "[x];io/livetodo/protocol/JsonProtocol.event;org/eclipse/parsson/JsonGeneratorImpl.write 10", "");

    @Test
    void charges_each_sample_to_the_innermost_code_that_is_not_the_jdks_or_the_jvms(@TempDir Path profiles)
            throws Exception {
        Files.writeString(profiles.resolve("results.tsv"), String.join("\n",
                row("payara", "json-0", 0, 1415.4), row("payara", "json-100", 23.2, 2600),
                row("wildfly", "json-100", 16.2, 2000), ""));
        Files.writeString(profiles.resolve("payara-json-0.collapsed"), PROFILE);
        Files.writeString(profiles.resolve("payara-json-100.collapsed"), PROFILE);
        Files.writeString(profiles.resolve("tomcat10-json-100.collapsed"), PROFILE); // no row: not in the table

        String table = ProfileTable.render(profiles, "today");

        assertThat(table).startsWith("_Profiled today by `bench/profile.sh`").contains(
                "| scenario | server | server CPU (profiled run) | samples | ours | H2 | Weld | JSON-P | container"
                        + " | JVM: JIT compiler | JVM: GC, safepoints | JDK, other | of all: in system calls |",
                "| json-0 | Payara Micro | 1,415 µs per change | 100 | 10% | 20% | 0% | 10% | 30% | 10% | 10% | 10%"
                        + " | 40% |",
                "| json-100 | Payara Micro | 23.2 µs per delivery | 100 | 10% | 20% | 0% | 10% | 30% | 10% | 10%"
                        + " | 10% | 40% |")
                .doesNotContain("Tomcat 10.1", "WildFly");
    }

    @Test
    void writes_between_its_markers_and_refuses_a_document_without_them() {
        assertThat(ProfileTable.into("a\n<!-- profile:start -->\nold\n<!-- profile:end -->\nb\n", "new"))
                .isEqualTo("a\n<!-- profile:start -->\nnew\n<!-- profile:end -->\nb\n");
        assertThatThrownBy(() -> ProfileTable.into("nothing to replace", "new"))
                .hasMessageContaining("no profile markers");
    }

    /** A row as {@link Delivery} writes it; only the CPU per delivery and per change matter here. */
    private static String row(String server, String scenario, double perDelivery, double perChange) {
        return String.join("\t", server, scenario, "described", "1.0", "2.0", "3", "100", "100", "100",
                Double.toString(perDelivery), "0.10", "0.05", "100", Double.toString(perChange));
    }
}
