package org.sacredcouncil.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sacredcouncil.core.agent.AgentRules;
import org.sacredcouncil.core.message.MessageRules;
import org.sacredcouncil.core.message.Violation;
import org.sacredcouncil.core.text.TextHygiene.Kind;

/** docs/contracts.md#errors: what text may hold, and that the rules report it as invalid_text. */
class TextHygieneTest {

    @Test
    void cleanTextPassesIncludingPairedSurrogatesAndRightToLeftMessageText() {
        assertThat(TextHygiene.problem("Ada \uD83D\uDE4F Lovelace", Kind.LABEL)).isNull();
        assertThat(TextHygiene.problem("line one\n\tline two", Kind.MESSAGE_TEXT))
                .isNull();
        assertThat(TextHygiene.problem("\u202Bשלום\u202C", Kind.MESSAGE_TEXT)).isNull();
        assertThat(TextHygiene.problem(null, Kind.LABEL)).isNull();
    }

    @Test
    void refusesNulControlsSurrogatesAndBidiControlsWhereTheyDoNotBelong() {
        assertThat(TextHygiene.problem("a\u0000b", Kind.MESSAGE_TEXT)).contains("NUL");
        assertThat(TextHygiene.problem("a\rb", Kind.MESSAGE_TEXT)).contains("U+000D");
        assertThat(TextHygiene.problem("a\u007fb", Kind.MESSAGE_TEXT)).contains("U+007F");
        assertThat(TextHygiene.problem("a\u0085b", Kind.MESSAGE_TEXT)).contains("U+0085");
        assertThat(TextHygiene.problem("a\nb", Kind.LABEL)).contains("U+000A");
        assertThat(TextHygiene.problem("a\tb", Kind.LABEL)).contains("U+0009");
        assertThat(TextHygiene.problem("x\uD800", Kind.MESSAGE_TEXT)).contains("unpaired surrogate at index 1");
        assertThat(TextHygiene.problem("\uDC00x", Kind.LABEL)).contains("unpaired surrogate at index 0");
        assertThat(TextHygiene.problem("\uD800\uD800\uDC00", Kind.LABEL)).contains("index 0");
        for (char bidi :
                new char[] {'\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'}) {
            assertThat(TextHygiene.problem("evil" + bidi + "gpj.exe", Kind.LABEL))
                    .contains("bidirectional");
        }
        assertThat(TextHygiene.problem("\u2065\u202F", Kind.LABEL)).isNull();
    }

    @Test
    void agentAndMessageRulesReportHygieneAsInvalidTextNamingTheField() {
        assertThat(AgentRules.validate(null, "Ada\u0000", "eu"))
                .singleElement()
                .isEqualTo(Violation.invalidText("name", "contains a NUL character at index 3"));
        assertThat(AgentRules.validate(null, "\u202Eada", "eu"))
                .extracting(Violation::field, Violation::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("name", Violation.INVALID_TEXT));
        assertThat(AgentRules.validate("ab\u0000c", "Ada", "e\uD800u"))
                .extracting(Violation::field, Violation::code)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("id", Violation.INVALID_TEXT),
                        org.assertj.core.groups.Tuple.tuple("region", Violation.INVALID_TEXT));
        assertThat(MessageRules.validate("blessing", "hi\u0000", null))
                .extracting(Violation::field, Violation::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("text", Violation.INVALID_TEXT));
        assertThat(MessageRules.validate("bless\u0000", "hi", "eu\u202E"))
                .extracting(Violation::field, Violation::code)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("type", Violation.INVALID_TEXT),
                        org.assertj.core.groups.Tuple.tuple("region", Violation.INVALID_TEXT));
        assertThat(MessageRules.validate("blessing", "x", "EU").get(0).code()).isEqualTo(Violation.INVALID_FIELD);
    }
}
