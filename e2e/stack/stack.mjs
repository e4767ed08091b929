// The whole council on one machine: starts the local cloud, the four functions (heart twice, as two regions)
// each in its own JVM under the Functions Framework invoker, and the built Worker in workerd (miniflare) with
// the dashboard as Workers Static Assets. Used by ./council (interactive) and by the end-to-end suite.
//
// Every child JVM runs under OrphanGuard with a pipe on stdin: if this Node process dies for any reason the
// pipe closes and the child stops itself (shutdown hooks stop embedded PostgreSQL too).
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTelemetryView } from './telemetry-view.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const e2eDir = path.resolve(here, '..');
export const repoDir = path.resolve(e2eDir, '..');

const LOOPBACK_INVOKER = 'org.sacredcouncil.e2e.process.LoopbackInvoker';

/** The cloud's ready line carries the database password: never into a log file (issue 12). */
function redactSecrets(line) {
  return line.replace(/("[A-Z_]*PASSWORD"\s*:\s*)"(?:[^"\\]|\\.)*"/g, '$1"(redacted)"');
}

export const FUNCTION_TARGETS = {
  heart: 'org.sacredcouncil.functions.heart.HeartFunction',
  memory: 'org.sacredcouncil.functions.memory.MemoryFunction',
  wisdom: 'org.sacredcouncil.functions.wisdom.WisdomFunction',
  coherence: 'org.sacredcouncil.functions.coherence.CoherenceFunction',
  scaling: 'org.sacredcouncil.functions.scaling.ScalingFunction',
};

/** The two regional hearts of the local council. */
export const HEARTS = [
  { id: 'eu', region: 'europe-west1' },
  { id: 'us', region: 'us-central1' },
];

/** Paths of the built artifacts, written by the e2e Maven module (target/stack.json). */
export function readStackFile(file) {
  const candidates = file
    ? [file]
    : [process.env.COUNCIL_STACK_FILE, path.join(e2eDir, 'target', 'stack.json')].filter(Boolean);
  for (const f of candidates) {
    if (fs.existsSync(f)) {
      const stack = JSON.parse(fs.readFileSync(f, 'utf8'));
      stack.file = f;
      return stack;
    }
  }
  throw new Error(`no stack description (${candidates.join(', ')}): build first: ./council build`);
}

/** Listens on `port` (0: any) for a moment; resolves with the port, or null when it is taken. */
function tryPort(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', () => resolve(null));
    srv.listen(port, '127.0.0.1', () => {
      const chosen = srv.address().port;
      srv.close(() => resolve(chosen));
    });
  });
}

/** The first port of the kernel's ephemeral range (the local ports of outgoing connections). */
function ephemeralRangeStart() {
  try {
    return Number(fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32768;
  } catch {
    return 32768;
  }
}

const handedOut = new Set();

/**
 * A free port for a process that will listen on it a few seconds later. Chosen below the ephemeral range:
 * a port from listen(0) comes from that range, and until the child binds it any outgoing connection (the
 * emulators' clients, the JVMs, PostgreSQL's) may take it as its local port — CI once saw a heart fail to
 * start with "Address already in use" that way. Falls back to listen(0) where no such range is free.
 */
export async function freePort() {
  const low = 20000;
  const high = ephemeralRangeStart() - 1;
  for (let attempt = 0; high > low && attempt < 100; attempt++) {
    const candidate = low + Math.floor(Math.random() * (high - low + 1));
    if (handedOut.has(candidate)) continue;
    if ((await tryPort(candidate)) === candidate) {
      handedOut.add(candidate);
      return candidate;
    }
  }
  const port = await tryPort(0);
  if (port === null) throw new Error('no free port on 127.0.0.1');
  return port;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Reads wrangler.toml's compatibility date and [vars] (flat strings only) when the file exists. */
function wranglerSettings(file) {
  const out = { compatibilityDate: '2025-09-01', vars: {}, ratelimits: {} };
  if (!file || !fs.existsSync(file)) return out;
  let section = '';
  let limit = null;
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    const sec = line.match(/^\[+([^\]]+)\]+$/);
    if (sec) {
      section = sec[1].trim();
      limit = null;
      continue;
    }
    // [[ratelimits]] name = "X" … simple = { limit = N, period = P } (docs/contracts.md#rate-limits)
    if (section === 'ratelimits') {
      const name = line.match(/^name\s*=\s*"([A-Z0-9_]+)"$/);
      if (name) limit = name[1];
      const simple = line.match(/^simple\s*=\s*\{\s*limit\s*=\s*(\d+)\s*,\s*period\s*=\s*(\d+)\s*\}$/);
      if (simple && limit) out.ratelimits[limit] = { simple: { limit: Number(simple[1]), period: Number(simple[2]) } };
      continue;
    }
    const kv = line.match(/^([A-Za-z0-9_]+)\s*=\s*"(.*)"$/);
    if (!kv) continue;
    if (section === '' && kv[1] === 'compatibility_date') out.compatibilityDate = kv[2];
    if (section === 'vars') out.vars[kv[1]] = kv[2];
  }
  return out;
}

