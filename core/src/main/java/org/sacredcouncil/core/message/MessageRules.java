package org.sacredcouncil.core.message;

import java.util.ArrayList;
import java.util.List;
import org.sacredcouncil.core.agent.AgentRules;

/** What a sacred message must satisfy before anything is written or published. */
public final class MessageRules {

    /** In code points, so that emoji and non-Latin scripts count as people read them. */
    public static final int MAX_TEXT_LENGTH = 2000;

    private MessageRules() {
    }

    /** All violations of a message draft; empty when it is acceptable. */
    public static List<Violation> validate(String type, String text, String region) {
        List<Violation> violations = new ArrayList<>();
        if (type == null) {
            violations.add(new Violation("type", "is required; one of " + MessageType.wireNames()));
        } else if (MessageType.fromWire(type) == null) {
            violations.add(new Violation("type", "unknown type '" + clip(type) + "'; one of "
                    + MessageType.wireNames()));
        }
        if (text == null) {
            violations.add(new Violation("text", "is required"));
        } else {
            int length = text.codePointCount(0, text.length());
            if (text.trim().isEmpty()) {
                violations.add(new Violation("text", "must not be blank"));
            } else if (length > MAX_TEXT_LENGTH) {
                violations.add(new Violation("text", "is " + length + " characters; at most " + MAX_TEXT_LENGTH));
            } else if (hasControlCharacters(text)) {
                violations.add(new Violation("text", "must not contain control characters other than newline and tab"));
            }
        }
        if (region != null && !AgentRules.isValidRegion(region)) {
            violations.add(new Violation("region", AgentRules.REGION_RULE));
        }
        return violations;
    }

    private static boolean hasControlCharacters(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                return true;
            }
            if (c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
