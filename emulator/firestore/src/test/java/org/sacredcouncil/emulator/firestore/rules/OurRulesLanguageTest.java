package org.sacredcouncil.emulator.firestore.rules;

import java.nio.file.Path;
import org.sacredcouncil.emulator.firestore.conformance.EmulatorUnderTest;

/** Rules-language cases on our engine: always runs. */
class OurRulesLanguageTest extends RulesLanguageSuite {
    @Override
    EmulatorUnderTest start(Path rules) {
        return EmulatorUnderTest.ours(rules);
    }
}
