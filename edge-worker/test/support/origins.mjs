// Real HTTP origins on loopback for the workerd tests: each records what it received and answers as told.
import http from 'node:http';
import crypto from 'node:crypto';

/**
 * Starts a fake heart origin.
 * @param {object} o
 * @param {string} o.id         echoed in every answer, so tests see which origin served
 * @param {object} [o.field]    what GET /v1/field returns (a field state object), or undefined for 404
 * @param {string} [o.secret]   when set, requests must carry a valid X-Edge-Signature (the README's spec)
 */
export async function startOrigin({ id, field, secret } = {}) {
  const origin = {
    id,
    field,
    secret,
    status: 200,      // status for everything but /v1/field
    fieldStatus: 200, // status for /v1/field
    delayMs: 0,
    requests: [],
    url: '',
  };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const record = { method: req.method, url: req.url, headers: req.headers, body: body.toString('utf8'), bytes: body };
      origin.requests.push(record);
      const answer = () => {
        if (origin.secret) {
          const problem = verifyEdgeSignature(req, origin.secret);
          if (problem) {
            record.rejected = problem;
            return json(res, 401, { error: { code: 'bad_signature', message: problem } });
          }
        }
        if (req.url === '/v1/field') {
          if (origin.fieldStatus !== 200) return json(res, origin.fieldStatus, { error: { code: 'down', message: 'field unavailable' } });
          if (!origin.field) return json(res, 404, { error: { code: 'not_found', message: 'no field' } });
          return json(res, 200, origin.field);
        }
        json(res, origin.status, { origin: id, method: req.method, url: req.url, body: record.body });
      };
      if (origin.delayMs > 0) setTimeout(answer, origin.delayMs); else answer();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin.url = `http://127.0.0.1:${server.address().port}`;
  origin.close = () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); });
  origin.hits = (path) => origin.requests.filter((r) => path === undefined || r.url.startsWith(path)).length;
  return origin;
}

function json(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

/**
 * An independent implementation of the "Edge signature" section of edge-worker/README.md, as heart
 * implements it: returns null when valid, else why not.
 */
export function verifyEdgeSignature(req, secret, nowSeconds = Math.floor(Date.now() / 1000)) {
  const header = req.headers['x-edge-signature'];
  if (!header) return 'missing signature';
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2)));
  if (!/^\d+$/.test(parts.t ?? '') || !/^[0-9a-f]{64}$/.test(parts.v1 ?? '')) return 'malformed signature';
  const t = Number(parts.t);
  if (Math.abs(nowSeconds - t) > 300) return 'stale signature';
  const h = (name) => req.headers[name] ?? '';
  const canonical = ['v1', parts.t, req.method, req.url, h('x-edge-arrival'), h('x-field-version'),
    h('x-field-coherence'), h('x-request-id')].join('\n');
  const expected = crypto.createHmac('sha256', secret).update(canonical, 'utf8').digest();
  const given = Buffer.from(parts.v1, 'hex');
  return crypto.timingSafeEqual(expected, given) ? null : 'wrong signature';
}

/** A field state in DESIGN.md's JSON form. */
export function fieldState({ version, coherence = 0.8, origins = [], updatedAt = new Date().toISOString() }) {
  return {
    version,
    updatedAt,
    global: { coherence, agents: 3 },
    regions: { 'europe-west1': { coherence, agents: 3 } },
    sacred: { loveAmplification: 1.0 },
    origins: origins.map((o) => ({ id: o.id, url: o.url, region: o.region ?? 'europe-west1', healthy: o.healthy ?? true, coherence: o.coherence ?? 0.5 })),
  };
}
