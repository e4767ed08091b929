// GraphQL at the edge (docs/graphql.md) through the built bundle in workerd: /v1/graphql forwarded and counted by
// its operation, persisted reads cached at the edge, heart's pause passed on without ejecting, and subscriptions
// over the hub's socket (graphql-transport-ws) — with sacred.v2 beside them unchanged.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startOrigin, fieldState } from './support/origins.mjs';
import { startEdge, sleep } from './support/edge.mjs';
import { FEED_SECRET, feed, messageItem, connect } from './support/hub.mjs';

const cleanups = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function setup({ vars = {}, ratelimits, hub = false, ids = ['heart'] } = {}) {
  const origins = [];
  for (const id of ids) {
    const origin = await startOrigin({ id, secret: 'edge-test-secret' });
    cleanups.push(origin.close);
    origins.push(origin);
  }
  const state = fieldState({ version: 5, coherence: 0.8, origins });
  const edge = await startEdge(
    {
      EDGE_SECRET: 'edge-test-secret',
      HUB_FEED_SECRET: FEED_SECRET,
      ORIGINS: origins.map((o) => ({ id: o.id, url: o.url, region: 'europe-west1' })),
      ...vars,
    },
    { 'field-state': { value: state, metadata: { fetchedAt: Date.now() + 3_600_000 } } },
    { http: hub, hub, ...(ratelimits ? { ratelimits } : {}) },
  );
  cleanups.push(edge.dispose);
  return { origin: origins[0], origins, edge };
}

const post = (edge, body, headers = {}) =>
  edge.call('/v1/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': '198.51.100.9', ...headers },
    body: JSON.stringify(body),
  });

const limit1 = { simple: { limit: 1, period: 60 } };

test('a mutation counts in its root field’s budget; aliases, strings and comments do not fool the lexer', async () => {
  const { edge, origin } = await setup({
    ratelimits: { LIMIT_REGISTRATIONS: limit1, LIMIT_MESSAGES: limit1, LIMIT_ARTIFACTS: limit1 },
  });
  const register = {
    query: '# mutation { sendMessage }\nmutation Join { me: registerAgent(input: {name: "}"}) { id } }',
  };
  assert.equal((await post(edge, register)).status, 200);
  const again = await post(edge, register);
  assert.equal(again.status, 429, 'the second registration is over LIMIT_REGISTRATIONS');
  assert.equal(again.json.error.code, 'rate_limited');
  // the same client still has its message budget: the kind is the root field's, not "any POST"
  const send = {
    query: 'query Q { field { version } } mutation M { sendMessage(input: {type: "blessing", text: "\\"}"}) { id } }',
    operationName: 'M',
  };
  assert.equal((await post(edge, send)).status, 200);
  assert.equal((await post(edge, send)).status, 429, 'the second message is over LIMIT_MESSAGES');
  assert.equal((await post(edge, { query: 'mutation { deleteArtifact(id: "a") }' })).status, 200);
  assert.equal((await post(edge, { query: 'mutation { deleteArtifact(id: "b") }' })).status, 429);
  // queries count as reads (unbound here): never limited by the write budgets
  for (let i = 0; i < 3; i++) {
    assert.equal((await post(edge, { ...send, operationName: 'Q' })).status, 200);
  }
  assert.equal(origin.hits('/v1/graphql'), 6, 'refused requests never reached heart');
});

test('a GraphQL query over POST is retried on another origin; a mutation is not', async () => {
  const { edge, origins } = await setup({ ids: ['a', 'b'], vars: { EJECT_AFTER_FAILURES: '5' } });
  for (const o of origins) {
    o.graphql = () => ({
      status: 503,
      headers: { 'x-origin-fault': 'postgres' },
      body: { errors: [{ message: 'down' }] },
    });
  }
  const query = await post(edge, { query: '{ field { version } }' });
  assert.equal(query.status, 503);
  assert.equal(origins[0].hits('/v1/graphql') + origins[1].hits('/v1/graphql'), 2, 'a query: tried on both');
  const mutation = await post(edge, { query: 'mutation { sendMessage(input: {}) { id } }' });
  assert.equal(mutation.status, 503);
  assert.equal(origins[0].hits('/v1/graphql') + origins[1].hits('/v1/graphql'), 3, 'a mutation: one attempt');
});