class ChildProcess {
  /** redact: (line) => line as written to the log file (secrets out); listeners see the line as printed. */
  constructor(name, command, args, env, logDir, redact = (line) => line) {
    this.name = name;
    this.command = command;
    this.args = args;
    this.env = env;
    this.logDir = logDir;
    this.redact = redact;
    this.logFile = path.join(logDir, `${name}.log`);
    this.proc = null;
    this.exited = null;
  }

  start() {
    const log = fs.openSync(this.logFile, 'a');
    this.proc = spawn(this.command, this.args, {
      env: { ...process.env, ...this.env },
      stdio: ['pipe', 'pipe', log],
    });
    const out = fs.createWriteStream(this.logFile, { fd: log, autoClose: false });
    let buffered = '';
    this.proc.stdout.on('data', (chunk) => {
      buffered += chunk.toString('utf8');
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        out.write(`${this.redact(line)}\n`);
        for (const listener of this.lineListeners ?? []) listener(line);
      }
    });
    this.proc.stdout.on('end', () => {
      if (buffered) out.write(this.redact(buffered));
    });
    this.proc.stdin.on('error', () => {});
    this.exited = new Promise((resolve) =>
      this.proc.on('close', (code, signal) => {
        out.end(() => fs.closeSync(log));
        resolve({ code, signal });
      }),
    );
    this.alive = true;
    this.proc.on('exit', () => {
      this.alive = false;
    });
    return this;
  }

  onLine(listener) {
    (this.lineListeners ??= []).push(listener);
  }

  offLine(listener) {
    this.lineListeners = (this.lineListeners ?? []).filter((l) => l !== listener);
  }

  /**
   * Sends one console command (the local cloud's LocalCloudConsole: "stop postgres", "drain 30", ...) and
   * resolves with its answer line, "ok <verb> …"; rejects on "error <verb> …" or after timeoutMs.
   */
  ask(text, timeoutMs = 60_000) {
    const words = text.trim().split(/\s+/);
    const verb = words[0] === 'stop' || words[0] === 'start' ? `${words[0]} ${words[1]}` : words[0];
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.offLine(listen);
        reject(new Error(`${this.name}: no answer to "${text}" in ${timeoutMs} ms`));
      }, timeoutMs);
      const listen = (line) => {
        if (line.startsWith(`ok ${verb}`) || line.startsWith(`error ${verb}`)) {
          clearTimeout(timer);
          this.offLine(listen);
          if (line.startsWith('ok ')) resolve(line.slice(3 + verb.length).trim());
          else
            reject(Object.assign(new Error(`${this.name}: ${line}`), { answer: line.slice(6 + verb.length).trim() }));
        }
      };
      this.onLine(listen);
      this.proc.stdin.write(`${text}\n`);
    });
  }

  /** A hard crash: SIGKILL, no shutdown hooks (what "kill one heart" means). */
  async crash() {
    if (!this.alive) return;
    this.proc.kill('SIGKILL');
    await this.exited;
  }

  /** A clean stop: close stdin (OrphanGuard) and SIGTERM; SIGKILL after the grace period. */
  async stop(graceMs = 8000) {
    if (!this.proc || !this.alive) return;
    try {
      this.proc.stdin.end();
    } catch {
      /* gone */
    }
    this.proc.kill('SIGTERM');
    const timer = setTimeout(() => {
      if (this.alive) this.proc.kill('SIGKILL');
    }, graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  tail(lines = 30) {
    try {
      return fs.readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }
}

/**
 * The scaling step's targets for the local Cloud Run stand-in's services (emulator/cloud LocalCloudRun), with
 * Terraform's default bounds (terraform/modules/gcp-functions/scaling_variables.tf) and each region's offset.
 */
export function localScalingTargets(project) {
  const offsets = { 'europe-west1': 60, 'us-central1': -360 };
  const target = (fn, service, region, baseline, minHigh, maxHigh, perMinute) => ({
    function: fn,
    service: `projects/${project}/locations/${region}/services/${service}`,
    region,
    utcOffsetMinutes: offsets[region],
    baseline,
    bounds: { minLow: 0, minHigh, maxLow: 1, maxHigh },
    messagesPerInstanceMinute: perMinute,
  });
  return [
    target('heart', 'sacred-heart-eu', 'europe-west1', { min: 1, max: 2 }, 2, 3, 600),
    target('heart', 'sacred-heart-us', 'us-central1', { min: 1, max: 2 }, 2, 3, 600),
    target('memory', 'sacred-memory', 'europe-west1', { min: 0, max: 1 }, 1, 2, 1200),
    target('wisdom', 'sacred-wisdom', 'europe-west1', { min: 0, max: 1 }, 1, 1, 600),
  ];
}

async function waitFor(what, probe, child, timeoutMs) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (child && !child.alive) {
      throw new Error(`${what} exited during start-up; last log lines (${child.logFile}):\n${child.tail()}`);
    }
    try {
      if (await probe()) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > end) {
      throw new Error(
        `${what} not ready after ${timeoutMs} ms` + (child ? `; log ${child.logFile}:\n${child.tail()}` : ''),
      );
    }
    await sleep(100);
  }
}

