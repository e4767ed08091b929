// Starts the built Worker bundle (TeaVM's ES module + the two-line entry) inside workerd via miniflare.
import { Miniflare } from 'miniflare';
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const dashboardDir = path.resolve(here, '../../dashboard');
export const workerDir = process.env.EDGE_WORKER_DIR ?? path.resolve(here, '../../target/worker');
// EDGE_WORKER_SCRIPT runs the same suite against another entry module, e.g. the hand-written baseline
// bench/js-worker/worker.mjs, to show that the benchmark compares workers with the same behaviour.
export const workerScript = process.env.EDGE_WORKER_SCRIPT
  ? path.resolve(process.env.EDGE_WORKER_SCRIPT)
  : path.join(workerDir, 'worker.mjs');

if (!process.env.EDGE_WORKER_SCRIPT && !fs.existsSync(path.join(workerDir, 'edge-teavm.mjs'))) {
  throw new Error(`no built bundle in ${workerDir}: run the Maven build (it sets EDGE_WORKER_DIR)`);
}

/**
 * @param {object} vars   Worker vars (strings); objects are JSON-encoded
 * @param {object} [kv]   initial KV entries: {key: {value, metadata}}
 * @param {object} [opts] `ratelimits` (miniflare's {NAME: {simple: {limit, period}}}); `http: true` serves the
 *                        edge on a loopback port as well (`url`), for tests that need a real client connection;
 *                        `hub: true` binds the Durable Object HUB (class FieldHub, docs/live-field.md) and
 *                        `analytics: true` binds the Analytics Engine dataset EDGE_METRICS;
 *                        `r2: true` binds a real miniflare R2 bucket ARTIFACTS (docs/artifacts.md), as `r2`;
 *                        `persist` (a directory) keeps its storage and KV there across a dispose, for restart tests;
 *                        `assets` (a directory) serves it as Workers Static Assets with the binding ASSETS, as
 *                        wrangler.toml's [assets] does (`dashboardDir`: the deployed one, openapi.json included)
 */
export async function startEdge(vars = {}, kv = {}, opts = {}) {
  const bindings = {};
  for (const [k, v] of Object.entries(vars)) bindings[k] = typeof v === 'string' ? v : JSON.stringify(v);
  const mf = new Miniflare({
    modules: true,
    scriptPath: workerScript,
    modulesRoot: path.dirname(workerScript),
    modulesRules: [{ type: 'ESModule', include: ['**/*.mjs'] }],
    kvNamespaces: ['FIELD_KV'],
    compatibilityDate: '2025-09-01',
    bindings,
    ...(opts.ratelimits ? { ratelimits: opts.ratelimits } : {}),
    // Workers Analytics Engine (docs/observability.md#edge-metrics): miniflare accepts data points, stores none
    ...(opts.analytics ? { analyticsEngineDatasets: { EDGE_METRICS: { dataset: 'sacred_edge' } } } : {}),
    ...(opts.hub ? { durableObjects: { HUB: 'FieldHub' } } : {}),
    ...(opts.r2 ? { r2Buckets: ['ARTIFACTS'] } : {}),
    ...(opts.persist ? { durableObjectsPersist: `${opts.persist}/do`, kvPersist: `${opts.persist}/kv` } : {}),
    ...(opts.http ? { host: '127.0.0.1', port: 0 } : {}),
    ...(opts.assets
      ? { assets: { directory: opts.assets, binding: 'ASSETS', routerConfig: { has_user_worker: true } } }
      : {}),
  });
  const url = await mf.ready;
  const ns = await mf.getKVNamespace('FIELD_KV');
  for (const [key, { value, metadata }] of Object.entries(kv)) {
    await ns.put(key, typeof value === 'string' ? value : JSON.stringify(value), metadata ? { metadata } : undefined);
  }
  return {
    mf,
    kv: ns,
    r2: opts.r2 ? await mf.getR2Bucket('ARTIFACTS') : undefined,
    url: opts.http ? new URL(url) : undefined,
    /** dispatchFetch with a relative path; returns {status, headers (plain object), text, json}. */
    async call(pathAndQuery, init = {}) {
      const res = await mf.dispatchFetch(`http://edge.test${pathAndQuery}`, init);
      const text = await res.text();
      let parsed;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: res.status, headers: Object.fromEntries(res.headers), text, json: parsed };
    },
    /** Runs the Worker's scheduled() handler, as a Cron Trigger would. */
    async scheduled(cron = '* * * * *') {
      const worker = await mf.getWorker();
      return worker.scheduled({ cron });
    },
    dispose: () => mf.dispose(),
  };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until fn() is truthy or the time is up. */
export async function eventually(fn, timeoutMs = 3000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > end) return value;
    await sleep(25);
  }
}