test('a persisted GET without Authorization is cached at the edge: the second never reaches heart, nor the limit', async () => {
  const { edge, origin } = await setup({ ratelimits: { LIMIT_READS: limit1 } });
  const extensions = JSON.stringify({ persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } });
  const url = `/v1/graphql?extensions=${encodeURIComponent(extensions)}&variables=%7B%7D`;
  const first = await edge.call(url);
  assert.equal(first.status, 200, first.text);
  assert.equal(first.headers['x-graphql-cache'], 'miss');
  assert.equal(first.headers['x-edge-origin'], 'heart');
  const second = await edge.call(url);
  assert.equal(second.status, 200);
  assert.equal(second.headers['x-graphql-cache'], 'hit');
  assert.equal(second.headers['x-edge-origin'], 'edge');
  assert.deepEqual(second.json, first.json, 'the stored answer');
  assert.ok(second.headers['x-field-coherence'], 'with the edge headers of this request');
  assert.equal((await edge.call(url)).status, 200, 'hits are not rate limited');
  assert.equal(origin.hits('/v1/graphql'), 1, 'heart answered once');
  // anything not persisted is a read like any other: over LIMIT_READS (1) now
  assert.equal((await edge.call('/v1/graphql?query=%7Bfield%7Bversion%7D%7D')).status, 429);
});

test('an authenticated persisted GET and a plain one are never cached', async () => {
  const { edge, origin } = await setup();
  const extensions = JSON.stringify({ persistedQuery: { version: 1, sha256Hash: 'cd'.repeat(32) } });
  const url = `/v1/graphql?extensions=${encodeURIComponent(extensions)}`;
  // heart marks even this one public: the edge must not store what an Authorization header may have shaped
  origin.graphql = () => ({ status: 200, headers: { 'cache-control': 'public, max-age=5' }, body: { data: {} } });
  for (let i = 0; i < 2; i++) {
    const r = await edge.call(url, { headers: { authorization: 'Bearer sc_key' } });
    assert.equal(r.status, 200);
    assert.equal(r.headers['x-graphql-cache'], undefined);
  }
  for (let i = 0; i < 2; i++) await edge.call('/v1/graphql?query=%7Bfield%7Bversion%7D%7D');
  assert.equal(origin.hits('/v1/graphql'), 4);
});

test('heart’s pause (503 + X-Sacred-Pause-Duration) is passed on as it is and ejects no origin', async () => {
  const { edge, origin } = await setup({ vars: { EJECT_AFTER_FAILURES: '2', EJECT_SECONDS: '600' } });
  const paused = { errors: [{ message: 'the field rests', extensions: { code: 'sacred_pause' } }] };
  origin.graphql = () => ({
    status: 503,
    headers: { 'x-sacred-pause-duration': '4000', 'retry-after': '4' },
    body: paused,
  });
  for (let i = 0; i < 4; i++) {
    const r = await post(edge, { query: 'mutation { sendMessage(input: {type: "concern", text: "x"}) { id } }' });
    assert.equal(r.status, 503);
    assert.equal(r.headers['x-edge-origin'], 'heart', 'heart answered, not the edge’s no-origin pause');
    assert.equal(r.headers['x-sacred-pause-duration'], '4000');
    assert.equal(r.headers['retry-after'], '4');
    assert.deepEqual(r.json, paused, 'the GraphQL body, not normalised to the REST error shape');
  }
  assert.equal(origin.hits('/v1/graphql'), 4, 'each reached heart: the origin was never ejected');
  const field = await edge.call('/v1/field');
  assert.notEqual(field.json.origins.find((o) => o.id === 'heart').healthy, false);
});

// ------------------------------------------------------------------ subscriptions over the hub

const FIELD_QUERY = 'subscription { live: field { v: version __typename coherence rs: regions { region agents } } }';
const FIELD_PLAN = {
  root: 'field',
  key: 'live',
  selection: [
    { key: 'v', field: 'version' },
    { key: '__typename', typename: 'Field' },
    { key: 'coherence', field: 'coherence' },
    {
      key: 'rs',
      field: 'regions',
      selection: [
        { key: 'region', field: 'region' },
        { key: 'agents', field: 'agents' },
      ],
    },
  ],
};
const MESSAGE_QUERY = 'subscription { messageAdded { said: text agentId glyphs { symbol } } }';
const MESSAGE_PLAN = {
  root: 'messageAdded',
  selection: [
    { key: 'said', field: 'text' },
    { key: 'agentId', field: 'agentId' },
    { key: 'glyphs', field: 'glyphs', selection: [{ key: 'symbol', field: 'symbol' }] },
  ],
};

async function gql(edge, opts = {}) {
  const client = await connect(edge, { protocol: 'graphql-transport-ws', ...opts });
  cleanups.push(async () => client.close());
  return client;
}

async function acked(edge, opts) {
  const client = await gql(edge, opts);
  client.send({ type: 'connection_init' });
  await client.next('connection_ack');
  return client;
}

test('graphql-transport-ws: the subprotocol echoed, init → ack, ping → pong, no sacred frame', async () => {
  const { edge } = await setup({ hub: true });
  const client = await gql(edge);
  assert.equal(client.socket.protocol, 'graphql-transport-ws');
  client.send({ type: 'ping', payload: { at: 1 } });
  await client.next('pong');
  client.send({ type: 'connection_init', payload: {} });
  await client.next('connection_ack');
  await sleep(200);
  assert.deepEqual(
    client.frames.map((f) => f.type),
    ['pong', 'connection_ack'],
    'no sacred-welcome on this protocol',
  );
});

