package io.livetodo.web;

import io.livetodo.config.Settings;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** DNS rebinding: a request naming a host this server does not answer to is refused. */
class HostPolicyTest {

    private final HostPolicy defaults = HostPolicy.from(Settings.of(Map.of()));

    @Test
    void loopback_names_ip_literals_and_this_machines_name_are_allowed_by_default() throws Exception {
        assertThat(defaults.allows("localhost:8080")).isTrue();
        assertThat(defaults.allows("LOCALHOST")).isTrue();
        assertThat(defaults.allows("app.localhost:8080")).isTrue();
        assertThat(defaults.allows("127.0.0.1:8080")).isTrue();
        assertThat(defaults.allows("10.1.2.3")).isTrue();
        assertThat(defaults.allows("[::1]:8080")).isTrue();
        assertThat(defaults.allows("[fe80::1]")).isTrue();
        assertThat(defaults.allows(InetAddress.getLocalHost().getHostName() + ":8080"))
                .as("the name Payara Micro prints").isTrue();
        assertThat(defaults.allows(null)).as("no Host: HTTP/1.0, not a browser").isTrue();
    }

    @Test
    void a_foreign_name_is_refused() {
        assertThat(defaults.allows("attacker.example:8080")).isFalse();
        assertThat(defaults.allows("attacker.example")).isFalse();
        assertThat(defaults.allows("localhost.attacker.example")).isFalse();
        assertThat(defaults.allows("127.0.0.1.attacker.example")).isFalse();
        assertThat(defaults.allows("")).isFalse();
        assertThat(defaults.allows("a:b:c")).isFalse();
    }

    @Test
    void configured_names_domains_and_the_hosts_of_allowed_origins_are_allowed() {
        HostPolicy configured = HostPolicy.from(Settings.of(Map.of(
                "todo.allowed-hosts", "todo.example.com, .corp.example",
                "todo.allowed-origins", "https://app.example.org, null")));
        assertThat(configured.allows("todo.example.com")).isTrue();
        assertThat(configured.allows("Todo.Example.Com.:443")).isTrue();
        assertThat(configured.allows("corp.example")).isTrue();
        assertThat(configured.allows("lists.corp.example:8080")).isTrue();
        assertThat(configured.allows("app.example.org")).isTrue();
        assertThat(configured.allows("evilcorp.example")).isFalse();
        assertThat(configured.allows("other.example.com")).isFalse();
        assertThat(new HostPolicy(Set.of("*")).allows("anything.example")).isTrue();
    }
}