/** Any HTTP answer means the invoker's Jetty is up (a CloudEvent function answers GET with 4xx/5xx). */
async function answersHttp(url) {
  const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
  await res.arrayBuffer();
  return res.status > 0;
}

/**
 * Starts the whole stack. Options:
 *  ports: {edge, eu, us, memory, wisdom, coherence, pubsub, firestore, postgres} (0 or missing = free port)
 *  tickPeriod: scheduler period for coherence-ticks ('2s')
 *  scaling: also run the scaling step (ScalingFunction) on the ticks against the local Cloud Run stand-in;
 *    onScaling(line) hears each update the stand-in accepts
 *  edgeVars: extra Worker vars; progress: (message) => void; logDir: where child logs go
 *  rateLimits: 'wrangler' (the budgets of edge-worker/wrangler.toml), {NAME: {simple: {limit, period}}}, or
 *    absent (no rate-limit bindings)
 */
export async function startStack(options = {}) {
  const stackDesc = readStackFile(options.stackFile);
  const progress = options.progress ?? (() => {});
  const logDir =
    options.logDir ??
    path.join(path.dirname(stackDesc.file), 'council-logs', new Date().toISOString().replace(/[:.]/g, '-'));
  fs.mkdirSync(logDir, { recursive: true });
  const ports = { ...(options.ports ?? {}) };
  for (const name of [
    'edge',
    'eu',
    'us',
    'memory',
    'wisdom',
    'coherence',
    'pubsub',
    'firestore',
    'postgres',
    'kvapi',
    'telemetry',
    ...(options.scaling ? ['scaling'] : []),
  ]) {
    if (!ports[name]) ports[name] = await freePort();
  }
  const edgeSecret = options.edgeSecret ?? crypto.randomBytes(24).toString('hex');
  // docs/contracts.md#push-auth: one random token per run, known to the local Pub/Sub and the three consumers
  const pushToken = options.pushToken ?? crypto.randomBytes(24).toString('hex');
  // docs/live-field.md#feed: memory, wisdom and coherence sign their items to the edge's hub with this
  const hubFeedSecret = options.hubFeedSecret ?? crypto.randomBytes(24).toString('hex');
  // docs/observability.md#edge-metrics: the bearer token of the edge's GET /internal/metrics (the ops page)
  const metricsToken = options.metricsToken ?? crypto.randomBytes(24).toString('hex');
  // docs/observability.md#local-view: every function records its metrics and spans and serves them on a port
  // of its own (TELEMETRY_EXPORTER=prometheus), joined by the stack's telemetry view; telemetry: false = none
  const telemetry = options.telemetry !== false;
  const javaOpts = options.javaOpts ?? ['-XX:+UseSerialGC', '-Xss512k', '-XX:TieredStopAtLevel=1'];
  const guardCp = [stackDesc.invokerJar, stackDesc.e2eClasses].join(path.delimiter);
  const classLoading = options.functionClassLoading ?? process.env.COUNCIL_FUNCTION_CLASSLOADING ?? 'flat';
  const stack = {
    desc: stackDesc,
    ports,
    edgeSecret,
    pushToken,
    hubFeedSecret,
    metricsToken,
    logDir,
    children: {},
    functions: {},
    lost: null,
    rateLimits: options.rateLimits,
    heartUrl: (id) => `http://127.0.0.1:${ports[id]}`,
  };
  const stopOnError = async (e) => {
    await stopStack(stack);
    throw e;
  };

  // 1. the local cloud
  const t0 = Date.now();
  progress('local cloud: Pub/Sub + Firestore emulators, PostgreSQL, scheduler …');
  const cloud = new ChildProcess(
    'cloud',
    'java',
    [
      ...javaOpts,
      '-cp',
      [stackDesc.cloudJar, stackDesc.e2eClasses].join(path.delimiter),
      'org.sacredcouncil.e2e.process.OrphanGuard',
      'org.sacredcouncil.e2e.cloud.LocalCloudProcess',
      String(ports.pubsub),
      String(ports.firestore),
      String(ports.postgres),
      path.join(logDir, 'ticks.go'),
    ],
    {
      MEMORY_PUSH_URL: `http://127.0.0.1:${ports.memory}/`,
      WISDOM_PUSH_URL: `http://127.0.0.1:${ports.wisdom}/`,
      COHERENCE_PUSH_URL: `http://127.0.0.1:${ports.coherence}/`,
      // docs/scaling.md#locally: the scaling step's own subscription on the ticks, and the Cloud Run stand-in
      ...(options.scaling ? { SCALING_PUSH_URL: `http://127.0.0.1:${ports.scaling}/` } : {}),
      LOCAL_CLOUD_TICK_PERIOD: options.tickPeriod ?? '2s',
      PUSH_AUTH_TOKEN: pushToken,
    },
    logDir,
    redactSecrets,
  );
  stack.children.cloud = cloud;
  let cloudEnv;
  const cloudReady = new Promise((resolve) =>
    cloud.onLine((line) => {
      if (line.startsWith('COUNCIL_CLOUD_READY ')) resolve(JSON.parse(line.slice('COUNCIL_CLOUD_READY '.length)));
    }),
  );
  // each update the Cloud Run stand-in accepts is one line: the step's decisions as they take effect
  if (options.onScaling) {
    cloud.onLine((line) => {
      if (line.startsWith('  scaling ')) options.onScaling(line.trim());
    });
  }
  // the local Pub/Sub keeps its backlog in memory: a stop that drops accepted events says so (README)
  cloud.onLine((line) => {
    if (line.startsWith('COUNCIL_CLOUD_LOST ')) stack.lost = JSON.parse(line.slice('COUNCIL_CLOUD_LOST '.length));
  });
  cloud.start();
  try {
    await waitFor(
      'local cloud',
      async () => {
        cloudEnv = await Promise.race([cloudReady, sleep(200).then(() => undefined)]);
        return cloudEnv;
      },
      cloud,
      90_000,
    );
  } catch (e) {
    return stopOnError(e);
  }
  stack.cloudEnv = cloudEnv;
  progress(
    `local cloud ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (Pub/Sub ${cloudEnv.PUBSUB_EMULATOR_HOST}, Firestore ${cloudEnv.FIRESTORE_EMULATOR_HOST}, PostgreSQL ${cloudEnv.DATABASE_URL})`,
  );

  // 2. the functions, one JVM each, as on Cloud Functions
  const origins = HEARTS.map((h) => ({ id: h.id, url: stack.heartUrl(h.id), region: h.region }));
  stack.origins = origins;
  // the field also reaches the edge through KV, as in production (coherence → Cloudflare API → FIELD_KV)
  if (options.edge !== false && options.kv !== false) stack.kvApi = await startKvApi(ports.kvapi);
  const baseEnv = {
    ...cloudEnv,
    EDGE_SECRET: edgeSecret,
    FIELD_ORIGINS: JSON.stringify(origins),
    // docs/contracts.md#regions: the council's regions are those of its hearts, as Terraform deploys them
    COUNCIL_REGIONS: HEARTS.map((h) => h.region).join(','),
    ...(options.functionEnv ?? {}),
  };
  // the edge starts after the functions: until it answers, their feed fails (logged) and they go on
  const hubFeed =
    options.edge === false
      ? {}
      : {
          HUB_FEED_URL: `http://127.0.0.1:${ports.edge}/internal/hub/feed`,
          HUB_FEED_SECRET: hubFeedSecret,
        };
  const pushAuth = { PUSH_AUTH_TOKEN: pushToken, ...hubFeed };
  const specs = [
    ...HEARTS.map((h) => ({
      name: h.id,
      target: FUNCTION_TARGETS.heart,
      env: { HEART_REGION: h.region },
      health: '/v1/healthz',
    })),
    { name: 'memory', target: FUNCTION_TARGETS.memory, env: { ...pushAuth }, health: '/' },
    { name: 'wisdom', target: FUNCTION_TARGETS.wisdom, env: { ...pushAuth }, health: '/' },
    // a tick holds one connection while it reads the log through another: room for a few overlapping ticks
    {
      name: 'coherence',
      target: FUNCTION_TARGETS.coherence,
      env: { DB_POOL_SIZE: '16', ...pushAuth, ...(stack.kvApi?.env ?? {}) },
      health: '/',
    },
    ...(options.scaling
      ? [
          {
            name: 'scaling',
            target: FUNCTION_TARGETS.scaling,
            env: {
              CLOUD_RUN_API_URL: cloudEnv.CLOUD_RUN_API_URL,
              SCALING_DRY_RUN: 'false',
              SCALING_TARGETS: JSON.stringify(localScalingTargets(cloudEnv.GOOGLE_CLOUD_PROJECT)),
            },
            health: '/',
          },
        ]
      : []),
  ];
  const t1 = Date.now();
  progress(`functions: heart ×2 (${HEARTS.map((h) => h.region).join(', ')}), memory, wisdom, coherence …`);
  for (const spec of specs) {
    // 'isolated' loads the function in the invoker's own class loader (--classpath), as the Cloud Functions
    // Java runtime does; 'flat' puts it on the JVM class path ahead of the invoker (see e2e/README.md).
    // LoopbackInvoker: the invoker 2.0.0 itself, but on 127.0.0.1 only (it has no host option; see that class)
    const invokerArgs =
      classLoading === 'isolated'
        ? [
            '-cp',
            guardCp,
            'org.sacredcouncil.e2e.process.OrphanGuard',
            LOOPBACK_INVOKER,
            '--classpath',
            stackDesc.functionClasspath,
          ]
        : [
            '-cp',
            [stackDesc.functionClasspath, guardCp].join(path.delimiter),
            'org.sacredcouncil.e2e.process.OrphanGuard',
            LOOPBACK_INVOKER,
          ];
    const telemetryPort = telemetry ? (ports[`${spec.name}Telemetry`] ??= await freePort()) : null;
    const telemetryEnv = telemetry
      ? { TELEMETRY_EXPORTER: 'prometheus', TELEMETRY_PORT: String(telemetryPort) }
      : { TELEMETRY_EXPORTER: 'none' };
    const child = new ChildProcess(
      spec.name,
      'java',
      [...javaOpts, ...invokerArgs, '--target', spec.target, '--port', String(ports[spec.name])],
      { ...baseEnv, ...telemetryEnv, ...spec.env, K_SERVICE: spec.name },
      logDir,
    );
    stack.children[spec.name] = child;
    stack.functions[spec.name] = {
      ...spec,
      url: `http://127.0.0.1:${ports[spec.name]}`,
      telemetryUrl: telemetry ? `http://127.0.0.1:${telemetryPort}` : null,
    };
    child.start();
  }
  try {
    await Promise.all(
      specs.map((spec) =>
        waitFor(
          `function ${spec.name}`,
          () => answersHttp(`http://127.0.0.1:${ports[spec.name]}${spec.health}`),
          stack.children[spec.name],
          90_000,
        ),
      ),
    );
  } catch (e) {
    return stopOnError(e);
  }
  // a heart is ready when it serves the field (its first request opens the database pool, runs the
  // migrations and the Firestore client): like a start-up probe, so the edge never meets a cold heart
  try {
    await Promise.all(
      HEARTS.map((h) =>
        waitFor(
          `heart ${h.id} serving the field`,
          async () => {
            const res = await fetch(`${stack.heartUrl(h.id)}/v1/field`, {
              headers: signedHeaders(edgeSecret, 'GET', '/v1/field', { host: new URL(stack.heartUrl(h.id)).host }),
              signal: AbortSignal.timeout(30_000),
            });
            await res.arrayBuffer();
            return res.status === 200;
          },
          stack.children[h.id],
          120_000,
        ),
      ),
    );
  } catch (e) {
    return stopOnError(e);
  }
  progress(`functions ready in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  // the scheduler starts ticking now (no backlog of ticks while the JVMs were starting)
  fs.writeFileSync(path.join(logDir, 'ticks.go'), new Date().toISOString());

  // 3. the Worker in workerd, the dashboard as static assets in front of it
  if (options.edge !== false) {
    const t2 = Date.now();
    progress('edge: the TeaVM Worker bundle in workerd (miniflare), FIELD_KV, dashboard …');
    try {
      stack.edge = await startEdge(stack, options.edgeVars ?? {});
    } catch (e) {
      return stopOnError(e);
    }
    stack.edgeUrl = `http://127.0.0.1:${ports.edge}`;
    progress(`edge ready in ${((Date.now() - t2) / 1000).toFixed(1)} s`);
  }
  if (telemetry) {
    const endpoints = Object.fromEntries(Object.entries(stack.functions).map(([name, f]) => [name, f.telemetryUrl]));
    stack.telemetryView = await startTelemetryView({
      port: ports.telemetry,
      endpoints,
      allowOrigin: `http://127.0.0.1:${ports.edge}`,
    });
    stack.telemetryUrl = stack.telemetryView.url;
  }

  stack.restartHeart = (id) => restartFunction(stack, id);
  stack.crashHeart = (id) => stack.children[id].crash();
  // chaos controls: a function crashed (SIGKILL) and started again, or redeployed (clean stop, new process)
  stack.crashFunction = (name) => stack.children[name].crash();
  stack.startFunction = (name) => startFunctionAgain(stack, name);
  stack.redeployFunction = (name) => restartFunction(stack, name);
  // the local cloud's console (LocalCloudConsole): 'stop postgres', 'start firestore', 'backlog', 'drain 30'
  stack.cloudCommand = (text, timeoutMs) => stack.children.cloud.ask(text, timeoutMs);
  stack.stop = (opts) => stopStack(stack, opts);
  return stack;
}

