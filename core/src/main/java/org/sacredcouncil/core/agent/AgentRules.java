package org.sacredcouncil.core.agent;

import java.util.ArrayList;
import java.util.List;
import org.sacredcouncil.core.message.Violation;
import org.sacredcouncil.core.text.TextHygiene;

/** Shapes of agent ids, names and region names; character checks by hand to stay regex-free. */
public final class AgentRules {

    public static final String ID_RULE =
            "3 to 64 characters: lower-case letters, digits, '-' or '_', starting with a letter or digit";
    public static final String REGION_RULE =
            "2 to 32 characters: lower-case letters, digits and '-' (e.g. europe-west1)";
    public static final int MAX_NAME_LENGTH = 80;

    private AgentRules() {}

    public static boolean isValidId(String id) {
        if (id == null || id.length() < 3 || id.length() > 64) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alnum && (i == 0 || (c != '-' && c != '_'))) {
                return false;
            }
        }
        return true;
    }

    public static boolean isValidRegion(String region) {
        if (region == null || region.length() < 2 || region.length() > 32) {
            return false;
        }
        for (int i = 0; i < region.length(); i++) {
            char c = region.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i > 0))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Violations of an agent registration; {@code id} may be null when the server assigns it. Text hygiene
     * (docs/contracts.md#errors) is checked first, so a NUL or a bidi override is reported as
     * {@code invalid_text} rather than as a shape error.
     */
    public static List<Violation> validate(String id, String name, String region) {
        List<Violation> violations = new ArrayList<>();
        String idProblem = TextHygiene.problem(id, TextHygiene.Kind.LABEL);
        String nameProblem = TextHygiene.problem(name, TextHygiene.Kind.LABEL);
        String regionProblem = TextHygiene.problem(region, TextHygiene.Kind.LABEL);
        if (idProblem != null) {
            violations.add(Violation.invalidText("id", idProblem));
        } else if (id != null && !isValidId(id)) {
            violations.add(new Violation("id", ID_RULE));
        }
        if (nameProblem != null) {
            violations.add(Violation.invalidText("name", nameProblem));
        } else if (name == null) {
            violations.add(new Violation("name", "is required"));
        } else if (name.trim().isEmpty()) {
            violations.add(new Violation("name", "must not be blank"));
        } else if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
            violations.add(new Violation("name", "at most " + MAX_NAME_LENGTH + " characters"));
        }
        if (regionProblem != null) {
            violations.add(Violation.invalidText("region", regionProblem));
        } else if (region == null) {
            violations.add(new Violation("region", "is required; " + REGION_RULE));
        } else if (!isValidRegion(region)) {
            violations.add(new Violation("region", REGION_RULE));
        }
        return violations;
    }
}
