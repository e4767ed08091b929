// The field hub under load (issue 13; docs/live-field.md): how many sockets one hub holds, how fast one feed
// contribution reaches all of them as a `field-update`, and what a broadcast costs the hub per socket — the
// TeaVM hub of the built bundle beside the hand-written JS hub (js-hub/worker.mjs) in the same run.
//
//   node bench/hub-bench.mjs                     (after the Maven build; EDGE_WORKER_DIR overrides the bundle folder)
//   STEPS=1000,5000,10000 HUBS=teavm,js PROTOCOL=sacred.v2 node bench/hub-bench.mjs
//
// Each hub runs in its own workerd (miniflare, Durable Object binding HUB, KV FIELD_KV, HTTP on loopback);
// each hub's sockets are `ws` clients in a child process of their own (hub-clients.mjs). Per step the
// sockets grow to the step's size, then every hub is measured in two halves, interleaved A B B A so drift on
// a shared machine hits both. One broadcast = one signed feed POST with one new `council.message.sent`
// event; its latency is POST start → the frame's arrival at each socket, clients included. Hub CPU is the
// workerd process's utime + stime from /proc over the broadcasts, minus the same process's idle rate
// measured just before with the same sockets held, divided by broadcasts × sockets.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { cpuMillis, startWorkerd } from './workerd.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const workerDir = process.env.EDGE_WORKER_DIR ?? path.resolve(here, '../target/worker');
const steps = (process.env.STEPS ?? '1000,5000,10000').split(',').map(Number);
const hubNames = (process.env.HUBS ?? 'teavm,js').split(',');
const IDLE_MS = Number(process.env.IDLE_MS ?? 1000);
// The clients' subprotocol: sacred.v2 (one frame per change, docs/live-field.md#protocol-versions) or sacred.v1.
const PROTOCOL = process.env.PROTOCOL ?? 'sacred.v2';
// A step starts only if it is expected to end within the budget (shared machine: a run stays under 2 minutes
// unless told otherwise); steps left out are reported as not reached.
const BUDGET_S = Number(process.env.BUDGET_S ?? 110);
const SECRET = 'bench-hub-feed-secret';
const scripts = { teavm: path.join(workerDir, 'worker.mjs'), js: path.join(here, 'js-hub', 'worker.mjs') };
/** Broadcasts per half: enough frames at small sizes for /proc's 10 ms CPU ticks to resolve. */
const roundsFor = (n) => Math.max(3, Math.min(15, Math.ceil(15_000 / n)));

const rssMiB = (pid) => {
  const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
};

