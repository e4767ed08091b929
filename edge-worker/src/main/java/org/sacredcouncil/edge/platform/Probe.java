package org.sacredcouncil.edge.platform;

import org.teavm.jso.JSBody;
import org.teavm.jso.core.JSPromise;
import org.teavm.jso.core.JSString;

/** Probes of the origins' {@code /v1/healthz}, all at once in one script (no Java callback per origin). */
public final class Probe {

    private Probe() {}

    /**
     * GETs every URL of {@code urls} (one per line) with a deadline, reads each body to the end (so the
     * connection is reused), and resolves to their statuses joined by commas in the same order; 0 for an
     * origin that did not answer in time or at all. Never rejects.
     */
    @JSBody(
            params = {"urls", "timeoutMillis"},
            script = "return Promise.all(urls.split('\\n').map(function (probeUrl) {"
                    + " return fetch(probeUrl, {headers: {'user-agent': 'sacred-edge-probe'},"
                    + " signal: AbortSignal.timeout(timeoutMillis)}).then(function (probed) {"
                    + " var probedStatus = probed.status;"
                    + " return probed.arrayBuffer().then(function () { return probedStatus; },"
                    + " function () { return 0; }); }, function () { return 0; }); }))"
                    + ".then(function (statuses) { return statuses.join(','); });")
    public static native JSPromise<JSString> statuses(String urls, int timeoutMillis);
}
