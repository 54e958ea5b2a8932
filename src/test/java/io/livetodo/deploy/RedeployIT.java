package io.livetodo.deploy;

import io.livetodo.support.WsClient;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redeploys the WAR five times the way an admin console does (undeploy, then deploy, through the server's
 * management interface: WildFly's management API, Tomcat's manager). Clients in both dialects see 1001, reconnect
 * and work again; afterwards no thread of the application is alive, no class of it is still loaded (so nothing holds
 * its class loader), no server log complains about a thread, timer, JDBC driver or ThreadLocal left behind, and
 * Tomcat's manager finds no leaked web application.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RedeployIT {

    private static final String DEPLOYMENT = "redeployed";
    private static final Pattern LEAK_WARNING = Pattern.compile(
            "(?i).*(failed to stop|has failed to stop|ThreadLocal|JDBC driver|memory leak|timer).*");

    @ArquillianResource
    private Deployer deployer;

    @Deployment(name = DEPLOYMENT, managed = false, testable = false)
    static WebArchive war() {
        return PackagedWar.load();
    }

    @Test
    void five_console_redeploys_close_clients_with_1001_they_reconnect_and_nothing_leaks() throws Exception {
        MatrixServer server = MatrixServer.current();
        // The servers keep their data between runs: a list of this run's own.
        String list = "redeploy-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Map<Path, Long> logMarks = server.logMarks();
        deployer.deploy(DEPLOYMENT);

        for (int round = 1; round <= 5; round++) {
            WsClient json = WsClient.json(server.ws("list=" + list));
            WsClient text = WsClient.text(server.ws("list=" + list));
            // Nothing was lost by the redeploys so far: every earlier round's todo is there.
            assertThat(json.nextOfType("snapshot").getJsonArray("todos")).hasSize(round - 1);
            text.send("add round " + round);
            assertThat(text.next()).contains(" - round " + round + "\n");
            assertThat(json.nextOfType("added").getJsonObject("todo").getString("title"))
                    .isEqualTo("round " + round);

            deployer.undeploy(DEPLOYMENT);
            assertThat(json.awaitClose()).as("JSON client, round " + round).isEqualTo(1001);
            assertThat(text.awaitClose()).as("text client, round " + round).isEqualTo(1001);
            if (!server.kind.equals("wildfly")) {
                // Closed by the application's drain, which tells the page to come back at once. WildFly closes its
                // WebSocket sessions itself (1001, no reason) before it tells the application that it stops.
                assertThat(json.closeReason()).as("JSON client, round " + round)
                        .isEqualTo("1001 server restarting: reconnect now");
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(server.threadNames())
                    .as("threads after undeploy").noneMatch(name -> name.startsWith("livetodo-")));

            deployer.deploy(DEPLOYMENT);
        }

        // The last deployment works: the clients of round 5 reconnected and can change the list.
        try (WsClient json = WsClient.json(server.ws("list=" + list));
             WsClient text = WsClient.text(server.ws("list=" + list))) {
            json.nextOfType("snapshot");
            text.send("add after five redeploys");
            assertThat(json.nextOfType("added").getJsonObject("todo").getString("title"))
                    .isEqualTo("after five redeploys");
        }
        deployer.undeploy(DEPLOYMENT);
        assertNothingLeaked(server, logMarks);
    }

    /**
     * Reloads right after a burst of traffic, as an operator reloading a busy application does: 8 text clients add
     * 50 todos each at once and close, then the server reloads the application five times in a row (Tomcat's
     * manager {@code reload}, WildFly's {@code redeploy} operation). Under load a container grows its thread pools,
     * and a thread created while the application's code is on the stack can keep the application's class loader.
     */
    @Test
    void five_reloads_after_a_burst_of_changes_leave_nothing_behind() throws Exception {
        MatrixServer server = MatrixServer.current();
        String list = "reload-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Map<Path, Long> logMarks = server.logMarks();
        deployer.deploy(DEPLOYMENT);

        List<CompletableFuture<Void>> clients = IntStream.range(0, 8).mapToObj(n -> CompletableFuture.runAsync(() -> {
            try (WsClient text = WsClient.text(server.ws("list=" + list))) {
                for (int i = 0; i < 50; i++) {
                    text.send("add client " + n + " todo " + i);
                }
                text.nextMatching(listing -> listing.contains(" - client " + n + " todo 49\n"));
            }
        })).toList();
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);

        for (int reload = 1; reload <= 5; reload++) {
            server.reload(PackagedWar.NAME);
        }
        try (WsClient json = WsClient.json(server.ws("list=" + list))) {
            assertThat(json.nextOfType("snapshot").getJsonArray("todos")).as("every todo of the burst").hasSize(400);
        }
        deployer.undeploy(DEPLOYMENT);
        assertNothingLeaked(server, logMarks);
    }

    /**
     * No thread of the application is alive, no class of it is still loaded after a GC (so nothing holds its class
     * loader), Tomcat's findleaks finds nothing, and no log line since the marks warns of a leak.
     */
    private static void assertNothingLeaked(MatrixServer server, Map<Path, Long> logMarks) throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(server.threadNames())
                .as("threads after undeploy").noneMatch(name -> name.startsWith("livetodo-")));
        // On WildFly each idle "default task" worker keeps the last task it ran in a local variable until it runs
        // another, which can hold one undeployed copy per worker; a leak of ours would hold every copy.
        int idleWorkers = (int) server.threadNames().stream().filter(name -> name.startsWith("default task-")).count();
        int tolerated = server.kind.equals("wildfly") ? idleWorkers : 0;
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                    assertThat(server.applicationClassLoaders()).as("class loaders still holding application classes")
                            .hasSizeLessThanOrEqualTo(tolerated));
        } catch (AssertionError | RuntimeException leak) {
            // What holds the loader is in the heap: keep it for whoever looks into this (a path to a GC root).
            throw new AssertionError(leak.getMessage() + "; heap dump: " + server.heapDump(), leak);
        }
        if (server.kind.equals("tomcat")) {
            assertThat(server.findLeaks()).startsWith("OK - No memory leaks found");
        }
        // Tomcat 11 now and then blames the application for its own "Catalina-utility" thread: one created on demand
        // from a request thread inherits that thread's context class loader. The checks above (no class of the
        // application still loaded, findleaks) show whether anything is really held; Tomcat's own threads are not.
        List<String> leakWarnings = server.logLinesSince(logMarks).stream()
                .filter(line -> line.matches("(?i).*(WARN|SEVERE).*"))
                .filter(line -> LEAK_WARNING.matcher(line).matches())
                .filter(line -> !line.contains("thread named [Catalina-utility-")).toList();
        assertThat(leakWarnings).as("leak warnings in the " + server.kind + " log").isEmpty();
    }
}
