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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One session's writer, against a session whose first send blocks until the test lets it go. */
class SessionSenderTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<String> written = new CopyOnWriteArrayList<>();
    private final List<Thread> writers = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstSendStarted = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean closed;

    @AfterEach
    void stop() {
        release.countDown();
        threads.shutdownNow();
    }

    @Test
    void a_newer_presence_count_replaces_the_one_still_waiting_so_a_crowd_joining_cannot_fill_the_queue() {
        SessionSender sender = sender(8); // a queue of 8, and 100 counts arrive while the client is busy
        sender.send("event 1");
        await().atMost(Duration.ofSeconds(30)).until(() -> firstSendStarted.getCount() == 0);
        for (int count = 1; count <= 100; count++) {
            assertThat(sender.sendReplaceable("presence " + count)).isTrue();
        }
        sender.send("event 2");
        release.countDown();

        await().atMost(Duration.ofSeconds(30)).until(() -> written.size() == 3);
        assertThat(written).containsExactly("event 1", "presence 100", "event 2");
        assertThat(closed).as("the session is kept").isFalse();
    }

    @Test
    void a_count_queued_after_the_last_one_was_written_is_written_too() {
        SessionSender sender = sender(8);
        release.countDown();
        sender.sendReplaceable("presence 1");
        await().atMost(Duration.ofSeconds(30)).until(() -> written.size() == 1);
        sender.sendReplaceable("presence 2");
        await().atMost(Duration.ofSeconds(30)).until(() -> written.size() == 2);
        assertThat(written).containsExactly("presence 1", "presence 2");
    }

    @Test
    void ordinary_messages_are_never_replaced_and_overflow_still_drops_the_client() {
        SessionSender sender = sender(4);
        sender.send("event 1");
        await().atMost(Duration.ofSeconds(30)).until(() -> firstSendStarted.getCount() == 0);
        for (int i = 2; i <= 5; i++) {
            assertThat(sender.send("event " + i)).isTrue();
        }
        assertThat(sender.send("event 6")).as("the fifth waiting message is one too many").isFalse();
        await().atMost(Duration.ofSeconds(30)).until(() -> closed);
    }

    @Test
    void a_message_that_finds_the_queue_over_its_byte_budget_drops_the_client_and_what_is_written_still_counts() {
        SessionSender sender = sender(1000, "1k"); // 1,024 bytes: 512 characters
        sender.send("x".repeat(300)); // being written (blocked): counted until it is written
        await().atMost(Duration.ofSeconds(30)).until(() -> firstSendStarted.getCount() == 0);
        assertThat(sender.send("y".repeat(200))).as("1,000 bytes").isTrue();
        assertThat(sender.send("z".repeat(20))).as("found 1,000 bytes: within 1,024, now 1,040").isTrue();
        assertThat(sender.send("w")).as("found 1,040 bytes").isFalse();
        await().atMost(Duration.ofSeconds(30)).until(() -> closed);
    }

    @Test
    void the_events_of_one_change_are_one_entry_of_the_queue_however_many() {
        SessionSender sender = sender(4, "16k");
        sender.send("event 0");
        await().atMost(Duration.ofSeconds(30)).until(() -> firstSendStarted.getCount() == 0);
        List<String> events = java.util.stream.IntStream.range(1, 101).mapToObj(i -> "event " + i).toList();
        assertThat(sender.sendAll(events, null)).as("100 events, over the queue's 4 messages").isTrue();
        assertThat(sender.send("ack")).isTrue();
        release.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> written.size() == 102);
        assertThat(written.get(100)).isEqualTo("event 100");
        assertThat(written.get(101)).isEqualTo("ack");
        assertThat(closed).isFalse();
    }

    @Test
    void one_message_larger_than_the_budget_goes_through_when_nothing_else_waits() {
        release.countDown();
        SessionSender sender = sender(1000, "1k");
        assertThat(sender.send("s".repeat(10_000))).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> written.size() == 1);
        assertThat(sender.send("t".repeat(10_000))).as("the queue is empty again").isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> written.size() == 2);
        assertThat(closed).isFalse();
    }

    @Test
    void a_waiting_listing_replaced_by_a_newer_one_frees_its_bytes() {
        SessionSender sender = sender(1000, "1k");
        sender.send("event");
        await().atMost(Duration.ofSeconds(30)).until(() -> firstSendStarted.getCount() == 0);
        for (int i = 0; i < 100; i++) {
            assertThat(sender.sendReplaceable(i + " " + "l".repeat(400))).as("listing " + i).isTrue();
        }
        release.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> written.size() == 2);
        assertThat(written.get(1)).startsWith("99 ");
        assertThat(closed).isFalse();
    }

    @Test
    void replies_queued_while_a_message_is_handled_are_written_by_the_handling_thread_once_it_is_done() {
        release.countDown();
        SessionSender sender = sender(8);
        sender.replyingTo(() -> {
            sender.send("event");
            sender.send("ack");
            assertThat(sender.queued()).as("nothing is written while the message is being handled").isEqualTo(2);
        });
        assertThat(written).containsExactly("event", "ack");
        assertThat(writers).containsOnly(Thread.currentThread());
    }

    @Test
    void a_message_another_thread_queues_during_the_handling_is_written_after_the_replies() throws Exception {
        release.countDown();
        SessionSender sender = sender(8);
        sender.replyingTo(() -> {
            sender.send("reply");
            try {
                threads.submit(() -> sender.send("someone else's change")).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertThat(written).containsExactly("reply", "someone else's change");
        assertThat(sender.queued()).isZero();
    }

    @Test
    void while_a_writer_thread_is_busy_with_the_session_the_handling_thread_leaves_the_replies_to_it() {
        SessionSender sender = sender(8);
        sender.send("event 1");
        await().atMost(Duration.ofSeconds(30)).until(() -> firstSendStarted.getCount() == 0);
        // Returns although the first send is still blocked: two threads never write to one session at once.
        sender.replyingTo(() -> sender.send("reply"));
        assertThat(written).isEmpty();
        release.countDown();

        await().atMost(Duration.ofSeconds(30)).until(() -> written.size() == 2);
        assertThat(written).containsExactly("event 1", "reply");
        assertThat(writers).doesNotContain(Thread.currentThread());
        assertThat(closed).isFalse();
    }

    private SessionSender sender(int queueLimit) {
        return sender(queueLimit, "16m");
    }

    private SessionSender sender(int queueLimit, String queueBytes) {
        Map<String, String> values = new HashMap<>();
        values.put("todo.send.queue", Integer.toString(queueLimit));
        values.put("todo.send.queue-bytes", queueBytes);
        // One change of so small a list weighs less than the budgets here, which it would otherwise raise.
        values.put("todo.list.max-todos", "1");
        values.put("todo.title.max-length", "10");
        SocketSettings settings = SocketSettings.from(Settings.of(values));
        return new SessionSender(session(), "test session", settings, threads, threads, new Metrics(), Dialect.JSON);
    }

    private Session session() {
        RemoteEndpoint.Basic basic = (RemoteEndpoint.Basic) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Basic.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sendText")) {
                        firstSendStarted.countDown();
                        assertThat(release.await(60, TimeUnit.SECONDS)).isTrue();
                        writers.add(Thread.currentThread());
                        written.add((String) args[0]);
                    }
                    return null;
                });
        Map<String, Object> properties = new HashMap<>();
        return (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getBasicRemote" -> basic;
                    case "getUserProperties" -> properties;
                    case "isOpen" -> !closed;
                    case "close" -> {
                        closed = true;
                        yield null;
                    }
                    case "getId" -> "test";
                    default -> null;
                });
    }
}
