package org.sacredcouncil.emulator.firestore.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Constructs the engine does not implement are refused at load time, with where and what. */
class RulesLoadRefusalTest {

    private static String wrap(String condition) {
        return "rules_version = '2';\nservice cloud.firestore {\n  match /databases/{database}/documents {\n"
                + "    match /things/{id} {\n      allow read: if " + condition + ";\n    }\n  }\n}\n";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "math.abs(-1) == 1|unknown identifier 'math'",
                "duration.value(1, 's') != null|unknown identifier 'duration'",
                "getAfter(/databases/$(database)/documents/x/y) != null|function 'getAfter' is not defined",
                "request.auth.token.email.foo()|method 'foo()' is not implemented",
                "undefinedThing == 1|unknown identifier 'undefinedThing'",
                "request.resource.data.tags[0:2].size() == 2|range indexing",
                "request.auth != null && nope(1)|function 'nope' is not defined",
                "resource.data.x is duration|unknown type 'duration'",
            })
    void unsupportedConstructsAreRefused(String condition, String message) {
        assertThatThrownBy(() -> SecurityRules.parse(wrap(condition), "test.rules"))
                .isInstanceOf(RulesSyntaxException.class)
                .hasMessageContaining("test.rules")
                .hasMessageContaining("line 5")
                .hasMessageContaining(message);
    }

    @Test
    void syntaxErrorsNameTheLine() {
        assertThatThrownBy(() -> SecurityRules.parse(
                        "service cloud.firestore {\n match /a/{b} {\n allow read: if (true;\n }\n}", "bad.rules"))
                .isInstanceOf(RulesSyntaxException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("')'");
    }

    @Test
    void otherServicesAndMethodsAreRefused() {
        assertThatThrownBy(() -> SecurityRules.parse("service firebase.storage { }", "s.rules"))
                .hasMessageContaining("only 'service cloud.firestore'");
        assertThatThrownBy(() -> SecurityRules.parse(
                        "service cloud.firestore { match /a/{b} { allow peek: if true; } }", "s.rules"))
                .hasMessageContaining("unknown method 'peek'");
        assertThatThrownBy(() ->
                        SecurityRules.parse("service cloud.firestore { match /a/{b=**}/c { allow read; } }", "s.rules"))
                .hasMessageContaining("must be the last segment");
    }

    @Test
    void functionArityIsChecked() {
        String rules =
                "service cloud.firestore { match /databases/{d}/documents {\n function f(a, b) { return a == b; }\n"
                        + " match /x/{y} { allow read: if f(1); } } }";
        assertThatThrownBy(() -> SecurityRules.parse(rules, "f.rules"))
                .hasMessageContaining("takes 2 argument(s), got 1");
    }

    @Test
    void theProjectRulesFileLoads() throws Exception {
        Path rules = Path.of("../../firestore-rules/firestore.rules");
        if (Files.exists(rules)) {
            assertThat(SecurityRules.load(rules)).isNotNull();
        }
        assertThat(SecurityRules.load(RulesLanguageSuite.RULES)).isNotNull();
    }
}
