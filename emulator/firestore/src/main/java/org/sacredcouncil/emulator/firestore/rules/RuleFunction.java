package org.sacredcouncil.emulator.firestore.rules;

import java.util.List;

/** {@code function name(params) { let x = ...; return expr; }} */
record RuleFunction(String name, List<String> params, List<String> letNames, List<Expr> letValues, Expr body) {

    Object call(Scope caller, List<Object> args) {
        if (caller.depth() > 40) {
            throw new RulesEvaluationException("Function calls nested too deeply (recursion?) in " + name);
        }
        Scope s = caller.child();
        for (int i = 0; i < params.size(); i++) {
            s.bind(params.get(i), args.get(i));
        }
        for (int i = 0; i < letNames.size(); i++) {
            s.bind(letNames.get(i), letValues.get(i).eval(s));
        }
        return body.eval(s);
    }
}
