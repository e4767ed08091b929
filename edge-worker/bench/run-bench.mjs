// Requests/s of the TeaVM-built worker against the hand-written JS baseline (js-worker/worker.mjs), both in
// workerd (miniflare, one instance each, HTTP on loopback), load from autocannon in duration mode, rounds
// interleaved A/B/B/A so drift on a shared machine hits both; medians reported with their ratio.
//
//   node bench/run-bench.mjs            (after the Maven build; EDGE_WORKER_DIR overrides the bundle folder)
//   ROUNDS=5 DURATION=5 CONNECTIONS=16 node bench/run-bench.mjs
import { Miniflare } from 'miniflare';
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const workerDir = process.env.EDGE_WORKER_DIR ?? path.resolve(here, '../target/worker');
const rounds = Number(process.env.ROUNDS ?? 3);
const duration = Number(process.env.DURATION ?? 3);
const connections = Number(process.env.CONNECTIONS ?? 16);

const origin = spawn(process.execPath, [path.join(here, 'origin.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
const originPort = await new Promise((resolve, reject) => {
  origin.stdout.once('data', (d) => resolve(Number(String(d).trim())));
  origin.once('exit', (code) => reject(new Error(`origin exited ${code}`)));
});
const originUrl = `http://127.0.0.1:${originPort}`;

async function serve(name, scriptPath) {
  const mf = new Miniflare({
    name,
    modules: true,
    scriptPath,
    modulesRoot: path.dirname(scriptPath),
    modulesRules: [{ type: 'ESModule', include: ['**/*.mjs'] }],
    kvNamespaces: ['FIELD_KV'],
    compatibilityDate: '2025-09-01',
    host: '127.0.0.1',
    port: 0,
    bindings: {
      ORIGINS: JSON.stringify([{ id: 'bench', url: originUrl, region: 'europe-west1' }]),
      EDGE_SECRET: 'bench-secret',
      FIELD_MEMORY_TTL_MS: '5000',
    },
  });
  const url = await mf.ready;
  return { name, mf, url: String(url).replace(/\/$/, '') };
}

const workers = [
  await serve('teavm', path.join(workerDir, 'worker.mjs')),
  await serve('js', path.join(here, 'js-worker', 'worker.mjs')),
];

async function load(url, seconds) {
  const result = await autocannon({ url, connections, duration: seconds, pipelining: 1 });
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0) throw new Error(`${url}: ${bad} failed requests of ${result.requests.total}`);
  return result.requests.total / result.duration;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const scenarios = [
  { name: 'GET /v1/field (edge-served from memory)', path: '/v1/field' },
  { name: 'GET /v1/glyphs (signed, proxied to origin)', path: '/v1/glyphs' },
];

try {
  for (const w of workers) for (const s of scenarios) await load(w.url + s.path, 1); // warm up: JIT, caches, keys
  const report = [];
  for (const s of scenarios) {
    const samples = { teavm: [], js: [] };
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? workers : [...workers].reverse();
      for (const w of order) samples[w.name].push(await load(w.url + s.path, duration));
    }
    const t = median(samples.teavm);
    const j = median(samples.js);
    report.push({ scenario: s.name, teavm: Math.round(t), js: Math.round(j), ratio: +(t / j).toFixed(3),
      samples: { teavm: samples.teavm.map(Math.round), js: samples.js.map(Math.round) } });
  }
  const sizeOf = (file) => { const b = fs.readFileSync(file); return { raw: b.length, gzip: zlib.gzipSync(b, { level: 9 }).length }; };
  const teavmSize = sizeOf(path.join(workerDir, 'edge-teavm.mjs'));
  const jsSize = sizeOf(path.join(here, 'js-worker', 'worker.mjs'));
  console.log(`\nworkerd via miniflare, autocannon ${connections} connections, ${rounds} rounds × ${duration} s each, medians\n`);
  console.log('| scenario | TeaVM req/s | JS req/s | ratio |');
  console.log('|---|---:|---:|---:|');
  for (const r of report) console.log(`| ${r.scenario} | ${r.teavm} | ${r.js} | ${r.ratio} |`);
  console.log(`\nbundle: TeaVM ${teavmSize.raw} B raw, ${teavmSize.gzip} B gzip; JS baseline ${jsSize.raw} B raw, ${jsSize.gzip} B gzip`);
  console.log(JSON.stringify({ report, teavmSize, jsSize }));
} finally {
  for (const w of workers) await w.mf.dispose();
  origin.kill('SIGTERM');
}
