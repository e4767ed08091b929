package org.sacredcouncil.functions.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.emulator.cloud.LocalCloudExtension;
import org.sacredcouncil.functions.config.FunctionConfig;

/**
 * Who migrates (DB_MIGRATIONS): with {@code deploy} a function never runs Flyway — a schema behind the code is a
 * transient failure until the deploy's step (SchemaMigrationMain) has run; by default a fresh database migrates
 * on first use. Each test on a fresh database of the embedded PostgreSQL.
 */
@ExtendWith(LocalCloudExtension.class)
class SchemaMigrationsTest {

    static LocalCloud cloud;

    @BeforeAll
    static void start(LocalCloud localCloud) {
        cloud = localCloud;
    }

    @AfterEach
    void restore() {
        FunctionConfig.override(cloud.environment());
        Map<String, String> unset = new HashMap<>();
        unset.put("DB_MIGRATIONS", null);
        FunctionConfig.override(unset);
    }

    /** A new empty database; the functions' configuration points at it. */
    static void freshDatabase(String migrations) throws SQLException {
        String name = "fresh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = cloud.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        String url = cloud.jdbcUrl();
        int slash = url.lastIndexOf('/');
        int query = url.indexOf('?', slash);
        Map<String, String> env = new HashMap<>(cloud.environment());
        env.put("DATABASE_URL", url.substring(0, slash + 1) + name + (query < 0 ? "" : url.substring(query)));
        env.put("DB_MIGRATIONS", migrations);
        FunctionConfig.override(env);
    }

    @Test
    void atDeployAFunctionRefusesAnOldSchemaWithoutRunningFlyway() throws Exception {
        freshDatabase("deploy");
        try (Database database = Database.fromConfig()) {
            assertThatThrownBy(database::migrated)
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("version 0")
                    .hasMessageContaining("SchemaMigrationMain");
            assertThat(database.schemaVersion()).isZero();
        }
    }

    @Test
    void afterTheDeployStepTheFunctionOnlyChecksTheVersion() throws Exception {
        freshDatabase("deploy");
        SchemaMigrationMain.main(new String[0]);
        try (Database database = Database.fromConfig()) {
            assertThat(database.schemaVersion()).isEqualTo(Database.LATEST_SCHEMA_VERSION);
            database.migrated();
            try (Connection c = database.dataSource().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("SELECT count(*) FROM events");
            }
        }
    }

    @Test
    void byDefaultAFreshDatabaseMigratesOnFirstUse() throws Exception {
        freshDatabase("on-first-use");
        try (Database database = Database.fromConfig()) {
            database.migrated();
            assertThat(database.schemaVersion()).isEqualTo(Database.LATEST_SCHEMA_VERSION);
        }
    }
}
