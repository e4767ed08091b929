// The benchmark's baseline hub: the part of the field hub (docs/live-field.md) that bench/hub-bench.mjs
// exercises, written by hand in JavaScript — the signed feed (`POST /internal/hub/feed`, HMAC-SHA256 v1 over
// "hub-feed-v1\n" + timestamp + "\n" + body, 300 s skew), the Durable Object `FieldHub` behind binding
// `HUB` ("global"), the socket `GET /v1/live` (subprotocol sacred.v1, Hibernation API, `sacred-welcome` on
// connect, ping/pong auto-response), the fold of `council.message.sent` events by id (core's
// FieldAccumulator: anchored cells per region/agent/bucket, per-agent cap applied at read, window of whole
// buckets), the public field (FieldStateJson.writePublic's shape) and per change, for sacred.v1 sockets, the
// `message` frame of each new message (20 recent kept), a `field-update`, and a `presence` frame when the counts
// per region change — for sacred.v2 sockets one `field-update` carrying all of them (docs/live-field.md
// #protocol-versions); one request for the sockets per protocol and change; the per-event storage writes of only
// what changed (folded id, the message, the sender's mark, meta) and the trailing KV write through the alarm (at
// most once a second) — as FieldHub.java does them. Not shipped; glyphs,
// snapshots, heartbeats and agents' sends are not exercised by the benchmark and are left out.

const MODEL = { baseline: 0.5, halfLife: 600_000, bucket: 60_000, window: 60, gain: 4, loveGain: 0.5, cap: 0.15 };
const LOVING = new Set(['blessing', 'gratitude', 'offering']);
const LN2 = Math.log(2);
const enc = new TextEncoder();

const json = (status, body) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
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
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'verify',
  ]);
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
    const growth = Math.exp(((time - bucket * MODEL.bucket) * LN2) / MODEL.halfLife);
    let agents = this.cells.get(region);
    if (!agents) this.cells.set(region, (agents = new Map()));
    let buckets = agents.get(agent);
    if (!buckets) agents.set(agent, (buckets = new Map()));
    let cell = buckets.get(bucket);
    if (!cell) buckets.set(bucket, (cell = { impact: 0, loving: 0, weight: 0, count: 0 }));
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
          const decay = Math.exp((-(now - bucket * MODEL.bucket) * LN2) / MODEL.halfLife);
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
    return { global: coherence(total), regions, love: 1 + (MODEL.loveGain * loving) / (weight + 1) };
  }
}

const RECENT_MESSAGES = 20;
const PRESENCE_WINDOW_MS = 5 * 60_000;
const MAX_SOCKETS_PER_IP = 16;

export class FieldHub {
  constructor(state, env) {
    this.state = state;
    this.env = env;
    this.acc = new Accumulator();
    this.version = 0;
    this.recent = [];
    this.seen = new Map(); // agent → {region, at}: presence from messages, as the hub's PresenceTracker
    this.presenceBody = this.presenceOf(Date.now());
    this.field = this.compose(Date.now());
    this.kvWrittenAt = 0;
    this.kvScheduled = false;
    this.maxPerIp = Number(env.HUB_MAX_SOCKETS_PER_IP || MAX_SOCKETS_PER_IP);
    state.setWebSocketAutoResponse(new WebSocketRequestResponsePair('{"type":"ping","v":1}', '{"type":"pong","v":1}'));
    // Woken after hibernation (or restarted), the hub rebuilds itself from storage, as FieldHub.java does.
    state.blockConcurrencyWhile(() => this.load());
  }

