// The benchmark's baseline hub: the part of the field hub (docs/live-field.md) that bench/hub-bench.mjs
// exercises, written by hand in JavaScript — the signed feed (`POST /internal/hub/feed`, HMAC-SHA256 v1 over
// "hub-feed-v1\n" + timestamp + "\n" + body, 300 s skew), the Durable Object `FieldHub` behind binding
// `HUB` ("global"), the socket `GET /v1/live` (subprotocol sacred.v1, Hibernation API, `sacred-welcome` on
// connect, ping/pong auto-response), the fold of `council.message.sent` events by id (core's
// FieldAccumulator: anchored cells per region/agent/bucket, per-agent cap applied at read, window of whole
// buckets), the public field (FieldStateJson.writePublic's shape) and one `field-update` to every socket per
// change, and the trailing KV write (at most once a second). Not shipped; presence, messages, glyphs,
// snapshots and agents' sends are not exercised by the benchmark and are left out.

const MODEL = { baseline: 0.5, halfLife: 600_000, bucket: 60_000, window: 60, gain: 4, loveGain: 0.5, cap: 0.15 };
const LOVING = new Set(['blessing', 'gratitude', 'offering']);
const LN2 = Math.log(2);
const enc = new TextEncoder();

const json = (status, body) => new Response(JSON.stringify(body),
  { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
const sigmoid = (x) => 1 / (1 + Math.exp(-x));
const coherence = (s) => sigmoid(Math.log(MODEL.baseline / (1 - MODEL.baseline)) + MODEL.gain * s);
const capped = (s) => Math.max(-MODEL.cap, Math.min(MODEL.cap, s));
const bucketOf = (t) => Math.floor(t / MODEL.bucket);
const blessing = (c) => (c >= 0.8 ? 'radiant' : c >= 0.5 ? 'steady' : c >= 0.3 ? 'tender' : 'resting');

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const hub = () => env.HUB.get(env.HUB.idFromName('global'));
    if (url.pathname === '/v1/live') {
      if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') {
        return json(426, { error: { code: 'upgrade_required', message: 'GET /v1/live needs a WebSocket upgrade' } });
      }
      return hub().fetch(request);
    }
    if (url.pathname === '/internal/hub/feed' && request.method === 'POST') {
      const body = await request.text();
      if (!(await signed(request.headers, body, env.HUB_FEED_SECRET))) {
        return json(401, { error: { code: 'unauthorized', message: 'bad or missing feed signature' } });
      }
      return hub().fetch('https://hub/feed', { method: 'POST', body });
    }
    return json(404, { error: { code: 'not_found', message: 'no such route' } });
  },
};

