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
        assertThat(socket.compression()).as("permessage-deflate declined").isFalse();
        assertThat(SocketSettings.from(Settings.of(Map.of("todo.compression", "true"))).compression()).isTrue();
        assertThat(Settings.of(Map.of()).list(Setting.ALLOWED_ORIGINS)).isEmpty();
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
        assertThat(settings.list(Setting.ALLOWED_ORIGINS)).containsExactly("https://a", "https://b");
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

    @Test
    void the_readme_documents_every_setting_with_its_environment_variable_and_default() throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        java.util.Map<String, String[]> rows = new java.util.LinkedHashMap<>();
        java.util.regex.Matcher row = java.util.regex.Pattern
                .compile("(?m)^\\| `(todo\\.[^`]+)` \\| `([A-Z_]+)` \\| ([^|]+) \\|").matcher(readme);
        while (row.find()) {
            rows.put(row.group(1), new String[] {row.group(2), row.group(3).strip()});
        }
        for (Setting setting : Setting.values()) {
            assertThat(rows).as("README configuration table").containsKey(setting.key());
            String[] documented = rows.get(setting.key());
            assertThat(documented[0]).as("environment variable of %s", setting.key()).isEqualTo(setting.environment());
            if (setting.defaultValue() != null) {
                assertThat(documented[1]).as("default of %s", setting.key())
                        .isEqualTo("`" + setting.defaultValue() + "`");
            } else {
                assertThat(documented[1]).as("default of %s, which has none of its own", setting.key())
                        .doesNotStartWith("`" + Setting.OFF + "`").isNotBlank();
            }
        }
        assertThat(rows.keySet()).as("settings the README documents")
                .containsExactlyInAnyOrderElementsOf(java.util.Arrays.stream(Setting.values()).map(Setting::key)
                        .toList());
    }

    @Test
    void off_switches_a_limit_off_and_nothing_else_does() {
        Settings settings = Settings.of(Map.of("todo.rate.limit", "off", "todo.max-sessions.per-list", "OFF"));
        assertThat(settings.limit(Setting.RATE_LIMIT)).isEmpty();
        assertThat(settings.limit(Setting.MAX_SESSIONS_PER_LIST)).isEmpty();
        assertThat(settings.limit(Setting.MAX_SESSIONS_PER_ADDRESS)).hasValue(1000);
        assertThatThrownBy(() -> Settings.of(Map.of("todo.send.queue", "off")).positiveInt(Setting.SEND_QUEUE))
                .hasMessageContaining("todo.send.queue");
    }
}
