package org.sacredcouncil.emulator.firestore.rules;

/** A rules expression: checked once at load time against its scope, evaluated per request. */
interface Expr {
    Object eval(Scope scope);

    /** Refuses unknown identifiers, functions and methods before any request is evaluated. */
    void check(StaticScope scope);
}
