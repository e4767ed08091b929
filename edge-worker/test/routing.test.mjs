// Coherence-weighted routing, region affinity, passive ejection and recovery, and the retry rules,
// through the built bundle in workerd against real HTTP origins on loopback.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startOrigin, fieldState } from './support/origins.mjs';
import { startEdge, sleep } from './support/edge.mjs';

const cleanups = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** Origins described as [{id, coherence, region, healthy}], listed in a fresh field state in KV. */
async function setup(specs, vars = {}) {
  const origins = [];
  for (const spec of specs) {
    const o = await startOrigin({ id: spec.id });
    cleanups.push(o.close);
    Object.assign(o, { coherence: spec.coherence, region: spec.region, healthy: spec.healthy });
    origins.push(o);
  }
  const state = fieldState({ version: 1, coherence: 0.8, origins });
  const edge = await startEdge(
    { EJECT_AFTER_FAILURES: '2', EJECT_SECONDS: '1', ...vars },
    { 'field-state': { value: state, metadata: { fetchedAt: Date.now() + 3_600_000 } } },
  );
  cleanups.push(edge.dispose);
  const byId = Object.fromEntries(origins.map((o) => [o.id, o]));
  return { edge, byId };
}

async function countServers(edge, n, init = {}) {
  const counts = {};
  for (let i = 0; i < n; i++) {
    const r = await edge.call('/v1/glyphs', init);
    assert.equal(r.status, 200);
    counts[r.headers['x-edge-origin']] = (counts[r.headers['x-edge-origin']] ?? 0) + 1;
  }
  return counts;
}

test('traffic splits in proportion to origin coherence over many requests', async () => {
  const { edge } = await setup([
    { id: 'a', coherence: 0.9 },
    { id: 'b', coherence: 0.6 },
    { id: 'c', coherence: 0.3 },
  ]);
  const n = 360;
  const counts = await countServers(edge, n);
  // expected 180 / 120 / 60; 4.5 standard deviations of a binomial keep a false alarm below 1e-5
  for (const [id, share] of [
    ['a', 0.5],
    ['b', 1 / 3],
    ['c', 1 / 6],
  ]) {
    const expected = n * share;
    const sd = Math.sqrt(n * share * (1 - share));
    assert.ok(
      Math.abs((counts[id] ?? 0) - expected) < 4.5 * sd,
      `${id}: ${counts[id]} vs ${expected} (${JSON.stringify(counts)})`,
    );
  }
  assert.ok(counts.a > counts.b && counts.b > counts.c, JSON.stringify(counts));
});

test('unhealthy and zero-coherence origins: unhealthy never served, zero-weight only when nothing else', async () => {
  const { edge } = await setup([
    { id: 'sick', coherence: 1.0, healthy: false },
    { id: 'zero', coherence: 0.0 },
    { id: 'ok', coherence: 0.4 },
  ]);
  const counts = await countServers(edge, 40);
  assert.deepEqual(counts, { ok: 40 });
});

test('region affinity: request.cf.continent favours origins on that continent', async () => {
  const { edge } = await setup(
    [
      { id: 'eu', coherence: 0.5, region: 'europe-west1' },
      { id: 'us', coherence: 0.5, region: 'us-central1' },
    ],
    { REGION_AFFINITY: '9' },
  );
  const n = 80;
  const fromNa = await countServers(edge, n, { cf: { continent: 'NA' } });
  // us weight 4.5 vs eu 0.5: 90 % expected (72 of 80, sd 2.7)
  assert.ok((fromNa.us ?? 0) >= n * 0.75, JSON.stringify(fromNa));
  assert.ok((fromNa.eu ?? 0) > 0, `the far origin still gets its share: ${JSON.stringify(fromNa)}`);
  const fromEu = await countServers(edge, n, { cf: { continent: 'EU' } });
  assert.ok((fromEu.eu ?? 0) >= n * 0.75, JSON.stringify(fromEu));
});

test('a GET that fails on one origin is retried once on another', async () => {
  const { edge, byId } = await setup(
    [
      { id: 'a', coherence: 0.5 },
      { id: 'b', coherence: 0.5 },
    ],
    { EJECT_AFTER_FAILURES: '1000', RETRY_BUDGET_PERCENT: '100' },
  );
  byId.a.status = 500;
  byId.a.fault = 'postgres';
  for (let i = 0; i < 20; i++) {
    const r = await edge.call('/v1/glyphs');
    assert.equal(r.status, 200);
    assert.equal(r.headers['x-edge-origin'], 'b');
  }
  assert.ok(byId.a.hits('/v1/glyphs') > 0, 'a was tried first sometimes');
  assert.equal(byId.b.hits('/v1/glyphs'), 20);
});

