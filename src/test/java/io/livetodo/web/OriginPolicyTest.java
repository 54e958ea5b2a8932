package io.livetodo.web;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OriginPolicyTest {

    private final OriginPolicy sameOriginOnly = new OriginPolicy(List.of());

    private static boolean allows(OriginPolicy policy, String origin, String host, boolean secure) {
        return policy.allows(origin == null ? List.of() : List.of(origin), host, secure);
    }

    @Test
    void same_scheme_host_and_port_is_allowed() {
        assertThat(allows(sameOriginOnly, "http://localhost:8080", "localhost:8080", false)).isTrue();
        assertThat(allows(sameOriginOnly, "https://Todo.Example.com", "todo.example.com", true)).isTrue();
        assertThat(allows(sameOriginOnly, "https://todo.example.com", "todo.example.com:443", true)).isTrue();
        assertThat(allows(sameOriginOnly, "http://[::1]:8080", "[::1]:8080", false)).isTrue();
    }

    @Test
    void another_scheme_host_or_port_or_garbage_is_refused() {
        assertThat(allows(sameOriginOnly, "http://evil.example", "localhost:8080", false)).isFalse();
        assertThat(allows(sameOriginOnly, "http://localhost:9090", "localhost:8080", false)).isFalse();
        assertThat(allows(sameOriginOnly, "http://localhost", "localhost:8080", false)).isFalse();
        assertThat(allows(sameOriginOnly, "null", "localhost:8080", false)).isFalse();
        assertThat(allows(sameOriginOnly, "not a uri at all", "localhost:8080", false)).isFalse();
        assertThat(allows(sameOriginOnly, "http://localhost:8080", null, false)).isFalse();
        // A plain-HTTP page (anyone on the path can change it) talking to the TLS server on the same host and port.
        assertThat(allows(sameOriginOnly, "http://todo.example.com:8443", "todo.example.com:8443", true)).isFalse();
        assertThat(allows(sameOriginOnly, "http://todo.example.com", "todo.example.com", true)).isFalse();
        assertThat(allows(sameOriginOnly, "https://localhost:8080", "localhost:8080", false)).isFalse();
    }

    @Test
    void no_origin_is_a_non_browser_client_and_allowed() {
        assertThat(allows(sameOriginOnly, null, "localhost:8080", false)).isTrue();
    }

    @Test
    void two_origin_headers_are_refused_even_if_each_alone_would_pass() {
        assertThat(sameOriginOnly.allows(List.of("http://localhost:8080", "http://localhost:8080"),
                "localhost:8080", false)).isFalse();
        assertThat(new OriginPolicy(List.of("*")).allows(List.of("http://a", "http://b"), "x", false)).isFalse();
    }

    @Test
    void the_allow_list_admits_exact_origins_or_anything_with_a_star() {
        OriginPolicy listed = new OriginPolicy(List.of("https://app.example.com/", "null"));
        assertThat(allows(listed, "https://APP.example.com", "other:1", false)).isTrue();
        assertThat(allows(listed, "null", "other:1", false)).isTrue();
        assertThat(allows(listed, "https://app.example.com.evil.example", "other:1", false)).isFalse();
        assertThat(allows(new OriginPolicy(List.of("*")), "http://anything", "other:1", false)).isTrue();
    }
}
