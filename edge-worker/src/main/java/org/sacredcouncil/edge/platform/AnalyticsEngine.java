package org.sacredcouncil.edge.platform;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/**
 * A Workers Analytics Engine dataset binding ({@code env.X.writeDataPoint}). Writing is fire-and-forget: the
 * runtime batches data points, the call neither blocks nor returns a promise.
 */
public abstract class AnalyticsEngine implements JSObject {

    /** The binding, or null when it is not bound. */
    @JSBody(
            params = {"env", "name"},
            script = "var v = env[name]; return v && typeof v.writeDataPoint === 'function' ? v : null;")
    public static native AnalyticsEngine of(Env env, String name);

    /**
     * One data point: {@code index} (the sampling key), five blobs and five doubles in the order of
     * docs/observability.md#edge-metrics. A throwing binding is logged once per call, never the request's fault.
     */
    @JSBody(
            params = {"dataset", "index", "b1", "b2", "b3", "b4", "b5", "d1", "d2", "d3", "d4", "d5"},
            script = "try { dataset.writeDataPoint({indexes: [index], blobs: [b1, b2, b3, b4, b5],"
                    + " doubles: [d1, d2, d3, d4, d5]}); } catch (failure) {"
                    + " console.log(JSON.stringify({severity: 'WARNING', message: 'analytics engine write failed',"
                    + " reason: String(failure)})); }")
    public static native void write(
            AnalyticsEngine dataset,
            String index,
            String b1,
            String b2,
            String b3,
            String b4,
            String b5,
            double d1,
            double d2,
            double d3,
            double d4,
            double d5);
}
