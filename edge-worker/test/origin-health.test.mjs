// Real origin health (docs/observability.md#origin-health): the edge probes every origin's /v1/healthz, the public
// field's origins[].healthy tells what the edge routes to, and probes and passive ejection follow one rule —
// routed to when the last probe did not fail and not ejected; N faults eject; a successful probe ends both.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startOrigin, fieldState } from './support/origins.mjs';
import { startEdge, eventually, sleep } from './support/edge.mjs';

const cleanups = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function setup(vars = {}, opts = {}) {
  const a = await startOrigin({ id: 'a' });
  const b = await startOrigin({ id: 'b' });
  cleanups.push(a.close, b.close);
  Object.assign(a, { coherence: 0.9 });
  Object.assign(b, { coherence: 0.9, region: 'us-central1' });
  const state = fieldState({ version: 1, coherence: 0.8, origins: [a, b] });
  const edge = await startEdge(
    { PROBE_INTERVAL_MS: '200', ...vars },
    { 'field-state': { value: state, metadata: { fetchedAt: Date.now() + 3_600_000 } } },
    opts,
  );
  cleanups.push(edge.dispose);
  return { edge, a, b };
}

const healthOf = (field) => Object.fromEntries(field.origins.map((o) => [o.id, o.healthy]));

async function servers(edge, n) {
  const seen = {};
  for (let i = 0; i < n; i++) {
    const r = await edge.call('/v1/glyphs');
    assert.equal(r.status, 200, r.text);
    seen[r.headers['x-edge-origin']] = (seen[r.headers['x-edge-origin']] ?? 0) + 1;
  }
  return seen;
}

test('a failing health check shows in the field and takes the origin out of routing, until it passes again', async () => {
  const { edge, a } = await setup();
  const first = await edge.call('/v1/field');
  assert.deepEqual(healthOf(first.json), { a: true, b: true });
  assert.equal(first.headers.etag, '"field-v1"');

  a.healthStatus = 503;
  const down = await eventually(async () => {
    const r = await edge.call('/v1/field');
    return r.json.origins.find((o) => o.id === 'a').healthy === false ? r : null;
  });
  assert.ok(down, 'origin a shown unhealthy within 3 s');
  assert.deepEqual(healthOf(down.json), { a: false, b: true });
  assert.equal(down.headers['x-field-version'], '1', 'health is not a new version of the field');
  assert.notEqual(down.headers.etag, '"field-v1"', 'the ETag changes with the body');
  const revalidated = await edge.call('/v1/field', { headers: { 'if-none-match': '"field-v1"' } });
  assert.equal(revalidated.status, 200, 'an old ETag never hides a change of health');
  assert.deepEqual(await servers(edge, 20), { b: 20 });
  assert.ok(a.probes >= 1, `a was probed (${a.probes})`);

  a.healthStatus = 200;
  const up = await eventually(async () => {
    const r = await edge.call('/v1/field');
    return r.json.origins.every((o) => o.healthy) ? r : null;
  });
  assert.ok(up, 'origin a shown healthy again within 3 s');
  assert.equal(up.headers.etag, '"field-v1"');
  const seen = await servers(edge, 40);
  assert.ok(seen.a > 0, `a routed to again: ${JSON.stringify(seen)}`);
});

test('an origin ejected by its faults comes back at its first successful probe, not only after EJECT_SECONDS', async () => {
  // probes only when the test says (the Cron Trigger's round), so the order of faults and probe is the test's
  const { edge, a } = await setup({ EJECT_AFTER_FAILURES: '2', EJECT_SECONDS: '600', PROBE_INTERVAL_MS: '0' });
  a.status = 503;
  a.fault = 'postgresql';
  // the router picks a by weight (b's region may be the client's): go on until a has met its two faults
  let ejected;
  for (let i = 0; i < 100 && healthOf(ejected?.json ?? { origins: [] }).a !== false; i++) {
    await edge.call('/v1/glyphs');
    ejected = await edge.call('/v1/field');
  }
  assert.equal(healthOf(ejected.json).a, false, 'ejected shows unhealthy');
  assert.ok(a.requests.length >= 2, `a met its faults (${a.requests.length} requests)`);
  assert.deepEqual(await servers(edge, 5), { b: 5 }, 'ejected: b alone');
  a.status = 200;
  a.fault = undefined;
  await sleep(300);
  assert.equal(healthOf((await edge.call('/v1/field')).json).a, false, 'still ejected without a probe');
  await edge.scheduled();
  const back = await eventually(async () => {
    const r = await edge.call('/v1/field');
    return healthOf(r.json).a === true ? r : null;
  });
  assert.ok(back, 'a probe ended the 600 s ejection');
  const seen = await servers(edge, 40);
  assert.ok(seen.a > 0, `a routed to again: ${JSON.stringify(seen)}`);
});

test('when every probe fails the edge still routes (the passive rule alone), and the field says so', async () => {
  const { edge, a, b } = await setup();
  a.healthStatus = 503;
  b.healthStatus = 503;
  const down = await eventually(async () => {
    const r = await edge.call('/v1/field');
    return r.json.origins.every((o) => !o.healthy) ? r : null;
  });
  assert.ok(down, 'both shown unhealthy');
  const seen = await servers(edge, 10);
  assert.equal((seen.a ?? 0) + (seen.b ?? 0), 10, 'every request still served');
});

test('the Cron Trigger runs a probe round whatever the traffic', async () => {
  const { edge, a, b } = await setup({ PROBE_INTERVAL_MS: '0' });
  await servers(edge, 3);
  assert.equal(a.probes + b.probes, 0, 'PROBE_INTERVAL_MS=0: requests start no probes');
  a.healthStatus = 503;
  await edge.scheduled();
  await eventually(() => a.probes === 1 && b.probes === 1);
  assert.equal(a.probes, 1);
  assert.equal(b.probes, 1);
  const r = await eventually(async () => {
    const f = await edge.call('/v1/field');
    return healthOf(f.json).a === false ? f : null;
  });
  assert.ok(r, 'the scheduled round marked a down');
});

test('an origin that does not answer its probe at all (closed) is down', async () => {
  const { edge, a } = await setup({ PROBE_TIMEOUT_MS: '300' });
  await a.close();
  const down = await eventually(async () => {
    const r = await edge.call('/v1/field');
    return healthOf(r.json).a === false ? r : null;
  });
  assert.ok(down, 'closed origin shown down');
  assert.equal(healthOf(down.json).b, true);
});
