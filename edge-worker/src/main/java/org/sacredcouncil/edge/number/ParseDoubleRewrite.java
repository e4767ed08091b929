package org.sacredcouncil.edge.number;

import java.util.ArrayList;
import java.util.List;
import org.teavm.model.BasicBlock;
import org.teavm.model.ClassHolder;
import org.teavm.model.ClassHolderTransformer;
import org.teavm.model.ClassHolderTransformerContext;
import org.teavm.model.Instruction;
import org.teavm.model.MethodHolder;
import org.teavm.model.MethodReference;
import org.teavm.model.Program;
import org.teavm.model.ValueType;
import org.teavm.model.Variable;
import org.teavm.model.instructions.InvocationType;
import org.teavm.model.instructions.InvokeInstruction;
import org.teavm.vm.spi.TeaVMHost;
import org.teavm.vm.spi.TeaVMPlugin;

/**
 * Runs inside the TeaVM compiler, never in the Worker (registered in {@code META-INF/services}): in the council's
 * own classes (core's JSON reader, the edge's config and feed signature) every call of {@code Double.parseDouble}
 * becomes {@link EngineNumbers#parseDouble}, {@code Long.parseLong} / {@code Integer.parseInt} become
 * {@link WholeNumbers}'; in those classes and in {@code java.lang.Double}, {@code Long}, {@code Integer} and
 * {@code String} (their {@code toString} / {@code valueOf}), {@code StringBuilder.append(double|long|int)} becomes
 * {@code EngineNumbers.append}. Core's source and its JVM behaviour stay as they are; only the bundle changes
 * (edge-worker/README.md "Bundle size with the hub").
 */
public final class ParseDoubleRewrite implements TeaVMPlugin, ClassHolderTransformer {

    private static final MethodReference PARSE_DOUBLE = new MethodReference(
            "java.lang.Double", "parseDouble", ValueType.object("java.lang.String"), ValueType.DOUBLE);
    private static final MethodReference ENGINE_PARSE = new MethodReference(
            EngineNumbers.class.getName(), "parseDouble", ValueType.object("java.lang.String"), ValueType.DOUBLE);

    private static final MethodReference APPEND_DOUBLE = new MethodReference(
            "java.lang.StringBuilder", "append", ValueType.DOUBLE, ValueType.object("java.lang.StringBuilder"));
    private static final MethodReference ENGINE_APPEND = new MethodReference(
            EngineNumbers.class.getName(),
            "append",
            ValueType.object("java.lang.StringBuilder"),
            ValueType.DOUBLE,
            ValueType.object("java.lang.StringBuilder"));

    private static final MethodReference PARSE_LONG =
            new MethodReference("java.lang.Long", "parseLong", ValueType.object("java.lang.String"), ValueType.LONG);
    private static final MethodReference WHOLE_LONG = new MethodReference(
            WholeNumbers.class.getName(), "parseLong", ValueType.object("java.lang.String"), ValueType.LONG);
    private static final MethodReference PARSE_INT = new MethodReference(
            "java.lang.Integer", "parseInt", ValueType.object("java.lang.String"), ValueType.INTEGER);
    private static final MethodReference WHOLE_INT = new MethodReference(
            WholeNumbers.class.getName(), "parseInt", ValueType.object("java.lang.String"), ValueType.INTEGER);

    private static final MethodReference APPEND_LONG = new MethodReference(
            "java.lang.StringBuilder", "append", ValueType.LONG, ValueType.object("java.lang.StringBuilder"));
    private static final MethodReference ENGINE_APPEND_LONG = new MethodReference(
            EngineNumbers.class.getName(),
            "append",
            ValueType.object("java.lang.StringBuilder"),
            ValueType.LONG,
            ValueType.object("java.lang.StringBuilder"));

    private static final MethodReference APPEND_INT = new MethodReference(
            "java.lang.StringBuilder", "append", ValueType.INTEGER, ValueType.object("java.lang.StringBuilder"));
    private static final MethodReference ENGINE_APPEND_INT = new MethodReference(
            EngineNumbers.class.getName(),
            "append",
            ValueType.object("java.lang.StringBuilder"),
            ValueType.INTEGER,
            ValueType.object("java.lang.StringBuilder"));

    @Override
    public void install(TeaVMHost host) {
        host.add(this);
    }

    @Override
    public void transformClass(ClassHolder cls, ClassHolderTransformerContext context) {
        boolean council = cls.getName().startsWith("org.sacredcouncil.");
        // Double.toString and String.valueOf(double) append a double too: without them the class library's layout
        // code (StringBuilder.insert(int, double)) is never reached
        boolean printsDoubles = cls.getName().equals("java.lang.Double")
                || cls.getName().equals("java.lang.Long")
                || cls.getName().equals("java.lang.Integer")
                || cls.getName().equals("java.lang.String");
        if (!(council || printsDoubles) || cls.getName().equals(EngineNumbers.class.getName())) {
            return;
        }
        for (MethodHolder method : cls.getMethods()) {
            Program program = method.getProgram();
            if (program == null) {
                continue;
            }
            for (BasicBlock block : program.getBasicBlocks()) {
                for (Instruction instruction : block) {
                    if (instruction instanceof InvokeInstruction invoke
                            && council
                            && PARSE_DOUBLE.equals(invoke.getMethod())) {
                        invoke.setMethod(ENGINE_PARSE);
                    } else if (instruction instanceof InvokeInstruction invoke
                            && council
                            && PARSE_LONG.equals(invoke.getMethod())) {
                        invoke.setMethod(WHOLE_LONG);
                    } else if (instruction instanceof InvokeInstruction invoke
                            && council
                            && PARSE_INT.equals(invoke.getMethod())) {
                        invoke.setMethod(WHOLE_INT);
                    } else if (instruction instanceof InvokeInstruction invoke
                            && invoke.getInstance() != null
                            && (APPEND_DOUBLE.equals(invoke.getMethod())
                                    || APPEND_LONG.equals(invoke.getMethod())
                                    || APPEND_INT.equals(invoke.getMethod()))) {
                        // out.append(x) → EngineNumbers.append(out, x): a static call with the receiver first
                        List<Variable> arguments = new ArrayList<>();
                        arguments.add(invoke.getInstance());
                        arguments.addAll(invoke.getArguments());
                        invoke.setInstance(null);
                        invoke.setType(InvocationType.SPECIAL);
                        invoke.setMethod(
                                APPEND_DOUBLE.equals(invoke.getMethod())
                                        ? ENGINE_APPEND
                                        : APPEND_LONG.equals(invoke.getMethod())
                                                ? ENGINE_APPEND_LONG
                                                : ENGINE_APPEND_INT);
                        invoke.setArguments(arguments.toArray(new Variable[0]));
                    }
                }
            }
        }
    }
}
