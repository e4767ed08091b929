package org.sacredcouncil.edge.number;

import org.teavm.model.BasicBlock;
import org.teavm.model.ClassHolder;
import org.teavm.model.ClassHolderTransformer;
import org.teavm.model.ClassHolderTransformerContext;
import org.teavm.model.Instruction;
import org.teavm.model.MethodHolder;
import org.teavm.model.MethodReference;
import org.teavm.model.Program;
import org.teavm.model.ValueType;
import org.teavm.model.instructions.InvokeInstruction;
import org.teavm.vm.spi.TeaVMHost;
import org.teavm.vm.spi.TeaVMPlugin;

/**
 * Runs inside the TeaVM compiler, never in the Worker (registered in {@code META-INF/services}): in the council's
 * own classes (core's JSON reader, the edge's config and feed signature) every call of {@code Double.parseDouble}
 * becomes {@link EngineNumbers#parseDouble}. Core's source and its JVM behaviour stay as they are; only the bundle
 * changes (edge-worker/README.md "Bundle size with the hub").
 */
public final class ParseDoubleRewrite implements TeaVMPlugin, ClassHolderTransformer {

    private static final MethodReference PARSE_DOUBLE = new MethodReference(
            "java.lang.Double", "parseDouble", ValueType.object("java.lang.String"), ValueType.DOUBLE);
    private static final MethodReference ENGINE_PARSE = new MethodReference(
            EngineNumbers.class.getName(), "parseDouble", ValueType.object("java.lang.String"), ValueType.DOUBLE);

    @Override
    public void install(TeaVMHost host) {
        host.add(this);
    }

    @Override
    public void transformClass(ClassHolder cls, ClassHolderTransformerContext context) {
        if (!cls.getName().startsWith("org.sacredcouncil.") || cls.getName().equals(EngineNumbers.class.getName())) {
            return;
        }
        for (MethodHolder method : cls.getMethods()) {
            Program program = method.getProgram();
            if (program == null) {
                continue;
            }
            for (BasicBlock block : program.getBasicBlocks()) {
                for (Instruction instruction : block) {
                    if (instruction instanceof InvokeInstruction invoke && PARSE_DOUBLE.equals(invoke.getMethod())) {
                        invoke.setMethod(ENGINE_PARSE);
                    }
                }
            }
        }
    }
}
