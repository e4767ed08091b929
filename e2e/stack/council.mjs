// ./council up — starts the whole stack (already built by ./council), prints the URLs, stops on Ctrl-C.
import { startStack, HEARTS } from './stack.mjs';

const env = process.env;
const port = (name, fallback) => Number(env[name] ?? fallback);
const started = Date.now();
const say = (msg) => process.stdout.write(`  \u25b8 ${msg}\n`);

let stack;
let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  process.stdout.write(
    '\n  \u25b8 stopping the council: no new events; up to 30 s for memory and wisdom to get every accepted one …\n',
  );
  try {
    const result = stack ? await stack.stop() : null;
    if (result?.lost?.events > 0 || result?.lost?.deadLetters > 0) {
      // the local Pub/Sub keeps its backlog in memory only (README "Delivery guarantees")
      process.stderr.write(
        `\n  \u2717\u2717 LOST: ${result.lost.events} deliveries of accepted events never reached memory/wisdom` +
          ` and ${result.lost.deadLetters} dead letters were dropped with the local Pub/Sub (its backlog is in memory only).` +
          `\n     Keep the council running until they are delivered, or redrive them before stopping.\n\n`,
      );
      code = code || 3;
    } else if (result?.drained) {
      process.stdout.write('  \u25b8 every accepted event had reached memory and wisdom.\n');
    }
    process.stdout.write('  \u25b8 stopped.\n');
  } catch (e) {
    process.stderr.write(`  \u2717 while stopping: ${e.stack ?? e}\n`);
    code = code || 1;
  }
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

try {
  stack = await startStack({
    ports: {
      edge: port('COUNCIL_EDGE_PORT', 8787),
      eu: port('COUNCIL_HEART_EU_PORT', 8081),
      us: port('COUNCIL_HEART_US_PORT', 8082),
      memory: port('COUNCIL_MEMORY_PORT', 8083),
      wisdom: port('COUNCIL_WISDOM_PORT', 8084),
      coherence: port('COUNCIL_COHERENCE_PORT', 8085),
      pubsub: port('COUNCIL_PUBSUB_PORT', 8681),
      firestore: port('COUNCIL_FIRESTORE_PORT', 8682),
      postgres: port('COUNCIL_POSTGRES_PORT', 0),
      telemetry: port('COUNCIL_TELEMETRY_PORT', 8790),
    },
    tickPeriod: env.COUNCIL_TICK_PERIOD ?? '2s',
    // the deployed rate limits (edge-worker/wrangler.toml), as a visitor of the local council meets them
    rateLimits: 'wrangler',
    // docs/scaling.md#locally: the scaling step on every tick, against the local Cloud Run Admin API stand-in
    scaling: env.COUNCIL_SCALING !== 'off',
    onScaling: (line) => say(line),
    progress: say,
  });
} catch (e) {
  process.stderr.write(`\n  \u2717 the council did not start: ${e.message}\n`);
  await shutdown(1);
}

// miniflare installs its own exit-on-signal hooks; ours stops every tier in order (and says so)
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.removeAllListeners(signal);
  process.on(signal, () => shutdown(0));
}

const e = stack.edgeUrl;
process.stdout.write(`
  The council is in session (${((Date.now() - started) / 1000).toFixed(1)} s).

    dashboard        ${e}/
    operator view    ${e}/ops.html#token=${stack.metricsToken}&pipeline=${encodeURIComponent(stack.telemetryUrl ?? '')}
    traces           ${stack.telemetryUrl ? `${stack.telemetryUrl}/  (one request's spans across the functions)` : 'off'}
    field            ${e}/v1/field
    API (edge)       ${e}/v1/...
${HEARTS.map((h) => `    heart ${h.id.padEnd(10)} ${stack.heartUrl(h.id)}  (${h.region}; signed requests only)`).join('\n')}
    memory, wisdom, coherence  ${['memory', 'wisdom', 'coherence'].map((n) => stack.functions[n].url).join('  ')}
    Pub/Sub ${stack.cloudEnv.PUBSUB_EMULATOR_HOST}   Firestore ${stack.cloudEnv.FIRESTORE_EMULATOR_HOST}   ${stack.cloudEnv.DATABASE_URL}
    logs             ${stack.logDir}

  Try:
    curl -s ${e}/v1/field
    curl -s -X POST ${e}/v1/agents -H 'Content-Type: application/json' -d '{"id":"ada-1","name":"Ada"}'

  Ctrl-C stops everything.
`);

// A child that dies on its own is reported (a heart may be crashed on purpose; the rest is fatal).
for (const [name, child] of Object.entries(stack.children)) {
  child.exited.then(({ code, signal }) => {
    if (!stopping) say(`${name} exited (${signal ?? code}); log: ${child.logFile}`);
  });
}
