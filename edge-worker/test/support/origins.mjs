// Real HTTP origins on loopback for the workerd tests: each records what it received and answers as told.
import http from 'node:http';
import crypto from 'node:crypto';

/**
 * Starts a fake heart origin.
 * @param {object} o
 * @param {string} o.id         echoed in every answer, so tests see which origin served
 * @param {object} [o.field]    what GET /v1/field returns (a field state object), or undefined for 404
 * @param {string} [o.secret]   when set, requests must carry a valid X-Edge-Signature v2 (docs/contracts.md
 *                              #edge-signature), and a write's nonce is refused when seen twice, as heart does
 * Answers can be shaped per test: `fault` (an X-Origin-Fault value sent with every 5xx, as heart marks its own
 * failures), `raw` ({status, headers, body} sent verbatim, e.g. a Jetty-style empty non-JSON error),
 * `headers` (extra headers on every answer), `jettyExpect` (answer Expect: 100-continue with an empty 500, as
 * the invoker's Jetty did).
 * GraphQL (docs/graphql.md): `/v1/graphql` answers `application/graphql-response+json` `{"data":{"origin":id}}`, a
 * persisted GET without Authorization with `Cache-Control: public, max-age=5` (else `private, no-store`), unless
 * `graphql(record)` returns {status, headers, body} of its own; `/v1/graphql/subscriptions` answers the plan
 * `plans[payload.query]` (docs/graphql.md#subscriptions), else `400 {"errors":[...]}`.
 */
export async function startOrigin({ id, field, secret } = {}) {
  const origin = {
    id,
    field,
    secret,
    status: 200, // status for everything but /v1/field
    fieldStatus: 200, // status for /v1/field
    delayMs: 0,
    fault: undefined,
    raw: undefined,
    headers: {},
    jettyExpect: false,
    graphql: undefined,
    plans: {},
    nonces: new Set(),
    requests: [],
    // GET /v1/healthz, the edge's probes (docs/observability.md#origin-health): answered healthStatus and counted
    // here, never in `requests`, so tests that count requests see only clients' traffic
    healthStatus: 200,
    probes: 0,
    url: '',
  };
  const server = http.createServer((req, res) => {
    if (origin.jettyExpect && req.headers.expect) {
      origin.requests.push({ method: req.method, url: req.url, headers: req.headers, body: '', expectRefused: true });
      res.writeHead(500, { 'content-length': '0', server: 'Jetty(12.0.x)' });
      return res.end();
    }
    if (req.url === '/v1/healthz') {
      origin.probes++;
      req.resume();
      return json(res, origin.healthStatus, { status: origin.healthStatus === 200 ? 'ok' : 'unavailable' });
    }
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const record = {
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: body.toString('utf8'),
        bytes: body,
      };
      origin.requests.push(record);
      const answer = () => {
        if (origin.secret) {
          const problem = verifyEdgeSignature(record, origin.secret) ?? claimNonce(origin, record);
          if (problem) {
            record.rejected = problem;
            return json(res, 401, { error: { code: 'bad_signature', message: problem } });
          }
        }
        if (origin.raw) {
          res.writeHead(origin.raw.status, origin.raw.headers ?? {});
          return res.end(origin.raw.body ?? '');
        }
        if (req.url.startsWith('/v1/graphql')) {
          const a = (origin.graphql && origin.graphql(record)) ?? graphqlAnswer(origin, record);
          res.writeHead(a.status, { 'content-type': 'application/graphql-response+json', ...(a.headers ?? {}) });
          return res.end(typeof a.body === 'string' ? a.body : JSON.stringify(a.body));
        }
        if (req.url === '/v1/field') {
          if (origin.fieldStatus !== 200)
            return json(res, origin.fieldStatus, { error: { code: 'down', message: 'field unavailable' } });
          if (!origin.field) return json(res, 404, { error: { code: 'not_found', message: 'no field' } });
          return json(res, 200, origin.field);
        }
        const extra = { ...origin.headers };
        if (origin.status >= 500 && origin.fault) extra['x-origin-fault'] = origin.fault;
        json(
          res,
          origin.status,
          origin.status >= 400
            ? {
                error: { code: origin.status >= 500 ? 'unavailable' : 'refused', message: `answered ${origin.status}` },
              }
            : { origin: id, method: req.method, url: req.url, body: record.body },
          extra,
        );
      };
      if (origin.delayMs > 0) setTimeout(answer, origin.delayMs);
      else answer();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin.url = `http://127.0.0.1:${server.address().port}`;
  origin.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(resolve);
    });
  origin.hits = (path) => origin.requests.filter((r) => path === undefined || r.url.startsWith(path)).length;
  return origin;
}

