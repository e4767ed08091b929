package org.sacredcouncil.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * firestore.indexes.json covers the queries the functions run: messages ordered by sentAt desc,
 * optionally filtered by equality on agentId, region or type. Firestore needs a composite index for
 * an equality filter plus an order on another field; a plain order uses the automatic single-field
 * index, which no field override may remove.
 */
class IndexDefinitionsTest {
    private record Query(String collection, String equalityField, String orderField, String direction) {}

    private static final List<Query> QUERIES_THE_CODE_RUNS = List.of(
            new Query("messages", null, "sentAt", "DESCENDING"),
            new Query("messages", "agentId", "sentAt", "DESCENDING"),
            new Query("messages", "region", "sentAt", "DESCENDING"),
            new Query("messages", "type", "sentAt", "DESCENDING"));

    private static Struct load() throws Exception {
        Struct.Builder b = Struct.newBuilder();
        JsonFormat.parser().merge(Files.readString(Path.of("firestore.indexes.json")), b);
        return b.build();
    }

    @Test
    void everyFilteredQueryHasAMatchingCompositeIndex() throws Exception {
        List<String> composites = new ArrayList<>();
        for (Value index : load().getFieldsOrThrow("indexes").getListValue().getValuesList()) {
            Struct s = index.getStructValue();
            assertThat(s.getFieldsOrThrow("queryScope").getStringValue()).isIn("COLLECTION", "COLLECTION_GROUP");
            String fields = s.getFieldsOrThrow("fields").getListValue().getValuesList().stream()
                    .map(f -> f.getStructValue().getFieldsOrThrow("fieldPath").getStringValue() + " "
                            + f.getStructValue().getFieldsOrThrow("order").getStringValue())
                    .collect(Collectors.joining(", "));
            composites.add(s.getFieldsOrThrow("collectionGroup").getStringValue() + ": " + fields);
        }
        for (Query q : QUERIES_THE_CODE_RUNS) {
            if (q.equalityField() != null) {
                assertThat(composites)
                        .as("index for " + q)
                        .contains(q.collection() + ": " + q.equalityField() + " ASCENDING, " + q.orderField() + " "
                                + q.direction());
            }
        }
        assertThat(composites).as("no unused composite index").hasSize((int) QUERIES_THE_CODE_RUNS.stream()
                .filter(q -> q.equalityField() != null)
                .count());
    }

    @Test
    void noFieldOverrideRemovesAnIndexTheQueriesNeed() throws Exception {
        Set<String> queried = QUERIES_THE_CODE_RUNS.stream()
                .flatMap(q -> java.util.stream.Stream.of(q.equalityField(), q.orderField()))
                .filter(java.util.Objects::nonNull)
                .collect(Collectors.toSet());
        for (Value o : load().getFieldsOrThrow("fieldOverrides").getListValue().getValuesList()) {
            String field = o.getStructValue().getFieldsOrThrow("fieldPath").getStringValue();
            assertThat(queried)
                    .as("field override on a queried field: " + field)
                    .doesNotContain(field);
        }
    }
}
