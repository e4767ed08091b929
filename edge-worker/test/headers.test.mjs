// Header hygiene and the edge signature: what the origin receives (checked by an independent verifier of
// the README's spec), what the client receives, and bad configuration or paths answered with JSON errors.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startOrigin, fieldState, verifyEdgeSignature } from './support/origins.mjs';
import { startEdge } from './support/edge.mjs';

const cleanups = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function setup({ secret, originSecret = secret } = {}) {
  const origin = await startOrigin({ id: 'heart', secret: originSecret });
  cleanups.push(origin.close);
  const state = fieldState({ version: 12, coherence: 0.87, origins: [origin] });
  const vars = secret ? { EDGE_SECRET: secret } : {};
  const edge = await startEdge(vars, {
    'field-state': { value: state, metadata: { fetchedAt: Date.now() + 3_600_000 } },
  });
  cleanups.push(edge.dispose);
  return { origin, edge };
}

test('client copies of X-Edge-*, X-Field-*, X-Sacred-* are stripped; X-Sacred-Pause and others pass', async () => {
  const { origin, edge } = await setup({ secret: 'k1' });
  const r = await edge.call('/v1/messages?limit=5&q=%C3%A9', {
    headers: {
      'x-edge-arrival': 'forged',
      'x-edge-signature': 'forged',
      'x-edge-anything': '1',
      'x-field-version': '999',
      'x-field-coherence': '1',
      'x-sacred-blessing': 'forged',
      'x-sacred-whatever': '1',
      'x-sacred-pause': 'later',
      authorization: 'Bearer t',
      'x-custom': 'kept',
    },
  });
  assert.equal(r.status, 200);
  const seen = origin.requests.at(-1);
  assert.equal(seen.url, '/v1/messages?limit=5&q=%C3%A9', 'path and query pass byte for byte');
  assert.equal(seen.headers['x-edge-anything'], undefined);
  assert.equal(seen.headers['x-sacred-blessing'], undefined);
  assert.equal(seen.headers['x-sacred-whatever'], undefined);
  assert.notEqual(seen.headers['x-edge-arrival'], 'forged');
  assert.equal(seen.headers['x-field-version'], '12');
  assert.equal(seen.headers['x-field-coherence'], '0.87');
  assert.equal(seen.headers['x-sacred-pause'], 'later');
  assert.equal(seen.headers['authorization'], 'Bearer t');
  assert.equal(seen.headers['x-custom'], 'kept');
  assert.match(seen.headers['x-edge-arrival'], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/);
  assert.match(seen.headers['traceparent'], /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  assert.match(seen.headers['x-edge-signature'], /^t=\d+,n=[A-Za-z0-9_-]{22},v2=[0-9a-f]{64}$/);
});

test('the v2 signature verifies with an independent implementation of the contract, and fails when tampered', async () => {
  const { origin, edge } = await setup({ secret: 'sacred-test-secret' });
  const body = '{"text":"peace"}';
  const r = await edge.call('/v1/messages?dry=1', {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', authorization: 'Bearer sc_k1' },
  });
  assert.equal(r.status, 200, 'the origin checking signatures accepted the request');
  const seen = origin.requests.at(-1);
  assert.equal(seen.rejected, undefined);
  assert.equal(seen.body, body, 'the body passed through untouched');
  assert.equal(verifyEdgeSignature(seen, 'sacred-test-secret'), null);
  assert.equal(verifyEdgeSignature(seen, 'another-secret'), 'wrong signature');
  assert.equal(verifyEdgeSignature({ ...seen, method: 'PUT' }, 'sacred-test-secret'), 'wrong signature');
  assert.equal(verifyEdgeSignature({ ...seen, url: '/v1/messages?dry=2' }, 'sacred-test-secret'), 'wrong signature');
  const forgedVersion = { ...seen, headers: { ...seen.headers, 'x-field-version': '13' } };
  assert.equal(verifyEdgeSignature(forgedVersion, 'sacred-test-secret'), 'wrong signature');
  // what a capture between edge and heart could change: the body, the key, the host it is replayed at
  assert.equal(
    verifyEdgeSignature({ ...seen, bytes: Buffer.from('{"text":"war"}') }, 'sacred-test-secret'),
    'wrong signature',
  );
  assert.equal(
    verifyEdgeSignature(
      { ...seen, headers: { ...seen.headers, authorization: 'Bearer sc_other' } },
      'sacred-test-secret',
    ),
    'wrong signature',
  );
  assert.equal(
    verifyEdgeSignature(
      { ...seen, headers: { ...seen.headers, host: 'us-central1.example:443' } },
      'sacred-test-secret',
    ),
    'wrong signature',
  );
  assert.equal(verifyEdgeSignature(seen, 'sacred-test-secret', Math.floor(Date.now() / 1000) + 61), 'stale signature');
});

test('an edge with the wrong secret is rejected by the origin (401 relayed)', async () => {
  const { origin, edge } = await setup({ secret: 'edge-has-this', originSecret: 'heart-wants-that' });
  const r = await edge.call('/v1/glyphs');
  assert.equal(r.status, 401);
  assert.equal(origin.requests.at(-1).rejected, 'wrong signature');
});

test('the field fetch from the origin is signed too', async () => {
  const origin = await startOrigin({ id: 'heart', secret: 'k2' });
  cleanups.push(origin.close);
  origin.field = fieldState({ version: 3, origins: [origin] });
  const edge = await startEdge({
    EDGE_SECRET: 'k2',
    ORIGINS: [{ id: 'heart', url: origin.url, region: 'europe-west1' }],
  });
  cleanups.push(edge.dispose);
  const r = await edge.call('/v1/field');
  assert.equal(r.status, 200);
  assert.equal(r.json.version, 3);
  assert.equal(origin.requests.at(-1).rejected, undefined);
  assert.equal(origin.requests.at(-1).headers['x-field-version'], '0', 'the edge had no state yet');
});

test('X-Request-Id: a valid client id is kept end to end, an invalid one replaced; traceparent continues', async () => {
  const { origin, edge } = await setup();
  const trace = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
  const kept = await edge.call('/v1/glyphs', { headers: { 'x-request-id': 'client-id_1.2:3', traceparent: trace } });
  assert.equal(kept.headers['x-request-id'], 'client-id_1.2:3');
  const seen = origin.requests.at(-1);
  assert.equal(seen.headers['x-request-id'], 'client-id_1.2:3');
  assert.match(seen.headers['traceparent'], /^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
  assert.notEqual(seen.headers['traceparent'], trace, 'the edge is a new parent span');
  const replaced = await edge.call('/v1/glyphs', { headers: { 'x-request-id': 'bad id with spaces' } });
  assert.notEqual(replaced.headers['x-request-id'], 'bad id with spaces');
  assert.match(replaced.headers['x-request-id'], /^[0-9a-f-]{36}$/);
  assert.equal(origin.requests.at(-1).headers['x-request-id'], replaced.headers['x-request-id']);
});

test('clients get X-Field-Coherence, X-Edge-Arrival and X-Sacred-Blessing on proxied answers', async () => {
  const { edge } = await setup();
  const r = await edge.call('/v1/agents/a1');
  assert.equal(r.status, 200);
  assert.equal(r.headers['x-field-coherence'], '0.87');
  assert.equal(r.headers['x-sacred-blessing'], 'radiant');
  assert.match(r.headers['x-edge-arrival'], /Z$/);
  assert.equal(r.headers['x-edge-origin'], 'heart');
});

test('a write whose declared body exceeds MAX_BODY_BYTES gets 413 at the edge; the origin never sees it', async () => {
  const { origin, edge } = await setup();
  const before = origin.requests.length;
  const big = await edge.call('/v1/messages', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: 'x'.repeat(65_537),
  });
  assert.equal(big.status, 413);
  assert.equal(big.json.error.code, 'payload_too_large');
  assert.equal(big.headers['x-field-coherence'], '0.87');
  assert.equal(origin.requests.length, before, 'not forwarded');
  const fits = await edge.call('/v1/messages', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"text":"' + 'y'.repeat(60_000) + '"}',
  });
  assert.notEqual(fits.status, 413);
  assert.equal(origin.requests.length, before + 1, 'a body within the limit is forwarded');
});

