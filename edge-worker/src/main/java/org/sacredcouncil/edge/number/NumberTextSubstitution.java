package org.sacredcouncil.edge.number;

import org.teavm.extension.spi.substitution.SimpleSubstitutionPolicy;
import org.teavm.extension.spi.substitution.SubstitutionSink;

/**
 * Runs inside the TeaVM compiler, never in the Worker: it replaces the class library's decimal ⇄ binary
 * conversion (DoubleAnalyzer, DoubleSynthesizer: ~35 KB of power-of-ten tables, a third of the bundle) with the
 * classes of this package, which ask the JS engine's own, correctly rounded, shortest-digit conversion. The
 * text {@code Double.toString} and {@code Double.parseDouble} produce is still laid out by the class library.
 */
public final class NumberTextSubstitution extends SimpleSubstitutionPolicy {

    @Override
    public void contribute(SubstitutionSink sink) {
        sink.selectClasses(named("org.teavm.classlib.impl.text.DoubleAnalyzer")
                        .or(named("org.teavm.classlib.impl.text.DoubleAnalyzer$Result"))
                        .or(named("org.teavm.classlib.impl.text.DoubleSynthesizer")))
                .replacePackage("org.teavm.classlib.impl.text", "org.sacredcouncil.edge.number");
    }
}
