package org.sacredcouncil.functions.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.emulator.cloud.LocalCloudExtension;

/**
 * A test class on the JVM's {@link FunctionStack} and its local cloud, as {@code stack} and {@code cloud}
 * (both started once per JVM, so every subclass sees the same two).
 */
@ExtendWith(LocalCloudExtension.class)
abstract class OnFunctionStack {

    static FunctionStack stack;
    static LocalCloud cloud;

    @BeforeAll
    static void startStack(LocalCloud localCloud) throws Exception {
        cloud = localCloud;
        stack = FunctionStack.on(localCloud);
    }
}
