package org.sacredcouncil.emulator.firestore.rules;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import org.sacredcouncil.emulator.firestore.auth.ReplaceablePolicy;

/**
 * {@code PUT /emulator/v1/projects/P:securityRules} with {@code {"rules":{"files":[{"content":...}]}}}:
 * parses and installs the rules (for every project of this emulator), or explains why not.
 */
public final class RulesUpload {
    private RulesUpload() {}

    /** @return null when installed, else the error message */
    public static String apply(String json, ReplaceablePolicy policy) {
        try {
            Struct.Builder b = Struct.newBuilder();
            JsonFormat.parser().merge(json, b);
            Value files = b.build().getFieldsOrThrow("rules").getStructValue().getFieldsOrThrow("files");
            if (files.getListValue().getValuesCount() != 1) {
                return "Expected exactly one rules file";
            }
            Struct file = files.getListValue().getValues(0).getStructValue();
            String name =
                    file.containsFields("name") ? file.getFieldsOrThrow("name").getStringValue() : "uploaded.rules";
            policy.replace(SecurityRules.parse(file.getFieldsOrThrow("content").getStringValue(), name));
            return null;
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            return "Bad securityRules request: " + e.getMessage();
        } catch (RulesSyntaxException e) {
            return e.getMessage();
        }
    }
}
