package org.sacredcouncil.edge.platform;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSBodyImport;

/**
 * docs/openapi.json as compact JSON text. The build writes it into the Worker's folder as {@code openapi.mjs}
 * beside TeaVM's module (edge-worker/pom.xml, {@code openapi-module}), so the document is bundled with the
 * code that serves it and can never be a version behind.
 */
public final class OpenApiDocument {

    private OpenApiDocument() {}

    @JSBody(
            script = "return openApiModule.text;",
            imports = @JSBodyImport(alias = "openApiModule", fromModule = "./openapi.mjs"))
    public static native String text();
}
