// Issue 12, edge side: what a hostile client tried against the council, each as a regression test of the
// built bundle in workerd against real loopback origins. A client's request can only fail that client.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import crypto from 'node:crypto';
import { startOrigin, fieldState } from './support/origins.mjs';
import { startEdge, sleep } from './support/edge.mjs';

const cleanups = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** Origins described as [{id, coherence}], listed in a fresh field state in KV. */
async function setup(specs, vars = {}, { coherence = 0.8, ...opts } = {}) {
  const origins = [];
  for (const spec of specs) {
    const o = await startOrigin({ id: spec.id, secret: spec.secret });
    cleanups.push(o.close);
    Object.assign(o, { coherence: spec.coherence ?? 0.5 });
    origins.push(o);
  }
  const state = fieldState({ version: 3, coherence, origins });
  const edge = await startEdge(
    { EJECT_AFTER_FAILURES: '3', EJECT_SECONDS: '30', ...vars },
    { 'field-state': { value: state, metadata: { fetchedAt: Date.now() + 3_600_000 } } },
    opts,
  );
  cleanups.push(edge.dispose);
  return { edge, origins, byId: Object.fromEntries(origins.map((o) => [o.id, o])) };
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** A request over a real connection to the edge's port: {status, headers, body} or {error: code}. */
function raw(url, { method = 'GET', path = '/', headers = {}, body, agent, chunks, chunkGapMs = 0 } = {}) {
  return new Promise((resolve) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path, headers, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => {
        text += c;
      });
      res.on('end', () => {
        if (chunks) req.destroy(); // a slow writer stops once it has its answer
        let json;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
      res.on('error', (e) => resolve({ error: e.code ?? e.message }));
    });
    req.on('error', (e) => resolve({ error: e.code ?? e.message }));
    if (chunks) {
      // a slow client: one chunk every chunkGapMs, however long the edge is willing to wait
      let i = 0;
      const next = () => {
        if (req.destroyed) return;
        if (i === chunks.length) return req.end();
        req.write(chunks[i++]);
        setTimeout(next, chunkGapMs);
      };
      next();
    } else {
      req.end(body);
    }
  });
}

// ---- 1. only the origin's own failures eject (docs/contracts.md#origin-fault) -----------------------------

test("heart's own JSON 503s for one client's bad requests eject nothing; other clients' reads keep working", async () => {
  const { edge, byId } = await setup([{ id: 'a' }, { id: 'b' }]);
  // heart answers the NUL-in-name registrations with its own JSON 503 (no X-Origin-Fault): the client's answer
  const bad = { method: 'POST', headers: JSON_HEADERS, body: '{"name":"x\\u0000y"}' };
  for (const o of [byId.a, byId.b]) {
    o.status = 503;
  }
  for (let i = 0; i < 8; i++) {
    const r = await edge.call('/v1/agents', bad);
    assert.equal(r.status, 503);
    assert.equal(r.json.error.code, 'unavailable', "heart's own JSON error is relayed");
  }
  for (const o of [byId.a, byId.b]) {
    o.status = 200;
  }
  let ok = 0;
  for (let i = 0; i < 20; i++) ok += (await edge.call('/v1/glyphs')).status === 200 ? 1 : 0;
  assert.equal(ok, 20, 'no origin was ejected by the client-caused 503s');
});

test('a 5xx marked X-Origin-Fault, or a bare 502/503/504 of the platform, counts toward ejection', async () => {
  const { edge, byId } = await setup([{ id: 'a' }], { EJECT_AFTER_FAILURES: '2' });
  byId.a.status = 500;
  byId.a.fault = 'postgres';
  await edge.call('/v1/glyphs');
  await edge.call('/v1/glyphs');
  const ejected = await edge.call('/v1/glyphs');
  assert.equal(ejected.status, 503);
  assert.equal(ejected.json.error.code, 'no_origin_available', 'two marked faults ejected the origin');
  assert.equal(byId.a.hits('/v1/glyphs'), 2);

  const { edge: edge2, byId: byId2 } = await setup([{ id: 'p' }], { EJECT_AFTER_FAILURES: '2' });
  byId2.p.raw = { status: 502, headers: { 'content-type': 'text/html' }, body: '<html>Bad Gateway</html>' };
  const first = await edge2.call('/v1/glyphs');
  assert.equal(first.status, 502);
  assert.equal(first.json.error.code, 'origin_error', 'a non-JSON error body is normalised to the JSON shape');
  await edge2.call('/v1/glyphs');
  assert.equal((await edge2.call('/v1/glyphs')).json.error.code, 'no_origin_available');
});

