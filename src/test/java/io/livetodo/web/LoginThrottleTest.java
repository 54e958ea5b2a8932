package io.livetodo.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void ten_failures_from_one_address_make_the_next_wait_then_one_more_every_six_seconds() {
        LoginThrottle throttle = new LoginThrottle(10);
        for (int i = 0; i < 10; i++) {
            assertThat(throttle.waitSeconds("203.0.113.7", "user" + i, 0)).as("try %d", i).isZero();
            throttle.failed("203.0.113.7", "user" + i, 0);
        }
        assertThat(throttle.waitSeconds("203.0.113.7", "someone", 0)).isEqualTo(6);
        assertThat(throttle.waitSeconds("198.51.100.1", "someone", 0)).as("another address").isZero();
        assertThat(throttle.waitSeconds("203.0.113.7", "someone", 6 * SECOND)).as("one more after 6 s").isZero();
        throttle.failed("203.0.113.7", "someone", 6 * SECOND);
        assertThat(throttle.waitSeconds("203.0.113.7", "someone", 6 * SECOND)).isEqualTo(6);
        assertThat(throttle.waitSeconds("203.0.113.7", "someone", 70 * SECOND)).as("forgiven").isZero();
    }

    @Test
    void ten_failures_for_one_user_from_many_addresses_make_that_user_wait() {
        LoginThrottle throttle = new LoginThrottle(10);
        for (int i = 0; i < 10; i++) {
            throttle.failed("192.0.2." + i, "alice", 0);
        }
        assertThat(throttle.waitSeconds("192.0.2.99", "alice", 0)).isPositive();
        assertThat(throttle.waitSeconds("192.0.2.99", "bob", 0)).isZero();
    }

    @Test
    void the_user_of_basic_credentials() {
        assertThat(LoginFilter.basicUser("Basic " + java.util.Base64.getEncoder().encodeToString(
                "alice:secret:with:colons".getBytes(java.nio.charset.StandardCharsets.UTF_8)))).isEqualTo("alice");
        assertThat(LoginFilter.basicUser("Bearer abc")).isNull();
        assertThat(LoginFilter.basicUser("Basic !!!")).isNull();
    }
}
