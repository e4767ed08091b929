package org.sacredcouncil.edge.platform;

import org.teavm.jso.JSObject;

/** A WebCrypto {@code CryptoKey} for HMAC-SHA256, imported once per isolate ({@link WebCrypto#importHmacKey}). */
public interface HmacKey extends JSObject {}
