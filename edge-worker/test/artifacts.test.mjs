// Sacred artifacts at the edge (docs/artifacts.md) through the built bundle in workerd, with a real miniflare R2
// bucket bound as ARTIFACTS and a stub heart that checks the edge's signature: the upload (sniffing, sizes, the
// blob stored once, the signed JSON metadata, the blob taken back when heart refuses), serving from R2 (ETag,
// 304, ranges, HEAD, the safety headers), deletion, the missing binding and the rate limit.
import { test, after, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { startOrigin, fieldState, verifyEdgeSignature } from './support/origins.mjs';
import { startEdge } from './support/edge.mjs';

const SECRET = 'artifact-test-secret';
const MAX = 1000;
const KEY = 'Bearer sc_artifact_key';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(92, 7)]);
const sha = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');
/** Different bytes of the same type for each test, so that no test sees another's blob. */
let serial = 0;
const png = () => Buffer.concat([PNG, Buffer.from(`#${++serial}`)]);

const cleanups = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function setup({ vars = {}, r2 = true, ratelimits } = {}) {
  const origin = await startOrigin({ id: 'heart', secret: SECRET });
  cleanups.push(origin.close);
  const state = fieldState({ version: 7, coherence: 0.8, origins: [origin] });
  const edge = await startEdge(
    { EDGE_SECRET: SECRET, ARTIFACT_MAX_BYTES: String(MAX), ...vars },
    { 'field-state': { value: state, metadata: { fetchedAt: Date.now() + 3_600_000 } } },
    { r2, ...(ratelimits ? { ratelimits } : {}) },
  );
  cleanups.push(edge.dispose);
  return { origin, edge };
}

/** A request whose body is read as bytes (edge.call reads text). */
async function fetchRaw(edge, pathAndQuery, init = {}) {
  const res = await edge.mf.dispatchFetch(`http://edge.test${pathAndQuery}`, init);
  const bytes = Buffer.from(await res.arrayBuffer());
  let json;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: Object.fromEntries(res.headers), bytes, json };
}

const upload = (edge, bytes, type, { query = '', headers = {}, duplex } = {}) =>
  fetchRaw(edge, `/v1/artifacts${query}`, {
    method: 'POST',
    body: bytes,
    ...(duplex ? { duplex } : {}),
    headers: { authorization: KEY, ...(type ? { 'content-type': type } : {}), ...headers },
  });

async function storedKeys(edge) {
  return (await edge.r2.list({ prefix: 'artifacts/' })).objects.map((o) => o.key);
}

function assertError(r, status, code, field) {
  assert.equal(r.status, status, JSON.stringify(r.json));
  assert.equal(r.json?.error?.code, code);
  assert.equal(r.json?.error?.field, field);
  assert.match(r.headers['content-type'], /^application\/json/);
}

let shared;
before(async () => {
  shared = await setup();
});
beforeEach(() => {
  shared.origin.requests.length = 0;
  shared.origin.status = 202;
  shared.origin.raw = undefined;
});

test('upload: the blob is in R2 under its address and heart gets the signed JSON metadata', async () => {
  const { edge, origin } = shared;
  const bytes = png();
  const r = await upload(edge, bytes, 'image/png; charset=binary', {
    query: '?name=my%20glyph.png&messageId=msg_1',
    headers: { 'idempotency-key': 'idem-1' },
  });
  assert.equal(r.status, 202, r.bytes.toString());
  assert.equal(r.headers['x-edge-origin'], 'heart');
  assert.ok(r.headers['x-field-coherence'], 'the edge headers decorate heart’s answer');

  const object = await edge.r2.get(`artifacts/${sha(bytes)}`);
  assert.ok(object, 'the blob is stored under artifacts/<sha256>');
  assert.deepEqual(Buffer.from(await object.arrayBuffer()), bytes);
  assert.equal(object.httpMetadata.contentType, 'image/png');
  assert.deepEqual(object.customMetadata, { sha256: sha(bytes), size: String(bytes.length) });

  assert.equal(origin.requests.length, 1);
  const seen = origin.requests[0];
  assert.equal(seen.method, 'POST');
  assert.equal(seen.url, '/v1/artifacts', 'the query went into the JSON');
  assert.equal(verifyEdgeSignature(seen, SECRET), null, 'signed as every forward');
  assert.equal(seen.rejected, undefined);
  assert.equal(seen.headers['content-type'], 'application/json');
  assert.equal(seen.headers.authorization, KEY);
  assert.equal(seen.headers['idempotency-key'], 'idem-1');
  assert.deepEqual(JSON.parse(seen.body), {
    sha256: sha(bytes),
    contentType: 'image/png',
    size: bytes.length,
    name: 'my glyph.png',
    messageId: 'msg_1',
  });
});

