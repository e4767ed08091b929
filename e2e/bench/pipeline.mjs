// Pipeline benchmark: messages/s and the latency from POST to "the field reflects it", through the edge and
// straight at heart, in the same run on the same stack (rounds interleaved: edge, heart, edge, heart …).
//
//   node e2e/bench/pipeline.mjs [--rounds 2] [--seconds 8] [--concurrency 16] [--tick 1s] [--warmup 4]
//   (or ./council bench …; needs a build: ./council build)
//
// Throughput: closed loop, `concurrency` clients POST /v1/messages (each with its own Idempotency-Key) as
// fast as answers come back. Reflection: every 400 ms one probe message is posted into a region of its own
// (`pr-…`); the field is read through the same path every 25 ms, and the probe is reflected when that
// region's coherence leaves the 0.5 baseline. The field is recomputed by coherence on each scheduler tick,
// so reflection latency ≈ pipeline + up to one tick period + the path's field caching.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { startStack } from '../stack/stack.mjs';
import { percentile, request, signedRequest, sleep } from '../test/support/http.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => {
    if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
    return acc;
  }, []),
);
const ROUNDS = Number(args.rounds ?? 2);
const SECONDS = Number(args.seconds ?? 8);
const CONCURRENCY = Number(args.concurrency ?? 16);
const TICK = args.tick ?? '1s';
const WARMUP = Number(args.warmup ?? 4);

const say = (m) => process.stdout.write(`  ${m}\n`);
// full JIT in the function JVMs (the launcher's default stops at C1 for a quicker start)
// Regions are a configured set (docs/contracts.md#regions): each reflection probe takes a fresh region of
// a pool configured for this run only, so that its coherence leaves the baseline exactly when it lands.
// one probe every 400 ms per scenario (edge, heart) and round, with room to spare
const PROBE_REGIONS = Array.from(
  { length: Math.ceil((ROUNDS * 2 * (SECONDS + WARMUP)) / 0.4) + 20 },
  (_, i) => `pr-${i}`,
);
let probeSeq = 0;
const stack = await startStack({
  tickPeriod: TICK,
  javaOpts: ['-XX:+UseSerialGC'],
  progress: (m) => say(`▸ ${m}`),
  functionEnv: { COUNCIL_REGIONS: ['europe-west1', 'us-central1', ...PROBE_REGIONS].join(',') },
});
let stopped = false;
const stop = async () => {
  if (!stopped) {
    stopped = true;
    await stack.stop();
  }
};
process.on('SIGINT', async () => {
  await stop();
  process.exit(130);
});