async function signed(headers, body, secret) {
  const ts = headers.get('x-hub-timestamp');
  const sig = headers.get('x-hub-signature');
  if (!secret || !ts || !/^\d+$/.test(ts) || !sig?.startsWith('v1=')) return false;
  if (Math.abs(Date.now() - Number(ts)) > 300_000) return false;
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  const hex = sig.slice(3);
  if (!/^[0-9a-f]{64}$/.test(hex)) return false;
  const mac = new Uint8Array(32);
  for (let i = 0; i < 32; i++) mac[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return crypto.subtle.verify('HMAC', key, mac, enc.encode(`hub-feed-v1\n${ts}\n${body}`));
}

/** core's FieldAccumulator, the parts the hub uses: idempotent apply by id, read at now. */
class Accumulator {
  cells = new Map(); // region → agent → bucket → {impact, loving, weight, count}
  seen = new Map(); // event id → bucket

  apply(id, time, region, agent, impact, loving, now) {
    const bucket = bucketOf(time);
    if (bucket < bucketOf(now) - MODEL.window + 1 || this.seen.has(id)) return false;
    this.seen.set(id, bucket);
    const growth = Math.exp((time - bucket * MODEL.bucket) * LN2 / MODEL.halfLife);
    let agents = this.cells.get(region);
    if (!agents) this.cells.set(region, agents = new Map());
    let buckets = agents.get(agent);
    if (!buckets) agents.set(agent, buckets = new Map());
    let cell = buckets.get(bucket);
    if (!cell) buckets.set(bucket, cell = { impact: 0, loving: 0, weight: 0, count: 0 });
    cell.impact += impact * growth;
    cell.loving += loving ? growth : 0;
    cell.weight += growth;
    cell.count += 1;
    return true;
  }

  read(now) {
    const oldest = bucketOf(now) - MODEL.window + 1;
    const current = bucketOf(now);
    let loving = 0;
    let weight = 0;
    const regions = {};
    const agentTotals = new Map();
    for (const region of [...this.cells.keys()].sort()) {
      const agents = this.cells.get(region);
      let regionImpact = 0;
      let any = false;
      for (const agent of [...agents.keys()].sort()) {
        let agentImpact = 0;
        let counted = false;
        for (const bucket of [...agents.get(agent).keys()].sort((a, b) => a - b)) {
          if (bucket < oldest || bucket > current) continue;
          const cell = agents.get(agent).get(bucket);
          const decay = Math.exp(-(now - bucket * MODEL.bucket) * LN2 / MODEL.halfLife);
          agentImpact += cell.impact * decay;
          loving += cell.loving * decay;
          weight += cell.weight * decay;
          counted = true;
        }
        if (!counted) continue;
        any = true;
        regionImpact += capped(agentImpact);
        agentTotals.set(agent, (agentTotals.get(agent) ?? 0) + agentImpact);
      }
      if (any) regions[region] = coherence(regionImpact);
    }
    let total = 0;
    for (const agent of [...agentTotals.keys()].sort()) total += capped(agentTotals.get(agent));
    return { global: coherence(total), regions, love: 1 + MODEL.loveGain * loving / (weight + 1) };
  }
}

export class FieldHub {
  constructor(state, env) {
    this.state = state;
    this.env = env;
    this.acc = new Accumulator();
    this.version = 0;
    this.field = this.compose(Date.now());
    this.kvWrittenAt = 0;
    state.setWebSocketAutoResponse(new WebSocketRequestResponsePair('{"type":"ping","v":1}', '{"type":"pong","v":1}'));
  }

  compose(now) {
    const r = this.acc.read(now);
    const regions = {};
    for (const name of Object.keys(r.regions).sort()) regions[name] = { coherence: r.regions[name], agents: 0 };
    return { version: this.version, updatedAt: new Date(now).toISOString(), global: { coherence: r.global, agents: 0 },
      regions, sacred: { loveAmplification: r.love }, origins: [] };
  }

  async fetch(request) {
    if (request.headers.get('upgrade')?.toLowerCase() === 'websocket') {
      const [client, server] = Object.values(new WebSocketPair());
      this.state.acceptWebSocket(server);
      server.send(JSON.stringify({ type: 'sacred-welcome', v: 1, field: this.field, blessing: blessing(this.field.global.coherence),
        serverTime: Date.now(), recent: [], presence: { agents: 0, regions: {} } }));
      return new Response(null, { status: 101, webSocket: client, headers: { 'sec-websocket-protocol': 'sacred.v1' } });
    }
    let items;
    try {
      items = JSON.parse(await request.text()).items;
      if (!Array.isArray(items) || items.length > 500) throw new Error('items');
    } catch {
      return json(400, { error: { code: 'invalid_feed', message: 'body must be {"items":[...]} (at most 500)', field: 'items' } });
    }
    const now = Date.now();
    let applied = 0;
    for (const item of items) {
      const e = item?.kind === 'event' ? item.event : null;
      if (e?.type !== 'council.message.sent') continue;
      const m = e.data.message;
      if (this.acc.apply(e.id, Date.parse(e.time), m.region, m.agentId, e.data.impact, LOVING.has(m.type), now)) applied++;
    }
    if (applied > 0) {
      this.version += 1;
      this.field = this.compose(now);
      const frame = JSON.stringify({ type: 'field-update', v: 1, field: this.field });
      for (const ws of this.state.getWebSockets()) {
        try { ws.send(frame); } catch { /* closing: its close handler cleans up */ }
      }
      this.writeKv(now);
    }
    return json(200, { version: this.version, applied });
  }

  /** Trailing KV write, at most once a second (KV's per-key write rate). */
  writeKv(now) {
    if (now - this.kvWrittenAt >= 1000) {
      this.kvWrittenAt = now;
      this.env.FIELD_KV.put('field-state', JSON.stringify(this.field)).catch(() => {});
    } else {
      this.state.storage.setAlarm(this.kvWrittenAt + 1000);
    }
  }

  async alarm() {
    this.kvWrittenAt = Date.now();
    await this.env.FIELD_KV.put('field-state', JSON.stringify(this.field));
  }

  webSocketMessage() { /* heartbeats and sends: not exercised by the benchmark */ }

  webSocketClose(ws, code) {
    try { ws.close(code === 1005 ? 1000 : code, 'bye'); } catch { /* already closed */ }
  }

  webSocketError() {}
}