test('a write with a non-JSON body (or any multipart type) gets 415 at the edge; the origin never sees it', async () => {
  const { origin, edge } = await setup();
  const before = origin.requests.length;
  const cases = [
    { 'content-type': 'multipart/form-data; boundary=x', body: 'type=blessing&text=hi' },
    { 'content-type': 'multipart/form-data; boundary=x', body: undefined },
    { 'content-type': 'text/plain', body: '{"type":"blessing"}' },
    { 'content-type': 'application/x-www-form-urlencoded', body: 'type=blessing' },
  ];
  for (const c of cases) {
    const r = await edge.call('/v1/messages', {
      method: 'POST',
      headers: { 'content-type': c['content-type'] },
      body: c.body,
    });
    assert.equal(r.status, 415, `${c['content-type']} → ${r.status}`);
    assert.equal(r.json.error.code, 'unsupported_media_type');
    assert.ok(r.json.error.message.includes(c['content-type']), r.json.error.message);
    assert.equal(r.headers['x-field-coherence'], '0.87');
  }
  assert.equal(origin.requests.length, before, 'none forwarded');
  const json = await edge.call('/v1/messages', {
    method: 'POST',
    headers: { 'content-type': 'Application/JSON; charset=utf-8' },
    body: '{"type":"blessing"}',
  });
  assert.notEqual(json.status, 415);
  const empty = await edge.call('/v1/presence', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: '',
  });
  assert.notEqual(empty.status, 415, "an empty form body (curl -d '') is left to the origin");
  assert.equal(origin.requests.length, before + 2, 'JSON and empty bodies are forwarded');
});

test('unknown paths get a JSON 404', async () => {
  const { edge } = await setup();
  const r = await edge.call('/nowhere');
  assert.equal(r.status, 404);
  assert.equal(r.json.error.code, 'not_found');
  assert.match(r.headers['content-type'], /application\/json/);
});

test('a malformed ORIGINS var answers 500 edge_misconfigured naming the var', async () => {
  const edge = await startEdge({ ORIGINS: '[{"id": "x"}]' });
  cleanups.push(edge.dispose);
  const r = await edge.call('/v1/glyphs');
  assert.equal(r.status, 500);
  assert.equal(r.json.error.code, 'edge_misconfigured');
  assert.match(r.json.error.message, /ORIGINS\[0\]\.url/);
  const bad = await startEdge({ FIELD_MEMORY_TTL_MS: 'soon' });
  cleanups.push(bad.dispose);
  const r2 = await bad.call('/v1/field');
  assert.equal(r2.status, 500);
  assert.match(r2.json.error.message, /FIELD_MEMORY_TTL_MS/);
});
