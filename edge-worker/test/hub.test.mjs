// The field hub (docs/live-field.md) through the built bundle in workerd: the socket protocol, the signed feed,
// versions across hub / KV / isolate memory, snapshots, restarts, read-only viewers and the limits.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startOrigin, fieldState } from './support/origins.mjs';
import { startEdge, eventually, sleep } from './support/edge.mjs';
import { FEED_SECRET, feed, messageItem, beatItem, connect } from './support/hub.mjs';

const cleanups = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function setup({ vars = {}, persist, seed = true, secret } = {}) {
  const origin = await startOrigin({ id: 'heart', secret });
  cleanups.push(origin.close);
  const state = fieldState({ version: 5, coherence: 0.8, origins: [origin] });
  const edge = await startEdge(
    {
      HUB_FEED_SECRET: FEED_SECRET,
      ...(secret ? { EDGE_SECRET: secret } : {}),
      ORIGINS: [{ id: 'heart', url: origin.url, region: 'europe-west1' }],
      ...vars,
    },
    seed ? { 'field-state': { value: state, metadata: { fetchedAt: Date.now() + 3_600_000 } } } : {},
    { http: true, hub: true, persist },
  );
  const dispose = edge.dispose;
  let disposed = false;
  edge.dispose = async () => {
    if (!disposed) {
      disposed = true;
      await dispose();
    }
  };
  cleanups.push(edge.dispose);
  return { origin, edge };
}

async function open(edge, opts) {
  const client = await connect(edge, opts);
  cleanups.push(async () => client.close());
  return client;
}

test('welcome on connect: field, blessing, server time, recent messages, presence, pause; the subprotocol echoed', async () => {
  const { edge } = await setup();
  const client = await open(edge);
  assert.equal(client.socket.protocol, 'sacred.v1');
  const welcome = await client.next('sacred-welcome');
  assert.equal(welcome.v, 1);
  assert.equal(welcome.role, 'viewer');
  assert.ok(welcome.field.version > 5, `a new hub starts above KV's version 5, got ${welcome.field.version}`);
  assert.equal(typeof welcome.field.global.coherence, 'number');
  assert.ok(['radiant', 'steady', 'tender', 'resting'].includes(welcome.blessing));
  assert.ok(Math.abs(Date.parse(welcome.serverTime) - Date.now()) < 10_000);
  assert.deepEqual(welcome.messages, []);
  assert.equal(welcome.presence.sockets.viewers, 1);
  assert.equal(welcome.pause.kind, 'none');
  for (const o of welcome.field.origins) assert.equal(o.url, undefined, 'no origin URL reaches a client');
});

test('a feed contribution → field-update on every socket, with regions; a duplicate changes nothing', async () => {
  const { edge } = await setup();
  const a = await open(edge, { ip: '198.51.100.1' });
  const b = await open(edge, { ip: '198.51.100.2' });
  const start = (await a.next('sacred-welcome')).field.version;
  await b.next('sacred-welcome');
  const item = messageItem({ region: 'us-central1', impact: 0.04 });
  const r = await feed(edge, [item]);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.applied, 1);
  assert.ok(r.json.version > start);
  for (const client of [a, b]) {
    const update = await client.next('field-update', (f) => f.version === r.json.version);
    assert.ok(update.field.regions['us-central1'], "the message's region is in the field");
    assert.ok(
      update.field.regions['us-central1'].coherence > 0.5,
      'a blessing lifts its region: ' + JSON.stringify(update),
    );
    const message = await client.next('message');
    assert.equal(message.message.text, item.event.data.message.text);
  }
  await a.next('presence'); // the message's agent became present: the last frame of that change
  await sleep(200);
  const framesBefore = a.frames.length;
  const again = await feed(edge, [item]);
  assert.equal(again.status, 200);
  assert.equal(again.json.applied, 0, 'a duplicate applies nothing');
  assert.equal(again.json.version, r.json.version, 'a duplicate makes no new version');
  await sleep(300);
  assert.equal(a.frames.length, framesBefore, 'and sends no frame');
});

