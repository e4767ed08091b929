// Continuous load through the edge for the chaos suite: N clients send messages, each with its own
// Idempotency-Key and a unique marker in the text, and behave as the API asks a client to: a 5xx, a 503
// pause, a 409 idempotency_in_progress or a network error is repeated with the same key (backoff up to 2 s)
// until it is accepted (202) or maxRetryMs passes. Every accepted message is remembered with its event id.
import crypto from 'node:crypto';
import { sleep } from './http.mjs';

const LOVING = ['blessing', 'gratitude', 'offering'];

export function startLoad(edge, agents, { clients = 6, marker, thinkMs = 40, maxRetryMs = 180_000 } = {}) {
  const accepted = new Map(); // key → {eventId, messageId, text}
  const givenUp = [];
  const statuses = {};
  let stopping = false;
  let sent = 0;
  const count = (s) => {
    statuses[s] = (statuses[s] ?? 0) + 1;
  };

  async function sendUntilAccepted(agent, key, type, text) {
    const until = Date.now() + maxRetryMs;
    let pause = 100;
    for (;;) {
      let res;
      try {
        res = await edge.send(agent, type, text, { idempotencyKey: key });
        count(res.status);
      } catch (e) {
        count('network');
        res = null;
      }
      if (res && res.status === 202) {
        accepted.set(key, { eventId: res.json?.eventId, messageId: res.json?.messageId, text });
        return;
      }
      if (
        res &&
        res.status >= 400 &&
        res.status < 500 &&
        res.status !== 409 &&
        res.status !== 429 &&
        res.status !== 408
      ) {
        givenUp.push({ key, text, status: res.status, body: res.text.slice(0, 200) });
        return; // the client's own mistake: nothing to repeat
      }
      if (Date.now() > until) {
        givenUp.push({ key, text, status: res?.status ?? 'network' });
        return;
      }
      const retryAfter = Number(res?.headers?.['x-sacred-pause-duration']);
      await sleep(Math.min(2_000, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : pause));
      pause = Math.min(2_000, pause * 2);
    }
  }

  const worker = async (w) => {
    for (let i = 0; !stopping; i++) {
      const agent = agents[(w + i) % agents.length];
      const key = `${marker}-${w}-${i}-${crypto.randomBytes(3).toString('hex')}`;
      sent++;
      await sendUntilAccepted(
        agent,
        key,
        LOVING[i % LOVING.length],
        `${LOVING[i % LOVING.length]} ${key} with thanks to all`,
      );
      await sleep(thinkMs);
    }
  };
  const running = Promise.all([...Array(clients).keys()].map(worker));
  return {
    accepted,
    /** Stops sending new messages and waits until every started one is accepted or given up. */
    async stop() {
      stopping = true;
      await running;
      return { sent, accepted, givenUp, statuses };
    },
  };
}
