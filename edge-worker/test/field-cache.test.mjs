// The field-state tiers (isolate memory → KV → origin), stale-while-revalidate, stale-if-error, version
// monotonicity and conditional GET, against the built bundle in workerd and a real HTTP origin.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startOrigin, fieldState } from './support/origins.mjs';
import { startEdge, sleep, eventually } from './support/edge.mjs';

const cleanups = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function setup({ vars = {}, kvState, kvMetadata, originField } = {}) {
  const origin = await startOrigin({ id: 'heart' });
  cleanups.push(origin.close);
  origin.field = originField?.(origin);
  const kv = {};
  if (kvState) kv['field-state'] = { value: kvState(origin), metadata: kvMetadata };
  const edge = await startEdge({ ORIGINS: [{ id: 'heart', url: origin.url, region: 'europe-west1' }], ...vars }, kv);
  cleanups.push(edge.dispose);
  return { origin, edge };
}

test('a fresh KV copy is served without asking the origin, then memory serves it', async () => {
  const { origin, edge } = await setup({
    kvState: (o) => fieldState({ version: 10, coherence: 0.91, origins: [o] }),
    kvMetadata: { fetchedAt: Date.now() },
    originField: (o) => fieldState({ version: 11, origins: [o] }),
  });
  const first = await edge.call('/v1/field');
  assert.equal(first.status, 200);
  assert.equal(first.json.version, 10);
  assert.equal(first.headers['x-field-cache'], 'kv');
  assert.equal(first.headers['x-field-coherence'], '0.91');
  assert.equal(first.headers['x-field-version'], '10');
  assert.equal(first.headers['etag'], '"field-v10"');
  const second = await edge.call('/v1/field');
  assert.equal(second.headers['x-field-cache'], 'memory');
  assert.equal(second.json.version, 10);
  assert.equal(origin.hits('/v1/field'), 0, 'the origin is not asked while KV is fresh');
});

test('empty KV: the origin answers, and its state is written back to KV with its fetch time', async () => {
  const { origin, edge } = await setup({
    originField: (o) => fieldState({ version: 7, coherence: 0.6, origins: [o] }),
  });
  const before = Date.now();
  const res = await edge.call('/v1/field');
  assert.equal(res.status, 200);
  assert.equal(res.headers['x-field-cache'], 'origin');
  assert.equal(res.json.version, 7);
  assert.equal(origin.hits('/v1/field'), 1);
  const stored = await eventually(async () => (await edge.kv.getWithMetadata('field-state')).value);
  assert.ok(stored, 'KV was written');
  const { value, metadata } = await edge.kv.getWithMetadata('field-state');
  assert.equal(JSON.parse(value).version, 7);
  assert.ok(metadata.fetchedAt >= before - 1000, 'fetchedAt metadata recorded');
});

test('an old KV copy is served but revalidated against the origin (KV older than FIELD_KV_FRESH_S)', async () => {
  const { origin, edge } = await setup({
    vars: { FIELD_KV_FRESH_S: '1' },
    kvState: (o) => fieldState({ version: 4, origins: [o] }),
    kvMetadata: { fetchedAt: Date.now() - 60_000 },
    originField: (o) => fieldState({ version: 5, origins: [o] }),
  });
  const res = await edge.call('/v1/field');
  assert.equal(res.json.version, 5, 'the cold isolate waited for the origin because the KV copy was old');
  assert.equal(origin.hits('/v1/field'), 1);
  await eventually(async () => JSON.parse((await edge.kv.get('field-state')) ?? '{}').version === 5);
  assert.equal(JSON.parse(await edge.kv.get('field-state')).version, 5);
});

test('stale-while-revalidate: past the memory TTL the old state is served at once and refreshed behind it', async () => {
  const { origin, edge } = await setup({
    vars: { FIELD_MEMORY_TTL_MS: '300', FIELD_KV_FRESH_S: '0' },
    originField: (o) => fieldState({ version: 1, origins: [o] }),
  });
  assert.equal((await edge.call('/v1/field')).json.version, 1);
  origin.field = fieldState({ version: 2, origins: [origin] });
  origin.delayMs = 3000; // the revalidation is slow: the stale answer must not wait for it
  await sleep(350);
  const started = Date.now();
  const stale = await edge.call('/v1/field');
  assert.equal(stale.json.version, 1);
  assert.equal(stale.headers['x-field-cache'], 'stale');
  assert.ok(Date.now() - started < 2000, `stale answer took ${Date.now() - started} ms`);
  const fresh = await eventually(async () => {
    const r = await edge.call('/v1/field');
    return r.json.version === 2 ? r : null;
  }, 10_000);
  assert.ok(fresh, 'the background refresh brought version 2');
  assert.equal(origin.hits('/v1/field'), 2);
});

test('a slow origin does not hold back a newer state that a writer put in KV', async () => {
  const { origin, edge } = await setup({
    vars: { FIELD_MEMORY_TTL_MS: '150', FIELD_KV_FRESH_S: '0' },
    originField: (o) => fieldState({ version: 1, origins: [o] }),
  });
  assert.equal((await edge.call('/v1/field')).json.version, 1);
  origin.delayMs = 6000; // the revalidation against the origin hangs
  await sleep(200);
  assert.equal((await edge.call('/v1/field')).json.version, 1, 'stale, and an origin fetch is now in flight');
  await eventually(() => origin.hits('/v1/field') >= 2);
  // the coherence function publishes straight to KV (no fetchedAt metadata)
  await edge.kv.put('field-state', JSON.stringify(fieldState({ version: 2, origins: [origin] })));
  const published = Date.now();
  const seen = await eventually(async () => (await edge.call('/v1/field')).json.version === 2, 5000);
  const lag = Date.now() - published;
  assert.ok(seen, 'the KV copy reached the edge');
  assert.ok(lag < 2000, `served ${lag} ms after it reached KV, while the origin fetch (6 s) was still running`);
  assert.equal(origin.hits('/v1/field'), 2, 'one origin fetch at a time: the hanging one was joined, not repeated');
});