test('bad HMAC, stale timestamp, missing headers → 401 JSON; a body over 256 KiB → 413; nothing reaches the hub', async () => {
  const { edge } = await setup();
  const client = await open(edge);
  const welcome = await client.next('sacred-welcome');
  const item = messageItem();
  const wrong = await feed(edge, [item], { secret: 'not-the-secret' });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.json.error.code, 'unauthorized');
  const stale = await feed(edge, [item], { timestamp: Date.now() - 301_000 });
  assert.equal(stale.status, 401);
  const malformed = await feed(edge, [item], { signature: 'sha256=abc' });
  assert.equal(malformed.status, 401);
  const big = await feed(edge, JSON.stringify({ items: [], pad: 'x'.repeat(256 * 1024) }));
  assert.equal(big.status, 413);
  assert.equal(big.json.error.code, 'payload_too_large');
  const other = await fetch(new URL('/internal/other', edge.url), { method: 'POST', body: '{}' });
  assert.equal(other.status, 404);
  await other.text();
  await sleep(200);
  assert.equal(client.frames.filter((f) => f.type === 'field-update').length, 0, 'no refused feed moved the field');
  const good = await feed(edge, [item]);
  assert.equal(good.status, 200);
  assert.equal(good.json.version, welcome.field.version + 1);
});

test('a bad feed item → 400 naming the field, and nothing of the batch is applied', async () => {
  const { edge } = await setup();
  const good = messageItem();
  const r = await feed(edge, [good, { kind: 'event', recordedAt: 'soon', event: good.event }]);
  assert.equal(r.status, 400, r.text);
  assert.equal(r.json.error.field, 'items[1].recordedAt');
  const after = await feed(edge, [good]);
  assert.equal(after.json.applied, 1, 'the good item of the refused batch was not applied');
});

/** The versions of every field a client saw, welcome first. */
function versions(client) {
  return client.frames
    .filter((f) => f.type === 'sacred-welcome' || f.type === 'field-update')
    .map((f) => f.field.version);
}

function assertIncreasing(list, what) {
  for (let i = 1; i < list.length; i++)
    assert.ok(list[i] > list[i - 1], `${what} went ${list[i - 1]} → ${list[i]}: ${list}`);
}

test('the version never goes backwards across hub, KV and isolate memory (a lagging or a leading KV writer included)', async () => {
  const { edge } = await setup({ vars: { FIELD_MEMORY_TTL_MS: '0', FIELD_KV_FRESH_S: '3600' } });
  const client = await open(edge);
  const first = (await client.next('sacred-welcome')).field.version;
  const seen = [];
  const read = async () => {
    const r = await edge.call('/v1/field');
    assert.equal(r.status, 200, r.text);
    seen.push(r.json.version);
    return r.json.version;
  };
  await read();
  const r1 = await feed(edge, [messageItem()]);
  const kvHas = async (v) => {
    const t = await edge.kv.get('field-state');
    return t && JSON.parse(t).version >= v ? JSON.parse(t) : null;
  };
  const inKv = await eventually(() => kvHas(r1.json.version), 5000);
  assert.ok(inKv, 'the hub wrote its version to KV within the throttle');
  assert.ok(
    inKv.origins.length === 1 && inKv.origins[0].url,
    'KV keeps the origins with their URLs (the edge routes by them)',
  );
  assert.equal(
    await eventually(async () => (await read()) >= r1.json.version),
    true,
    "the isolate serves the hub's version",
  );
  // a lagging writer puts an older state into KV: nobody goes back
  await edge.kv.put('field-state', JSON.stringify(fieldState({ version: 3 })), { metadata: { fetchedAt: Date.now() } });
  await read();
  // a leading writer (coherence writing KV itself while the hub was unreachable): the hub moves above it
  await edge.kv.put(
    'field-state',
    JSON.stringify(fieldState({ version: 100, origins: [{ id: 'heart', url: 'http://127.0.0.1:9' }] })),
    { metadata: { fetchedAt: Date.now() } },
  );
  const r2 = await feed(edge, [messageItem()]);
  assert.equal(r2.status, 200);
  await client.next('field-update', (f) => f.field.version > 100, 5000);
  assert.ok(await eventually(() => kvHas(101), 5000), "KV holds the hub's version above 100");
  await read();
  assertIncreasing(versions(client), "the socket's version");
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i] >= seen[i - 1], `GET /v1/field went ${seen}`);
  assert.ok(versions(client)[0] === first);
});

