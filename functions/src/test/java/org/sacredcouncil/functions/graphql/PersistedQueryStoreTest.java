package org.sacredcouncil.functions.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.emulator.cloud.LocalCloudExtension;
import org.sacredcouncil.functions.config.FunctionConfig;
import org.sacredcouncil.functions.it.FunctionStack;
import org.sacredcouncil.functions.store.Database;

/** docs/graphql.md#persisted on real PostgreSQL: bounded, the least recently used evicted, a hit keeps a document. */
@ExtendWith(LocalCloudExtension.class)
class PersistedQueryStoreTest {

    static Database database;

    @BeforeAll
    static void start(LocalCloud cloud) {
        FunctionConfig.override(FunctionStack.environmentOf(cloud));
        database = Database.fromConfig();
    }

    @Test
    void theTableKeepsAtMostMaxRowsEvictingTheLeastRecentlyUsed() throws Exception {
        PersistedQueryStore store = new PersistedQueryStore(database, 2);
        String run = UUID.randomUUID().toString();
        String a = PersistedQuery.sha256Hex("a" + run);
        String b = PersistedQuery.sha256Hex("b" + run);
        String c = PersistedQuery.sha256Hex("c" + run);
        store.register(a, "{ a }");
        store.register(b, "{ b }");
        assertThat(store.find(a)).hasValue("{ a }");
        // b was used last long ago, a a moment ago: a read of b refreshes it (it is older than TOUCH_SECONDS)
        agePast(a, 5);
        agePast(b, PersistedQueryStore.TOUCH_SECONDS + 5);
        assertThat(store.find(b)).hasValue("{ b }");
        store.register(c, "{ c }");
        assertThat(store.find(a)).as("least recently used: evicted").isEmpty();
        assertThat(store.find(b)).hasValue("{ b }");
        assertThat(store.find(c)).hasValue("{ c }");
        assertThat(count()).isLessThanOrEqualTo(2);
        // registering a known document again refreshes it instead of adding a row
        store.register(c, "{ c }");
        assertThat(count()).isLessThanOrEqualTo(2);
    }

    static void agePast(String sha256, int seconds) throws Exception {
        try (Connection conn = database.migrated().getConnection();
                PreparedStatement s = conn.prepareStatement("UPDATE graphql_persisted_queries "
                        + "SET last_used_at = now() - make_interval(secs => ?) WHERE sha256 = ?")) {
            s.setInt(1, seconds);
            s.setString(2, sha256);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }

    static int count() throws Exception {
        try (Connection conn = database.migrated().getConnection();
                PreparedStatement s = conn.prepareStatement("SELECT count(*) FROM graphql_persisted_queries");
                var r = s.executeQuery()) {
            r.next();
            return r.getInt(1);
        }
    }
}
