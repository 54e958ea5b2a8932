package io.livetodo.socket;

import io.livetodo.support.LaunchedServer;
import io.livetodo.support.NodesBehindNginx;
import io.livetodo.support.RawHandshake;
import io.livetodo.support.Request;
import io.livetodo.support.WsClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's several-node set-up as deploy/nginx.conf has it: its per-address connection limit stops one hostile
 * address while a second still connects and works (two loopback addresses stand for two machines), and its TLS
 * listener serves the page and the socket.
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
                RawHandshake handshake = handshake(hostile, "hostile");
                if (handshake.status() == 101) {
                    open.add(handshake);
                } else {
                    assertThat(handshake.status()).isEqualTo(429);
                    handshake.close();
                    refusedAt = i;
                }
            }
            assertThat(refusedAt).as("connections nginx let one address open").isEqualTo(1000);

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

    /**
     * deploy/nginx.conf's TLS listener, with a certificate the test makes: the page comes with HSTS (nginx tells the
     * nodes, which trust it, that the client came over TLS), the https page is its own origin for the socket, and
     * over plain HTTP there is no HSTS.
     */
    @Test
    void over_tls_the_page_has_hsts_and_its_socket_works() throws Exception {
        HttpClient tls = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(cluster.nginx().certificate().trusting()).build();
        HttpResponse<String> page = tls.send(HttpRequest.newBuilder(cluster.nginx().https("")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");

        URI https = cluster.nginx().https("");
        String origin = "https://" + https.getHost() + ":" + https.getPort();
        try (WsClient client = WsClient.connect(tls, cluster.nginx().wss("list=tls-" + System.nanoTime()),
                WsClient.JSON, Map.of("Origin", origin))) {
            client.nextOfType("snapshot");
            client.send(Request.add("over tls").ref("t").json());
            assertThat(client.nextOfType("ack").getString("ref")).isEqualTo("t");
        }

        HttpResponse<String> plain = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(cluster.nginx().http("")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Strict-Transport-Security")).isEmpty();
    }

    private static RawHandshake handshake(InetAddress from, String list) throws Exception {
        int port = cluster.nginx().port();
        return RawHandshake.open(from, port, LaunchedServer.CONTEXT + "/todo?list=" + list,
                List.of("Host: localhost:" + port));
    }
}