// ---- 2. the body is read and bounded first; slow bodies are the client's 408 ------------------------------

test("slow client bodies get 408 and never run on an origin's clock: other clients' reads keep working", async () => {
  const { edge, byId } = await setup(
    [{ id: 'a' }, { id: 'b' }],
    { CLIENT_BODY_TIMEOUT_MS: '800', ORIGIN_TIMEOUT_MS: '400', EJECT_AFTER_FAILURES: '2' },
    { http: true },
  );
  const slow = Array.from({ length: 6 }, () =>
    raw(edge.url, {
      method: 'POST',
      path: '/v1/messages',
      headers: { ...JSON_HEADERS, 'content-length': '40' },
      chunks: Array.from({ length: 40 }, () => 'x'),
      chunkGapMs: 300,
    }),
  );
  const answers = await Promise.all(slow);
  for (const r of answers) {
    assert.equal(r.status, 408, JSON.stringify(r));
    assert.equal(r.json.error.code, 'request_timeout');
    assert.equal(r.json.error.field, 'body');
  }
  assert.equal(byId.a.hits('/v1/messages') + byId.b.hits('/v1/messages'), 0, 'no origin saw a slow body');
  let ok = 0;
  for (let i = 0; i < 20; i++) ok += (await edge.call('/v1/glyphs')).status === 200 ? 1 : 0;
  assert.equal(ok, 20, 'both origins still take reads');
});

test('pause answers read the body first: no connection resets for paused requests that carry one', async () => {
  const { edge } = await setup([{ id: 'a' }], {}, { http: true });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  cleanups.push(() => agent.destroy());
  const body = JSON.stringify({ type: 'concern', text: 'x'.repeat(2000) });
  const answers = await Promise.all(
    Array.from({ length: 100 }, () =>
      raw(edge.url, {
        method: 'POST',
        path: '/v1/messages',
        agent,
        headers: { ...JSON_HEADERS, 'content-length': String(Buffer.byteLength(body)), 'x-sacred-pause': 'needed' },
        body,
      }),
    ),
  );
  const resets = answers.filter((r) => r.error);
  assert.equal(resets.length, 0, `connection errors: ${JSON.stringify(resets.slice(0, 3))}`);
  for (const r of answers) assert.equal(r.status, 202);
});

// ---- 3. retries: one, within a deadline, within a budget --------------------------------------------------

test('a failing read is tried on two origins at most, not the whole plan', async () => {
  const { edge, byId } = await setup([{ id: 'a' }, { id: 'b' }, { id: 'c' }], {
    EJECT_AFTER_FAILURES: '1000',
    RETRY_BUDGET_PERCENT: '100',
  });
  for (const o of Object.values(byId)) {
    o.status = 503;
    o.fault = 'pubsub';
  }
  const r = await edge.call('/v1/glyphs');
  assert.equal(r.status, 503);
  const attempts = byId.a.hits('/v1/glyphs') + byId.b.hits('/v1/glyphs') + byId.c.hits('/v1/glyphs');
  assert.equal(attempts, 2, 'one attempt and one retry');
});

test('REQUEST_DEADLINE_MS bounds the whole request, retries included', async () => {
  const { edge, byId } = await setup([{ id: 'a' }, { id: 'b' }], {
    ORIGIN_TIMEOUT_MS: '1500',
    REQUEST_DEADLINE_MS: '1800',
    EJECT_AFTER_FAILURES: '1000',
    RETRY_BUDGET_PERCENT: '100',
  });
  for (const o of Object.values(byId)) o.delayMs = 5000;
  const start = Date.now();
  const r = await edge.call('/v1/glyphs');
  const took = Date.now() - start;
  assert.equal(r.status, 503);
  assert.equal(r.json.error.code, 'no_origin_available');
  assert.ok(took < 2600, `the client waited ${took} ms, not two full origin timeouts (3000 ms)`);
});