try {
  const edgeUrl = stack.edgeUrl;
  const agents = [];
  for (let i = 0; i < 16; i++) {
    const id = `bench-${i}-${crypto.randomBytes(3).toString('hex')}`;
    const res = await request(`${edgeUrl}/v1/agents`, {
      method: 'POST',
      body: { id, name: id, region: 'europe-west1' },
    });
    if (res.status !== 201) throw new Error(`register ${id}: ${res.status} ${res.text}`);
    agents.push({ id, key: res.json.apiKey });
  }

  const paths = {
    edge: {
      post: (p, init) => request(edgeUrl + p, init),
      field: () => request(`${edgeUrl}/v1/field`),
    },
    heart: {
      // straight at the regional hearts (signed as the edge would), alternating like a client-side balancer
      post: (p, init, n) => signedRequest(stack.heartUrl(n % 2 ? 'us' : 'eu'), stack.edgeSecret, p, init),
      field: () => signedRequest(stack.heartUrl('eu'), stack.edgeSecret, '/v1/field'),
    },
  };

  async function round(name, r, seconds = SECONDS) {
    const via = paths[name];
    const postLatencies = [];
    const reflect = [];
    let accepted = 0;
    let failed = 0;
    const origins = {};
    let n = 0;
    const end = Date.now() + seconds * 1000;
    const client = async (w) => {
      const agent = agents[w % agents.length];
      while (Date.now() < end) {
        const i = n++;
        try {
          const res = await via.post(
            '/v1/messages',
            {
              method: 'POST',
              headers: { Authorization: `Bearer ${agent.key}`, 'Idempotency-Key': crypto.randomUUID() },
              body: { type: 'gratitude', text: `thank you, council (${name} ${r}.${i})` },
            },
            i,
          );
          if (res.status >= 200 && res.status < 300) {
            accepted++;
            postLatencies.push(res.ms);
          } else failed++;
          const origin = res.headers['x-edge-origin'] ?? (i % 2 ? 'us' : 'eu');
          origins[origin] = (origins[origin] ?? 0) + 1;
        } catch {
          failed++;
        }
      }
    };
    const probes = new Map();
    const prober = async () => {
      let k = 0;
      while (Date.now() < end - 1000) {
        k++;
        const region = PROBE_REGIONS[probeSeq++ % PROBE_REGIONS.length];
        const sentAt = Date.now();
        via
          .post(
            '/v1/messages',
            {
              method: 'POST',
              headers: { Authorization: `Bearer ${agents[0].key}`, 'Idempotency-Key': crypto.randomUUID() },
              body: { type: 'blessing', text: `probe ${region}`, region },
            },
            k,
          )
          .then((res) => {
            if (res.status < 300) probes.set(region, sentAt);
          })
          .catch(() => {});
        await sleep(400);
      }
    };
    const watcher = async () => {
      const deadline = end + 20_000;
      while (Date.now() < deadline) {
        try {
          const res = await via.field();
          if (res.status === 200) {
            const regions = res.json.regions ?? {};
            for (const [region, sentAt] of probes) {
              if (regions[region] && regions[region].coherence > 0.5 + 1e-9) {
                reflect.push(Date.now() - sentAt);
                probes.delete(region);
              }
            }
          }
        } catch {
          /* keep watching */
        }
        if (Date.now() > end && probes.size === 0) break;
        await sleep(25);
      }
    };
    const started = Date.now();
    const watching = watcher();
    await Promise.all([...Array.from({ length: CONCURRENCY }, (_, w) => client(w)), prober()]);
    const elapsed = (Date.now() - started) / 1000;
    await watching;
    postLatencies.sort((a, b) => a - b);
    reflect.sort((a, b) => a - b);
    return {
      name,
      round: r,
      msgsPerSec: accepted / elapsed,
      accepted,
      failed,
      postP50: percentile(postLatencies, 50),
      postP99: percentile(postLatencies, 99),
      reflectP50: percentile(reflect, 50),
      reflectP99: percentile(reflect, 99),
      reflected: reflect.length,
      lostProbes: probes.size,
      reflectSamples: reflect,
      origins,
    };
  }

  if (WARMUP > 0) {
    say(`▸ warm-up: ${WARMUP} s per path (not counted)`);
    for (const name of ['edge', 'heart']) await round(name, 0, WARMUP);
  }
  const results = [];
  say(`▸ ${ROUNDS} rounds × (edge, heart), ${SECONDS} s each, ${CONCURRENCY} clients, tick ${TICK}`);
  for (let r = 1; r <= ROUNDS; r++) {
    for (const name of ['edge', 'heart']) {
      const res = await round(name, r);
      results.push(res);
      say(
        `  round ${r} ${name.padEnd(5)}: ${res.msgsPerSec.toFixed(0)} msg/s (${res.failed} failed), POST p50 ${res.postP50.toFixed(1)} ms p99 ${res.postP99.toFixed(1)} ms, reflected p50 ${res.reflectP50} ms p99 ${res.reflectP99} ms (n=${res.reflected}, lost ${res.lostProbes}); by origin ${JSON.stringify(res.origins)}`,
      );
    }
  }
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const summary = {};
  for (const name of ['edge', 'heart']) {
    const rs = results.filter((x) => x.name === name);
    const samples = rs.flatMap((x) => x.reflectSamples).sort((a, b) => a - b);
    summary[name] = {
      msgsPerSec: median(rs.map((x) => x.msgsPerSec)),
      postP50: median(rs.map((x) => x.postP50)),
      postP99: median(rs.map((x) => x.postP99)),
      reflectP50: percentile(samples, 50),
      reflectP99: percentile(samples, 99),
      reflectN: samples.length,
      failed: rs.reduce((a, x) => a + x.failed, 0),
    };
  }
  const e = summary.edge;
  const h = summary.heart;
  const row = (label, s) =>
    `| ${label} | ${s.msgsPerSec.toFixed(0)} | ${s.postP50.toFixed(1)} | ${s.postP99.toFixed(1)} | ${s.reflectP50} | ${s.reflectP99} | ${s.reflectN} | ${s.failed} |`;
  const table = [
    `| path (same run, tick ${TICK}, ${CONCURRENCY} clients, median of ${ROUNDS} rounds × ${SECONDS} s) | messages/s | POST p50 ms | POST p99 ms | POST→field p50 ms | POST→field p99 ms | probes | failed |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    row('client → edge (workerd) → heart', e),
    row('client → heart (signed, no edge)', h),
    `| edge / heart | ${(e.msgsPerSec / h.msgsPerSec).toFixed(2)}× | ${(e.postP50 / h.postP50).toFixed(2)}× | ${(e.postP99 / h.postP99).toFixed(2)}× | ${(e.reflectP50 / h.reflectP50).toFixed(2)}× | ${(e.reflectP99 / h.reflectP99).toFixed(2)}× | | |`,
  ].join('\n');
  process.stdout.write(`\n${table}\n\n`);
  const out = path.join(path.dirname(stack.desc.file), 'bench-pipeline.json');
  fs.writeFileSync(
    out,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        tick: TICK,
        concurrency: CONCURRENCY,
        seconds: SECONDS,
        rounds: ROUNDS,
        summary,
        results: results.map(({ reflectSamples: _samples, ...x }) => x),
      },
      null,
      2,
    ),
  );
  say(`written ${out}`);
} finally {
  await stop();
}