/** heart's GraphQL as far as the edge sees it: the answer's status, cacheability and shape (docs/graphql.md). */
function graphqlAnswer(origin, record) {
  const url = new URL(record.url, 'http://origin');
  if (url.pathname === '/v1/graphql/subscriptions') {
    let payload;
    try {
      payload = JSON.parse(record.body);
    } catch {
      payload = {};
    }
    const plan = origin.plans[payload.query];
    return plan
      ? { status: 200, headers: { 'content-type': 'application/json' }, body: plan }
      : {
          status: 400,
          body: {
            errors: [{ message: 'not a subscription this heart plans', extensions: { code: 'graphql_invalid' } }],
          },
        };
  }
  const extensions = url.searchParams.get('extensions');
  const persisted = record.method === 'GET' && extensions && JSON.parse(extensions).persistedQuery;
  return {
    status: 200,
    headers: {
      'cache-control': persisted && !record.headers.authorization ? 'public, max-age=5' : 'private, no-store',
    },
    body: { data: { origin: origin.id, served: origin.hits('/v1/graphql') } },
  };
}

function json(res, status, value, extra = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...extra });
  res.end(JSON.stringify(value));
}

/**
 * An independent implementation of docs/contracts.md#edge-signature (v2), as heart implements it: returns null
 * when valid, else why not. `record` is what the origin received: {method, url, headers, bytes}.
 */
export function verifyEdgeSignature(record, secret, nowSeconds = Math.floor(Date.now() / 1000)) {
  const header = record.headers['x-edge-signature'];
  if (!header) return 'missing signature';
  const parts = Object.fromEntries(
    header.split(',').map((p) => {
      const i = p.indexOf('=');
      return [p.slice(0, i), p.slice(i + 1)];
    }),
  );
  if (
    !/^\d+$/.test(parts.t ?? '') ||
    !/^[A-Za-z0-9_-]{22}$/.test(parts.n ?? '') ||
    !/^[0-9a-f]{64}$/.test(parts.v2 ?? '')
  ) {
    return 'malformed signature';
  }
  if (Math.abs(nowSeconds - Number(parts.t)) > 60) return 'stale signature';
  const h = (name) => record.headers[name] ?? '';
  const digest = crypto
    .createHash('sha256')
    .update(record.bytes ?? Buffer.alloc(0))
    .digest('hex');
  const canonical = [
    'v2',
    parts.t,
    parts.n,
    record.method,
    h('host').toLowerCase(),
    record.url,
    digest,
    h('authorization'),
    h('x-edge-arrival'),
    h('x-field-version'),
    h('x-field-coherence'),
    h('x-request-id'),
  ].join('\n');
  const expected = crypto.createHmac('sha256', secret).update(canonical, 'utf8').digest();
  return crypto.timingSafeEqual(expected, Buffer.from(parts.v2, 'hex')) ? null : 'wrong signature';
}

/** heart's replay guard: a write's nonce may be seen once. */
function claimNonce(origin, record) {
  if (['GET', 'HEAD', 'OPTIONS'].includes(record.method)) return null;
  const n = /(?:^|,)n=([^,]*)/.exec(record.headers['x-edge-signature'])[1];
  if (origin.nonces.has(n)) return 'replayed request';
  origin.nonces.add(n);
  return null;
}

/** A field state in the JSON form of docs/architecture.md#field-state. */
export function fieldState({ version, coherence = 0.8, origins = [], updatedAt = new Date().toISOString() }) {
  return {
    version,
    updatedAt,
    global: { coherence, agents: 3 },
    regions: { 'europe-west1': { coherence, agents: 3 } },
    sacred: { loveAmplification: 1.0 },
    origins: origins.map((o) => ({
      id: o.id,
      url: o.url,
      region: o.region ?? 'europe-west1',
      healthy: o.healthy ?? true,
      coherence: o.coherence ?? 0.5,
    })),
  };
}
