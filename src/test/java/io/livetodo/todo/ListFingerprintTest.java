package io.livetodo.todo;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;

class ListFingerprintTest {

    @Test
    void a_fingerprint_is_eight_hex_digits_that_do_not_show_the_name() {
        assertThat(ListFingerprint.of("my-private-list-7f3a9c")).matches("list #[0-9a-f]{8}")
                .doesNotContain("private");
        assertThat(ListFingerprint.of(null)).isEqualTo(ListFingerprint.of("default"));
        assertThat(ListFingerprint.of("a")).isNotEqualTo(ListFingerprint.of("b"));
    }

    /** The query the README gives operators finds the list behind a fingerprint in the embedded database. */
    @Test
    void the_readme_query_finds_the_list_in_h2() throws Exception {
        try (Connection db = new org.h2.Driver().connect("jdbc:h2:mem:fingerprint", new java.util.Properties())) {
            db.createStatement().execute("CREATE TABLE todo_list(name VARCHAR(64))");
            db.createStatement().execute("INSERT INTO todo_list VALUES ('shop'), ('my-private-list-7f3a9c')");
            String hex = ListFingerprint.of("my-private-list-7f3a9c").substring("list #".length());
            try (PreparedStatement query = db.prepareStatement(
                    "SELECT name FROM todo_list WHERE LEFT(RAWTOHEX(HASH('SHA-256', name)), 8) = ?")) {
                query.setString(1, hex);
                try (ResultSet found = query.executeQuery()) {
                    assertThat(found.next()).isTrue();
                    assertThat(found.getString(1)).isEqualTo("my-private-list-7f3a9c");
                    assertThat(found.next()).isFalse();
                }
            }
        }
    }
}
