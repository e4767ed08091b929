package org.sacredcouncil.core.message;

import java.util.ArrayList;
import java.util.List;
import org.sacredcouncil.core.agent.AgentRules;
import org.sacredcouncil.core.text.TextHygiene;

/** What a sacred message must satisfy before anything is written or published. */
public final class MessageRules {

    /** In code points, so that emoji and non-Latin scripts count as people read them. */
    public static final int MAX_TEXT_LENGTH = 2000;

    private MessageRules() {}

    /**
     * All violations of a message draft; empty when it is acceptable. Text hygiene first
     * (docs/contracts.md#errors): newline and tab are the only control characters text may hold.
     */
    public static List<Violation> validate(String type, String text, String region) {
        List<Violation> violations = new ArrayList<>();
        String typeProblem = TextHygiene.problem(type, TextHygiene.Kind.LABEL);
        String textProblem = TextHygiene.problem(text, TextHygiene.Kind.MESSAGE_TEXT);
        String regionProblem = TextHygiene.problem(region, TextHygiene.Kind.LABEL);
        if (typeProblem != null) {
            violations.add(Violation.invalidText("type", typeProblem));
        } else if (type == null) {
            violations.add(new Violation("type", "is required; one of " + MessageType.wireNames()));
        } else if (MessageType.fromWire(type) == null) {
            violations.add(
                    new Violation("type", "unknown type '" + clip(type) + "'; one of " + MessageType.wireNames()));
        }
        if (textProblem != null) {
            violations.add(Violation.invalidText("text", textProblem));
        } else if (text == null) {
            violations.add(new Violation("text", "is required"));
        } else {
            int length = text.codePointCount(0, text.length());
            if (text.trim().isEmpty()) {
                violations.add(new Violation("text", "must not be blank"));
            } else if (length > MAX_TEXT_LENGTH) {
                violations.add(new Violation("text", "is " + length + " characters; at most " + MAX_TEXT_LENGTH));
            }
        }
        if (regionProblem != null) {
            violations.add(Violation.invalidText("region", regionProblem));
        } else if (region != null && !AgentRules.isValidRegion(region)) {
            violations.add(new Violation("region", AgentRules.REGION_RULE));
        }
        return violations;
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
