/**
 * The typed adapter over the Workers runtime, in the spirit of workers-rs: {@link
 * org.sacredcouncil.edge.platform.Request}, {@link org.sacredcouncil.edge.platform.Response}, {@link
 * org.sacredcouncil.edge.platform.Env}, {@link org.sacredcouncil.edge.platform.Kv}, {@link
 * org.sacredcouncil.edge.platform.ExecutionContext}, outbound {@link org.sacredcouncil.edge.platform.Fetch},
 * WebCrypto and the clock. This is the only package with JSO interfaces and {@code @JSBody} scripts;
 * elsewhere only {@code JSPromise} appears, as the vocabulary of asynchronous results.
 */
package org.sacredcouncil.edge.platform;