test('a snapshot corrects the hub: cells rebuilt, contributions committed after its read folded again, covered ones not', async () => {
  const { edge } = await setup();
  const client = await open(edge);
  await client.next('sacred-welcome');
  const now = Date.now();
  const old = messageItem({
    agentId: 'agent-old',
    region: 'southamerica-east1',
    recordedAt: now - 60_000,
    at: now - 60_000,
  });
  const read = messageItem({
    agentId: 'agent-read',
    region: 'europe-north1',
    recordedAt: now - 5_000,
    at: now - 5_000,
  });
  const late = messageItem({ agentId: 'agent-late', region: 'us-central1', recordedAt: now, at: now });
  assert.equal((await feed(edge, [old, read, late])).json.applied, 3);
  const bucket = Math.floor(now / 60_000);
  const snapshot = {
    kind: 'snapshot',
    readAt: now - 2_000,
    recentIds: [read.event.id],
    field: fieldState({ version: 50, coherence: 0.6 }),
    cells: [{ region: 'asia-east1', agentId: 'agent-z', bucket, impact: 0.1, loving: 1, weight: 1, count: 1 }],
  };
  const r = await feed(edge, [snapshot]);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.applied, 1);
  assert.ok(r.json.version > 50, "the version goes above the snapshot's");
  const update = await client.next('field-update', (f) => f.version === r.json.version);
  const regions = update.field.regions;
  assert.ok(regions['asia-east1'].coherence > 0.55, "the snapshot's cells are the field now");
  assert.ok(regions['us-central1'].coherence > 0.5, 'a contribution recorded after the read is folded in again');
  assert.equal(
    regions['europe-north1'].coherence,
    0.5,
    'one the snapshot read (recentIds) is not counted twice (nor kept: the cells lack it)',
  );
  assert.equal(
    regions['southamerica-east1'].coherence,
    0.5,
    "one recorded before the overlap is the snapshot's business",
  );
  for (const again of [old, read, late]) {
    assert.equal(
      (await feed(edge, [again])).json.applied,
      0,
      `redelivered ${again.event.data.message.agentId}: counted once`,
    );
  }
  const stale = await feed(edge, [{ ...snapshot, readAt: now - 30_000, cells: [] }]);
  assert.equal(stale.json.applied, 0, 'an older snapshot than the one held changes nothing');
});

test('a hub restart: storage survives, clients reconnect and get the current field; its version does not go back', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-restart-'));
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  const first = await setup({ persist: dir });
  const a = await open(first.edge);
  await a.next('sacred-welcome');
  const item = messageItem({ region: 'us-central1' });
  const r = await feed(first.edge, [item]);
  const before = await a.next('field-update', (f) => f.version === r.json.version);
  await first.edge.dispose();
  assert.ok(await a.waitClosed(), 'the old socket closed with the hub');
  const second = await setup({ persist: dir, seed: false });
  const b = await open(second.edge);
  const welcome = await b.next('sacred-welcome');
  assert.ok(welcome.field.version >= r.json.version, `version ${welcome.field.version} after ${r.json.version}`);
  assert.deepEqual(welcome.field.regions, before.field.regions, 'the current field, not a fresh one');
  assert.equal(welcome.messages.length, 1, 'the recent messages survived');
  assert.equal(
    (await feed(second.edge, [item])).json.applied,
    0,
    'a redelivery after the restart is still a duplicate',
  );
  const next = await feed(second.edge, [messageItem()]);
  assert.ok(next.json.version > welcome.field.version);
});

test('viewers are read-only: a send from an anonymous socket is an error frame and nothing reaches an origin', async () => {
  const { edge, origin } = await setup();
  const client = await open(edge);
  await client.next('sacred-welcome');
  client.send({ type: 'send', v: 1, id: 'm-1', message: { type: 'blessing', text: 'hello' } });
  const error = await client.next('error');
  assert.equal(error.id, 'm-1');
  assert.equal(error.error.code, 'forbidden');
  await sleep(200);
  assert.equal(origin.hits('/v1/messages'), 0);
  assert.equal(client.closed, null, 'the viewer stays connected');
});