test('subscribe → next on a feed update, projected through heart’s plan: aliases, __typename, keys in order', async () => {
  const { edge, origin } = await setup({ hub: true });
  origin.plans[FIELD_QUERY] = FIELD_PLAN;
  origin.plans[MESSAGE_QUERY] = MESSAGE_PLAN;
  const client = await acked(edge);
  client.send({ id: 'f', type: 'subscribe', payload: { query: FIELD_QUERY } });
  client.send({ id: 'm', type: 'subscribe', payload: { query: MESSAGE_QUERY } });
  await sleep(300); // the plans come from heart through the edge
  const plans = origin.requests.filter((r) => r.url === '/v1/graphql/subscriptions');
  assert.equal(plans.length, 2);
  assert.equal(plans[0].rejected, undefined, 'signed like any request through the edge');
  assert.deepEqual(JSON.parse(plans[0].body), { query: FIELD_QUERY }, 'the subscribe payload');
  const item = messageItem({ region: 'us-central1', text: 'through graphql' });
  const r = await feed(edge, [item]);
  assert.equal(r.status, 200, r.text);
  const next = await client.next('next', (f) => f.id === 'f' && f.payload.data.live.v === r.json.version);
  const live = next.payload.data.live;
  assert.deepEqual(Object.keys(next.payload.data), ['live']);
  assert.deepEqual(Object.keys(live), ['v', '__typename', 'coherence', 'rs'], 'the plan’s keys, in its order');
  assert.equal(live.__typename, 'Field');
  assert.equal(typeof live.coherence, 'number');
  assert.deepEqual(
    live.rs.map((x) => x.region),
    [...live.rs.map((x) => x.region)].sort(),
    'regions sorted by region',
  );
  assert.ok(live.rs.some((x) => x.region === 'us-central1' && x.agents >= 1));
  assert.deepEqual(Object.keys(live.rs[0]), ['region', 'agents']);
  const added = await client.next('next', (f) => f.id === 'm');
  assert.deepEqual(added.payload, {
    data: { messageAdded: { said: 'through graphql', agentId: item.event.data.message.agentId, glyphs: [] } },
  });
  // the glyphs arrive: the message again, with them (as the sacred message frame)
  await feed(edge, [
    { kind: 'glyphs', messageId: item.event.data.message.id, glyphs: [{ symbol: '☼', name: 'sun', score: 0.9 }] },
  ]);
  const glyphs = await client.next('next', (f) => f.id === 'm' && f.payload.data.messageAdded.glyphs.length > 0);
  assert.deepEqual(glyphs.payload.data.messageAdded.glyphs, [{ symbol: '☼' }]);
  // the same payload again: the cached plan, heart is not asked
  client.send({ id: 'f2', type: 'subscribe', payload: { query: FIELD_QUERY } });
  await sleep(300); // the hash of the payload is computed first (WebCrypto), then the cached plan is kept
  await feed(edge, [messageItem()]);
  await client.next('next', (f) => f.id === 'f2');
  assert.equal(origin.requests.filter((q) => q.url === '/v1/graphql/subscriptions').length, 2, 'plan cached');
});

test('a refused plan → error with heart’s errors; complete stops the nexts; the socket stays', async () => {
  const { edge, origin } = await setup({ hub: true });
  origin.plans[FIELD_QUERY] = FIELD_PLAN;
  const client = await acked(edge);
  client.send({
    id: 'bad',
    type: 'subscribe',
    payload: { query: 'subscription { messageAdded { artifacts { id } } }' },
  });
  const error = await client.next('error', (f) => f.id === 'bad');
  assert.equal(error.payload[0].extensions.code, 'graphql_invalid');
  client.send({ id: 'f', type: 'subscribe', payload: { query: FIELD_QUERY } });
  await sleep(300);
  await feed(edge, [messageItem()]);
  await client.next('next', (f) => f.id === 'f');
  client.send({ id: 'f', type: 'complete' });
  await sleep(200);
  const count = client.frames.filter((f) => f.type === 'next').length;
  await feed(edge, [messageItem()]);
  await sleep(400);
  assert.equal(client.frames.filter((f) => f.type === 'next').length, count, 'no next after complete');
  assert.equal(client.closed, null);
  // the id is free again after complete
  client.send({ id: 'f', type: 'subscribe', payload: { query: FIELD_QUERY } });
  await feed(edge, [messageItem()]);
  await client.next('next', (f) => f.id === 'f', 5000, count);
});

