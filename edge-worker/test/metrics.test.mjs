// Edge metrics (docs/observability.md#edge-metrics): one Analytics Engine data point per request (the binding is
// bound; miniflare accepts the points and stores none), and this isolate's counters at GET /internal/metrics,
// readable only with the METRICS_TOKEN.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startOrigin, fieldState } from './support/origins.mjs';
import { startEdge } from './support/edge.mjs';

const cleanups = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

const TOKEN = 'metrics-test-token';
const bearer = { headers: { authorization: `Bearer ${TOKEN}` } };

async function setup(vars = {}, opts = {}) {
  const a = await startOrigin({ id: 'a' });
  cleanups.push(a.close);
  a.coherence = 0.9;
  a.field = fieldState({ version: 3, coherence: 0.8, origins: [a] });
  const edge = await startEdge({ ORIGINS: [{ id: 'a', url: a.url, region: 'europe-west1' }], ...vars }, {}, opts);
  cleanups.push(edge.dispose);
  return { edge, a };
}

test('the metrics endpoint is closed without the token, and to a wrong one', async () => {
  const { edge } = await setup({ METRICS_TOKEN: TOKEN });
  const none = await edge.call('/internal/metrics');
  assert.equal(none.status, 401);
  assert.equal(none.json.error.field, 'header:Authorization');
  const wrong = await edge.call('/internal/metrics', { headers: { authorization: 'Bearer metrics-test-tokeX' } });
  assert.equal(wrong.status, 401);
  const post = await edge.call('/internal/metrics', { method: 'POST', ...bearer });
  assert.equal(post.status, 405);
  const { edge: closed } = await setup();
  const unset = await closed.call('/internal/metrics', bearer);
  assert.equal(unset.status, 401, 'no METRICS_TOKEN: nobody reads it');
  assert.match(unset.json.error.message, /METRICS_TOKEN is not set/);
});

test('cache tiers, pauses by kind, rate limits, statuses and latency are counted once per request', async () => {
  const { edge, a } = await setup(
    { METRICS_TOKEN: TOKEN, FIELD_MEMORY_TTL_MS: '60000', PROBE_INTERVAL_MS: '0' },
    { analytics: true, ratelimits: { LIMIT_READS: { simple: { limit: 2, period: 60 } } } },
  );
  const first = await edge.call('/v1/field');
  assert.equal(first.headers['x-field-cache'], 'origin');
  assert.equal((await edge.call('/v1/field')).headers['x-field-cache'], 'memory');
  assert.equal((await edge.call('/v1/field')).headers['x-field-cache'], 'memory');
  assert.equal((await edge.call('/v1/glyphs')).status, 200);
  assert.equal((await edge.call('/v1/glyphs')).status, 200);
  assert.equal((await edge.call('/v1/glyphs')).status, 429, 'the third read is over LIMIT_READS');
  assert.equal((await edge.call('/v1/glyphs', { headers: { 'x-sacred-pause': 'needed' } })).status, 202);
  const m = (await edge.call('/internal/metrics', bearer)).json;
  assert.equal(m.requests, 7);
  assert.deepEqual(m.routes, { field: 3, other: 1, proxy: 3 });
  assert.deepEqual(m.cacheTiers, { memory: 2, origin: 1 });
  assert.deepEqual(m.pauses, { rate_limited: 1, sacred_pause: 1 });
  assert.equal(m.rateLimited, 1);
  assert.deepEqual(m.statuses, { '2xx': 6, '4xx': 1 });
  const counted = m.latencyMs.buckets.reduce((sum, b) => sum + b.count, 0);
  assert.equal(counted, 7, 'every request in one latency bucket');
  assert.equal(m.latencyMs.buckets.at(-1).le, '+Inf');
  assert.deepEqual(m.origins, [{ id: 'a', region: 'europe-west1', probedDown: false, ejected: false, healthy: true }]);
  assert.ok(a.requests.length >= 3);
});

test('ejections and probes are counted', async () => {
  const { edge, a } = await setup({
    METRICS_TOKEN: TOKEN,
    EJECT_AFTER_FAILURES: '2',
    EJECT_SECONDS: '600',
    PROBE_INTERVAL_MS: '0',
  });
  await edge.call('/v1/field');
  a.status = 503;
  a.fault = 'postgresql';
  a.healthStatus = 503;
  await edge.call('/v1/glyphs');
  await edge.call('/v1/glyphs');
  await edge.scheduled();
  const m = (await edge.call('/internal/metrics', bearer)).json;
  assert.equal(m.ejections, 1);
  assert.deepEqual(m.probes, { ok: 0, failed: 1 });
  assert.deepEqual(m.origins, [{ id: 'a', region: 'europe-west1', probedDown: true, ejected: true, healthy: false }]);
});
