// Numbers cross the bundle through the class library's Double text, whose digit conversion the build hands to
// the JS engine (edge.number, README "Bundle size with the hub"): awkward values must come out exactly as they
// went in, as JSON numbers and as the version text.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startOrigin, fieldState } from './support/origins.mjs';
import { startEdge } from './support/edge.mjs';

const cleanups = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

test('awkward doubles and a 12-digit version survive the field cache exactly', async () => {
  const origin = await startOrigin({ id: 'heart' });
  cleanups.push(origin.close);
  const state = fieldState({ version: 123456789012, coherence: 0.1 + 0.2, origins: [origin] });
  state.regions = {
    'asia-east1': { coherence: 1e-7, agents: 1 },
    'europe-west1': { coherence: 0.1 + 0.2, agents: 3 },
    'us-central1': { coherence: 0.123456789012345, agents: 2 },
    'us-east1': { coherence: 1, agents: 4 },
  };
  const edge = await startEdge(
    {},
    { 'field-state': { value: state, metadata: { fetchedAt: Date.now() + 3_600_000 } } },
  );
  cleanups.push(edge.dispose);
  const r = await edge.call('/v1/field');
  assert.equal(r.status, 200);
  assert.equal(r.json.version, 123456789012);
  assert.equal(r.headers['x-field-version'], '123456789012');
  assert.equal(r.json.global.coherence, 0.1 + 0.2);
  assert.equal(r.json.regions['asia-east1'].coherence, 1e-7);
  assert.equal(r.json.regions['europe-west1'].coherence, 0.1 + 0.2);
  assert.equal(r.json.regions['us-central1'].coherence, 0.123456789012345);
  assert.equal(r.json.regions['us-east1'].coherence, 1);
});
