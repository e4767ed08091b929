// The Worker serves docs/openapi.json at GET /v1/openapi.json, answered by the edge itself (no origin asked):
// the same document as the file, byte for byte once parsed, for GET and HEAD; other methods get a JSON 405.
// The document is a static asset (dashboard/openapi.json links to docs/openapi.json) read through the ASSETS
// binding, not a module of the bundle: the bundle's size bound (README "Bundle size") leaves it out.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startOrigin, fieldState } from './support/origins.mjs';
import { startEdge, dashboardDir, workerDir } from './support/edge.mjs';

const docFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/openapi.json');
const cleanups = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function setup(opts = { assets: dashboardDir }) {
  const origin = await startOrigin({ id: 'heart' });
  cleanups.push(origin.close);
  const state = fieldState({ version: 3, coherence: 0.8, origins: [origin] });
  const edge = await startEdge(
    {},
    { 'field-state': { value: state, metadata: { fetchedAt: Date.now() + 3_600_000 } } },
    opts,
  );
  cleanups.push(edge.dispose);
  return { origin, edge };
}

test('GET /v1/openapi.json is the repository’s OpenAPI 3.1 document, served at the edge', async () => {
  const { origin, edge } = await setup();
  const r = await edge.call('/v1/openapi.json');
  assert.equal(r.status, 200);
  assert.match(r.headers['content-type'], /^application\/json/);
  assert.equal(r.headers['x-edge-origin'], 'edge');
  assert.deepEqual(r.json, JSON.parse(fs.readFileSync(docFile, 'utf8')));
  assert.equal(r.json.openapi, '3.1.0');
  assert.ok(r.json.paths['/v1/openapi.json'], 'the document describes itself');
  const head = await edge.call('/v1/openapi.json', { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(origin.hits('/v1/openapi.json'), 0, 'no origin was asked');
});

test('other methods on /v1/openapi.json get a JSON 405 naming the allowed ones', async () => {
  const { edge } = await setup();
  const r = await edge.call('/v1/openapi.json', {
    method: 'POST',
    body: '{}',
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(r.status, 405);
  assert.equal(r.headers.allow, 'GET, HEAD');
  assert.equal(r.json.error.code, 'method_not_allowed');
});

test('without the ASSETS binding the document answers a JSON 503, and the bundle does not carry it', async () => {
  const { origin, edge } = await setup({});
  const r = await edge.call('/v1/openapi.json');
  assert.equal(r.status, 503);
  assert.equal(r.json.error.code, 'openapi_unavailable');
  assert.equal(origin.hits('/v1/openapi.json'), 0, 'no origin was asked');
  for (const file of ['worker.mjs', 'edge-teavm.mjs']) {
    const text = fs.readFileSync(path.join(workerDir, file), 'utf8');
    // the document's first member, `"openapi": "3.…"`; the bare word is a metrics route label in the string pool
    assert.ok(!/"openapi"\s*:|\bopenapi:\s*"3\./.test(text), `${file} does not embed the OpenAPI document`);
  }
});