test('retries are capped by RETRY_BUDGET_PERCENT of recent requests', async () => {
  // a takes all first attempts (b has zero weight), so b sees exactly the retries
  const { edge, byId } = await setup(
    [
      { id: 'a', coherence: 1 },
      { id: 'b', coherence: 0 },
    ],
    { EJECT_AFTER_FAILURES: '1000', RETRY_BUDGET_PERCENT: '20' },
  );
  byId.a.status = 503;
  byId.a.fault = 'postgres';
  for (let i = 0; i < 30; i++) await edge.call('/v1/glyphs');
  assert.equal(byId.a.hits('/v1/glyphs'), 30);
  const retries = byId.b.hits('/v1/glyphs');
  assert.ok(retries >= 3 && retries <= 6, `retries ${retries} of 30 requests: at most 20 % (the floor is 3)`);
});

// ---- 4. rate limits (docs/contracts.md#rate-limits) --------------------------------------------------------

test('registrations over LIMIT_REGISTRATIONS from one IP get 429 in the sacred-pause style', async () => {
  const { edge, byId } = await setup(
    [{ id: 'a' }],
    { PAUSE_JITTER: '0' },
    { ratelimits: { LIMIT_REGISTRATIONS: { simple: { limit: 3, period: 60 } } } },
  );
  const register = (ip) =>
    edge.call('/v1/agents', {
      method: 'POST',
      headers: { ...JSON_HEADERS, 'cf-connecting-ip': ip },
      body: '{"name":"n","region":"europe-west1"}',
    });
  for (let i = 0; i < 3; i++) assert.equal((await register('203.0.113.7')).status, 200);
  const limited = await register('203.0.113.7');
  assert.equal(limited.status, 429);
  assert.equal(limited.json.error.code, 'rate_limited');
  assert.equal(limited.json.pause.reason, 'rate_limited');
  assert.equal(limited.headers['retry-after'], '10');
  assert.equal(limited.headers['x-sacred-pause-duration'], '10000');
  assert.equal(byId.a.hits('/v1/agents'), 3, 'the limited registration never reached an origin');
  assert.equal((await register('198.51.100.9')).status, 200, 'another client has its own budget');
  assert.equal(
    (await edge.call('/v1/glyphs', { headers: { 'cf-connecting-ip': '203.0.113.7' } })).status,
    200,
    'reads have their own budget',
  );
});

test('an API key is limited whatever IP it comes from (key guessing, floods)', async () => {
  const { edge } = await setup(
    [{ id: 'a' }],
    {},
    { ratelimits: { LIMIT_READS: { simple: { limit: 3, period: 60 } } } },
  );
  const read = (ip, key) =>
    edge.call('/v1/agents/a1', { headers: { 'cf-connecting-ip': ip, authorization: `Bearer ${key}` } });
  for (let i = 0; i < 3; i++) assert.equal((await read(`192.0.2.${i}`, 'sc_guess')).status, 200);
  assert.equal((await read('192.0.2.50', 'sc_guess')).status, 429, 'the same key from a new IP');
  assert.equal((await read('192.0.2.51', 'sc_other')).status, 200);
});

// ---- 5. the low-coherence pause admits what heals (core/pause HealingWrites) -------------------------------

test('below the pause threshold, loving messages, registration and presence still pass; concerns wait', async () => {
  const { edge, byId } = await setup([{ id: 'a' }], { PAUSE_COHERENCE_THRESHOLD: '0.3' }, { coherence: 0.0000001 });
  const post = (path, body) => edge.call(path, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(body) });
  const concern = await post('/v1/messages', { type: 'concern', text: 'no' });
  assert.equal(concern.status, 503);
  assert.equal(concern.json.error.code, 'low_coherence');
  for (const type of ['blessing', 'gratitude', 'offering']) {
    assert.equal((await post('/v1/messages', { type, text: 'thank you' })).status, 200, type);
  }
  assert.equal((await post('/v1/agents', { name: 'newcomer', region: 'europe-west1' })).status, 200);
  assert.equal((await post('/v1/presence', {})).status, 200);
  assert.equal(byId.a.hits('/v1/messages'), 3, 'only the loving messages reached heart');
});

// ---- 6. signature v2 (docs/contracts.md#edge-signature) ----------------------------------------------------

