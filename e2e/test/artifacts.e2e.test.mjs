// Sacred artifacts through the whole council (docs/artifacts.md): a real agent's key uploads bytes through the edge
// (sniffed, hashed, stored in the stack's R2 bucket), heart records them (the event through the local Pub/Sub to
// memory), the edge serves them from R2 with ranges and cache headers, heart lists them per agent and per message,
// only the owner may delete, and a deleted artifact is gone from R2. The edge-only refusals (types, sizes) never
// reach heart. Needs the heart side of the artifacts (functions/, core's ArtifactTypes) as well as the edge's.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import { uid } from './support/council.mjs';
import { eventually } from './support/http.mjs';
import { log, useStack } from './support/stack-hooks.mjs';

const agents = {};
const council = useStack({
  tickPeriod: '2s',
  afterStart: async ({ edge }) => {
    for (const name of ['owner', 'stranger']) {
      const r = await edge.register(uid(`art-${name}`), `artifact ${name}`);
      assert.ok(r.apiKey, `registered ${name}: ${r.status} ${r.response.text}`);
      agents[name] = { ...r.agent, apiKey: r.apiKey };
    }
  },
});

const sha = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');
const png = (tag) =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 3), Buffer.from(tag)]);

/** fetch with the body as bytes (the suite's request() decodes text). */
async function call(path, { method = 'GET', headers = {}, body } = {}) {
  const res = await fetch(council.stack.edgeUrl + path, { method, headers, body });
  const bytes = Buffer.from(await res.arrayBuffer());
  let json;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: Object.fromEntries(res.headers), bytes, json, text: bytes.toString('utf8') };
}

const upload = (agent, bytes, type, query = '') =>
  call(`/v1/artifacts${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${agent.apiKey}`, 'content-type': type, 'idempotency-key': crypto.randomUUID() },
    body: bytes,
  });

/** A POST whose Content-Length declares `declared` bytes, of which only `start` is written. */
function postDeclaring(path, agent, type, declared, start) {
  return new Promise((resolve, reject) => {
    const url = new URL(council.stack.edgeUrl + path);
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: 'POST',
        headers: { authorization: `Bearer ${agent.apiKey}`, 'content-type': type, 'content-length': String(declared) },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        });
      },
    );
    req.on('error', reject);
    req.write(start);
  });
}

const listed = async (query) => (await call(`/v1/artifacts?${query}`)).json?.artifacts ?? [];

