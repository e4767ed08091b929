package org.sacredcouncil.emulator.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void jdbcUrlIsKeptAndCredentialsComeFromTheEnvironment() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://db:5432/council", "app", "secret");
        assertThat(url).isEqualTo(new DatabaseUrl("jdbc:postgresql://db:5432/council", "app", "secret"));
    }

    @Test
    void postgresUrlCarriesItsOwnCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://council:p%40ss@127.0.0.1:6543/field?sslmode=disable", "x", "y");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:6543/field?sslmode=disable");
        assertThat(url.user()).isEqualTo("council");
        assertThat(url.password()).isEqualTo("p@ss");
    }

    @Test
    void missingDatabaseDefaultsToPostgres() {
        assertThat(DatabaseUrl.parse("postgresql://localhost", null, null))
                .isEqualTo(new DatabaseUrl("jdbc:postgresql://localhost/postgres", "postgres", ""));
    }

    @Test
    void badUrlsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://x/y", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must start with");
        assertThatThrownBy(() -> DatabaseUrl.parse(" ", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> LocalCloud.builder().databaseUrl("postgres:///nohost"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no host");
    }

    @Test
    void aRefusedUrlIsQuotedWithoutItsPassword() {
        assertThatThrownBy(() -> LocalCloud.builder().databaseUrl("mysql://ada:s3cr3t@db.example:5432/x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mysql://ada:***@db.example:5432/x")
                .hasMessageNotContaining("s3cr3t");
        org.assertj.core.api.Assertions.assertThat(
                        DatabaseUrl.withoutPassword("jdbc:postgresql://h:5432/db?user=ada&password=s3cr3t&ssl=true"))
                .isEqualTo("jdbc:postgresql://h:5432/db?user=ada&password=***&ssl=true");
    }
}