  async load() {
    const storage = this.state.storage;
    const now = Date.now();
    for (const f of (await storage.list({ prefix: 'folded:' })).values()) {
      const e = JSON.parse(f);
      this.acc.apply(e.id, e.time, e.region, e.agentId, e.impact, e.loving, now);
      this.seen.set(e.agentId, { region: e.region, at: e.time });
    }
    this.recent = [...(await storage.list({ prefix: 'r:' })).values()]
      .map((text) => JSON.parse(text))
      .sort((a, b) => Date.parse(b.recordedAt) - Date.parse(a.recordedAt));
    this.version = JSON.parse((await storage.get('meta')) ?? '{"version":0}').version;
    this.presenceBody = this.presenceOf(now);
    this.field = this.compose(now);
  }

  compose(now) {
    const r = this.acc.read(now);
    const present = this.presentByRegion(now);
    const names = [...new Set([...Object.keys(r.regions), ...Object.keys(present)])].sort();
    const regions = {};
    let agents = 0;
    for (const name of names) {
      regions[name] = { coherence: r.regions[name] ?? MODEL.baseline, agents: present[name] ?? 0 };
      agents += present[name] ?? 0;
    }
    return {
      version: this.version,
      updatedAt: new Date(now).toISOString(),
      global: { coherence: r.global, agents },
      regions,
      sacred: { loveAmplification: r.love },
      origins: [],
    };
  }

  presentByRegion(now) {
    const out = {};
    for (const { region, at } of this.seen.values())
      if (now - at <= PRESENCE_WINDOW_MS) out[region] = (out[region] ?? 0) + 1;
    return out;
  }

  presenceOf(now) {
    const regions = this.presentByRegion(now);
    const agents = Object.values(regions).reduce((a, b) => a + b, 0);
    return JSON.stringify({
      regions,
      agents,
      sockets: { agents: 0, viewers: this.state.getWebSockets('viewer').length },
    });
  }

  /** The v1 frames to the sacred.v1 sockets, the v2 frames to the sacred.v2 ones: one socket list each. */
  broadcast(v1, v2) {
    for (const [tag, frames] of [
      ['sacred.v1', v1],
      ['sacred.v2', v2],
    ]) {
      for (const ws of this.state.getWebSockets(tag)) {
        try {
          for (const frame of frames) ws.send(frame);
        } catch {
          /* closing: its close handler cleans up */
        }
      }
    }
  }

