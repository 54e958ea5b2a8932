package io.livetodo.web;

import io.livetodo.config.Settings;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrustedProxiesTest {

    private final TrustedProxies nginx = TrustedProxies.from(Settings.of(Map.of(
            "todo.trusted-proxies", "127.0.0.1, 10.0.0.0/8, fd00::/8")));
    private final TrustedProxies none = TrustedProxies.from(Settings.of(Map.of()));

    private static Enumeration<String> headers(String... values) {
        return Collections.enumeration(List.of(values));
    }

    @Test
    void behind_a_trusted_proxy_the_right_most_untrusted_hop_is_the_client() {
        assertThat(nginx.clientAddress("127.0.0.1", headers("203.0.113.7"), null)).isEqualTo("203.0.113.7");
        // The client sent its own header; nginx appended the address it saw: that one counts.
        assertThat(nginx.clientAddress("127.0.0.1", headers("198.51.100.1, 203.0.113.7"), null))
                .isEqualTo("203.0.113.7");
        // Two of our proxies in a row.
        assertThat(nginx.clientAddress("127.0.0.1", headers("203.0.113.7, 10.1.2.3"), null)).isEqualTo("203.0.113.7");
        assertThat(nginx.clientAddress("127.0.0.1", headers("203.0.113.7", "10.1.2.3"), null))
                .as("the header given twice").isEqualTo("203.0.113.7");
        assertThat(nginx.clientAddress("127.0.0.1", headers(), null)).as("no header").isEqualTo("127.0.0.1");
        assertThat(nginx.clientAddress("127.0.0.1", headers("10.0.0.9, 10.1.2.3"), null))
                .as("all hops ours").isEqualTo("10.0.0.9");
    }

    @Test
    void forwarded_is_read_when_there_is_no_x_forwarded_for() {
        assertThat(nginx.clientAddress("127.0.0.1", headers(), headers("for=203.0.113.7;proto=https")))
                .isEqualTo("203.0.113.7");
        assertThat(nginx.clientAddress("127.0.0.1", headers(), headers("for=\"[2001:db8::1]:4711\", for=10.0.0.2")))
                .isEqualTo("2001:db8::1");
        assertThat(nginx.clientAddress("127.0.0.1", headers(), headers("for=192.0.2.43:47011")))
                .isEqualTo("192.0.2.43");
    }

    @Test
    void headers_from_anyone_else_change_nothing() {
        assertThat(nginx.clientAddress("198.51.100.9", headers("203.0.113.7"), headers("for=203.0.113.8")))
                .isEqualTo("198.51.100.9");
        assertThat(none.clientAddress("127.0.0.1", headers("203.0.113.7"), null))
                .as("no proxy trusted by default").isEqualTo("127.0.0.1");
        assertThat(nginx.clientAddress("127.0.0.1", headers("unknown, evil.example"), null))
                .as("what is not an address stops the walk").isEqualTo("127.0.0.1");
        assertThat(nginx.clientAddress("127.0.0.1", headers("203.0.113.7, garbage, 10.0.0.1"), null))
                .isEqualTo("10.0.0.1");
    }

    @Test
    void only_a_trusted_proxy_can_say_the_client_came_over_tls() {
        assertThat(nginx.secure(false, "127.0.0.1", "https")).isTrue();
        assertThat(nginx.secure(false, "127.0.0.1", "http")).isFalse();
        assertThat(nginx.secure(false, "198.51.100.9", "https")).isFalse();
        assertThat(none.secure(false, "127.0.0.1", "https")).isFalse();
        assertThat(none.secure(true, "127.0.0.1", null)).as("TLS to this server itself").isTrue();
    }

    @Test
    void a_name_or_a_bad_range_fails_with_a_message_naming_the_setting() {
        assertThatThrownBy(() -> TrustedProxies.from(Settings.of(Map.of("todo.trusted-proxies", "nginx.internal"))))
                .hasMessageContaining("todo.trusted-proxies").hasMessageContaining("TODO_TRUSTED_PROXIES");
        assertThatThrownBy(() -> TrustedProxies.from(Settings.of(Map.of("todo.trusted-proxies", "10.0.0.0/33"))))
                .hasMessageContaining("todo.trusted-proxies");
    }
}