async function startHub(name) {
  const scriptPath = scripts[name];
  if (!fs.existsSync(scriptPath)) throw new Error(`${name}: no ${scriptPath} (build the edge-worker first)`);
  const { mf, pid, url } = await startWorkerd(name, scriptPath, {
    durableObjects: { HUB: 'FieldHub' },
    // The hubs' own limits (HUB_MAX_SOCKETS 20,000, 16 per address); clients spread over addresses.
    bindings: { HUB_FEED_SECRET: SECRET },
  });
  // the hub's CPU and RSS are read from /proc: without its workerd process there is nothing to measure
  if (!pid) throw new Error(`${name}: no workerd process of its own found in /proc`);
  const child = fork(path.join(here, 'hub-clients.mjs'), [url, SECRET, name, PROTOCOL], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise((resolve) => child.once('message', resolve));
  const ask = (msg) =>
    new Promise((resolve, reject) => {
      child.once('message', (answer) => (answer.ok ? resolve(answer) : reject(new Error(`${name}: ${answer.error}`))));
      child.send(msg);
    });
  return { name, mf, pid, child, ask };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const quantile = (sorted, q) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;

async function measure(hub, held, rounds) {
  const idle0 = cpuMillis(hub.pid);
  const t0 = performance.now();
  await sleep(IDLE_MS);
  const idleRate = (cpuMillis(hub.pid) - idle0) / (performance.now() - t0);
  const cpu0 = cpuMillis(hub.pid);
  const w0 = performance.now();
  const r = await hub.ask({ cmd: 'broadcast', rounds });
  const wall = performance.now() - w0;
  const busy = cpuMillis(hub.pid) - cpu0 - idleRate * wall;
  return { ...r, hubCpuMs: busy, idleMsPerS: idleRate * 1000, frames: rounds * held };
}

const f = (x, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '—');
const COLS = [
  'held',
  'open s',
  'p50 ms',
  'p99 ms',
  'max ms',
  'missed',
  'CPU ms/broadcast',
  'CPU µs/broadcast/socket',
  'workerd RSS MiB',
  'idle CPU ms/s',
  'client CPU µs/frame',
];
const hubs = [];
const rows = [];
const skipped = [];
const started = performance.now();
const loadBefore = os.loadavg()[0];
try {
  for (const name of hubNames) hubs.push(await startHub(name));
  printHeader();
  for (const hub of hubs) {
    await hub.ask({ cmd: 'grow', to: 50 });
    await hub.ask({ cmd: 'broadcast', rounds: 3 });
  } // warm-up
  let last = null;
  for (const size of steps) {
    const elapsed = (performance.now() - started) / 1000;
    const estimate = last ? (last.seconds * size) / last.size : 0;
    if (last && elapsed + estimate > BUDGET_S) {
      skipped.push(
        `${size} sockets: not run (≈ ${estimate.toFixed(0)} s expected after ${elapsed.toFixed(0)} s; BUDGET_S=${BUDGET_S})`,
      );
      continue;
    }
    const stepStart = performance.now();
    const step = { size, hubs: {} };
    for (const hub of hubs) {
      const g = await hub.ask({ cmd: 'grow', to: size });
      step.hubs[hub.name] = { held: g.held, failed: g.failed, openSeconds: g.seconds, halves: [], rss: 0 };
    }
    const rounds = roundsFor(size);
    for (const order of [hubs, [...hubs].reverse()]) {
      for (const hub of order) step.hubs[hub.name].halves.push(await measure(hub, step.hubs[hub.name].held, rounds));
    }
    for (const hub of hubs) {
      const s = step.hubs[hub.name];
      const lat = s.halves.flatMap((h) => h.latencies).sort((a, b) => a - b);
      const cpu = s.halves.reduce((a, h) => a + h.hubCpuMs, 0);
      const frames = s.halves.reduce((a, h) => a + h.frames, 0);
      Object.assign(s, {
        broadcasts: rounds * 2,
        p50: quantile(lat, 0.5),
        p99: quantile(lat, 0.99),
        max: lat[lat.length - 1],
        missed: s.halves.reduce((a, h) => a + h.missed, 0),
        feedMs: s.halves.reduce((a, h) => a + h.feedMs, 0) / 2,
        cpuMicrosPerFrame: (cpu * 1000) / frames,
        cpuMsPerBroadcast: cpu / (rounds * 2),
        idleMsPerS: s.halves.reduce((a, h) => a + h.idleMsPerS, 0) / 2,
        clientCpuMicrosPerFrame: (s.halves.reduce((a, h) => a + h.clientCpuMs, 0) * 1000) / frames,
        rss: rssMiB(hub.pid),
      });
      delete s.halves;
    }
    rows.push(step);
    printStep(step);
    last = { size, seconds: (performance.now() - stepStart) / 1000 };
    const brief = hubs
      .map((h) => `${h.name} held ${step.hubs[h.name].held} p99 ${step.hubs[h.name].p99.toFixed(0)} ms`)
      .join(', ');
    console.error(`step ${size}: ${brief} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
} finally {
  await cleanup();
}
report();

async function cleanup() {
  for (const hub of hubs.splice(0)) {
    await hub.ask({ cmd: 'close' }).catch(() => {});
    await hub.mf.dispose();
  }
}

/** The table's head, printed first: each step's rows follow as soon as it is measured (a run cut short keeps them). */
function printHeader() {
  console.log('\nhub benchmark: workerd via miniflare, ws clients in one child process per hub');
  console.log(
    'latency = feed POST start → field-update at each socket (clients included); CPU = hub workerd process minus its idle rate\n',
  );
  console.log(`| sockets | hub | broadcasts | ${COLS.join(' | ')} |`);
  console.log(`|---:|---|---:|${COLS.map(() => '---:').join('|')}|`);
}

function printStep(step) {
  for (const [name, s] of Object.entries(step.hubs)) {
    console.log(
      `| ${step.size} | ${name} | ${s.broadcasts} | ${s.held} | ${f(s.openSeconds, 1)} | ${f(s.p50)} | ${f(s.p99)} | ${f(s.max)} | ${s.missed} | ${f(s.cpuMsPerBroadcast, 1)} | ${f(s.cpuMicrosPerFrame, 2)} | ${s.rss} | ${f(s.idleMsPerS, 1)} | ${f(s.clientCpuMicrosPerFrame, 1)} |`,
    );
  }
}

function report() {
  for (const s of skipped) console.log(`| ${s} |`);
  console.log(
    `\n${((performance.now() - started) / 1000).toFixed(0)} s in all; ${os.cpus().length} cores, load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after`,
  );
  const names = rows.length ? Object.keys(rows[0].hubs) : hubNames;
  if (names.includes('teavm') && names.includes('js')) {
    console.log('\n| sockets | JS/TeaVM CPU per socket (≥ 0.9: goal) | TeaVM/JS p99 |');
    console.log('|---:|---:|---:|');
    for (const step of rows) {
      const t = step.hubs.teavm;
      const j = step.hubs.js;
      console.log(`| ${step.size} | ${f(j.cpuMicrosPerFrame / t.cpuMicrosPerFrame, 2)} | ${f(t.p99 / j.p99, 2)} |`);
    }
  }
  // Between two steps: what one more socket costs a broadcast (the slope) and what a broadcast costs before any
  // socket (the intercept: the fold, the JSON, the storage writes) — the two parts of the per-socket figure.
  if (rows.length >= 2) {
    console.log('\n| steps | hub | marginal CPU µs per socket per broadcast | fixed CPU ms per broadcast |');
    console.log('|---|---|---:|---:|');
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1], rows[i]];
      for (const name of names) {
        const [x, y] = [a.hubs[name], b.hubs[name]];
        const slope = (y.cpuMsPerBroadcast - x.cpuMsPerBroadcast) / (y.held - x.held);
        console.log(
          `| ${a.size} → ${b.size} | ${name} | ${f(slope * 1000, 1)} | ${f(x.cpuMsPerBroadcast - slope * x.held, 1)} |`,
        );
      }
    }
  }
  if (fs.existsSync(path.join(workerDir, 'edge-teavm.mjs'))) {
    const b = fs.readFileSync(path.join(workerDir, 'edge-teavm.mjs'));
    console.log(`\nbundle: TeaVM ${b.length} B raw, ${zlib.gzipSync(b, { level: 9 }).length} B gzip`);
  }
  console.log(JSON.stringify(rows));
}
