package io.livetodo.socket;

import io.livetodo.support.LaunchedServer;
import io.livetodo.support.NodesBehindNginx;
import io.livetodo.support.RawHandshake;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's several-node set-up under one hostile address: {@code deploy/nginx.conf}'s per-address connection
 * limit stops it, and a second address still connects and works. Two loopback addresses stand for two machines.
 */
class BehindNginxIT {

    private static NodesBehindNginx cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = NodesBehindNginx.shared();
    }

    @Test
    void one_address_opening_1500_connections_is_limited_and_another_address_still_connects() throws Exception {
        InetAddress hostile = InetAddress.getByName("127.0.0.2");
        List<RawHandshake> open = new ArrayList<>();
        int refusedAt = -1;
        try {
            for (int i = 0; i < 1500 && refusedAt < 0; i++) {
                RawHandshake handshake = handshake(hostile, "hostile-" + i);
                if (handshake.status() == 101) {
                    open.add(handshake);
                } else {
                    assertThat(handshake.status()).isEqualTo(429);
                    handshake.close();
                    refusedAt = i;
                }
            }
            assertThat(refusedAt).as("connections nginx let one address open").isEqualTo(100);

            try (RawHandshake neighbour = handshake(InetAddress.getByName("127.0.0.3"), "neighbour")) {
                assertThat(neighbour.status()).isEqualTo(101);
                assertThat(neighbour.exchange("add still works").firstText()).contains(" - still works");
            }
        } finally {
            for (RawHandshake handshake : open) {
                handshake.close();
            }
        }
    }

    private static RawHandshake handshake(InetAddress from, String list) throws Exception {
        int port = cluster.nginx().port();
        return RawHandshake.open(from, port, LaunchedServer.CONTEXT + "/todo?list=" + list,
                List.of("Host: localhost:" + port));
    }
}
