// GraphQL through the whole stack (docs/graphql.md): the edge forwards /v1/graphql to heart's graphql-java schema,
// caches persisted reads, counts mutations in their REST budgets, and the hub serves subscriptions over
// graphql-transport-ws. Written against the contract before heart's GraphQL was merged: the schema's argument
// shapes (`input:` objects, `messages(first:)` as a connection of `edges { node }`) are the contract's reading and
// are the first thing to check if this file fails after the merge.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import WebSocket from 'ws';
import { uid } from './support/council.mjs';
import { eventually, sleep } from './support/http.mjs';
import { useStack } from './support/stack-hooks.mjs';

const council = useStack({ tickPeriod: '2s' });

/** POST /v1/graphql as one client (its own address: budgets are per client). */
function graphql(body, { key, ip = '198.51.100.60', headers = {} } = {}) {
  return council.edge.call('/v1/graphql', {
    method: 'POST',
    headers: {
      'CF-Connecting-IP': ip,
      ...(key ? { Authorization: `Bearer ${key}` } : {}),
      ...headers,
    },
    body,
  });
}

describe('GraphQL at the gateway', () => {
  let agent;

  it('a query answers as REST does: the field and the messages', async () => {
    const registered = await council.edge.register(uid('gql'));
    assert.equal(registered.status, 201, registered.response.text);
    agent = registered;
    const sent = await council.edge.send(agent, 'blessing', 'asked through GraphQL');
    assert.equal(sent.status, 202, sent.text);
    // the field moves with every message: compare one version seen by both
    const same = await eventually(async () => {
      const rest = (await council.edge.field()).json;
      const q = await graphql({ query: '{ field { version coherence agents loveAmplification } }' });
      assert.equal(q.status, 200, q.text);
      const f = q.json.data.field;
      return f.version === rest.version ? { rest, f } : undefined;
    }, 20_000);
    assert.ok(same, 'GraphQL and REST agree on one version');
    // the edge's /v1/field is the hub's incremental fold, heart's (GraphQL) the Firestore field's: at one version
    // they agree to float noise, not bit for bit
    assert.ok(Math.abs(same.f.coherence - same.rest.global.coherence) < 1e-5, JSON.stringify(same));
    assert.equal(same.f.agents, same.rest.global.agents);
    assert.ok(Math.abs(same.f.loveAmplification - same.rest.sacred.loveAmplification) < 1e-4, JSON.stringify(same));
    const rest = await council.edge.messages('limit=5');
    const q = await graphql({ query: '{ messages(first: 5) { edges { node { id agentId type text region } } } }' });
    assert.equal(q.status, 200, q.text);
    const nodes = q.json.data.messages.edges.map((e) => e.node);
    assert.deepEqual(
      nodes.map((m) => m.id),
      rest.list.map((m) => m.id),
    );
    for (let i = 0; i < nodes.length; i++) {
      for (const k of ['agentId', 'type', 'text', 'region']) assert.equal(nodes[i][k], rest.list[i][k], k);
    }
  });

  it('a mutation is the REST write: the same status, the same refusal', async () => {
    const text = `sent by mutation ${crypto.randomUUID()}`;
    const ok = await graphql(
      {
        query: 'mutation Send($m: SendMessageInput!) { sendMessage(input: $m) { messageId eventId } }',
        variables: { m: { type: 'gratitude', text } },
      },
      { key: agent.apiKey, headers: { 'Idempotency-Key': crypto.randomUUID() } },
    );
    assert.equal(ok.status, 202, ok.text);
    assert.ok(ok.json.data.sendMessage.eventId, ok.text);
    const listed = await eventually(async () =>
      (await council.edge.messages('limit=20')).list.find((m) => m.text === text),
    );
    assert.equal(listed.id, ok.json.data.sendMessage.messageId, 'REST lists the message the mutation wrote');
    // the same bad write, both ways: one status, one code and field
    const restBad = await council.edge.send(agent, 'not-a-type', 'x');
    const gqlBad = await graphql(
      { query: 'mutation { sendMessage(input: {type: "not-a-type", text: "x"}) { messageId } }' },
      { key: agent.apiKey },
    );
    assert.equal(gqlBad.status, restBad.status);
    assert.equal(gqlBad.json.errors[0].extensions.code, restBad.json.error.code);
    assert.equal(gqlBad.json.errors[0].extensions.field, restBad.json.error.field);
  });

  it('a query over the limits is refused before any resolver runs', async () => {
    // introspection nests as deep as one likes, and is depth-limited like the rest (docs/graphql.md#limits)
    let selection = 'name';
    for (let i = 0; i < 10; i++) selection = `ofType { ${selection} }`;
    const deep = await graphql({ query: `{ __schema { types { fields { type { ${selection} } } } } }` });
    assert.equal(deep.status, 400, deep.text);
    assert.equal(deep.json.errors[0].extensions.code, 'query_too_deep', deep.text);
  });

  it('a persisted query is cached at the edge: the second GET is the edge’s', async () => {
    const query = `{ field { version } glyphs { symbol } } # ${crypto.randomUUID()}`;
    const sha256Hash = crypto.createHash('sha256').update(query).digest('hex');
    const persistedQuery = { version: 1, sha256Hash };
    const registered = await graphql({ query, extensions: { persistedQuery } });
    assert.equal(registered.status, 200, registered.text);
    const url = `/v1/graphql?extensions=${encodeURIComponent(JSON.stringify({ persistedQuery }))}`;
    const first = await council.edge.call(url);
    assert.equal(first.status, 200, first.text);
    assert.equal(first.headers['x-graphql-cache'], 'miss');
    const second = await council.edge.call(url);
    assert.equal(second.status, 200);
    assert.equal(second.headers['x-graphql-cache'], 'hit');
    assert.equal(second.headers['x-edge-origin'], 'edge');
    assert.deepEqual(second.json, first.json);
  });

  it('a subscription over graphql-transport-ws receives the field after a message', async () => {
    const url = new URL('/v1/live', council.stack.edgeUrl);
    url.protocol = 'ws:';
    const socket = new WebSocket(url, ['graphql-transport-ws'], { headers: { 'cf-connecting-ip': '198.51.100.61' } });
    const frames = [];
    socket.on('message', (d) => frames.push(JSON.parse(d.toString())));
    socket.on('error', () => {});
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('unexpected-response', (req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
    try {
      assert.equal(socket.protocol, 'graphql-transport-ws');
      socket.send(JSON.stringify({ type: 'connection_init', payload: {} }));
      assert.ok(await eventually(() => frames.find((f) => f.type === 'connection_ack'), 10_000));
      socket.send(
        JSON.stringify({
          id: 'live',
          type: 'subscribe',
          payload: { query: 'subscription { live: field { version coherence __typename } }' },
        }),
      );
      await sleep(1000); // the hub asks heart for the plan first
      assert.equal(
        frames.find((f) => f.type === 'error'),
        undefined,
        JSON.stringify(frames),
      );
      const before = (await council.edge.field()).json.version;
      const sent = await council.edge.send(agent, 'offering', 'for the subscribers');
      assert.equal(sent.status, 202, sent.text);
      const next = await eventually(
        () => frames.find((f) => f.type === 'next' && f.id === 'live' && f.payload.data.live.version > before),
        15_000,
      );
      assert.ok(next, `a next after the message; got ${JSON.stringify(frames.map((f) => f.type))}`);
      assert.equal(next.payload.data.live.__typename, 'Field');
      assert.equal(typeof next.payload.data.live.coherence, 'number');
    } finally {
      socket.close();
    }
  });
});