test('stale-if-error: when the origin fails the stale state is still served, and the origin is not hammered', async () => {
  const { origin, edge } = await setup({
    vars: { FIELD_MEMORY_TTL_MS: '200', FIELD_KV_FRESH_S: '0' },
    originField: (o) => fieldState({ version: 3, origins: [o] }),
  });
  assert.equal((await edge.call('/v1/field')).json.version, 3);
  origin.fieldStatus = 500;
  await sleep(250);
  const hitsBefore = origin.hits('/v1/field');
  const started = Date.now();
  for (let i = 0; i < 10; i++) {
    const r = await edge.call('/v1/field');
    assert.equal(r.status, 200);
    assert.equal(r.json.version, 3);
    assert.equal(r.headers['x-field-cache'], 'stale');
  }
  await sleep(50);
  const elapsed = Date.now() - started;
  const refreshes = origin.hits('/v1/field') - hitsBefore;
  const allowed = Math.ceil(elapsed / 200) + 1;
  assert.ok(
    refreshes >= 1 && refreshes <= allowed && refreshes < 10,
    `at most one refresh per memory TTL: ${refreshes} refreshes in ${elapsed} ms`,
  );
});

test('versions never go backwards: an older origin answer neither replaces memory nor overwrites KV', async () => {
  const { origin, edge } = await setup({
    vars: { FIELD_MEMORY_TTL_MS: '150', FIELD_KV_FRESH_S: '0' },
    originField: (o) => fieldState({ version: 20, origins: [o] }),
  });
  assert.equal((await edge.call('/v1/field')).json.version, 20);
  await eventually(async () => JSON.parse((await edge.kv.get('field-state')) ?? '{}').version === 20);
  origin.field = fieldState({ version: 19, origins: [origin] });
  const hits = origin.hits('/v1/field');
  await sleep(200);
  await edge.call('/v1/field'); // stale: triggers the refresh that sees version 19
  await eventually(() => origin.hits('/v1/field') > hits);
  await sleep(100);
  const after = await edge.call('/v1/field');
  assert.equal(after.json.version, 20);
  assert.equal(JSON.parse(await edge.kv.get('field-state')).version, 20, 'KV kept the newer state');
});

test('versions never go backwards: an older KV copy does not replace a newer state in memory', async () => {
  const { origin, edge } = await setup({
    vars: { FIELD_MEMORY_TTL_MS: '150', FIELD_KV_FRESH_S: '60' },
    originField: (o) => fieldState({ version: 30, origins: [o] }),
  });
  assert.equal((await edge.call('/v1/field')).json.version, 30);
  // another writer puts an older, fresh-looking copy into KV
  await edge.kv.put('field-state', JSON.stringify(fieldState({ version: 29, origins: [origin] })), {
    metadata: { fetchedAt: Date.now() },
  });
  await sleep(200);
  await edge.call('/v1/field');
  await sleep(100);
  assert.equal((await edge.call('/v1/field')).json.version, 30);
});

test('If-None-Match with the current ETag gets 304 with the field headers and no body', async () => {
  const { edge } = await setup({ originField: (o) => fieldState({ version: 8, coherence: 0.5, origins: [o] }) });
  const first = await edge.call('/v1/field');
  const etag = first.headers['etag'];
  const notModified = await edge.call('/v1/field', { headers: { 'if-none-match': etag } });
  assert.equal(notModified.status, 304);
  assert.equal(notModified.text, '');
  assert.equal(notModified.headers['etag'], etag);
  assert.equal(notModified.headers['x-field-coherence'], '0.5');
  const other = await edge.call('/v1/field', { headers: { 'if-none-match': '"field-v7", W/"x"' } });
  assert.equal(other.status, 200);
  const weak = await edge.call('/v1/field', { headers: { 'if-none-match': `"nope", W/${etag}` } });
  assert.equal(weak.status, 304);
});

test('HEAD /v1/field has the headers and no body; POST /v1/field is 405 with JSON', async () => {
  const { edge } = await setup({ originField: (o) => fieldState({ version: 2, origins: [o] }) });
  const head = await edge.call('/v1/field', { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.text, '');
  assert.equal(head.headers['x-field-version'], '2');
  const post = await edge.call('/v1/field', { method: 'POST', body: '{}' });
  assert.equal(post.status, 405);
  assert.equal(post.json.error.code, 'method_not_allowed');
  assert.equal(post.headers['allow'], 'GET, HEAD');
});

test('invalid JSON in KV is ignored (logged) and the origin is asked instead', async () => {
  const { origin, edge } = await setup({
    kvState: () => '{"version": "not a number"}',
    kvMetadata: { fetchedAt: Date.now() },
    originField: (o) => fieldState({ version: 6, origins: [o] }),
  });
  const res = await edge.call('/v1/field');
  assert.equal(res.status, 200);
  assert.equal(res.json.version, 6);
  assert.equal(origin.hits('/v1/field'), 1);
});

test('no state anywhere and no origin answering: 503 sacred pause, never a bare 5xx', async () => {
  const { origin, edge } = await setup({ originField: () => undefined });
  origin.fieldStatus = 503;
  const res = await edge.call('/v1/field');
  assert.equal(res.status, 503);
  assert.equal(res.json.error.code, 'no_origin_available');
  assert.ok(Number(res.headers['x-sacred-pause-duration']) > 0);
  assert.ok(Number(res.headers['retry-after']) >= 1);
});
