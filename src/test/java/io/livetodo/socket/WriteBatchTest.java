package io.livetodo.socket;

import io.livetodo.config.Settings;
import io.livetodo.metrics.Metrics;
import io.livetodo.protocol.Dialect;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One change's deliveries to many sessions, started together on a few writer tasks. */
class WriteBatchTest {

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final AtomicInteger tasks = new AtomicInteger();
    private final Executor writers = task -> {
        tasks.incrementAndGet();
        pool.execute(task);
    };
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        pool.shutdownNow();
    }

    @Test
    void a_change_to_fifty_sessions_starts_as_many_tasks_as_the_batch_allows_and_reaches_every_session() {
        List<List<String>> received = new ArrayList<>();
        List<SessionSender> senders = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            List<String> mine = new CopyOnWriteArrayList<>();
            received.add(mine);
            senders.add(sender(mine, false));
        }
        WriteBatch batch = new WriteBatch(writers, 4);
        senders.forEach(sender -> assertThat(sender.send("change 1", batch)).isTrue());
        assertThat(tasks).as("nothing starts before the batch does").hasValue(0);
        batch.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> received.stream().allMatch(list -> list.size() == 1));
        assertThat(tasks).hasValue(4);
        assertThat(received).allSatisfy(list -> assertThat(list).containsExactly("change 1"));
    }

    @Test
    void a_session_that_does_not_read_holds_up_one_task_and_the_others_write_the_rest() {
        List<String> stuck = new CopyOnWriteArrayList<>();
        List<List<String>> received = new ArrayList<>();
        WriteBatch batch = new WriteBatch(writers, 2);
        sender(stuck, true).send("change 1", batch); // first in line: one of the two tasks blocks on it
        for (int i = 0; i < 20; i++) {
            List<String> mine = new CopyOnWriteArrayList<>();
            received.add(mine);
            sender(mine, false).send("change 1", batch);
        }
        batch.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> received.stream().allMatch(list -> list.size() == 1));
        assertThat(stuck).isEmpty();
        release.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> stuck.size() == 1);
    }

    @Test
    void a_session_that_already_has_a_writer_is_left_to_it() {
        List<String> received = new CopyOnWriteArrayList<>();
        SessionSender sender = sender(received, true);
        sender.send("change 1"); // its writer blocks in this send
        await().atMost(Duration.ofSeconds(30)).until(() -> tasks.get() == 1);
        WriteBatch batch = new WriteBatch(writers, 4);
        sender.send("change 2", batch);
        batch.start();
        assertThat(tasks).as("no second writer for the session").hasValue(1);

        release.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 2);
        assertThat(received).containsExactly("change 1", "change 2");
    }

    /** A sender whose session records what it is sent; with {@code blocks}, its first send waits for the test. */
    private SessionSender sender(List<String> received, boolean blocks) {
        RemoteEndpoint.Basic basic = (RemoteEndpoint.Basic) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Basic.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sendText")) {
                        if (blocks && received.isEmpty()) {
                            assertThat(release.await(60, TimeUnit.SECONDS)).isTrue();
                        }
                        received.add((String) args[0]);
                    }
                    return null;
                });
        Map<String, Object> properties = new HashMap<>();
        Session session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getBasicRemote" -> basic;
                    case "getUserProperties" -> properties;
                    case "isOpen" -> true;
                    case "getId" -> "test";
                    default -> null;
                });
        SocketSettings settings = SocketSettings.from(Settings.of(Map.of()));
        return new SessionSender(session, "test session", settings, pool, writers, new Metrics(), Dialect.JSON);
    }
}
