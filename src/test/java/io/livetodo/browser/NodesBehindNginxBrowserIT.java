package io.livetodo.browser;

import io.livetodo.support.NodesBehindNginx;
import io.livetodo.support.PayaraMicroServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import static io.livetodo.browser.TodoPage.AFTER_A_RESTART;
import static io.livetodo.browser.TodoPage.SOON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The page through a real load balancer: nginx, configured as the README says (deploy/nginx.conf, no sticky
 * sessions), in front of three Payara Micro nodes on one PostgreSQL. Two windows whose sockets landed on different
 * nodes see each other's changes and each other; the node of one of them is killed, and that window reconnects
 * through nginx to another node and shows everything, with nothing lost.
 */
class NodesBehindNginxBrowserIT {

    private static NodesBehindNginx cluster;
    private static Browser browserA;
    private static Browser browserB;

    @BeforeAll
    static void start() throws Exception {
        cluster = NodesBehindNginx.shared();
        cluster.restartStopped();
        browserA = new Browser();
        browserB = new Browser();
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {browserA, browserB}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @AfterEach
    void allNodesAgain() throws Exception {
        cluster.restartStopped();
    }

    @Test
    void windows_on_different_nodes_stay_in_sync_and_a_window_whose_node_dies_moves_on_with_nothing_lost() {
        String list = "n" + UUID.randomUUID().toString().substring(0, 8);
        URI page = URI.create(cluster.nginx().http("") + "?list=" + list);
        TodoPage a = new TodoPage(browserA).open(page);
        int nodeOfA = await().atMost(SOON).until(cluster::nodeWithJsonConnections, node -> node >= 0);

        // No sticky sessions: nginx hands each connection to the next node. Open B until its socket is elsewhere.
        TodoPage b = new TodoPage(browserB);
        int nodeOfB = -1;
        for (int attempt = 0; attempt < 2 * NodesBehindNginx.NODES && nodeOfB < 0; attempt++) {
            b.open(page);
            nodeOfB = await().atMost(SOON).until(() -> otherNodeWithAConnection(nodeOfA), node -> node != -2);
        }
        assertThat(nodeOfB).as("B's socket on another node than A's").isNotNegative().isNotEqualTo(nodeOfA);

        a.add("milk from A");
        b.await(SOON, d -> b.titles().equals(List.of("milk from A")));
        b.add("bread from B");
        a.await(SOON, d -> a.titles().equals(List.of("milk from A", "bread from B")));
        // Presence counts both windows on both nodes.
        a.await(SOON, d -> a.presence().equals("2 people here"));
        b.await(SOON, d -> b.presence().equals("2 people here"));

        PayaraMicroServer killed = cluster.node(nodeOfA);
        killed.kill();
        b.add("eggs from B while A's node is dead");
        a.add("tea from A, typed while reconnecting");
        a.awaitReconnected();
        List<String> everything = List.of("milk from A", "bread from B", "eggs from B while A's node is dead",
                "tea from A, typed while reconnecting");
        a.await(AFTER_A_RESTART, d -> a.titles().equals(everything) && a.waiting().isEmpty());
        b.await(AFTER_A_RESTART, d -> b.titles().equals(everything));
        PayaraMicroServer survivor = cluster.node(nodeOfB);
        assertThat(TodoPage.stored(survivor, list)).isEqualTo(everything);
        // A is on a live node now, and the dead node's window is no longer counted twice.
        await().atMost(AFTER_A_RESTART).until(() -> cluster.nodes().stream().filter(node -> node != killed)
                .mapToDouble(NodesBehindNginx::jsonConnections).sum() == 2);
        a.await(AFTER_A_RESTART, d -> a.presence().equals("2 people here"));
        b.await(AFTER_A_RESTART, d -> b.presence().equals("2 people here"));
        assertThat(browserA.console()).noneMatch(m -> m.contains("Content Security Policy") || m.contains("Refused to"));
    }

    /**
     * The node other than {@code nodeOfA} that holds a JSON connection; -1 when B's landed on A's node too, -2 while
     * B's connection is not counted anywhere yet.
     */
    private static int otherNodeWithAConnection(int nodeOfA) {
        double onA = NodesBehindNginx.jsonConnections(cluster.node(nodeOfA));
        for (int i = 0; i < NodesBehindNginx.NODES; i++) {
            if (i != nodeOfA && NodesBehindNginx.jsonConnections(cluster.node(i)) > 0) {
                return i;
            }
        }
        return onA >= 2 ? -1 : -2;
    }

}
