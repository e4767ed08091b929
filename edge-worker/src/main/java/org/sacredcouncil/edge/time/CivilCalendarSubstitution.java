package org.sacredcouncil.edge.time;

import org.teavm.extension.spi.substitution.SimpleSubstitutionPolicy;
import org.teavm.extension.spi.substitution.SubstitutionSink;

/**
 * Runs inside the TeaVM compiler, never in the Worker: core's {@code CivilCalendar} is compiled as this package's,
 * which leaves the calendar to the JS engine (edge-worker/README.md "Bundle size with the hub").
 */
public final class CivilCalendarSubstitution extends SimpleSubstitutionPolicy {

    @Override
    public void contribute(SubstitutionSink sink) {
        sink.selectClasses(named("org.sacredcouncil.core.time.CivilCalendar"))
                .replacePackage("org.sacredcouncil.core.time", "org.sacredcouncil.edge.time");
    }
}
