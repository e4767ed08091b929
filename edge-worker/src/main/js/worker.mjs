// The Worker's entry module: TeaVM's ES module exports the Java handler; this re-exports it in the shape
// the Workers runtime calls. Kept as thin as this on purpose: all logic is Java.
import { handleFetch } from './edge-teavm.mjs';

export default { fetch: (request, env, ctx) => handleFetch(request, env, ctx) };