/**
 * The Cloudflare REST API's KV value write, locally: coherence publishes the field with
 * PUT {CF_API_BASE_URL}/accounts/{a}/storage/kv/namespaces/{n}/values/{key} (bearer token), and this writes
 * it into the local Worker's FIELD_KV (miniflare), as Cloudflare would. Writes that arrive before the edge is
 * up are kept and applied when it is.
 */
/** The field state is a few KB; Cloudflare's own limit for a KV value is 25 MiB. */
const KV_MAX_VALUE_BYTES = 1 << 20;

async function startKvApi(port) {
  const token = crypto.randomBytes(18).toString('hex');
  const pending = new Map();
  const writes = [];
  let namespace = null;
  const server = http.createServer(async (req, res) => {
    const reply = (status, body) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    // refuse without reading the rest of the body: answer, then close the connection once the answer is out
    const refuse = (status, body) => {
      res.setHeader('Connection', 'close');
      res.once('finish', () => req.socket.destroy());
      reply(status, body);
    };
    const m = req.url.match(/^\/client\/v4\/accounts\/[^/]+\/storage\/kv\/namespaces\/([^/]+)\/values\/([^/?]+)$/);
    // authenticate before reading a byte of the body, and bound it (issue 12): a stranger gets 403 at once
    const given = Buffer.from(String(req.headers.authorization ?? ''));
    const expected = Buffer.from(`Bearer ${token}`);
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
      return refuse(403, { success: false, errors: [{ code: 10000, message: 'Authentication error' }] });
    }
    if (!m || req.method !== 'PUT') {
      return refuse(404, { success: false, errors: [{ code: 7003, message: 'No route for that URI' }] });
    }
    const tooLarge = { success: false, errors: [{ code: 10011, message: `Value over ${KV_MAX_VALUE_BYTES} bytes` }] };
    if (Number(req.headers['content-length'] ?? 0) > KV_MAX_VALUE_BYTES) return refuse(413, tooLarge);
    const chunks = [];
    let size = 0;
    for await (const c of req) {
      size += c.length;
      if (size > KV_MAX_VALUE_BYTES) return refuse(413, tooLarge);
      chunks.push(c);
    }
    const key = decodeURIComponent(m[2]);
    const value = Buffer.concat(chunks).toString('utf8');
    try {
      if (namespace) await namespace.put(key, value);
      else pending.set(key, value);
      if (key === 'field-state') {
        try {
          writes.push({ version: JSON.parse(value).version, at: Date.now() });
        } catch {
          /* not JSON */
        }
        if (writes.length > 500) writes.shift();
      }
      reply(200, { success: true, errors: [], messages: [], result: null });
    } catch (e) {
      reply(500, { success: false, errors: [{ code: 10001, message: String(e) }] });
    }
  });
  // Java's HttpClient keeps idle connections for 20 min: never close them first (a race → failed write)
  server.keepAliveTimeout = 0;
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    /** When each field version reached the edge's KV: the moment the field changed, as the edge can see it. */
    writes,
    env: {
      CF_API_BASE_URL: `http://127.0.0.1:${port}/client/v4`,
      CF_ACCOUNT_ID: 'local-account',
      CF_KV_NAMESPACE_ID: 'FIELD_KV',
      CF_API_TOKEN: token,
    },
    async attach(ns) {
      for (const [k, v] of pending) await ns.put(k, v);
      pending.clear();
      namespace = ns;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
    url: `http://127.0.0.1:${port}`,
    token,
  };
}