test('a POST without Idempotency-Key is not retried: the failure goes back to the client', async () => {
  const { edge, byId } = await setup(
    [
      { id: 'a', coherence: 0.5 },
      { id: 'b', coherence: 0.5 },
    ],
    { EJECT_AFTER_FAILURES: '1000' },
  );
  byId.a.status = 500;
  byId.a.fault = 'postgres';
  byId.b.status = 500;
  byId.b.fault = 'postgres';
  const r = await edge.call('/v1/messages', {
    method: 'POST',
    body: '{"text":"hi"}',
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(r.status, 500);
  assert.equal(byId.a.hits('/v1/messages') + byId.b.hits('/v1/messages'), 1, 'exactly one origin saw the write');
});

test('a POST with Idempotency-Key is retried on another origin with the same body bytes', async () => {
  const { edge, byId } = await setup(
    [
      { id: 'a', coherence: 0.5 },
      { id: 'b', coherence: 0.5 },
    ],
    { EJECT_AFTER_FAILURES: '1000', RETRY_BUDGET_PERCENT: '100' },
  );
  byId.a.status = 503;
  byId.a.fault = 'pubsub';
  const body = JSON.stringify({ text: 'ünïcödé ✨', n: 1 });
  for (let i = 0; i < 12; i++) {
    const r = await edge.call('/v1/messages', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'idempotency-key': `k-${i}` },
    });
    assert.equal(r.status, 200);
    assert.equal(r.headers['x-edge-origin'], 'b');
    assert.equal(r.json.body, body);
  }
  const retried = byId.a.hits('/v1/messages');
  assert.ok(retried > 0, 'some writes went to a first and were retried');
  for (const req of byId.a.requests) assert.equal(req.body, body, 'the failed origin got the body too');
});

test('after N consecutive failures an origin is ejected, then comes back when the ejection ends', async () => {
  // 3 s of ejection: long enough that a loaded machine cannot end it during the checks below
  const { edge, byId } = await setup(
    [
      { id: 'a', coherence: 0.9 },
      { id: 'b', coherence: 0.1 },
    ],
    { EJECT_SECONDS: '3' },
  );
  byId.a.status = 500;
  byId.a.fault = 'postgres';
  // until a has failed twice (EJECT_AFTER_FAILURES=2) some requests reach it; each is retried on b
  for (let i = 0; i < 30 && byId.a.hits('/v1/glyphs') < 2; i++) {
    assert.equal((await edge.call('/v1/glyphs')).status, 200);
  }
  assert.equal(byId.a.hits('/v1/glyphs'), 2);
  const ejectedAt = Date.now();
  const counts = await countServers(edge, 20);
  assert.ok(Date.now() - ejectedAt < 3000, 'the checks ran inside the ejection window');
  assert.deepEqual(counts, { b: 20 }, 'ejected: a is skipped');
  assert.equal(byId.a.hits('/v1/glyphs'), 2, 'a saw nothing while ejected');
  byId.a.status = 200;
  await sleep(3100 - (Date.now() - ejectedAt));
  const later = await countServers(edge, 60);
  assert.ok((later.a ?? 0) > 30, `recovered a takes its weighted share again: ${JSON.stringify(later)}`);
});

test('a timeout counts as a failure: the slow origin is ejected and the request retried elsewhere', async () => {
  const { edge, byId } = await setup(
    [
      { id: 'slow', coherence: 0.9 },
      { id: 'fast', coherence: 0.1 },
    ],
    { ORIGIN_TIMEOUT_MS: '500' },
  );
  byId.slow.delayMs = 3000;
  for (let i = 0; i < 40 && byId.slow.hits('/v1/glyphs') < 2; i++) {
    const r = await edge.call('/v1/glyphs');
    assert.equal(r.status, 200);
    assert.equal(r.headers['x-edge-origin'], 'fast');
  }
  assert.equal(byId.slow.hits('/v1/glyphs'), 2);
  const counts = await countServers(edge, 10);
  assert.deepEqual(counts, { fast: 10 });
});
