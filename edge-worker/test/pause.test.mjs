// Every sacred-pause case through the built bundle in workerd: client-requested 202, low coherence 503 for
// writes only, no origin available 503 (unhealthy, ejected, unreachable), and the jitter on durations.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startOrigin, fieldState } from './support/origins.mjs';
import { startEdge } from './support/edge.mjs';

const cleanups = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function setup({ coherence = 0.8, healthy = true, vars = {} } = {}) {
  const origin = await startOrigin({ id: 'heart' });
  cleanups.push(origin.close);
  origin.healthy = healthy;
  const state = fieldState({ version: 5, coherence, origins: [origin] });
  const edge = await startEdge(
    { PAUSE_COHERENCE_THRESHOLD: '0.4', ...vars },
    { 'field-state': { value: state, metadata: { fetchedAt: Date.now() + 3_600_000 } } },
  );
  cleanups.push(edge.dispose);
  return { origin, edge };
}

function assertPauseHeaders(r, { min, max }) {
  const ms = Number(r.headers['x-sacred-pause-duration']);
  const s = Number(r.headers['retry-after']);
  assert.ok(ms >= min && ms <= max, `duration ${ms} within [${min}, ${max}]`);
  assert.equal(s, Math.ceil(ms / 1000), 'Retry-After is the duration rounded up to seconds');
  assert.equal(r.json.pause.durationMs, ms);
  assert.equal(r.json.pause.retryAfter, s);
  return ms;
}

test('X-Sacred-Pause: needed → 202 with duration and Retry-After, and the origin is not called', async () => {
  const { origin, edge } = await setup({ vars: { PAUSE_CLIENT_MS: '3000', PAUSE_JITTER: '0.2' } });
  const r = await edge.call('/v1/messages', { method: 'POST', body: '{}', headers: { 'x-sacred-pause': 'needed' } });
  assert.equal(r.status, 202);
  assert.equal(r.json.pause.reason, 'sacred_pause');
  assert.equal(r.json.error, undefined, 'a requested pause is not an error');
  assertPauseHeaders(r, { min: 2400, max: 3600 });
  assert.equal(origin.requests.length, 0);
  assert.equal(r.headers['x-field-coherence'], '0.8');
  assert.ok(r.headers['x-edge-arrival']);
  assert.ok(r.headers['x-sacred-blessing']);
});

test('durations carry bounded jitter: many pauses spread over the window, none outside it', async () => {
  const { edge } = await setup({ vars: { PAUSE_CLIENT_MS: '2000', PAUSE_JITTER: '0.25' } });
  const seen = new Set();
  for (let i = 0; i < 40; i++) {
    const r = await edge.call('/v1/glyphs', { headers: { 'x-sacred-pause': 'needed' } });
    seen.add(assertPauseHeaders(r, { min: 1500, max: 2500 }));
  }
  assert.ok(seen.size >= 20, `clients are spread: ${seen.size} distinct durations of 40`);
});

test('global coherence below the threshold pauses writes with 503, reads are still served', async () => {
  const { origin, edge } = await setup({
    coherence: 0.2,
    vars: { PAUSE_LOW_COHERENCE_MS: '10000', PAUSE_JITTER: '0.1' },
  });
  const write = await edge.call('/v1/messages', {
    method: 'POST',
    body: '{"text":"x"}',
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(write.status, 503);
  assert.equal(write.json.error.code, 'low_coherence');
  assertPauseHeaders(write, { min: 9000, max: 11000 });
  assert.equal(origin.hits('/v1/messages'), 0, 'the paused write never reached the origin');
  const read = await edge.call('/v1/messages');
  assert.equal(read.status, 200);
  assert.equal(read.headers['x-edge-origin'], 'heart');
  const field = await edge.call('/v1/field');
  assert.equal(field.status, 200);
});

test('at or above the threshold writes pass', async () => {
  const { edge } = await setup({ coherence: 0.4 });
  const write = await edge.call('/v1/messages', {
    method: 'POST',
    body: '{"text":"x"}',
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(write.status, 200);
});

test('all origins unhealthy → 503 with pause headers for reads and writes alike', async () => {
  const { origin, edge } = await setup({ healthy: false, vars: { PAUSE_NO_ORIGIN_MS: '5000', PAUSE_JITTER: '0.2' } });
  for (const init of [{}, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }]) {
    const r = await edge.call('/v1/agents/abc', init);
    assert.equal(r.status, 503);
    assert.equal(r.json.error.code, 'no_origin_available');
    assertPauseHeaders(r, { min: 4000, max: 6000 });
  }
  assert.equal(origin.requests.length, 0);
});

test('all origins ejected → 503 whose pause lasts about until the first ejection ends', async () => {
  const { origin, edge } = await setup({
    vars: { EJECT_AFTER_FAILURES: '2', EJECT_SECONDS: '20', PAUSE_JITTER: '0.1' },
  });
  origin.status = 502;
  origin.fault = 'cloud run';
  assert.equal((await edge.call('/v1/glyphs')).status, 502, 'the only origin answered 502: relayed');
  assert.equal((await edge.call('/v1/glyphs')).status, 502);
  const r = await edge.call('/v1/glyphs');
  assert.equal(r.status, 503);
  assert.equal(r.json.error.code, 'no_origin_available');
  assertPauseHeaders(r, { min: 17000, max: 22000 });
  assert.equal(origin.hits('/v1/glyphs'), 2);
});

test('origin unreachable (connection refused) → 503 pause, never a bare 5xx', async () => {
  const { origin, edge } = await setup({ vars: { EJECT_AFTER_FAILURES: '100' } });
  await origin.close();
  const r = await edge.call('/v1/glyphs');
  assert.equal(r.status, 503);
  assert.equal(r.json.error.code, 'no_origin_available');
  assert.ok(Number(r.headers['retry-after']) >= 1);
});