test("the contract's v2 test vector, computed by the independent Node verifier's own rules", () => {
  const body = '{"type":"blessing","text":"hi"}';
  const digest = crypto.createHash('sha256').update(body).digest('hex');
  assert.equal(digest, '041de7f3d094d77e578a060759f1aea69f09480d03bbd062069287526d0aa505');
  const canonical = [
    'v2',
    '1795723200',
    'AAECAwQFBgcICQoLDA0ODw',
    'POST',
    'europe-west1-sacred.cloudfunctions.net',
    '/v1/messages?dry=1',
    digest,
    'Bearer sc_test_key',
    '2026-11-26T20:00:00.250Z',
    '42',
    '0.87',
    '3f2c1e9a-0b7d-4c1e-9a55-2b6f0f1d7e01',
  ].join('\n');
  const mac = crypto.createHmac('sha256', 'sacred-test-secret').update(canonical).digest('hex');
  assert.equal(
    `t=1795723200,n=AAECAwQFBgcICQoLDA0ODw,v2=${mac}`,
    't=1795723200,n=AAECAwQFBgcICQoLDA0ODw,v2=f72e36883d918284032aa620fd87ede23580a2b0cd6fa459a04ecfa6b9441118',
  );
  assert.equal(Buffer.from('AAECAwQFBgcICQoLDA0ODw', 'base64url').toString('hex'), '000102030405060708090a0b0c0d0e0f');
});

test('every attempt is signed anew: a retry on another origin carries its own nonce and host', async () => {
  const { edge, byId } = await setup(
    [
      { id: 'a', secret: 's3' },
      { id: 'b', secret: 's3' },
    ],
    { EDGE_SECRET: 's3', EJECT_AFTER_FAILURES: '1000', RETRY_BUDGET_PERCENT: '100' },
  );
  byId.a.status = 503;
  byId.a.fault = 'pubsub';
  byId.b.status = 503;
  byId.b.fault = 'pubsub';
  const body = '{"type":"blessing","text":"again"}';
  const r = await edge.call('/v1/messages', {
    method: 'POST',
    body,
    headers: { ...JSON_HEADERS, 'idempotency-key': 'k1', authorization: 'Bearer sc_k' },
  });
  assert.equal(r.status, 503);
  const seen = [...byId.a.requests, ...byId.b.requests].filter((q) => q.url === '/v1/messages');
  assert.equal(seen.length, 2);
  for (const q of seen) assert.equal(q.rejected, undefined, `heart accepted the signature: ${q.rejected}`);
  const nonce = (q) => /n=([^,]+)/.exec(q.headers['x-edge-signature'])[1];
  assert.notEqual(nonce(seen[0]), nonce(seen[1]));
  assert.notEqual(seen[0].headers.host, seen[1].headers.host);
  assert.equal(seen[0].headers.authorization, 'Bearer sc_k');
});

// ---- 7. CORS ------------------------------------------------------------------------------------------------

test('CORS: preflights are answered at the edge for listed origins only; never *, never credentials', async () => {
  const { edge, byId } = await setup([{ id: 'a' }], {
    CORS_ALLOWED_ORIGINS: 'https://council.example, http://localhost:5173',
  });
  byId.a.headers = { 'access-control-allow-origin': '*', 'access-control-allow-credentials': 'true' };
  const pre = await edge.call('/v1/messages', {
    method: 'OPTIONS',
    headers: {
      origin: 'https://council.example',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type',
    },
  });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers['access-control-allow-origin'], 'https://council.example');
  assert.match(pre.headers['access-control-allow-methods'], /POST/);
  assert.match(pre.headers['access-control-allow-headers'], /authorization/);
  assert.match(pre.headers.vary, /Origin/);
  assert.equal(byId.a.requests.length, 0, 'the preflight never reached an origin');
  const refused = await edge.call('/v1/messages', {
    method: 'OPTIONS',
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
  });
  assert.equal(refused.status, 403);
  assert.equal(refused.json.error.code, 'cors_origin_not_allowed');
  assert.equal(refused.headers['access-control-allow-origin'], undefined);
  const actual = await edge.call('/v1/glyphs', { headers: { origin: 'http://localhost:5173' } });
  assert.equal(actual.status, 200);
  assert.equal(actual.headers['access-control-allow-origin'], 'http://localhost:5173');
  assert.equal(actual.headers['access-control-allow-credentials'], undefined);
  assert.match(actual.headers['access-control-expose-headers'], /x-sacred-pause-duration/);
  const stranger = await edge.call('/v1/glyphs', { headers: { origin: 'https://evil.example' } });
  assert.equal(stranger.headers['access-control-allow-origin'], undefined, "the origin's own * is not relayed");
});