async function startEdge(stack, extraVars) {
  const { Miniflare } = await import('miniflare');
  const desc = stack.desc;
  const entry = path.join(desc.workerDir, 'worker.mjs');
  if (!fs.existsSync(entry)) throw new Error(`no Worker bundle at ${entry}: build first (./council build)`);
  const wrangler = wranglerSettings(desc.wranglerToml);
  const vars = {
    ...wrangler.vars,
    ORIGINS: JSON.stringify(stack.origins),
    EDGE_SECRET: stack.edgeSecret,
    HUB_FEED_SECRET: stack.hubFeedSecret,
    METRICS_TOKEN: stack.metricsToken,
    // locally the field changes every tick: keep the isolate's copy short so the dashboard follows within 1 s
    FIELD_MEMORY_TTL_MS: '100',
    FIELD_KV_FRESH_S: '0',
    EJECT_SECONDS: '3',
    ...extraVars,
  };
  const mfOptions = {
    modules: true,
    scriptPath: entry,
    modulesRoot: desc.workerDir,
    modulesRules: [{ type: 'ESModule', include: ['**/*.mjs', '**/*.js'] }],
    kvNamespaces: ['FIELD_KV'],
    // sacred artifacts (docs/artifacts.md; wrangler.toml [[r2_buckets]]): kept in the data directory across runs when
    // there is one (./council up), as the local cloud keeps its state; in memory otherwise (test stacks)
    r2Buckets: ['ARTIFACTS'],
    ...(process.env.LOCAL_CLOUD_DATA_DIR ? { r2Persist: path.join(process.env.LOCAL_CLOUD_DATA_DIR, 'r2') } : {}),
    // the field hub (docs/live-field.md), once the bundle exports it
    ...(fs.readFileSync(entry, 'utf8').includes('class FieldHub') ? { durableObjects: { HUB: 'FieldHub' } } : {}),
    // rateLimits: 'wrangler' = the deployed budgets of wrangler.toml, an object = those bindings, absent =
    // none (the suites send hundreds of requests from one address; the security suite binds them)
    ...(stack.rateLimits
      ? { ratelimits: stack.rateLimits === 'wrangler' ? wrangler.ratelimits : stack.rateLimits }
      : {}),
    compatibilityDate: wrangler.compatibilityDate,
    bindings: vars,
    host: '127.0.0.1',
    port: stack.ports.edge,
    // the Worker's structured log lines go to the edge's log file, like every other process
    handleRuntimeStdio(stdout, stderr) {
      const out = fs.createWriteStream(path.join(stack.logDir, 'edge.log'), { flags: 'a' });
      stdout.pipe(out);
      stderr.pipe(out);
    },
  };
  if (fs.existsSync(desc.dashboardDir)) {
    mfOptions.assets = {
      directory: desc.dashboardDir,
      // the Worker reads openapi.json through it (edge-worker/wrangler.toml [assets])
      binding: 'ASSETS',
      routerConfig: { has_user_worker: true },
      assetConfig: { html_handling: 'auto-trailing-slash', not_found_handling: 'none' },
    };
  }
  const mf = new Miniflare(mfOptions);
  await mf.ready;
  reapWithUs('workerd');
  if (stack.kvApi) await stack.kvApi.attach(await mf.getKVNamespace('FIELD_KV'));
  return { mf, vars };
}

