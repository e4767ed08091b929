package org.sacredcouncil.edge.platform;

import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSPromise;

/** The request's context: work handed to {@code waitUntil} may finish after the response is sent. */
public interface ExecutionContext extends JSObject {

    void waitUntil(JSPromise<?> work);
}
