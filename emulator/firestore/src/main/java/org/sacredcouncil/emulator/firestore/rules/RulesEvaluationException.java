package org.sacredcouncil.emulator.firestore.rules;

/** A runtime error inside a condition (missing field, wrong type, absent document): the condition is false. */
final class RulesEvaluationException extends RuntimeException {
    RulesEvaluationException(String message) {
        super(message, null, false, false);
    }
}