/**
 * The headers the edge adds to a request for an origin, signed with the shared EDGE_SECRET
 * (edge-worker/README.md "Edge signature"). Used by the launcher's readiness probe and by the tests.
 */
/**
 * The headers the edge adds to a request it forwards, signed with v2 (docs/contracts.md#edge-signature):
 * the signature covers the host, the body's SHA-256, Authorization and a fresh nonce.
 */
export function signedHeaders(
  secret,
  method,
  pathAndQuery,
  { host, body = '', authorization = '', version = '0', coherence = '0.5', requestId } = {},
) {
  if (!host) throw new Error('signedHeaders: the host the request is sent to is part of the signature');
  const t = Math.floor(Date.now() / 1000);
  const nonce = crypto.randomBytes(16).toString('base64url');
  const arrival = new Date().toISOString();
  const rid = requestId ?? crypto.randomUUID();
  const bodyDigest = crypto.createHash('sha256').update(body).digest('hex');
  const canonical = [
    'v2',
    String(t),
    nonce,
    method.toUpperCase(),
    host.toLowerCase(),
    pathAndQuery,
    bodyDigest,
    authorization,
    arrival,
    version,
    coherence,
    rid,
  ].join('\n');
  const mac = crypto.createHmac('sha256', Buffer.from(secret, 'utf8')).update(canonical, 'utf8').digest('hex');
  return {
    'X-Edge-Arrival': arrival,
    'X-Field-Version': version,
    'X-Field-Coherence': coherence,
    'X-Request-Id': rid,
    'X-Edge-Signature': `t=${t},n=${nonce},v2=${mac}`,
  };
}