test('close codes: 4408 without connection_init, 4401 subscribe before ack, 4409 duplicate id, 4429 init twice, 4400', async () => {
  const { edge, origin } = await setup({ hub: true, vars: { HUB_GRAPHQL_INIT_MS: '1500' } });
  origin.plans[FIELD_QUERY] = FIELD_PLAN;
  // a silent socket is closed by the hub's alarm when its window ends. KNOWN: under miniflare the client does not
  // always get that close frame (workerd then drops the connection: 1006), so the code is checked when it comes.
  const silent = await gql(edge, { ip: '198.51.100.20' });
  const end = Date.now() + 5000;
  while (silent.socket._closeCode === undefined && !silent.closed && Date.now() < end) await sleep(20);
  assert.ok(silent.closed || silent.socket._closeCode !== undefined, 'the silent socket was closed');
  assert.ok([4408, 1006].includes(silent.socket._closeCode ?? silent.closed.code), `closed ${silent.closed?.code}`);
  const early = await gql(edge, { ip: '198.51.100.21' });
  early.send({ id: '1', type: 'subscribe', payload: { query: FIELD_QUERY } });
  assert.equal((await early.waitClosed()).code, 4401);
  const dup = await acked(edge, { ip: '198.51.100.22' });
  dup.send({ id: '1', type: 'subscribe', payload: { query: FIELD_QUERY } });
  dup.send({ id: '1', type: 'subscribe', payload: { query: FIELD_QUERY } });
  assert.equal((await dup.waitClosed()).code, 4409);
  const twice = await acked(edge, { ip: '198.51.100.23' });
  twice.send({ type: 'connection_init' });
  assert.equal((await twice.waitClosed()).code, 4429);
  const bad = await acked(edge, { ip: '198.51.100.24' });
  bad.send({ type: 'subscribe-please' });
  assert.equal((await bad.waitClosed()).code, 4400);
  const late = await acked(edge, { ip: '198.51.100.25' });
  await sleep(2000);
  assert.equal(late.closed, null, 'an initialised socket outlives the window');
});

test('at most 10 subscriptions per socket', async () => {
  const { edge, origin } = await setup({ hub: true });
  origin.plans[FIELD_QUERY] = FIELD_PLAN;
  const client = await acked(edge);
  for (let i = 0; i < 11; i++) client.send({ id: `s${i}`, type: 'subscribe', payload: { query: FIELD_QUERY } });
  const error = await client.next('error', (f) => f.id === 's10');
  assert.equal(error.payload[0].extensions.code, 'too_many_subscriptions');
  assert.equal(client.closed, null);
});

test('connection_init with an authorization is checked like the auth frame: accepted → ack, refused → 4403', async () => {
  const { edge, origin } = await setup({ hub: true });
  origin.status = 202;
  const agent = await gql(edge, { ip: '198.51.100.30' });
  agent.send({ type: 'connection_init', payload: { authorization: 'Bearer sc_key_9' } });
  await agent.next('connection_ack');
  const check = origin.requests.find((q) => q.url === '/v1/presence');
  assert.equal(check.headers.authorization, 'Bearer sc_key_9');
  origin.status = 401;
  const refused = await gql(edge, { ip: '198.51.100.31' });
  refused.send({ type: 'connection_init', payload: { authorization: 'Bearer wrong' } });
  assert.equal((await refused.waitClosed()).code, 4403);
  assert.equal(refused.frames.length, 0, 'no ack');
});

test('sacred.v2 sockets are unaffected by graphql-transport-ws ones beside them', async () => {
  const { edge, origin } = await setup({ hub: true });
  origin.plans[FIELD_QUERY] = FIELD_PLAN;
  const v2 = await connect(edge, { protocol: ['sacred.v2', 'sacred.v1'], ip: '198.51.100.40' });
  cleanups.push(async () => v2.close());
  assert.equal(v2.socket.protocol, 'sacred.v2');
  await v2.next('sacred-welcome');
  const g = await acked(edge, { ip: '198.51.100.41' });
  g.send({ id: 'f', type: 'subscribe', payload: { query: FIELD_QUERY } });
  await sleep(300);
  const r = await feed(edge, [messageItem()]);
  const update = await v2.next('field-update', (f) => f.version === r.json.version);
  assert.equal(update.v, 2);
  assert.equal(update.messages.length, 1);
  await g.next('next', (f) => f.id === 'f');
  await sleep(200);
  assert.deepEqual([...new Set(v2.frames.map((f) => f.type))].sort(), ['field-update', 'sacred-welcome']);
  // a client that offers both gets sacred (the existing protocols win)
  const both = await connect(edge, { protocol: ['graphql-transport-ws', 'sacred.v1'], ip: '198.51.100.42' });
  cleanups.push(async () => both.close());
  assert.equal(both.socket.protocol, 'sacred.v1');
  await both.next('sacred-welcome');
});