  async fetch(request) {
    if (request.headers.get('upgrade')?.toLowerCase() === 'websocket') {
      const ip = request.headers.get('cf-connecting-ip') || 'unknown';
      const offered = (request.headers.get('sec-websocket-protocol') ?? '').split(',').map((p) => p.trim());
      const protocol = offered.includes('sacred.v2') ? 'sacred.v2' : 'sacred.v1';
      const [client, server] = Object.values(new WebSocketPair());
      this.state.acceptWebSocket(server, [`ip:${ip}`, 'viewer', protocol]);
      server.serializeAttachment(JSON.stringify({ ip, edge: null, at: Date.now(), role: 'viewer', spoke: false }));
      const response = new Response(null, {
        status: 101,
        webSocket: client,
        headers: { 'sec-websocket-protocol': protocol },
      });
      if (this.state.getWebSockets(`ip:${ip}`).length > this.maxPerIp) {
        server.close(4008, 'too many sockets from this address');
        return response;
      }
      this.presenceBody = this.presenceOf(Date.now());
      server.send(
        `{"type":"sacred-welcome","v":1,"serverTime":${JSON.stringify(new Date().toISOString())},"role":"viewer",` +
          `"blessing":"${blessing(this.field.global.coherence)}","field":${JSON.stringify(this.field)},` +
          `"messages":${JSON.stringify(this.recent)},"presence":${this.presenceBody},"pause":{"kind":"none","durationMs":0,"retryAfter":0}}`,
      );
      return response;
    }
    let items;
    try {
      items = JSON.parse(await request.text()).items;
      if (!Array.isArray(items) || items.length > 500) throw new Error('items');
    } catch {
      return json(400, {
        error: { code: 'invalid_feed', message: 'body must be {"items":[...]} (at most 500)', field: 'items' },
      });
    }
    const now = Date.now();
    const storage = this.state.storage;
    let applied = 0;
    let fieldChanged = false;
    let presenceChanged = false;
    const messages = [];
    for (const item of items) {
      const e = item?.kind === 'event' ? item.event : null;
      if (e?.type !== 'council.message.sent') continue;
      const m = e.data.message;
      const time = Date.parse(e.time);
      let changed = false;
      if (this.acc.apply(e.id, time, m.region, m.agentId, e.data.impact, LOVING.has(m.type), now)) {
        storage.put(
          `folded:${e.id}`,
          JSON.stringify({
            id: e.id,
            recordedAt: item.recordedAt,
            region: m.region,
            agentId: m.agentId,
            time,
            impact: e.data.impact,
            loving: LOVING.has(m.type),
          }),
        );
        fieldChanged = changed = true;
        if (!this.recent.some((r) => r.eventId === e.id)) {
          const message = {
            id: m.id,
            eventId: e.id,
            agentId: m.agentId,
            type: m.type,
            text: m.text,
            region: m.region,
            sentAt: m.sentAt,
            recordedAt: new Date(item.recordedAt).toISOString(),
            impact: e.data.impact,
            glyphs: [],
          };
          this.recent.unshift(message);
          storage.put(`r:${e.id}`, JSON.stringify(message));
          if (this.recent.length > RECENT_MESSAGES) storage.delete(`r:${this.recent.pop().eventId}`);
          messages.push(message);
        }
      }
      const before = JSON.stringify(this.presentByRegion(now));
      this.seen.set(m.agentId, { region: m.region, at: time });
      storage.put(`p:${m.agentId}`, JSON.stringify([m.agentId, m.region, time]));
      if (JSON.stringify(this.presentByRegion(now)) !== before) presenceChanged = changed = true;
      if (changed) applied++;
    }
    const messageFrames = messages.map((message) => `{"type":"message","v":1,"message":${JSON.stringify(message)}}`);
    if (fieldChanged || presenceChanged) {
      this.version += 1;
      this.field = this.compose(now);
      storage.put('meta', JSON.stringify({ version: this.version }));
      const head = `"version":${this.version},"blessing":"${blessing(this.field.global.coherence)}","field":${JSON.stringify(this.field)}`;
      const v1 = [...messageFrames, `{"type":"field-update","v":1,${head}}`];
      const presence = this.presenceOf(now);
      let moved = null;
      if (presenceChanged || presence !== this.presenceBody) {
        this.presenceBody = moved = presence;
        v1.push(`{"type":"presence","v":1,"presence":${presence}}`);
      }
      const v2 = `{"type":"field-update","v":2,${head},"messages":${JSON.stringify(messages)}${moved ? `,"presence":${moved}` : ''}}`;
      this.broadcast(v1, [v2]);
      this.scheduleKv(now);
    } else if (messageFrames.length) {
      this.broadcast(messageFrames, messageFrames);
    }
    return json(200, { version: this.version, applied });
  }

  /** Trailing KV write, at most once a second (KV's per-key write rate), through the alarm. */
  scheduleKv(now) {
    if (this.kvScheduled) return;
    this.kvScheduled = true;
    this.state.storage.setAlarm(Math.max(now, this.kvWrittenAt + 1000));
  }

  async alarm() {
    this.kvScheduled = false;
    const held = await this.env.FIELD_KV.get('field-state');
    if (held && JSON.parse(held).version >= this.version) this.version = JSON.parse(held).version + 1;
    this.kvWrittenAt = Date.now();
    await this.env.FIELD_KV.put('field-state', JSON.stringify(this.field));
  }

  webSocketMessage() {
    /* heartbeats and sends: not exercised by the benchmark */
  }

  webSocketClose(ws, code) {
    try {
      ws.close(code === 1005 ? 1000 : code, 'bye');
    } catch {
      /* already closed */
    }
  }

  webSocketError() {}
}
