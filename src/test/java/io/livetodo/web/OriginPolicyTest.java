package io.livetodo.web;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OriginPolicyTest {

    private final OriginPolicy sameOriginOnly = new OriginPolicy(List.of());

    @Test
    void same_host_and_port_is_allowed() {
        assertThat(sameOriginOnly.allows("http://localhost:8080", "localhost:8080")).isTrue();
        assertThat(sameOriginOnly.allows("https://Todo.Example.com", "todo.example.com")).isTrue();
        assertThat(sameOriginOnly.allows("https://todo.example.com", "todo.example.com:443")).isTrue();
        assertThat(sameOriginOnly.allows("http://[::1]:8080", "[::1]:8080")).isTrue();
    }

    @Test
    void another_host_or_port_or_garbage_is_refused() {
        assertThat(sameOriginOnly.allows("http://evil.example", "localhost:8080")).isFalse();
        assertThat(sameOriginOnly.allows("http://localhost:9090", "localhost:8080")).isFalse();
        assertThat(sameOriginOnly.allows("http://localhost", "localhost:8080")).isFalse();
        assertThat(sameOriginOnly.allows("null", "localhost:8080")).isFalse();
        assertThat(sameOriginOnly.allows("not a uri at all", "localhost:8080")).isFalse();
        assertThat(sameOriginOnly.allows("http://localhost:8080", null)).isFalse();
    }

    @Test
    void no_origin_is_a_non_browser_client_and_allowed() {
        assertThat(sameOriginOnly.allows(null, "localhost:8080")).isTrue();
    }

    @Test
    void the_allow_list_admits_exact_origins_or_anything_with_a_star() {
        OriginPolicy listed = new OriginPolicy(List.of("https://app.example.com/", "null"));
        assertThat(listed.allows("https://APP.example.com", "other:1")).isTrue();
        assertThat(listed.allows("null", "other:1")).isTrue();
        assertThat(listed.allows("https://app.example.com.evil.example", "other:1")).isFalse();
        assertThat(new OriginPolicy(List.of("*")).allows("http://anything", "other:1")).isTrue();
    }
}