test('an agent (auth frame): the key is checked through the signed edge path, send = POST /v1/messages, answered by ack', async () => {
  const { edge, origin } = await setup({ secret: 'edge-test-secret' });
  origin.status = 202;
  const client = await open(edge);
  await client.next('sacred-welcome');
  client.send({ type: 'auth', v: 1, apiKey: 'sc_key_1' });
  const authAck = await client.next('ack', (f) => f.for === 'auth');
  assert.equal(authAck.status, 202);
  const check = origin.requests.find((q) => q.url === '/v1/presence');
  assert.equal(check.headers.authorization, 'Bearer sc_key_1');
  assert.equal(check.rejected, undefined, 'signed like any request through the edge');
  const message = { type: 'blessing', text: 'through the socket' };
  client.send({ type: 'send', v: 1, id: 'k-1', message });
  const ack = await client.next('ack', (f) => f.for === 'send');
  assert.equal(ack.id, 'k-1');
  assert.equal(ack.status, 202);
  const sent = origin.requests.find((q) => q.url === '/v1/messages');
  assert.deepEqual(JSON.parse(sent.body), message);
  assert.equal(sent.headers.authorization, 'Bearer sc_key_1');
  assert.equal(sent.headers['idempotency-key'], 'k-1');
  assert.equal(sent.rejected, undefined);
  // heart's own refusal comes back as is
  origin.status = 400;
  client.send({ type: 'send', v: 1, id: 'k-2', message: { type: 'nonsense' } });
  const refused = await client.next('ack', (f) => f.id === 'k-2');
  assert.equal(refused.status, 400);
  assert.equal(refused.body.error.code, 'refused');
});

test('a refused API key closes with 4401; a bearer key on the upgrade makes an agent socket', async () => {
  const { edge, origin } = await setup();
  origin.status = 401;
  const client = await open(edge);
  await client.next('sacred-welcome');
  client.send({ type: 'auth', v: 1, apiKey: 'wrong' });
  const ack = await client.next('ack');
  assert.equal(ack.status, 401);
  assert.equal((await client.waitClosed()).code, 4401);
  const refusedUpgrade = await connect(edge, { headers: { authorization: 'Bearer wrong' } });
  assert.equal(refusedUpgrade.unexpected?.status, 401, "a refused key on the upgrade gets heart's 401");
  origin.status = 202;
  const agent = await open(edge, { headers: { authorization: 'Bearer good' } });
  assert.equal((await agent.next('sacred-welcome')).role, 'agent');
});

test('limits → close codes: per IP 4429, total 1013, frame size 1009, frame rate 1008, binary 1003, late auth 4408; ping → pong', async () => {
  const { edge } = await setup({
    vars: { HUB_MAX_SOCKETS: '3', HUB_MAX_SOCKETS_PER_IP: '2', HUB_MAX_FRAME_BYTES: '64', HUB_MAX_FRAMES_PER_S: '3' },
  });
  const a = await open(edge, { ip: '192.0.2.1' });
  const b = await open(edge, { ip: '192.0.2.1' });
  await a.next('sacred-welcome');
  await b.next('sacred-welcome');
  const c = await open(edge, { ip: '192.0.2.1' });
  assert.equal((await c.waitClosed()).code, 4429);
  const d = await open(edge, { ip: '192.0.2.2' });
  await d.next('sacred-welcome');
  const e = await open(edge, { ip: '192.0.2.3' });
  assert.equal((await e.waitClosed()).code, 1013, 'the hub is full');
  a.send({ type: 'heartbeat', v: 1, pad: 'x'.repeat(100) });
  assert.equal((await a.waitClosed()).code, 1009);
  b.send('{"type":"ping","v":1}');
  await b.next('pong');
  b.send({ type: 'heartbeat', v: 1 });
  b.send({ type: 'auth', v: 1, apiKey: 'late' });
  assert.equal((await b.waitClosed()).code, 4408, 'auth only as the first frame');
  for (let i = 0; i < 6; i++) d.send({ type: 'heartbeat', v: 1 });
  assert.equal((await d.waitClosed()).code, 1008);
  const f = await open(edge, { ip: '192.0.2.4' });
  await f.next('sacred-welcome');
  f.socket.send(Buffer.from([1, 2, 3]), { binary: true });
  assert.equal((await f.waitClosed()).code, 1003);
});

test('the sacred pause: low coherence from the feed → a pause frame with its duration, as PausePolicy decides for REST', async () => {
  const { edge } = await setup({
    vars: { PAUSE_COHERENCE_THRESHOLD: '0.45', PAUSE_LOW_COHERENCE_MS: '10000', PAUSE_JITTER: '0.2' },
  });
  const client = await open(edge);
  assert.equal((await client.next('sacred-welcome')).pause.kind, 'none');
  await feed(edge, [messageItem({ agentId: 'worried', type: 'concern', impact: -0.15 })]);
  const pause = await client.next('pause');
  assert.equal(pause.pause.kind, 'low_coherence');
  assert.ok(pause.pause.durationMs >= 8000 && pause.pause.durationMs <= 12000, `duration ${pause.pause.durationMs}`);
  await feed(edge, [
    messageItem({ agentId: 'kind-1', impact: 0.15 }),
    messageItem({ agentId: 'kind-2', impact: 0.15 }),
  ]);
  const over = await client.next('pause', (f) => f.pause.kind === 'none');
  assert.equal(over.pause.durationMs, 0);
});

