package io.livetodo.config;

import io.livetodo.socket.SocketSettings;
import io.livetodo.todo.Limits;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {

    @Test
    void defaults_apply_when_nothing_is_set() {
        SocketSettings socket = SocketSettings.from(Settings.of(Map.of()));
        assertThat(socket.maxMessageBytes()).isEqualTo(16 * 1024);
        assertThat(socket.pingInterval()).isLessThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(socket.allowedOrigins()).isEmpty();
        assertThat(Limits.from(Settings.of(Map.of()))).isEqualTo(Limits.defaults());
    }

    @Test
    void values_are_parsed_with_units() {
        Settings settings = Settings.of(Map.of("todo.send.timeout", "500ms", "todo.ping.interval", "2m",
                "todo.idle-timeout", "PT1H", "todo.allowed-origins", " https://a , https://b ",
                "todo.title.max-length", "80"));
        SocketSettings socket = SocketSettings.from(settings);
        assertThat(socket.sendTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(socket.pingInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(socket.idleTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(socket.allowedOrigins()).containsExactly("https://a", "https://b");
        assertThat(Limits.from(settings).maxTitleLength()).isEqualTo(80);
    }

    @Test
    void a_bad_value_fails_naming_the_setting_and_its_environment_variable() {
        assertThatThrownBy(() -> Limits.from(Settings.of(Map.of("todo.list.max-todos", "lots"))))
                .hasMessageContaining("todo.list.max-todos").hasMessageContaining("TODO_LIST_MAX_TODOS")
                .hasMessageContaining("lots");
        assertThatThrownBy(() -> SocketSettings.from(Settings.of(Map.of("todo.send.timeout", "-1s"))))
                .hasMessageContaining("todo.send.timeout");
        assertThatThrownBy(() -> Limits.from(Settings.of(Map.of("todo.title.max-length", "0"))))
                .hasMessageContaining("above 0");
        assertThatThrownBy(() -> Limits.from(Settings.of(Map.of("todo.title.max-length", "4001"))))
                .hasMessageContaining("at most 4000");
    }
}
