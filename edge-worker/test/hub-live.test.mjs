// The field hub's protocol v2 (one frame per change) and presence expiry by the Durable Object's alarm
// (docs/live-field.md#protocol-versions, #presence-expiry), through the built bundle in workerd.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startOrigin, fieldState } from './support/origins.mjs';
import { startEdge, sleep } from './support/edge.mjs';
import { FEED_SECRET, feed, messageItem, beatItem, connect } from './support/hub.mjs';

const cleanups = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function setup(vars = {}) {
  const origin = await startOrigin({ id: 'heart' });
  cleanups.push(origin.close);
  const state = fieldState({ version: 5, coherence: 0.8, origins: [origin] });
  const edge = await startEdge(
    { HUB_FEED_SECRET: FEED_SECRET, ORIGINS: [{ id: 'heart', url: origin.url, region: 'europe-west1' }], ...vars },
    { 'field-state': { value: state, metadata: { fetchedAt: Date.now() + 3_600_000 } } },
    { http: true, hub: true },
  );
  cleanups.push(edge.dispose);
  return { edge };
}

async function open(edge, opts) {
  const client = await connect(edge, opts);
  cleanups.push(async () => client.close());
  await client.next('sacred-welcome');
  return client;
}

test('sacred.v2: one field-update per change carries its messages and presence; v1 sockets get the frames apart', async () => {
  const { edge } = await setup();
  const v2 = await open(edge, { protocol: 'sacred.v2', ip: '198.51.100.21' });
  const v1 = await open(edge, { protocol: 'sacred.v1', ip: '198.51.100.22' });
  assert.equal(v2.socket.protocol, 'sacred.v2');
  assert.equal(v1.socket.protocol, 'sacred.v1');
  const v2From = v2.frames.length;
  const v1From = v1.frames.length;
  const item = messageItem({ agentId: 'agent-v2', region: 'us-central1' });
  const r = await feed(edge, [item]);
  assert.equal(r.status, 200, r.text);
  const update = await v2.next('field-update', (f) => f.version === r.json.version);
  await v1.next('presence', () => true, 5000, v1From);
  await sleep(300);
  const v2Frames = v2.frames.slice(v2From);
  assert.deepEqual(
    v2Frames.map((f) => f.type),
    ['field-update'],
    'one frame for the change: ' + JSON.stringify(v2Frames),
  );
  assert.equal(update.v, 2);
  assert.equal(update.messages.length, 1);
  assert.equal(update.messages[0].text, item.event.data.message.text);
  assert.equal(update.presence.regions['us-central1'], 1, 'the sender became present with this change');
  assert.equal(update.field.regions['us-central1'].agents, 1);
  assert.deepEqual(
    v1.frames.slice(v1From).map((f) => [f.type, f.v]),
    [
      ['message', 1],
      ['field-update', 1],
      ['presence', 1],
    ],
  );
  // glyphs make no new version: the updated message alone, on both protocols
  const glyphs = {
    kind: 'glyphs',
    messageId: item.event.data.message.id,
    glyphs: [{ symbol: '✦', name: 'light', score: 0.9 }],
  };
  const g = await feed(edge, [glyphs]);
  assert.equal(g.status, 200, g.text);
  const withGlyphs = await v2.next('message', (f) => f.message.glyphs.length === 1);
  assert.equal(withGlyphs.message.id, item.event.data.message.id);
  await v1.next('message', (f) => f.message.glyphs.length === 1);
  // a duplicate: nothing at all
  await sleep(200);
  const before = v2.frames.length;
  assert.equal((await feed(edge, [item])).json.applied, 0);
  await sleep(300);
  assert.equal(v2.frames.length, before);
});

test('a client offering both subprotocols gets v2; one offering neither is refused before the upgrade', async () => {
  const { edge } = await setup();
  const both = await connect(edge, { protocol: ['sacred.v1', 'sacred.v2'], ip: '198.51.100.23' });
  cleanups.push(async () => both.close());
  // the hub answers with the newer one, whatever the order of the offer
  assert.equal(both.socket.protocol, 'sacred.v2');
  const none = await connect(edge, { protocol: 'sacred.v3', ip: '198.51.100.24' });
  await sleep(200);
  assert.equal(none.unexpected?.status, 400);
  assert.equal(JSON.parse(none.unexpected.text).error.code, 'unsupported_protocol');
});

