// Requests/s of the TeaVM-built worker against the hand-written JS baseline (js-worker/worker.mjs), both in
// workerd (miniflare, one instance each, HTTP on loopback), load from autocannon in duration mode, rounds
// interleaved A/B/B/A so drift on a shared machine hits both; medians reported with their ratio.
//
//   node bench/run-bench.mjs            (after the Maven build; EDGE_WORKER_DIR overrides the bundle folder)
//   ROUNDS=5 DURATION=5 CONNECTIONS=16 node bench/run-bench.mjs
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { cpuMillis, startWorkerd } from './workerd.mjs';

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
  const { mf, pid, url } = await startWorkerd(name, scriptPath, {
    bindings: {
      ORIGINS: JSON.stringify([{ id: 'bench', url: originUrl, region: 'europe-west1' }]),
      EDGE_SECRET: 'bench-secret',
      FIELD_MEMORY_TTL_MS: '5000',
    },
  });
  return { name, mf, pid, url };
}

const workers = [
  await serve('teavm', path.join(workerDir, 'worker.mjs')),
  await serve('js', path.join(here, 'js-worker', 'worker.mjs')),
];

/**
 * Requests/s, and the workerd CPU time per request: the second does not depend on how much CPU the other
 * processes on a shared machine leave over, so it compares the two workers more steadily than req/s.
 */
async function load(worker, path, seconds) {
  const cpuBefore = cpuMillis(worker.pid);
  const result = await autocannon({ url: worker.url + path, connections, duration: seconds, pipelining: 1 });
  const cpuAfter = cpuMillis(worker.pid);
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0) throw new Error(`${worker.url + path}: ${bad} failed requests of ${result.requests.total}`);
  const total = result.requests.total;
  return {
    rps: total / result.duration,
    cpuMicros: cpuBefore === null ? NaN : ((cpuAfter - cpuBefore) * 1000) / total,
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const scenarios = [
  { name: 'GET /v1/field (edge-served from memory)', path: '/v1/field' },
  { name: 'GET /v1/glyphs (signed, proxied to origin)', path: '/v1/glyphs' },
];

try {
  for (const w of workers) for (const s of scenarios) await load(w, s.path, 1); // warm up: JIT, caches, keys
  const report = [];
  for (const s of scenarios) {
    const samples = { teavm: [], js: [] };
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? workers : [...workers].reverse();
      for (const w of order) samples[w.name].push(await load(w, s.path, duration));
    }
    const t = median(samples.teavm.map((x) => x.rps));
    const j = median(samples.js.map((x) => x.rps));
    const tc = median(samples.teavm.map((x) => x.cpuMicros));
    const jc = median(samples.js.map((x) => x.cpuMicros));
    report.push({
      scenario: s.name,
      teavm: Math.round(t),
      js: Math.round(j),
      ratio: +(t / j).toFixed(3),
      cpuMicrosPerRequest: { teavm: Math.round(tc), js: Math.round(jc), ratio: +(jc / tc).toFixed(3) },
      samples: { teavm: samples.teavm.map((x) => Math.round(x.rps)), js: samples.js.map((x) => Math.round(x.rps)) },
    });
  }
  const sizeOf = (file) => {
    const b = fs.readFileSync(file);
    return { raw: b.length, gzip: zlib.gzipSync(b, { level: 9 }).length };
  };
  const teavmSize = sizeOf(path.join(workerDir, 'edge-teavm.mjs'));
  const jsSize = sizeOf(path.join(here, 'js-worker', 'worker.mjs'));
  console.log(
    `\nworkerd via miniflare, autocannon ${connections} connections, ${rounds} rounds × ${duration} s each, medians\n`,
  );
  console.log(
    '| scenario | TeaVM req/s | JS req/s | ratio | TeaVM workerd CPU µs/req | JS workerd CPU µs/req | JS/TeaVM CPU |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of report) {
    const c = r.cpuMicrosPerRequest;
    console.log(`| ${r.scenario} | ${r.teavm} | ${r.js} | ${r.ratio} | ${c.teavm} | ${c.js} | ${c.ratio} |`);
  }
  console.log(
    `\nbundle: TeaVM ${teavmSize.raw} B raw, ${teavmSize.gzip} B gzip; JS baseline ${jsSize.raw} B raw, ${jsSize.gzip} B gzip`,
  );
  console.log(JSON.stringify({ report, teavmSize, jsSize }));
} finally {
  for (const w of workers) await w.mf.dispose();
  origin.kill('SIGTERM');
}
