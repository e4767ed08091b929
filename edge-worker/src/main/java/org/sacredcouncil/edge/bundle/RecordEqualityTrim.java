package org.sacredcouncil.edge.bundle;

import java.util.List;
import org.teavm.model.ClassHolder;
import org.teavm.model.ClassHolderTransformer;
import org.teavm.model.ClassHolderTransformerContext;
import org.teavm.model.MethodDescriptor;
import org.teavm.model.MethodHolder;
import org.teavm.model.ValueType;
import org.teavm.vm.spi.TeaVMHost;
import org.teavm.vm.spi.TeaVMPlugin;

/**
 * Runs inside the TeaVM compiler, never in the Worker (registered in {@code META-INF/services}): drops the
 * generated {@code equals} and {@code hashCode} of the records listed here, so they compare by identity in the
 * bundle. TeaVM's type flow merges every collection's elements, so any {@code equals} call on an element kept
 * these methods (and the collections' own {@code equals}/{@code hashCode} they call) although no code of the edge
 * compares these values: maps and sets in the edge are keyed by strings, and states are compared by version.
 * Their JVM behaviour (core's and the edge's tests) is unchanged; only the bundle is smaller
 * (edge-worker/README.md "Bundle size").
 *
 * <p>Invariant: a record joins the list only when nothing in the edge (or the core code the edge reaches) calls its
 * {@code equals}/{@code hashCode} or uses it as a map key or set element.
 */
public final class RecordEqualityTrim implements TeaVMPlugin, ClassHolderTransformer {

    static final List<String> RECORDS = List.of(
            "org.sacredcouncil.core.field.FieldState",
            "org.sacredcouncil.core.field.Origin",
            "org.sacredcouncil.core.field.RegionField",
            "org.sacredcouncil.core.coherence.BucketContribution",
            "org.sacredcouncil.core.routing.OriginObservation",
            "org.sacredcouncil.edge.cache.KvCopy");

    private static final MethodDescriptor EQUALS =
            new MethodDescriptor("equals", ValueType.object("java.lang.Object"), ValueType.BOOLEAN);
    private static final MethodDescriptor HASH_CODE = new MethodDescriptor("hashCode", ValueType.INTEGER);

    @Override
    public void install(TeaVMHost host) {
        host.add(this);
    }

    @Override
    public void transformClass(ClassHolder cls, ClassHolderTransformerContext context) {
        if (!RECORDS.contains(cls.getName())) {
            return;
        }
        for (MethodDescriptor descriptor : new MethodDescriptor[] {EQUALS, HASH_CODE}) {
            MethodHolder method = cls.getMethod(descriptor);
            if (method != null) {
                cls.removeMethod(method);
            }
        }
    }
}
