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
            assertThat(sender.sendLatest("presence " + count)).isTrue();
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
        sender.sendLatest("presence 1");
        await().atMost(Duration.ofSeconds(30)).until(() -> written.size() == 1);
        sender.sendLatest("presence 2");
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
        Map<String, String> values = new HashMap<>();
        values.put("todo.send.queue", Integer.toString(queueLimit));
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
