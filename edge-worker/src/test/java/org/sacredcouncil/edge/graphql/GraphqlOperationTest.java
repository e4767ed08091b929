package org.sacredcouncil.edge.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sacredcouncil.edge.limits.RequestKind;

/** The edge's GraphQL lexer (docs/graphql.md#limits-at-edge): the selected operation and its root fields. */
class GraphqlOperationTest {

    private static GraphqlOperation op(String document) {
        return GraphqlOperation.select(document, null);
    }

    @Test
    void shorthandAndNamedQueriesAreQueriesWithTheirRootFields() {
        GraphqlOperation shorthand = op("{ field { version } messages(first: 2) { edges { node { id } } } }");
        assertThat(shorthand.type()).isEqualTo(GraphqlOperation.QUERY);
        assertThat(shorthand.rootFields()).containsExactly("field", "messages");
        assertThat(shorthand.kind()).isEqualTo(RequestKind.READ);
        assertThat(op("query Q($n: Int = 3) @live { f: field { version } }").rootFields())
                .containsExactly("field");
    }

    @Test
    void aMutationCountsInItsRootFieldsBudgetAliasesAndDirectivesAside() {
        assertThat(op("mutation { registerAgent(input: {name: \"a\"}) { id } }").kind())
                .isEqualTo(RequestKind.REGISTRATION);
        assertThat(op("mutation M { s: sendMessage(input: {type: blessing, text: \"}\"}) { id } }")
                        .kind())
                .isEqualTo(RequestKind.MESSAGE);
        assertThat(op("mutation @a(b: 1) { beatPresence { at } }").kind()).isEqualTo(RequestKind.PRESENCE);
        assertThat(op("mutation { deleteArtifact(id: \"x\") }").kind()).isEqualTo(RequestKind.ARTIFACTS);
        assertThat(op("mutation { rotateKey { key } }").kind()).isEqualTo(RequestKind.MESSAGE);
        assertThat(op("mutation { ...F } fragment F on Mutation { registerAgent { id } }")
                        .rootFields())
                .containsExactly("...");
        assertThat(op("mutation { __typename @skip(if: true) registerAgent { id } }")
                        .rootFields())
                .containsExactly("__typename", "registerAgent");
    }

    @Test
    void stringsCommentsAndBlockStringsHideWhatLooksLikeSyntax() {
        String document = "# mutation { registerAgent }\n"
                + "query Q($t: String = \"mutation { x }\\\" {\") {\n"
                + "  a(t: \"\"\" { block \\\"\"\" } mutation \"\"\") # } {\n"
                + "  b { c }\n"
                + "}";
        GraphqlOperation q = op(document);
        assertThat(q.type()).isEqualTo(GraphqlOperation.QUERY);
        assertThat(q.rootFields()).containsExactly("a", "b");
    }

    @Test
    void operationNameSelectsAndAmbiguityIsUnknown() {
        String two = "query A { field { version } } mutation B { sendMessage(input: {}) { id } }"
                + " fragment X on Query { field { version } }";
        assertThat(GraphqlOperation.select(two, "B").kind()).isEqualTo(RequestKind.MESSAGE);
        assertThat(GraphqlOperation.select(two, "A").type()).isEqualTo(GraphqlOperation.QUERY);
        assertThat(GraphqlOperation.select(two, null).type()).isEqualTo(GraphqlOperation.UNKNOWN);
        assertThat(GraphqlOperation.select(two, "C").type()).isEqualTo(GraphqlOperation.UNKNOWN);
        assertThat(op("subscription S { messageAdded { id } }").type()).isEqualTo(GraphqlOperation.SUBSCRIPTION);
    }

    @Test
    void brokenDocumentsEndAndCountAsReads() {
        for (String broken :
                new String[] {"", "mutation", "mutation {", "\"unterminated", "\"\"\"open", "}}}{{{", "(((", null}) {
            assertThat(op(broken).kind()).as(String.valueOf(broken)).isIn(RequestKind.READ, RequestKind.MESSAGE);
        }
        assertThat(op("mutation {").kind())
                .as("a mutation cut short still counts as one")
                .isEqualTo(RequestKind.MESSAGE);
        assertThat(op("{{{{").type()).isEqualTo(GraphqlOperation.QUERY);
    }

    @Test
    void aPostBodyIsReadForItsOperationAndAGetIsARead() {
        assertThat(GraphqlRequests.operation(
                                "POST",
                                "/v1/graphql",
                                "{\"query\":\"query A { field { version } } mutation B { registerAgent { id } }\","
                                        + "\"operationName\":\"B\"}")
                        .kind())
                .isEqualTo(RequestKind.REGISTRATION);
        assertThat(GraphqlRequests.operation("GET", "/v1/graphql", null).kind()).isEqualTo(RequestKind.READ);
        assertThat(GraphqlRequests.operation("POST", "/v1/graphql", "[1]").kind())
                .isEqualTo(RequestKind.READ);
        assertThat(GraphqlRequests.operation("POST", "/v1/messages", "{}")).isNull();
        assertThat(PersistedQueries.publicMaxAge("public, max-age=5")).isEqualTo(5);
        assertThat(PersistedQueries.publicMaxAge("public, max-age=61")).isZero();
        assertThat(PersistedQueries.publicMaxAge("private, no-store")).isZero();
    }
}
