package org.sacredcouncil.emulator.firestore.write;

import com.google.firestore.v1.Value;
import org.sacredcouncil.emulator.firestore.value.ValueOrder;

/** increment / maximum / minimum as Firestore defines them (a non-number field is replaced by the operand). */
final class NumericTransforms {
    private NumericTransforms() {}

    static Value increment(Value before, Value operand) {
        if (before == null || !ValueOrder.isNumber(before)) {
            return operand;
        }
        if (before.hasIntegerValue() && operand.hasIntegerValue()) {
            long a = before.getIntegerValue();
            long b = operand.getIntegerValue();
            long sum = a + b;
            if (((a ^ sum) & (b ^ sum)) < 0) {
                sum = a > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
            }
            return Value.newBuilder().setIntegerValue(sum).build();
        }
        return Value.newBuilder()
                .setDoubleValue(asDouble(before) + asDouble(operand))
                .build();
    }

    static Value maximum(Value before, Value operand) {
        if (before == null || !ValueOrder.isNumber(before)) {
            return operand;
        }
        int c = ValueOrder.compare(before, operand);
        if (ValueOrder.isNaN(before) || ValueOrder.isNaN(operand)) {
            return nan();
        }
        return c >= 0 ? before : operand;
    }

    static Value minimum(Value before, Value operand) {
        if (before == null || !ValueOrder.isNumber(before)) {
            return operand;
        }
        if (ValueOrder.isNaN(before) || ValueOrder.isNaN(operand)) {
            return nan();
        }
        return ValueOrder.compare(before, operand) <= 0 ? before : operand;
    }

    private static Value nan() {
        return Value.newBuilder().setDoubleValue(Double.NaN).build();
    }

    private static double asDouble(Value v) {
        return v.hasIntegerValue() ? v.getIntegerValue() : v.getDoubleValue();
    }
}