test('presence: feed beats and open agent sockets; the agent behind a socket is named by the beat its key check caused', async () => {
  const { edge, origin } = await setup();
  origin.raw = {
    status: 202,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ eventId: 'beat-from-key-check', at: new Date().toISOString() }),
  };
  const viewer = await open(edge, { ip: '198.51.100.9' });
  await viewer.next('sacred-welcome');
  const agent = await open(edge, { headers: { authorization: 'Bearer sc_key_s' } });
  assert.equal((await agent.next('sacred-welcome')).role, 'agent');
  await feed(edge, [beatItem({ id: 'beat-from-key-check', agentId: 'agent-s', region: 'asia-east1' })]);
  const first = await viewer.next('presence', (f) => f.presence.regions['asia-east1'] === 1);
  assert.equal(first.presence.agents, 1);
  assert.equal(first.presence.sockets.agents, 1);
  await feed(edge, [beatItem({ agentId: 'agent-t', region: 'europe-west1' })]);
  const second = await viewer.next('presence', (f) => f.presence.agents === 2);
  assert.equal(second.presence.regions['europe-west1'], 1);
  const update = viewer.frames.filter((f) => f.type === 'field-update').at(-1);
  assert.equal(update.field.regions['asia-east1'].agents, 1, 'presence counts are in the field too');
  assert.equal(update.field.global.agents, 2);
});

test("glyphs that reach the hub before their message (wisdom's item ahead of memory's) are on its message frame", async () => {
  const { edge } = await setup();
  const client = await open(edge, { ip: '198.51.100.40' });
  await client.next('sacred-welcome');
  const item = messageItem({ agentId: 'early-glyphs' });
  const glyphs = [{ symbol: '🙏', name: 'gratitude', score: 0.9 }];
  const early = await feed(edge, [{ kind: 'glyphs', messageId: item.event.data.message.id, glyphs }]);
  assert.equal(early.status, 200, early.text);
  const r = await feed(edge, [item]);
  assert.equal(r.status, 200, r.text);
  const message = await client.next('message', (f) => f.message.id === item.event.data.message.id);
  assert.deepEqual(
    message.message.glyphs.map((g) => g.symbol),
    ['🙏'],
    'the early glyphs: ' + JSON.stringify(message),
  );
});

test('times written at any UTC offset reach the sockets as the same instant in UTC (core IsoInstant on the engine calendar)', async () => {
  const { edge } = await setup();
  const socket = await open(edge, { ip: '198.51.100.9' });
  await socket.next('sacred-welcome');
  /** `at` written at a UTC offset of `minutes`, as ISO-8601 with that offset (what a client clock may send). */
  const atOffset = (at, minutes) => {
    const local = new Date(at + minutes * 60_000).toISOString().slice(0, -1);
    const sign = minutes < 0 ? '-' : '+';
    const abs = Math.abs(minutes);
    return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  };
  // the local date differs from UTC's on both sides (+05:30 after, -09:00 before), a fraction, and a whole second
  const base = Date.UTC(2026, 11, 1, 22, 15, 0) + ((Date.now() - Date.UTC(2026, 11, 1)) % 3_600_000);
  const cases = [
    { at: base + 250, minutes: 330 },
    { at: base - 12_000, minutes: -540 },
    { at: Math.floor(base / 1000) * 1000, minutes: 0 },
  ];
  for (const { at, minutes } of cases) {
    const item = messageItem({ at: Date.now() });
    item.event.data.message.sentAt = atOffset(at, minutes);
    const r = await feed(edge, [item]);
    assert.equal(r.status, 200, r.text);
    const frame = await socket.next('message', (f) => f.message.id === item.event.data.message.id);
    const utc = new Date(at).toISOString().replace('.000Z', 'Z');
    assert.equal(frame.message.sentAt, utc, `${item.event.data.message.sentAt} is ${utc}`);
  }
});