test('upload: the same bytes again are not stored again, and heart hears of them again', async () => {
  const { edge, origin } = shared;
  const bytes = png();
  assert.equal((await upload(edge, bytes, 'image/png')).status, 202);
  const first = await edge.r2.head(`artifacts/${sha(bytes)}`);
  assert.equal((await upload(edge, bytes, 'image/png')).status, 202);
  const second = await edge.r2.head(`artifacts/${sha(bytes)}`);
  assert.equal(second.uploaded.getTime(), first.uploaded.getTime(), 'the second upload did not put the blob');
  assert.equal(origin.requests.length, 2);
  assert.equal(JSON.parse(origin.requests[1].body).name, undefined, 'no name: none in the JSON');
});

test('upload: every allowed type by its signature, and text/plain when declared and plain', async () => {
  const { edge, origin } = shared;
  const cases = [
    ['image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])],
    ['image/gif', Buffer.from('GIF89a....')],
    ['image/gif', Buffer.from('GIF87a....')],
    ['image/webp', Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1')],
    ['audio/wav', Buffer.from('RIFF\x10\x00\x00\x00WAVEfmt ', 'latin1')],
    ['application/pdf', Buffer.from('%PDF-1.7\n')],
    ['audio/mpeg', Buffer.from('ID3\x04\x00', 'latin1')],
    ['audio/mpeg', Buffer.from([0xff, 0xfb, 0x90, 0x00])],
    ['audio/ogg', Buffer.from('OggS\x00\x02', 'latin1')],
    ['text/plain', Buffer.from('a blessing\twith a tab\r\nand ünïcödé ✨\n')],
  ];
  for (const [type, bytes] of cases) {
    const r = await upload(edge, bytes, type);
    assert.equal(r.status, 202, `${type}: ${r.bytes}`);
    assert.equal(JSON.parse(origin.requests.at(-1).body).contentType, type);
    assert.equal((await edge.r2.head(`artifacts/${sha(bytes)}`)).httpMetadata.contentType, type);
  }
});

test('upload refusals: JSON 4xx naming the field, nothing stored, heart not asked', async () => {
  const { edge, origin } = shared;
  const before = await storedKeys(edge);
  const refusals = [
    // the client's word alone never decides: PNG bytes declared JPEG
    [png(), 'image/jpeg', 415, 'unsupported_media_type', /image\/png/],
    // a disguised file: HTML declared image/png
    [Buffer.from('<!doctype html><script>alert(1)</script>'), 'image/png', 415, 'unsupported_media_type', /no allowed/],
    // SVG is never allowed, whatever is declared
    [
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      'image/svg+xml',
      415,
      'unsupported_media_type',
      /no allowed/,
    ],
    [Buffer.from('<p>hi</p>'), 'text/html', 415, 'unsupported_media_type', /no allowed/],
    // text/plain must be plain: a NUL, a C0 control, or bytes that are not UTF-8
    [Buffer.from('a\x00b', 'latin1'), 'text/plain', 415, 'unsupported_media_type', /no allowed/],
    [Buffer.from('bell\x07', 'latin1'), 'text/plain', 415, 'unsupported_media_type', /no allowed/],
    [Buffer.from([0x61, 0xc3, 0x28]), 'text/plain', 415, 'unsupported_media_type', /no allowed/],
    // plain text not declared as such
    [Buffer.from('just words'), 'application/octet-stream', 415, 'unsupported_media_type', /no allowed/],
    [Buffer.from('just words'), undefined, 415, 'unsupported_media_type', /declared none/],
    [Buffer.alloc(0), 'image/png', 400, 'invalid_artifact', /empty/],
    // declared too large: refused unread
    [Buffer.alloc(MAX + 1, 1), 'text/plain', 413, 'too_large', /1000 bytes/],
  ];
  for (const [bytes, type, status, code, message] of refusals) {
    const r = await upload(edge, bytes, type);
    assertError(r, status, code, 'content');
    assert.match(r.json.error.message, message);
  }
  assert.equal(origin.requests.length, 0, 'heart was never asked');
  assert.deepEqual(await storedKeys(edge), before, 'nothing was stored');
});

test('upload: a body over ARTIFACT_MAX_BYTES without a declared length is refused while reading', async () => {
  const { edge, origin } = shared;
  const before = await storedKeys(edge);
  const chunk = Buffer.concat([PNG, Buffer.alloc(400, 1)]);
  const body = new ReadableStream({
    start(controller) {
      for (let i = 0; i < 3; i++) controller.enqueue(new Uint8Array(chunk));
      controller.close();
    },
  });
  const r = await upload(edge, body, 'image/png', { duplex: 'half' });
  assertError(r, 413, 'too_large', 'content');
  assert.equal(origin.requests.length, 0);
  assert.deepEqual(await storedKeys(edge), before);
});

test('upload: heart refuses (4xx) → the blob this request stored is deleted; one already there stays', async () => {
  const { edge, origin } = shared;
  origin.status = 403;
  const fresh = png();
  const r = await upload(edge, fresh, 'image/png');
  assert.equal(r.status, 403, 'heart’s answer, unchanged');
  assert.equal(r.json.error.code, 'refused');
  assert.equal(origin.requests.length, 1, 'heart was asked');
  assert.equal(await edge.r2.head(`artifacts/${sha(fresh)}`), null, 'a refused stranger leaves nothing behind');

  const existing = png();
  await edge.r2.put(`artifacts/${sha(existing)}`, new Uint8Array(existing), {
    httpMetadata: { contentType: 'image/png' },
  });
  assert.equal((await upload(edge, existing, 'image/png')).status, 403);
  assert.ok(await edge.r2.head(`artifacts/${sha(existing)}`), 'another upload’s blob is not this request’s to delete');

  // a 5xx may have been recorded: the blob stays
  origin.status = 500;
  const maybe = png();
  assert.equal((await upload(edge, maybe, 'image/png')).status, 500);
  assert.ok(await edge.r2.head(`artifacts/${sha(maybe)}`));
});

test('serving: 200 from R2 with the immutable cache headers, nosniff, CSP; heart never asked', async () => {
  const { edge, origin } = shared;
  const bytes = png();
  assert.equal((await upload(edge, bytes, 'image/png')).status, 202);
  origin.requests.length = 0;
  const r = await fetchRaw(edge, `/v1/artifacts/${sha(bytes)}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.bytes, bytes);
  assert.equal(r.headers['content-type'], 'image/png');
  assert.equal(r.headers['content-length'], String(bytes.length));
  assert.equal(r.headers.etag, `"${sha(bytes)}"`);
  assert.equal(r.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal(r.headers['accept-ranges'], 'bytes');
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
  assert.equal(r.headers['content-security-policy'], "default-src 'none'; sandbox");
  assert.equal(r.headers['content-disposition'], 'inline');
  assert.equal(r.headers['x-edge-origin'], 'edge');
  assert.ok(r.headers['x-request-id']);

  const head = await fetchRaw(edge, `/v1/artifacts/${sha(bytes)}`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.bytes.length, 0);
  assert.equal(head.headers['content-length'], String(bytes.length));
  assert.equal(head.headers.etag, `"${sha(bytes)}"`);

  for (const inm of [`"${sha(bytes)}"`, `W/"${sha(bytes)}"`, `"other", "${sha(bytes)}"`, '*']) {
    const cached = await fetchRaw(edge, `/v1/artifacts/${sha(bytes)}`, { headers: { 'if-none-match': inm } });
    assert.equal(cached.status, 304, inm);
    assert.equal(cached.bytes.length, 0);
    assert.equal(cached.headers.etag, `"${sha(bytes)}"`);
    assert.equal(cached.headers['cache-control'], 'public, max-age=31536000, immutable');
  }
  const other = await fetchRaw(edge, `/v1/artifacts/${sha(bytes)}`, { headers: { 'if-none-match': '"nope"' } });
  assert.equal(other.status, 200);
  assert.equal(origin.requests.length, 0, 'served by the edge alone');
});

test('serving: one range → 206 (a-b, a-, -n), unsatisfiable → 416, several or malformed → the whole 200', async () => {
  const { edge } = shared;
  const bytes = png();
  assert.equal((await upload(edge, bytes, 'image/png')).status, 202);
  const size = bytes.length;
  const get = (range, extra = {}) => fetchRaw(edge, `/v1/artifacts/${sha(bytes)}`, { headers: { range, ...extra } });
  const partial = [
    ['bytes=0-3', 0, 3],
    ['bytes=10-19', 10, 19],
    [`bytes=10-${size + 50}`, 10, size - 1],
    ['bytes=95-', 95, size - 1],
    ['bytes=-5', size - 5, size - 1],
    [`bytes=-${size + 10}`, 0, size - 1],
    ['Bytes = 2 - 4', 2, 4],
  ];
  for (const [range, a, b] of partial) {
    const r = await get(range);
    assert.equal(r.status, 206, range);
    assert.equal(r.headers['content-range'], `bytes ${a}-${b}/${size}`, range);
    assert.equal(r.headers['content-length'], String(b - a + 1), range);
    assert.deepEqual(r.bytes, bytes.subarray(a, b + 1), range);
    assert.equal(r.headers.etag, `"${sha(bytes)}"`);
  }
  for (const range of [`bytes=${size}-`, `bytes=${size + 5}-${size + 9}`, 'bytes=-0']) {
    const r = await get(range);
    assertError(r, 416, 'range_not_satisfiable', 'Range');
    assert.equal(r.headers['content-range'], `bytes */${size}`, range);
    assert.equal(r.headers['cache-control'], 'no-store');
  }
  for (const range of ['bytes=0-1,4-5', 'bytes=5-2', 'bytes=abc', 'items=0-3', 'bytes=', 'bytes=-']) {
    const r = await get(range);
    assert.equal(r.status, 200, range);
    assert.deepEqual(r.bytes, bytes, range);
  }
  // If-Range naming other bytes asks for the whole; If-None-Match wins over Range
  assert.equal((await get('bytes=0-3', { 'if-range': '"other"' })).status, 200);
  assert.equal((await get('bytes=0-3', { 'if-range': `"${sha(bytes)}"` })).status, 206);
  assert.equal((await get('bytes=0-3', { 'if-none-match': `"${sha(bytes)}"` })).status, 304);
  // HEAD has no ranges (RFC 9110: Range is defined for GET only)
  const head = await fetchRaw(edge, `/v1/artifacts/${sha(bytes)}`, { method: 'HEAD', headers: { range: 'bytes=0-3' } });
  assert.equal(head.status, 200);
  assert.equal(head.headers['content-length'], String(size));
});

test('serving: not an address → 400 invalid_id naming sha256; absent → 404 not_found', async () => {
  const { edge, origin } = shared;
  for (const id of ['abc', 'A'.repeat(64), `${'a'.repeat(63)}g`, `${'a'.repeat(64)}0`]) {
    assertError(await fetchRaw(edge, `/v1/artifacts/${id}`), 400, 'invalid_id', 'sha256');
  }
  assertError(await fetchRaw(edge, `/v1/artifacts/${'0'.repeat(64)}`), 404, 'not_found', 'sha256');
  const head = await fetchRaw(edge, `/v1/artifacts/${'0'.repeat(64)}`, { method: 'HEAD' });
  assert.equal(head.status, 404);
  assert.equal(origin.requests.length, 0);
});

test('listing and other methods: GET /v1/artifacts?agentId= is heart’s; PUT on an artifact is 405', async () => {
  const { edge, origin } = shared;
  origin.status = 200;
  const list = await edge.call('/v1/artifacts?agentId=agent_1', { headers: { authorization: KEY } });
  assert.equal(list.status, 200);
  assert.equal(origin.requests[0].url, '/v1/artifacts?agentId=agent_1');
  const put = await edge.call(`/v1/artifacts/${'0'.repeat(64)}`, { method: 'PUT', body: 'x' });
  assert.equal(put.status, 405);
  assert.equal(put.headers.allow, 'GET, HEAD, DELETE');
});

test('delete: heart decides; blobReferenced false → the blob is gone, true → kept; heart’s answer unchanged', async () => {
  const { edge, origin } = shared;
  const gone = png();
  const kept = png();
  assert.equal((await upload(edge, gone, 'image/png')).status, 202);
  assert.equal((await upload(edge, kept, 'image/png')).status, 202);
  origin.requests.length = 0;

  const answer = { artifactId: 'art_gone', sha256: sha(gone), blobReferenced: false };
  origin.raw = { status: 202, headers: { 'content-type': 'application/json' }, body: JSON.stringify(answer) };
  const r = await edge.call('/v1/artifacts/art_gone', { method: 'DELETE', headers: { authorization: KEY } });
  assert.equal(r.status, 202);
  assert.deepEqual(r.json, answer);
  assert.equal(r.headers['x-edge-origin'], 'heart');
  assert.equal(origin.requests[0].method, 'DELETE');
  assert.equal(origin.requests[0].url, '/v1/artifacts/art_gone');
  assert.equal(origin.requests[0].headers.authorization, KEY);
  assert.equal(verifyEdgeSignature(origin.requests[0], SECRET), null);
  assert.equal(await edge.r2.head(`artifacts/${sha(gone)}`), null, 'unreferenced: deleted from R2');
  assert.equal((await fetchRaw(edge, `/v1/artifacts/${sha(gone)}`)).status, 404, 'and no longer served');

  const still = { artifactId: 'art_kept', sha256: sha(kept), blobReferenced: true };
  origin.raw = { status: 202, headers: { 'content-type': 'application/json' }, body: JSON.stringify(still) };
  assert.equal(
    (await edge.call('/v1/artifacts/art_kept', { method: 'DELETE', headers: { authorization: KEY } })).status,
    202,
  );
  assert.ok(await edge.r2.head(`artifacts/${sha(kept)}`), 'another live record has the bytes: kept');

  // heart refuses (another agent's): nothing deleted
  origin.raw = undefined;
  origin.status = 403;
  const refused = await edge.call('/v1/artifacts/art_kept', { method: 'DELETE', headers: { authorization: KEY } });
  assert.equal(refused.status, 403);
  assert.ok(await edge.r2.head(`artifacts/${sha(kept)}`));
});

test('no ARTIFACTS binding → 503 artifacts_unavailable on every artifact route; heart not asked', async () => {
  const { edge, origin } = await setup({ r2: false });
  const answers = [
    await edge.call('/v1/artifacts', { method: 'POST', body: PNG, headers: { 'content-type': 'image/png' } }),
    await edge.call(`/v1/artifacts/${'0'.repeat(64)}`),
    await edge.call('/v1/artifacts/art_1', { method: 'DELETE', headers: { authorization: KEY } }),
  ];
  for (const r of answers) {
    assert.equal(r.status, 503);
    assert.equal(r.json.error.code, 'artifacts_unavailable');
  }
  assert.equal(origin.requests.length, 0);
});

test('LIMIT_ARTIFACTS: over the budget → 429 rate_limited before anything is read or stored', async () => {
  const { edge, origin } = await setup({ ratelimits: { LIMIT_ARTIFACTS: { simple: { limit: 2, period: 60 } } } });
  origin.status = 202;
  const statuses = [];
  const sent = [];
  for (let i = 0; i < 3; i++) {
    const bytes = png();
    sent.push(bytes);
    statuses.push((await upload(edge, bytes, 'image/png')).status);
  }
  assert.deepEqual(statuses, [202, 202, 429]);
  const limited = await upload(edge, png(), 'image/png');
  assert.equal(limited.status, 429);
  assert.equal(limited.json.error.code, 'rate_limited');
  assert.ok(limited.headers['retry-after']);
  assert.equal(await edge.r2.head(`artifacts/${sha(sent[2])}`), null, 'the refused upload stored nothing');
  assert.equal(origin.requests.length, 2);
  // deletions count against the same budget
  const del = await edge.call('/v1/artifacts/art_1', { method: 'DELETE', headers: { authorization: KEY } });
  assert.equal(del.status, 429);
});

test('low coherence pauses an upload like any write: 503, nothing stored', async () => {
  const origin = await startOrigin({ id: 'heart', secret: SECRET });
  cleanups.push(origin.close);
  const state = fieldState({ version: 8, coherence: 0.1, origins: [origin] });
  const edge = await startEdge(
    { EDGE_SECRET: SECRET, PAUSE_COHERENCE_THRESHOLD: '0.4' },
    { 'field-state': { value: state, metadata: { fetchedAt: Date.now() + 3_600_000 } } },
    { r2: true },
  );
  cleanups.push(edge.dispose);
  const r = await upload(edge, png(), 'image/png');
  assert.equal(r.status, 503);
  assert.equal(r.json.error.code, 'low_coherence');
  assert.equal(origin.requests.length, 0);
  assert.deepEqual(await storedKeys(edge), []);
});

test('a bad ARTIFACT_MAX_BYTES fails loudly, naming the var, instead of a silent default', async () => {
  const { edge } = await setup({ vars: { ARTIFACT_MAX_BYTES: '5MB' } });
  const r = await edge.call('/v1/field');
  assert.equal(r.status, 500);
  assert.equal(r.json.error.code, 'edge_misconfigured');
  assert.match(r.json.error.message, /ARTIFACT_MAX_BYTES/);
});