// ---- 8. nothing private leaks; what heart cannot parse consistently is refused at the edge -----------------

test('the public field lists no origin URLs', async () => {
  const { edge, origins } = await setup([{ id: 'a' }, { id: 'b' }]);
  const r = await edge.call('/v1/field');
  assert.equal(r.status, 200);
  assert.equal(r.json.origins.length, 2);
  for (const o of r.json.origins) {
    assert.equal(o.url, undefined);
    assert.ok(o.id && o.region);
  }
  for (const o of origins) assert.ok(!r.text.includes(o.url), 'no origin address anywhere in the body');
  assert.equal((await edge.call('/v1/glyphs')).status, 200, 'the edge still routes by the URLs it keeps');
});

test('no Server, X-Powered-By or X-Origin-Fault reaches a client; non-JSON error bodies become JSON', async () => {
  const { edge, byId } = await setup([{ id: 'a' }]);
  byId.a.headers = { server: 'Jetty(12.0.16)', 'x-powered-by': 'invoker' };
  const ok = await edge.call('/v1/glyphs');
  assert.equal(ok.headers.server, undefined);
  assert.equal(ok.headers['x-powered-by'], undefined);
  byId.a.status = 500;
  byId.a.fault = 'postgres';
  const failed = await edge.call('/v1/glyphs');
  assert.equal(failed.headers['x-origin-fault'], undefined);
  byId.a.raw = {
    status: 400,
    headers: { server: 'Jetty(12.0.16)', 'content-type': 'text/html;charset=iso-8859-1' },
    body: '<h1>Bad Message 400</h1>',
  };
  const jetty = await edge.call('/v1/glyphs');
  assert.equal(jetty.status, 400);
  assert.equal(jetty.json.error.code, 'bad_request');
  assert.match(jetty.headers['content-type'], /application\/json/);
  byId.a.raw = { status: 400, headers: {}, body: '' };
  const empty = await edge.call('/v1/glyphs');
  assert.equal(empty.json.error.code, 'bad_request', 'an empty error body gets the JSON shape too');
});

test("targets the edge and heart would read differently get a JSON 400 at the edge: ';', '//', %00, 8 KB", async () => {
  const { edge, byId } = await setup([{ id: 'a' }]);
  const cases = [
    ['/v1/agents/a1;jsessionid=x', 'path'],
    ['/v1//agents', 'path'],
    ['/v1/agents/a%00b', 'path'],
    ['/v1/messages?agentId=a%00', 'query'],
    [`/v1/messages?cursor=${'c'.repeat(8192)}`, 'query'],
    [`/v1/agents/${'a'.repeat(8192)}`, 'path'],
  ];
  for (const [target, field] of cases) {
    const r = await edge.call(target);
    assert.equal(r.status, 400, target.slice(0, 40));
    assert.equal(r.json.error.code, 'invalid_request_target');
    assert.equal(r.json.error.field, field, target.slice(0, 40));
  }
  assert.equal(byId.a.requests.length, 0, 'none reached an origin');
});

test('Expect: 100-continue is not forwarded (the invoker answered it with a 500)', async () => {
  const { edge, byId } = await setup([{ id: 'a' }], {}, { http: true });
  byId.a.jettyExpect = true;
  const body = '{"type":"blessing","text":"hi"}';
  const r = await raw(edge.url, {
    method: 'POST',
    path: '/v1/messages',
    body,
    headers: { ...JSON_HEADERS, 'content-length': String(body.length), expect: '100-continue' },
  });
  assert.equal(r.status, 200, JSON.stringify(r).slice(0, 300));
  assert.equal(byId.a.requests.at(-1).headers.expect, undefined);
  assert.equal(byId.a.requests.at(-1).body, body);
});

test('an over-large chunked body is refused with 413 without reaching an origin', async () => {
  const { edge, byId } = await setup([{ id: 'a' }], { MAX_BODY_BYTES: '1000' }, { http: true });
  const r = await raw(edge.url, {
    method: 'POST',
    path: '/v1/messages',
    headers: JSON_HEADERS,
    chunks: Array.from({ length: 30 }, () => 'x'.repeat(100)),
    chunkGapMs: 5,
  });
  assert.equal(r.status, 413);
  assert.equal(r.json.error.code, 'payload_too_large');
  await sleep(50);
  assert.equal(byId.a.requests.length, 0);
});
