package io.livetodo.web;

import io.livetodo.config.Settings;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** HSTS where the page was reached over TLS, directly or through a trusted proxy that says so; never over HTTP. */
class SecurityHeadersFilterTest {

    @Test
    void hsts_only_over_tls_directly_or_through_a_trusted_proxy() throws Exception {
        assertThat(headers(true, "203.0.113.7", null, Map.of())).containsKey("Strict-Transport-Security");
        assertThat(headers(false, "203.0.113.7", null, Map.of())).doesNotContainKey("Strict-Transport-Security");
        Map<String, String> behindNginx = Map.of("todo.trusted-proxies", "127.0.0.1");
        assertThat(headers(false, "127.0.0.1", "https", behindNginx)).containsEntry("Strict-Transport-Security",
                "max-age=31536000");
        assertThat(headers(false, "127.0.0.1", "http", behindNginx)).doesNotContainKey("Strict-Transport-Security");
        assertThat(headers(false, "198.51.100.9", "https", behindNginx)).as("a client saying so itself")
                .doesNotContainKey("Strict-Transport-Security");
        assertThat(headers(false, "127.0.0.1", "https", behindNginx)).containsKey("Content-Security-Policy");
    }

    private static Map<String, String> headers(boolean secure, String peer, String forwardedProto,
                                               Map<String, String> settings) throws Exception {
        SecurityHeadersFilter filter = new SecurityHeadersFilter();
        filter.proxies = TrustedProxies.from(Settings.of(settings));
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(
                SecurityHeadersFilterTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "isSecure" -> secure;
                    case "getRemoteAddr" -> peer;
                    case "getHeader" -> "X-Forwarded-Proto".equals(args[0]) ? forwardedProto : null;
                    default -> null;
                });
        Map<String, String> headers = new HashMap<>();
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
                SecurityHeadersFilterTest.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("setHeader")) {
                        headers.put((String) args[0], (String) args[1]);
                    }
                    return null;
                });
        filter.doFilter(request, response, (req, res) -> { });
        return headers;
    }
}
