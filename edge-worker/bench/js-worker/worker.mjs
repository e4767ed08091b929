// The baseline for the benchmark: the edge worker's request path written by hand in JavaScript, with the
// same behaviour as the TeaVM build (field tiers with stale-while-revalidate, coherence routing with
// ejection, pause policy, header stripping, WebCrypto signature v2, client headers, and issue 12's hardening:
// held bodies, origin-fault rule, one retry within a deadline and a budget, rate limits, healing writes,
// CORS, target hygiene, no leaks). Not shipped.
const KEY = 'field-state';
let app;

export default {
  fetch(request, env, ctx) {
    try {
      if (!app) app = createApp(env);
    } catch (e) {
      return new Response(JSON.stringify({ error: { code: 'edge_misconfigured', message: e.message } }), {
        status: 500,
        headers: { 'content-type': 'application/json; charset=utf-8' },
      });
    }
    return app.handle(request, ctx);
  },
};

function num(env, name, fallback) {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`${name}: must be a number, was '${v}'`);
  return n;
}

function createApp(env) {
  const cfg = {
    origins: env.ORIGINS
      ? JSON.parse(env.ORIGINS).map((o, i) => {
          if (!/^https?:\/\//.test(o.url ?? '')) throw new Error(`field ORIGINS[${i}].url: must be http(s)`);
          return { healthy: true, coherence: 0.5, region: '', ...o };
        })
      : [],
    secret: env.EDGE_SECRET || null,
    memoryTtl: num(env, 'FIELD_MEMORY_TTL_MS', 5000),
    kvTtl: num(env, 'FIELD_KV_CACHE_TTL_S', 60),
    kvFresh: num(env, 'FIELD_KV_FRESH_S', 60) * 1000,
    maxStale: num(env, 'FIELD_MAX_STALE_S', 86400) * 1000,
    timeout: num(env, 'ORIGIN_TIMEOUT_MS', 10000),
    maxBody: num(env, 'MAX_BODY_BYTES', 65536),
    threshold: num(env, 'PAUSE_COHERENCE_THRESHOLD', 0.3),
    clientPause: num(env, 'PAUSE_CLIENT_MS', 3000),
    lowPause: num(env, 'PAUSE_LOW_COHERENCE_MS', 10000),
    noOriginPause: num(env, 'PAUSE_NO_ORIGIN_MS', 5000),
    jitter: num(env, 'PAUSE_JITTER', 0.2),
    maxPause: num(env, 'PAUSE_MAX_MS', 60000),
    ejectAfter: num(env, 'EJECT_AFTER_FAILURES', 3),
    ejectMs: num(env, 'EJECT_SECONDS', 30) * 1000,
    affinity: num(env, 'REGION_AFFINITY', 3),
    latencyBudget: num(env, 'LATENCY_BUDGET_MS', 250),
    bodyTimeout: num(env, 'CLIENT_BODY_TIMEOUT_MS', 10000),
    deadline: num(env, 'REQUEST_DEADLINE_MS', 15000),
    retryPct: num(env, 'RETRY_BUDGET_PERCENT', 20),
    ratePause: num(env, 'PAUSE_RATE_LIMITED_MS', 10000),
    cors: (env.CORS_ALLOWED_ORIGINS || '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  };
  if (cfg.cors.includes('*')) throw new Error("CORS_ALLOWED_ORIGINS: list exact origins; '*' is not allowed");
  const limits = ['LIMIT_REGISTRATIONS', 'LIMIT_MESSAGES', 'LIMIT_PRESENCE', 'LIMIT_READS'].map((n) =>
    env[n] && typeof env[n].limit === 'function' ? env[n] : null,
  );
  const budget = { sec: new Array(10).fill(-1), req: new Array(10).fill(0), ret: new Array(10).fill(0) };
  const kv = env.FIELD_KV;
  const obs = new Map();
  let held = null; // {state, json, etag, confirmedAt, source}
  let refreshing = null; // the KV read in flight
  let fetching = null; // the origin fetch in flight (single-flighted apart from KV reads)
  let nextRefreshAt = 0;
  let key = null;
  const encoder = new TextEncoder();

  const ob = (id) => {
    let o = obs.get(id);
    if (!o) {
      o = { fails: 0, inFlight: 0, ewma: -1, ejectedUntil: 0 };
      obs.set(id, o);
    }
    return o;
  };
  const fmt = (c) => {
    const t = Math.round(Math.min(1, Math.max(0, c)) * 10000);
    if (t === 10000) return '1';
    if (t === 0) return '0';
    return '0.' + String(t).padStart(4, '0').replace(/0+$/, '');
  };
  const blessing = (c) => (c >= 0.8 ? 'radiant' : c >= 0.5 ? 'steady' : c >= 0.3 ? 'tender' : 'resting');
  const continent = (r) => {
    r = (r || '').toLowerCase();
    if (r.length === 2) return r.toUpperCase();
    if (r.startsWith('europe')) return 'EU';
    if (r.startsWith('us-') || r.startsWith('northamerica')) return 'NA';
    if (r.startsWith('southamerica')) return 'SA';
    if (r.startsWith('asia') || r.startsWith('me-')) return 'AS';
    if (r.startsWith('australia')) return 'OC';
    if (r.startsWith('africa')) return 'AF';
    return '';
  };
  const initial = {
    version: 0,
    updatedAt: '1970-01-01T00:00:00Z',
    global: { coherence: 0.5, agents: 0 },
    regions: {},
    sacred: { loveAmplification: 1 },
    origins: [],
  };
  const field = () => (held ? held.state : initial);
  const originsOf = (s) => (s.origins && s.origins.length ? s.origins : cfg.origins);

  function offer(state, at, source) {
    if (!held || state.version > held.state.version) {
      held = {
        state,
        json: JSON.stringify(state),
        publicJson: JSON.stringify({ ...state, origins: (state.origins || []).map(({ url: _url, ...o }) => o) }),
        etag: `"field-v${state.version}"`,
        confirmedAt: at,
        source,
      };
      return true;
    }
    if (state.version === held.state.version && at > held.confirmedAt) held.confirmedAt = at;
    return false;
  }
  function freshness(now) {
    if (!held) return 'missing';
    const age = now - held.confirmedAt;
    if (age < cfg.memoryTtl) return 'fresh';
    return age <= cfg.memoryTtl + cfg.maxStale ? 'stale' : 'expired';
  }
  function valid(s) {
    return s && Number.isInteger(s.version) && s.global && typeof s.global.coherence === 'number';
  }

  function plan(origins, cont, now) {
    const usable = [];
    for (const o of origins) {
      const b = ob(o.id);
      if (!o.healthy || now < b.ejectedUntil) continue;
      let w = o.coherence;
      const near = !!cont && continent(o.region) === cont.toUpperCase() && continent(o.region) !== '';
      if (near) w *= cfg.affinity;
      if (b.ewma >= 0 && b.ewma > cfg.latencyBudget) w *= cfg.latencyBudget / b.ewma;
      w /= 1 + 0.25 * b.inFlight;
      usable.push({ o, w, near });
    }
    usable.sort(
      (a, b) => b.w - a.w || (a.near === b.near ? (a.o.id < b.o.id ? -1 : a.o.id > b.o.id ? 1 : 0) : a.near ? -1 : 1),
    );
    const total = usable.reduce((s, u) => s + u.w, 0);
    let pick = usable[0];
    if (total > 0) {
      let t = Math.random() * total;
      for (const u of usable) {
        if (u.w <= 0) continue;
        pick = u;
        t -= u.w;
        if (t < 0) break;
      }
    }
    return pick ? [pick.o, ...usable.filter((u) => u !== pick).map((u) => u.o)] : [];
  }
  function failed(id, lat, now) {
    const b = ob(id);
    b.inFlight = Math.max(0, b.inFlight - 1);
    b.ewma = b.ewma < 0 ? lat : 0.3 * lat + 0.7 * b.ewma;
    if (++b.fails >= cfg.ejectAfter) {
      b.fails = 0;
      b.ejectedUntil = now + cfg.ejectMs;
      console.log(JSON.stringify({ severity: 'WARNING', message: 'origin ejected', origin: id }));
    }
  }
  function succeeded(id, lat) {
    const b = ob(id);
    b.inFlight = Math.max(0, b.inFlight - 1);
    b.fails = 0;
    b.ewma = b.ewma < 0 ? lat : 0.3 * lat + 0.7 * b.ewma;
  }

  function pause(kind, base) {
    const r = Math.random();
    const ms = Math.max(
      1,
      Math.min(Math.round(Math.min(base, cfg.maxPause) * (1 + cfg.jitter * (2 * r - 1))), cfg.maxPause),
    );
    return {
      kind,
      status: kind === 'sacred_pause' ? 202 : kind === 'rate_limited' ? 429 : 503,
      ms,
      s: Math.ceil(ms / 1000),
    };
  }
  function untilBack(origins, now) {
    let m = Infinity;
    for (const o of origins) {
      const b = ob(o.id);
      if (now < b.ejectedUntil) m = Math.min(m, b.ejectedUntil - now);
    }
    return m === Infinity ? 0 : m;
  }

  const hex = (buf) => {
    let h = '';
    for (const b of new Uint8Array(buf)) h += (b < 16 ? '0' : '') + b.toString(16);
    return h;
  };
  const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
  function hostOf(url) {
    const u = new URL(url);
    return u.host.toLowerCase();
  }
  // docs/contracts.md#edge-signature: per attempt, with a fresh nonce and the origin's host
  async function sign(headers, method, pathAndQuery, originUrl, digest) {
    if (!cfg.secret) return;
    if (!key)
      key = crypto.subtle.importKey('raw', encoder.encode(cfg.secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
        'sign',
      ]);
    const t = Math.floor(Date.now() / 1000);
    const n = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
    const canonical = [
      'v2',
      t,
      n,
      method,
      hostOf(originUrl),
      pathAndQuery,
      await digest,
      headers.get('authorization') ?? '',
      headers.get('x-edge-arrival'),
      headers.get('x-field-version'),
      headers.get('x-field-coherence'),
      headers.get('x-request-id'),
    ].join('\n');
    headers.set(
      'x-edge-signature',
      `t=${t},n=${n},v2=${hex(await crypto.subtle.sign('HMAC', await key, encoder.encode(canonical)))}`,
    );
  }
  function bucket(now) {
    const sec = Math.floor(now / 1000),
      i = sec % 10;
    if (budget.sec[i] !== sec) {
      budget.sec[i] = sec;
      budget.req[i] = 0;
      budget.ret[i] = 0;
    }
    return i;
  }
  function tryRetry(now) {
    const i = bucket(now),
      sec = budget.sec[i];
    let r = 0,
      q = 0;
    for (let k = 0; k < 10; k++)
      if (budget.sec[k] > sec - 10) {
        q += budget.req[k];
        r += budget.ret[k];
      }
    if (r >= Math.max(3, (cfg.retryPct * q) / 100)) return false;
    budget.ret[i]++;
    return true;
  }
  const isErrorShape = (text) => {
    try {
      const v = JSON.parse(text);
      return (
        !!v && typeof v === 'object' && !!v.error && typeof v.error === 'object' && typeof v.error.code === 'string'
      );
    } catch {
      return false;
    }
  };
  const CODES = {
    400: 'bad_request',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not_found',
    405: 'method_not_allowed',
    408: 'request_timeout',
    413: 'payload_too_large',
    414: 'uri_too_long',
    415: 'unsupported_media_type',
    429: 'rate_limited',
    431: 'headers_too_large',
  };
  function toClient(res, o) {
    for (const n of [
      'server',
      'x-powered-by',
      'x-origin-fault',
      'access-control-allow-origin',
      'access-control-allow-credentials',
    ])
      res.headers.delete(n);
    res.headers.set('x-edge-origin', o.id);
    return res;
  }
  function stamp(headers, s, now, rid, tp) {
    headers.set('x-edge-arrival', new Date(now).toISOString().replace('.000Z', 'Z'));
    headers.set('x-field-version', String(s.version));
    headers.set('x-field-coherence', fmt(s.global.coherence));
    headers.set('x-request-id', rid);
    headers.set('traceparent', tp);
  }
  function traceparent(client) {
    const span = hex16();
    if (client && /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/i.test(client) && !/^00-0{32}/.test(client))
      return `00-${client.slice(3, 35).toLowerCase()}-${span}-${client.slice(53, 55)}`;
    return `00-${hex16()}${hex16()}-${span}-01`;
  }
  function hex16() {
    let s = '';
    for (const b of crypto.getRandomValues(new Uint8Array(8))) s += (b < 16 ? '0' : '') + b.toString(16);
    return s;
  }

  async function forward(url0, method, headers, body, retryable, route) {
    const digest = body ? crypto.subtle.digest('SHA-256', body).then(hex) : Promise.resolve(EMPTY_SHA256);
    budget.req[bucket(Date.now())]++;
    const deadline = Date.now() + cfg.deadline;
    for (let i = 0; i < route.length && i < 2; i++) {
      const o = route[i];
      const next = () =>
        retryable && i + 1 < Math.min(2, route.length) && deadline - Date.now() >= 1 && tryRetry(Date.now());
      ob(o.id).inFlight++;
      const start = Date.now();
      try {
        await sign(headers, method, url0, o.url, digest);
        const res = await fetch(o.url.replace(/\/$/, '') + url0, {
          method,
          headers,
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(Math.max(1, Math.min(cfg.timeout, deadline - start))),
        });
        const type = res.headers.get('content-type') || '';
        if (!(res.status >= 500 || (res.status >= 400 && !type.toLowerCase().startsWith('application/json')))) {
          succeeded(o.id, Date.now() - start);
          return toClient(new Response(res.body, res), o);
        }
        const text = await res.text();
        const end = Date.now();
        const fault =
          res.status >= 500 &&
          (res.headers.has('x-origin-fault') || ([502, 503, 504].includes(res.status) && !isErrorShape(text)));
        if (fault) {
          failed(o.id, end - start, end);
          if (next()) continue;
        } else succeeded(o.id, end - start);
        const h = new Headers(res.headers);
        h.delete('content-length');
        if (isErrorShape(text)) return toClient(new Response(text, { status: res.status, headers: h }), o);
        h.set('content-type', 'application/json; charset=utf-8');
        const code = CODES[res.status] ?? (res.status >= 500 ? 'origin_error' : 'bad_request');
        return toClient(
          new Response(
            JSON.stringify({ error: { code, message: `the origin answered ${res.status} without a JSON error` } }),
            { status: res.status, headers: h },
          ),
          o,
        );
      } catch (e) {
        const end = Date.now();
        failed(o.id, end - start, end);
        if (!next()) return null;
      }
    }
    return null;
  }

  async function fromOrigin(ctx, kvVersion) {
    const s = field();
    const now = Date.now();
    const headers = new Headers({ accept: 'application/json' });
    stamp(headers, s, now, crypto.randomUUID(), traceparent(null));
    const res = await forward('/v1/field', 'GET', headers, null, true, plan(originsOf(s), '', now));
    if (!res || res.status !== 200) return;
    let state;
    try {
      state = JSON.parse(await res.text());
    } catch {
      return;
    }
    if (!valid(state)) return;
    const at = Date.now();
    offer(state, at, 'origin');
    if (kv && state.version > kvVersion && state.version >= held.state.version)
      ctx.waitUntil(kv.put(KEY, held.json, { metadata: { fetchedAt: at } }));
  }
  function readKv() {
    if (refreshing) return refreshing;
    nextRefreshAt = Date.now() + cfg.memoryTtl;
    refreshing = (async () => {
      if (!kv) return { version: -1, fresh: false };
      try {
        const e = await kv.getWithMetadata(KEY, { type: 'text', cacheTtl: cfg.kvTtl });
        if (e.value) {
          const s = JSON.parse(e.value);
          if (valid(s)) {
            const at =
              e.metadata && typeof e.metadata.fetchedAt === 'number' ? e.metadata.fetchedAt : Date.parse(s.updatedAt);
            const fresh = Date.now() - at < cfg.kvFresh;
            offer(s, fresh ? Date.now() : at, 'kv');
            return { version: s.version, fresh };
          }
        }
      } catch {
        /* stale-if-error */
      }
      return { version: -1, fresh: false };
    })().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }
  function fetchOnce(ctx, kvVersion) {
    if (!fetching)
      fetching = fromOrigin(ctx, kvVersion)
        .catch(() => {})
        .finally(() => {
          fetching = null;
        });
    return fetching;
  }
  async function ensure(ctx) {
    const now = Date.now();
    const f = freshness(now);
    if (f === 'fresh') return;
    if (f === 'stale') {
      if (!refreshing && now >= nextRefreshAt) {
        ctx.waitUntil(
          readKv().then((k) => {
            if (!k.fresh) ctx.waitUntil(fetchOnce(ctx, k.version));
          }),
        );
      }
      return;
    }
    const k = await readKv();
    if (!k.fresh) await fetchOnce(ctx, k.version);
  }

  function clientHeaders(s, arrival, rid) {
    const h = new Headers();
    h.set('x-field-coherence', fmt(s.global.coherence));
    h.set('x-edge-arrival', arrival);
    h.set('x-sacred-blessing', blessing(s.global.coherence));
    h.set('x-request-id', rid);
    return h;
  }
  const err = (code, message, field) => JSON.stringify({ error: field ? { code, message, field } : { code, message } });
  function readBody(stream) {
    const reader = stream.getReader();
    const chunks = [];
    let size = 0,
      timer;
    const late = new Promise((r) => {
      timer = setTimeout(() => r('timeout'), cfg.bodyTimeout);
    });
    const pump = () =>
      reader.read().then((c) => {
        if (c.done) {
          const all = new Uint8Array(size);
          let at = 0;
          for (const x of chunks) {
            all.set(x, at);
            at += x.byteLength;
          }
          return all.buffer;
        }
        size += c.value.byteLength;
        if (size > cfg.maxBody) return 'too_large';
        chunks.push(c.value);
        return pump();
      });
    return Promise.race([pump(), late]).then(
      (v) => {
        clearTimeout(timer);
        if (typeof v === 'string') reader.cancel().catch(() => {});
        return v;
      },
      () => {
        clearTimeout(timer);
        return 'error';
      },
    );
  }
  function hygiene(path, query) {
    // eslint-disable-next-line no-control-regex -- control characters are exactly what it refuses
    const ctl = (x) => /[\u0000-\u001f\u007f]|%00/.test(x);
    if (path.length > 2048 || path.includes(';') || path.includes('//') || ctl(path)) return 'path';
    if (path.length + query.length > 2048 || ctl(query)) return 'query';
    return null;
  }
  async function allowed(i, request) {
    const lim = limits[i];
    if (!lim) return true;
    const ip = request.headers.get('cf-connecting-ip') || 'unknown';
    const checks = [lim.limit({ key: 'ip:' + ip })];
    const m = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') || '');
    if (m)
      checks.push(
        crypto.subtle
          .digest('SHA-256', encoder.encode(m[1]))
          .then((d) => lim.limit({ key: 'key:' + hex(d).slice(0, 16) })),
      );
    try {
      return (await Promise.all(checks)).every((r) => r.success);
    } catch {
      return true;
    }
  }
  const heals = (method, path, text) => {
    if (method !== 'POST') return false;
    if (path === '/v1/agents' || path === '/v1/presence') return true;
    if (path !== '/v1/messages') return false;
    try {
      const v = JSON.parse(text);
      return !!v && ['blessing', 'gratitude', 'offering'].includes(v.type);
    } catch {
      return false;
    }
  };
  function json(status, body, h) {
    h.set('content-type', 'application/json; charset=utf-8');
    if (!h.has('x-edge-origin')) h.set('x-edge-origin', 'edge');
    return new Response(body, { status, headers: h });
  }
  function pauseResponse(p, s, arrival, rid) {
    const h = clientHeaders(s, arrival, rid);
    h.set('x-sacred-pause-duration', String(p.ms));
    h.set('retry-after', String(p.s));
    h.set('cache-control', 'no-store');
    const body =
      p.status === 202
        ? { pause: { reason: p.kind, durationMs: p.ms, retryAfter: p.s, message: 'Pause accepted.' } }
        : { error: { code: p.kind, message: 'paused' }, pause: { reason: p.kind, durationMs: p.ms, retryAfter: p.s } };
    return json(p.status, JSON.stringify(body), h);
  }

  return {
    async handle(request, ctx) {
      const res = await this.inner(request, ctx);
      const origin = request.headers.get('origin');
      if (
        origin &&
        cfg.cors.includes(origin) &&
        !(request.method === 'OPTIONS' && request.headers.get('access-control-request-method'))
      ) {
        res.headers.set('access-control-allow-origin', origin);
        res.headers.set(
          'access-control-expose-headers',
          'etag, retry-after, x-sacred-pause-duration, x-sacred-blessing, x-field-version, x-field-coherence, x-field-cache, x-edge-arrival, x-edge-origin, x-request-id',
        );
        res.headers.append('vary', 'Origin');
      }
      return res;
    },
    async inner(request, ctx) {
      const now = Date.now();
      const arrival = new Date(now).toISOString().replace('.000Z', 'Z');
      const url = new URL(request.url);
      const target = url.pathname + url.search;
      const method = request.method;
      const cid = request.headers.get('x-request-id');
      const rid = cid && /^[A-Za-z0-9._:-]{1,128}$/.test(cid) ? cid : crypto.randomUUID();
      const write = !(method === 'GET' || method === 'HEAD' || method === 'OPTIONS');
      const refuse = async (status, code, message, f) => {
        await ensure(ctx);
        return json(status, err(code, message, f), clientHeaders(field(), arrival, rid));
      };
      const length = request.headers.get('content-length');
      let bytes = null;
      if (request.body) {
        if (length !== null && /^[0-9]+$/.test(length) && Number(length) > cfg.maxBody)
          return refuse(413, 'payload_too_large', `the body exceeds ${cfg.maxBody} bytes`, 'body');
        const v = await readBody(request.body);
        if (v === 'timeout')
          return refuse(408, 'request_timeout', `the body did not arrive within ${cfg.bodyTimeout} ms`, 'body');
        if (v === 'too_large') return refuse(413, 'payload_too_large', `the body exceeds ${cfg.maxBody} bytes`, 'body');
        if (v === 'error') return refuse(400, 'bad_request', 'the body could not be read', 'body');
        bytes = v;
      }
      const refused = hygiene(url.pathname, url.search);
      if (refused) return refuse(400, 'invalid_request_target', 'the request target is not accepted', refused);
      if (
        method === 'OPTIONS' &&
        request.headers.get('origin') &&
        request.headers.get('access-control-request-method')
      ) {
        const o = request.headers.get('origin');
        const h = clientHeaders(field(), arrival, rid);
        if (!cfg.cors.includes(o))
          return json(
            403,
            err('cors_origin_not_allowed', `cross-origin requests from ${o} are not allowed`, 'header:Origin'),
            h,
          );
        h.set('access-control-allow-origin', o);
        h.set('access-control-allow-methods', 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS');
        h.set(
          'access-control-allow-headers',
          'authorization, content-type, idempotency-key, if-none-match, x-request-id, x-sacred-pause, traceparent',
        );
        h.set('access-control-max-age', '600');
        h.append('vary', 'Origin');
        h.set('x-edge-origin', 'edge');
        return new Response(null, { status: 204, headers: h });
      }
      if ((request.headers.get('x-sacred-pause') || '').trim().toLowerCase() === 'needed') {
        await ensure(ctx);
        return pauseResponse(pause('sacred_pause', cfg.clientPause), field(), arrival, rid);
      }
      if (url.pathname === '/v1/field') {
        if (method !== 'GET' && method !== 'HEAD') {
          const h = clientHeaders(field(), arrival, rid);
          h.set('allow', 'GET, HEAD');
          return json(405, JSON.stringify({ error: { code: 'method_not_allowed', message: 'no' } }), h);
        }
        const before = freshness(now);
        await ensure(ctx);
        if (!held || freshness(Date.now()) === 'expired')
          return pauseResponse(pause('no_origin_available', cfg.noOriginPause), field(), arrival, rid);
        const h = clientHeaders(held.state, arrival, rid);
        h.set('etag', held.etag);
        h.set('cache-control', 'no-cache');
        h.set('x-field-version', String(held.state.version));
        h.set('x-field-cache', before === 'fresh' ? 'memory' : before === 'stale' ? 'stale' : held.source);
        h.set('x-edge-origin', 'edge');
        const inm = request.headers.get('if-none-match');
        if (
          inm &&
          inm.split(',').some((t) => {
            t = t.trim();
            return t === '*' || t.replace(/^W\//, '') === held.etag;
          })
        )
          return new Response(null, { status: 304, headers: h });
        h.set('content-type', 'application/json; charset=utf-8');
        return new Response(method === 'HEAD' ? null : held.publicJson, { status: 200, headers: h });
      }
      if (!url.pathname.startsWith('/v1/'))
        return json(
          404,
          JSON.stringify({ error: { code: 'not_found', message: 'no such path: ' + url.pathname } }),
          clientHeaders(field(), arrival, rid),
        );
      await ensure(ctx);
      const s = field();
      const origins = originsOf(s);
      const type = request.headers.get('content-type');
      if (write && type !== null) {
        const mime = type.split(';')[0].trim().toLowerCase();
        const hasBody = bytes !== null && bytes.byteLength > 0;
        if (mime !== 'application/json' && (hasBody || mime.startsWith('multipart/'))) {
          return json(
            415,
            err(
              'unsupported_media_type',
              `Content-Type must be application/json, was '${type}'`,
              'header:Content-Type',
            ),
            clientHeaders(s, arrival, rid),
          );
        }
      }
      const kind =
        method !== 'POST'
          ? 3
          : url.pathname === '/v1/agents'
            ? 0
            : url.pathname === '/v1/messages'
              ? 1
              : url.pathname === '/v1/presence'
                ? 2
                : 3;
      if (!(await allowed(kind, request))) return pauseResponse(pause('rate_limited', cfg.ratePause), s, arrival, rid);
      const t0 = Date.now();
      const route = plan(origins, request.cf && request.cf.continent, t0);
      let p = null;
      if (route.length === 0) p = pause('no_origin_available', untilBack(origins, t0) || cfg.noOriginPause);
      else if (
        write &&
        s.global.coherence < cfg.threshold &&
        !heals(method, url.pathname, bytes ? new TextDecoder().decode(bytes) : null)
      )
        p = pause('low_coherence', cfg.lowPause);
      if (p) return pauseResponse(p, s, arrival, rid);
      const headers = new Headers(request.headers);
      for (const name of [...request.headers.keys()]) {
        if (name === 'x-sacred-pause') continue;
        if (
          /^x-(edge|field|sacred)-/.test(name) ||
          [
            'host',
            'connection',
            'keep-alive',
            'proxy-connection',
            'proxy-authorization',
            'te',
            'trailer',
            'transfer-encoding',
            'upgrade',
            'expect',
            'x-request-id',
            'traceparent',
            'tracestate',
          ].includes(name)
        )
          headers.delete(name);
      }
      stamp(headers, s, now, rid, traceparent(request.headers.get('traceparent')));
      const idem = request.headers.get('idempotency-key');
      const retryable = !write || (idem && idem.trim() !== '');
      const res = await forward(
        target,
        method,
        headers,
        method === 'GET' || method === 'HEAD' ? null : bytes,
        retryable,
        route,
      );
      if (!res)
        return pauseResponse(
          pause('no_origin_available', untilBack(origins, Date.now()) || cfg.noOriginPause),
          s,
          arrival,
          rid,
        );
      res.headers.set('x-field-coherence', fmt(s.global.coherence));
      res.headers.set('x-edge-arrival', arrival);
      res.headers.set('x-sacred-blessing', blessing(s.global.coherence));
      res.headers.set('x-request-id', rid);
      return res;
    },
  };
}
