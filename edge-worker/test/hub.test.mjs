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
after(async () => { for (const c of cleanups.reverse()) await c(); });

async function setup({ vars = {}, kv = {}, persist, origin: withOrigin = true } = {}) {
  let origin;
  if (withOrigin) {
    origin = await startOrigin({ id: 'heart' });
    cleanups.push(origin.close);
  }
  const state = fieldState({ version: 5, coherence: 0.8, origins: origin ? [origin] : [] });
  const edge = await startEdge({ HUB_FEED_SECRET: FEED_SECRET, ...vars },
    { 'field-state': { value: state, metadata: { fetchedAt: Date.now() + 3_600_000 } }, ...kv },
    { http: true, hub: true, persist });
  const dispose = edge.dispose;
  let disposed = false;
  edge.dispose = async () => { if (!disposed) { disposed = true; await dispose(); } };
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
    assert.ok(update.field.regions['us-central1'], 'the message\'s region is in the field');
    assert.ok(update.field.regions['us-central1'].coherence > 0.5, 'a blessing lifts its region: ' + JSON.stringify(update));
    const message = await client.next('message');
    assert.equal(message.message.text, item.event.data.message.text);
  }
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