test('presence expiry: an agent whose beats stopped leaves with a presence frame though nothing else arrives', async () => {
  const window = 1500;
  const { edge } = await setup({ HUB_PRESENCE_WINDOW_MS: String(window) });
  const viewer = await open(edge, { ip: '198.51.100.25' });
  const v2 = await open(edge, { protocol: 'sacred.v2', ip: '198.51.100.26' });
  const beatAt = Date.now();
  const r = await feed(edge, [beatItem({ agentId: 'agent-quiet', region: 'asia-east1', at: beatAt })]);
  assert.equal(r.status, 200, r.text);
  await viewer.next('presence', (f) => f.presence.agents === 1);
  const from = viewer.frames.length;
  // no feed, no frame from any client: only the hub's alarm can make this one
  const gone = await viewer.next('presence', (f) => f.presence.agents === 0, window + 4000, from);
  const arrived = Date.now();
  assert.equal(gone.presence.regions['asia-east1'], undefined);
  assert.ok(arrived - beatAt >= window, `not before the window ended (${arrived - beatAt} ms)`);
  const update = await viewer.next('field-update', (f) => f.field.global.agents === 0, 1000, from);
  assert.ok(update.version > r.json.version, 'the expiry is a new version');
  const v2Update = await v2.next('field-update', (f) => f.version === update.version);
  assert.equal(v2Update.presence.agents, 0, 'v2 carries the presence inside the field-update');
});

test('a snapshot over the 256 KiB feed limit comes in parts: the hub applies it when the last part arrives', async () => {
  const { edge } = await setup();
  const client = await open(edge, { protocol: 'sacred.v1', ip: '198.51.100.27' });
  const now = Date.now();
  const bucket = Math.floor(now / 60_000);
  const cellsOf = (region, n) =>
    Array.from({ length: n }, (_, i) => ({
      region,
      agentId: `agent-${region}-${String(i).padStart(5, '0')}`,
      bucket,
      impact: 0.05,
      loving: 1,
      weight: 1,
      count: 1,
    }));
  const base = { kind: 'snapshot', readAt: now - 1_000, field: fieldState({ version: 80, coherence: 0.6 }) };
  const a = cellsOf('asia-east1', 1400);
  const b = cellsOf('africa-south1', 1400);
  const whole = { ...base, cells: [...a, ...b], recentIds: [] };
  const wholeBytes = Buffer.byteLength(JSON.stringify({ items: [whole] }));
  assert.ok(wholeBytes > 256 * 1024, `the snapshot is over the limit (${wholeBytes} B)`);
  assert.equal((await feed(edge, [whole])).status, 413, 'whole, it cannot be posted');
  const parts = [
    { ...base, cells: a, recentIds: [], part: 0, parts: 2 },
    { ...base, cells: b, recentIds: [], part: 1, parts: 2 },
  ];
  for (const p of parts) assert.ok(Buffer.byteLength(JSON.stringify({ items: [p] })) < 256 * 1024);
  const from = client.frames.length;
  const first = await feed(edge, [parts[0]]);
  assert.equal(first.status, 200, first.text);
  assert.equal(first.json.applied, 0, 'one part alone applies nothing');
  await sleep(300);
  assert.equal(client.frames.slice(from).filter((f) => f.type === 'field-update').length, 0);
  const again = await feed(edge, [parts[0]]);
  assert.equal(again.json.applied, 0, 'a part sent again replaces itself');
  const last = await feed(edge, [parts[1]]);
  assert.equal(last.status, 200, last.text);
  assert.equal(last.json.applied, 1);
  assert.ok(last.json.version > 80, "above the snapshot's version");
  const update = await client.next('field-update', (f) => f.version === last.json.version);
  assert.ok(update.field.regions['asia-east1'].coherence > 0.5, "the first part's cells are in the field");
  assert.ok(update.field.regions['africa-south1'].coherence > 0.5, "and the last part's");
  // the hub goes on (its storage took the assembled cells)
  const next = await feed(edge, [messageItem({ region: 'us-central1' })]);
  assert.equal(next.status, 200, next.text);
  await client.next('field-update', (f) => f.version === next.json.version);
});
