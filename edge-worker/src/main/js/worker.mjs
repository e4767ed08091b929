// The Worker's entry module: TeaVM's ES module exports the Java handlers; this re-exports them in the shape
// the Workers runtime calls. Kept as thin as this on purpose: all logic is Java (docs/live-field.md).
import { handleFetch, handleScheduled, hubLoad, hubFetch, hubMessage, hubClose, hubAlarm } from './edge-teavm.mjs';

export default {
  fetch: (request, env, ctx) => handleFetch(request, env, ctx),
  // the Cron Trigger: a probe round of every origin (docs/observability.md#origin-health)
  scheduled: (controller, env, ctx) => ctx.waitUntil(handleScheduled(env, ctx)),
};

// The Durable Object class (binding HUB): the runtime needs a JS class; each method forwards to Java.
export class FieldHub {
  constructor(state, env) {
    this.state = state;
    state.blockConcurrencyWhile(() => hubLoad(state, env));
  }

  fetch(request) {
    return hubFetch(this.state, request);
  }

  webSocketMessage(socket, message) {
    return hubMessage(this.state, socket, message);
  }

  webSocketClose(socket) {
    hubClose(this.state, socket);
  }

  webSocketError(socket) {
    hubClose(this.state, socket);
  }

  alarm() {
    return hubAlarm(this.state);
  }
}
