package org.sacredcouncil.functions.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URL;
import java.util.Arrays;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** Database skips Flyway when the schema is at LATEST_SCHEMA_VERSION: that constant must follow the files. */
class SchemaVersionTest {

    @Test
    void latestSchemaVersionIsTheNewestMigration() throws Exception {
        URL dir = Objects.requireNonNull(getClass().getClassLoader().getResource("db/migration"));
        int newest = Arrays.stream(Objects.requireNonNull(new File(dir.toURI()).list()))
                .filter(n -> n.matches("V[0-9]+__.*\\.sql"))
                .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
                .max()
                .orElseThrow();
        assertThat(Database.LATEST_SCHEMA_VERSION).isEqualTo(newest);
    }
}