/**
 * workerd is miniflare's child and does not notice when this process is killed (-9): a tiny sh loop outlives
 * us only long enough to stop it. (The JVMs need no reaper: OrphanGuard.)
 */
function reapWithUs(name) {
  let pids;
  try {
    pids = execFileSync('pgrep', ['-P', String(process.pid), name], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
  } catch {
    return; /* no pgrep or no such child: nothing to reap */
  }
  if (!pids.length) return;
  spawn(
    'sh',
    ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; kill ${pids.join(' ')} 2>/dev/null`],
    { detached: true, stdio: 'ignore' },
  ).unref();
}

/** A redeploy: the old process stopped cleanly (stdin closed, SIGTERM, as Cloud Run does), a new one started. */
async function restartFunction(stack, name) {
  await stack.children[name].stop(2000);
  return startFunctionAgain(stack, name);
}

/** A new process for a function whose process is gone (crashed or stopped); resolves when it answers HTTP. */
async function startFunctionAgain(stack, name) {
  const old = stack.children[name];
  if (old.alive) throw new Error(`${name} is still running`);
  const child = new ChildProcess(name, old.command, old.args, old.env, stack.logDir, old.redact);
  stack.children[name] = child;
  child.start();
  const spec = stack.functions[name];
  await waitFor(`function ${name}`, () => answersHttp(`${spec.url}${spec.health}`), child, 90_000);
  return child;
}

/**
 * Stops the stack without losing accepted events when it can: no new events first (edge, then the hearts
 * and coherence), then the local Pub/Sub's backlog is given up to drainSeconds to reach memory and wisdom, then the
 * consumers and the cloud stop. What is still undelivered then is lost (the backlog is in memory only): the
 * cloud reports it (COUNCIL_CLOUD_LOST), and stopStack resolves with {lost: {events, deadLetters} | null}.
 */
export async function stopStack(stack, { drainSeconds = 30 } = {}) {
  if (stack.stopping) return stack.stopping;
  stack.stopping = (async () => {
    const edge = stack.edge;
    if (edge) await edge.mf.dispose().catch(() => {});
    const children = Object.values(stack.children);
    const cloud = stack.children.cloud;
    // every producer of sacred-events stops before the drain: the hearts, and coherence, which publishes
    // council.field.updated on each tick (a tick it misses is made up by the next start's first tick)
    const producers = children.filter((c) => HEARTS.some((h) => h.id === c.name) || c.name === 'coherence');
    await Promise.all(producers.map((c) => c.stop()));
    const consumers = children.filter((c) => c !== cloud && !producers.includes(c));
    let drained = null;
    if (cloud?.alive && drainSeconds > 0) {
      // with memory and wisdom both down there is nothing to wait for: the drain only counts what is left
      const bound = consumers.some((c) => c.alive) ? drainSeconds : 0;
      drained = await cloud
        .ask(`drain ${bound}`, (bound + 10) * 1000)
        .then((left) => ({ ok: true, left }))
        .catch((e) => ({ ok: false, left: e.answer ?? e.message }));
    }
    await Promise.all(consumers.map((c) => c.stop()));
    if (cloud) await cloud.stop(15000);
    if (stack.kvApi) await stack.kvApi.close();
    if (stack.telemetryView) await stack.telemetryView.close();
    return { drained, lost: stack.lost };
  })();
  return stack.stopping;
}