describe('sacred artifacts through the edge, heart and memory', () => {
  const bytes = png('owner-1');
  let artifact;

  it('uploads with a real agent key: stored in R2, recorded by heart (202, the record)', async () => {
    const r = await upload(agents.owner, bytes, 'image/png', '?name=first%20glyph.png');
    assert.equal(r.status, 202, r.text);
    artifact = r.json.artifact;
    assert.equal(artifact.sha256, sha(bytes));
    assert.equal(artifact.contentType, 'image/png');
    assert.equal(artifact.size, bytes.length);
    assert.equal(artifact.agentId, agents.owner.id);
    assert.equal(artifact.name, 'first glyph.png');
    assert.match(artifact.id, /^art_[0-9a-f]{32}$/);
    assert.ok(r.json.eventId);
    const again = await upload(agents.owner, bytes, 'image/png', '?name=first%20glyph.png');
    assert.equal(again.status, 202, 'the same artifact again is the same one');
    assert.equal(again.json.artifact.id, artifact.id);
    assert.equal(again.json.eventId, r.json.eventId);
  });

  it('serves the bytes from the edge with ETag, immutable caching, one range and 304', async () => {
    const path = `/v1/artifacts/${sha(bytes)}`;
    const whole = await call(path);
    assert.equal(whole.status, 200);
    assert.deepEqual(whole.bytes, bytes);
    assert.equal(whole.headers['content-type'], 'image/png');
    assert.equal(whole.headers.etag, `"${sha(bytes)}"`);
    assert.equal(whole.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(whole.headers['x-content-type-options'], 'nosniff');
    assert.equal(whole.headers['content-security-policy'], "default-src 'none'; sandbox");
    assert.equal(whole.headers['x-edge-origin'], 'edge', 'never forwarded to heart');

    const part = await call(path, { headers: { range: 'bytes=0-7' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers['content-range'], `bytes 0-7/${bytes.length}`);
    assert.deepEqual(part.bytes, bytes.subarray(0, 8));
    const tail = await call(path, { headers: { range: 'bytes=-4' } });
    assert.deepEqual(tail.bytes, bytes.subarray(bytes.length - 4));
    const beyond = await call(path, { headers: { range: `bytes=${bytes.length}-` } });
    assert.equal(beyond.status, 416);
    assert.equal(beyond.json.error.code, 'range_not_satisfiable');
    const cached = await call(path, { headers: { 'if-none-match': `"${sha(bytes)}"` } });
    assert.equal(cached.status, 304);
    const head = await call(path, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-length'], String(bytes.length));
  });

  it('lists the agent’s artifacts once memory recorded them, and a message’s', async () => {
    const mine = await eventually(async () => {
      const list = await listed(`agentId=${encodeURIComponent(agents.owner.id)}`);
      return list.find((a) => a.id === artifact.id);
    }, 20_000);
    assert.ok(mine, 'the artifact is listed under its agent');
    assert.equal(mine.url, `/v1/artifacts/${sha(bytes)}`);

    const sent = await council.edge.send(agents.owner, 'blessing', 'a blessing with a glyph attached');
    assert.equal(sent.status, 202, sent.text);
    const messageId = sent.json?.messageId;
    assert.ok(messageId, sent.text);
    const attached = png('owner-attached');
    // the message must be recorded before heart accepts an artifact on it (docs/artifacts.md#upload)
    const accepted = await eventually(async () => {
      const r = await upload(agents.owner, attached, 'image/png', `?messageId=${encodeURIComponent(messageId)}`);
      return r.status === 202 ? r : undefined;
    }, 20_000);
    assert.ok(accepted, 'the artifact on the recorded message is accepted');
    const onMessage = await eventually(async () => {
      const list = await listed(`messageId=${encodeURIComponent(messageId)}`);
      return list.length ? list : undefined;
    }, 20_000);
    assert.deepEqual(
      onMessage.map((a) => a.sha256),
      [sha(attached)],
    );
    const strangers = await upload(agents.stranger, png('stranger-on-owner'), 'image/png', `?messageId=${messageId}`);
    assert.equal(strangers.status, 403, 'an artifact only on one’s own message');
    assert.equal(strangers.json.error.field, 'messageId');
    assert.equal(
      (await call(`/v1/artifacts/${sha(png('stranger-on-owner'))}`)).status,
      404,
      'the refused stranger left nothing behind in R2',
    );
  });

  it('refuses bad types and sizes with the JSON error naming content, before heart', async () => {
    const disguised = await upload(agents.owner, Buffer.from('<!doctype html><script>1</script>'), 'image/png');
    assert.equal(disguised.status, 415);
    assert.equal(disguised.json.error.code, 'unsupported_media_type');
    assert.equal(disguised.json.error.field, 'content');
    const svg = await upload(agents.owner, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/svg+xml');
    assert.equal(svg.status, 415);
    const empty = await upload(agents.owner, Buffer.alloc(0), 'image/png');
    assert.equal(empty.status, 400);
    assert.equal(empty.json.error.code, 'invalid_artifact');
    assert.equal(empty.json.error.field, 'content');
    // declared over ARTIFACT_MAX_BYTES: refused unread, so only the start is sent (a client that sends the whole
    // body into a closed connection sees a reset, not the answer)
    const big = await postDeclaring('/v1/artifacts', agents.owner, 'image/png', 5_242_881, png('big'));
    assert.equal(big.status, 413);
    assert.equal(big.json.error.code, 'too_large');
    assert.equal(big.json.error.field, 'content');
  });

  it('only the owner deletes; then the blob is gone and a second delete is 404', async () => {
    const strangers = await call(`/v1/artifacts/${artifact.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${agents.stranger.apiKey}` },
    });
    assert.equal(strangers.status, 403, strangers.text);
    assert.equal(strangers.json.error.code, 'forbidden');
    assert.equal(strangers.json.error.field, 'id');
    assert.equal((await call(`/v1/artifacts/${sha(bytes)}`)).status, 200, 'still served');

    const own = await call(`/v1/artifacts/${artifact.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${agents.owner.apiKey}` },
    });
    assert.equal(own.status, 202, own.text);
    assert.equal(own.json.artifactId, artifact.id);
    assert.equal(own.json.blobReferenced, false);
    assert.equal((await call(`/v1/artifacts/${sha(bytes)}`)).status, 404, 'no longer served');

    const twice = await eventually(async () => {
      const r = await call(`/v1/artifacts/${artifact.id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${agents.owner.apiKey}` },
      });
      return r.status === 404 ? r : undefined;
    }, 20_000);
    assert.ok(twice, 'a removed artifact is 404 once memory wrote the tombstone');
    assert.equal(twice.json.error.field, 'id');
    const gone = await eventually(async () => {
      const list = await listed(`agentId=${encodeURIComponent(agents.owner.id)}`);
      return list.every((a) => a.id !== artifact.id) ? list : undefined;
    }, 20_000);
    assert.ok(gone, 'no longer listed');
    log(`artifacts: ${gone.length} live for ${agents.owner.id} after the delete`);
  });
});
