// HTTP helpers for the suite and the benchmark: JSON calls, and requests signed like the edge signs them
// (edge-worker/README.md "Edge signature"), used to talk straight to a heart.
import http from 'node:http';
import { signedHeaders } from '../../stack/stack.mjs';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A keep-alive agent per target, so that load tests measure the server, not TCP handshakes. */
const agents = new Map();
function agentFor(url) {
  const key = new URL(url).host;
  if (!agents.has(key)) agents.set(key, new http.Agent({ keepAlive: true, maxSockets: 64 }));
  return agents.get(key);
}

/**
 * One HTTP request over node:http (not fetch: it allows any header, any body and exact timing).
 * Resolves {status, headers, text, json, ms}; never rejects for an HTTP status, only for network errors.
 */
export async function request(url, init = {}) {
  try {
    return await requestOnce(url, init);
  } catch (e) {
    // a kept-alive socket the server closed as we reused it: safe to repeat what is idempotent
    const idempotent =
      init.body === undefined || Object.keys(init.headers ?? {}).some((k) => k.toLowerCase() === 'idempotency-key');
    if (e.reusedSocket && idempotent && (e.code === 'ECONNRESET' || e.code === 'EPIPE')) return requestOnce(url, init);
    throw e;
  }
}

function requestOnce(url, { method = 'GET', headers = {}, body, timeoutMs = 15000, fresh = false } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const payload =
      body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    const h = { ...headers };
    if (payload !== undefined && !Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) {
      h['Content-Type'] = 'application/json';
    }
    const req = http.request(
      url,
      { method, headers: h, agent: fresh ? false : agentFor(url), timeout: timeoutMs },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({
            status: res.statusCode,
            headers: res.headers,
            text,
            json,
            ms: Number(process.hrtime.bigint() - started) / 1e6,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms: ${method} ${url}`)));
    req.on('error', (e) => {
      e.reusedSocket = req.reusedSocket;
      reject(e);
    });
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** A request straight at a heart, signed as the edge would sign it. */
export function signedRequest(baseUrl, secret, pathAndQuery, init = {}) {
  const method = init.method ?? 'GET';
  const body =
    init.body === undefined
      ? ''
      : typeof init.body === 'string' || Buffer.isBuffer(init.body)
        ? init.body
        : JSON.stringify(init.body);
  const authorization =
    Object.entries(init.headers ?? {}).find(([k]) => k.toLowerCase() === 'authorization')?.[1] ?? '';
  return request(baseUrl + pathAndQuery, {
    ...init,
    ...(init.body === undefined ? {} : { body }),
    headers: {
      ...(init.headers ?? {}),
      ...signedHeaders(secret, method, pathAndQuery, { host: new URL(baseUrl).host, body, authorization }),
    },
  });
}

/** Polls fn until it returns a truthy value; returns the last value (falsy on timeout). */
export async function eventually(fn, timeoutMs = 10000, everyMs = 100) {
  const end = Date.now() + timeoutMs;
  let value;
  for (;;) {
    try {
      value = await fn();
    } catch (e) {
      value = undefined;
    }
    if (value) return value;
    if (Date.now() > end) return value;
    await sleep(everyMs);
  }
}

export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}
