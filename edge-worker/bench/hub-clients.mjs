// One hub's clients for bench/hub-bench.mjs, in a process of their own (forked with IPC): each hub's
// sockets get their own file-descriptor budget and event loop, and the broadcast clock (feed POST → frame)
// runs in the process that both sends the feed and receives the frames, so no clocks are compared across
// processes.
//
// Commands from the parent: {cmd: 'grow', to}, {cmd: 'broadcast', rounds}, {cmd: 'close'}.
import { WebSocket } from 'ws';
import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';

const [base, secret, name, protocol = 'sacred.v2'] = process.argv.slice(2);
const wsUrl = base.replace(/^http/, 'ws') + '/v1/live';
const feedUrl = base + '/internal/hub/feed';
const OPEN_CONCURRENCY = 200;
const ROUND_TIMEOUT_MS = 5000;

const sockets = [];
let failed = 0;
let lastVersion = 0;
/** The broadcast in flight: frames with a version above `after` count once per socket. */
let round = null;

const versionOf = (buf) => {
  const m = /"version":(\d+)/.exec(buf.toString('latin1', 0, Math.min(buf.length, 400)));
  return m ? Number(m[1]) : -1;
};

/**
 * Viewers come from many addresses, as on the Internet: eight sockets per address (the hub allows 16), given as
 * CF-Connecting-IP, which miniflare keeps when the client sends it. From one address the hub's per-address
 * count (every connect asks the runtime for that address's sockets) would grow with all of them.
 */
let opened = 0;
const SOCKETS_PER_ADDRESS = 8;
const addressOf = (i) => {
  const n = Math.floor(i / SOCKETS_PER_ADDRESS);
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
};

function openOne() {
  return new Promise((resolve) => {
    const ws = new WebSocket(wsUrl, protocol, {
      perMessageDeflate: false,
      skipUTF8Validation: true,
      headers: { 'cf-connecting-ip': addressOf(opened++) },
    });
    const slot = { ws, welcomed: false, seen: 0 };
    let settled = false;
    const done = (ok) => {
      if (!settled) {
        settled = true;
        resolve(ok);
      }
    };
    const timer = setTimeout(() => {
      ws.terminate();
      done(false);
    }, 30_000);
    ws.on('message', (data) => {
      if (!slot.welcomed) {
        slot.welcomed = data.indexOf('sacred-welcome') !== -1;
        if (slot.welcomed) {
          sockets.push(slot);
          clearTimeout(timer);
          done(true);
        }
        return;
      }
      if (round && data.indexOf('field-update') !== -1 && slot.seen < round.id) {
        if (versionOf(data) <= round.after) return;
        slot.seen = round.id;
        round.latencies.push(performance.now() - round.t0);
        if (round.latencies.length === round.expected) round.resolve();
      }
    });
    ws.on('close', () => {
      slot.closed = true;
      clearTimeout(timer);
      done(false);
    });
    ws.on('error', () => {
      clearTimeout(timer);
      done(false);
    });
  });
}

async function grow(to) {
  const t0 = performance.now();
  // Attempts so far count against the target: a step of 5,000 after 1,000 opens 4,000 more.
  let todo = Math.max(0, to - sockets.length - failed);
  const worker = async () => {
    while (todo > 0) {
      todo--;
      if (!(await openOne())) failed++;
    }
  };
  await Promise.all(Array.from({ length: OPEN_CONCURRENCY }, worker));
  const held = sockets.filter((s) => !s.closed).length;
  return { held, failed, seconds: (performance.now() - t0) / 1000 };
}

let seq = 0;
function feedBody() {
  seq++;
  const now = Date.now();
  const agent = `bench-agent-${seq % 4}`; // four agents: presence settles in the warm-up, as in a steady council
  const region = seq % 2 ? 'europe-west1' : 'us-central1';
  const time = new Date(now).toISOString();
  const event = {
    specversion: '1.0',
    id: `bench-${name}-${process.pid}-${seq}`,
    source: '//sacred-council/heart',
    type: 'council.message.sent',
    time,
    subject: agent,
    datacontenttype: 'application/json',
    data: {
      message: {
        id: `m-${process.pid}-${seq}`,
        agentId: agent,
        type: seq % 3 ? 'blessing' : 'insight',
        text: 'the benchmark speaks softly',
        region,
        sentAt: time,
      },
      impact: seq % 3 ? 0.04 : 0.025,
      consciousness: { coherenceBefore: null, coherenceAfter: null, loveAmplification: 1 },
    },
  };
  return JSON.stringify({ items: [{ kind: 'event', event, recordedAt: now }] });
}

let feedRetries = 0;

/** One feed POST; a network failure is retried with the same body (every item is idempotent by event id). */
async function postFeed(body) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await postFeedOnce(body);
    } catch (e) {
      if (attempt >= 3 || !/fetch failed/.test(String(e))) throw e;
      feedRetries++;
      console.error(`${name}: feed POST failed (${e.cause?.code ?? e.message}); again`);
    }
  }
}

async function postFeedOnce(body) {
  const ts = String(Date.now());
  const sig = crypto.createHmac('sha256', secret).update(`hub-feed-v1\n${ts}\n${body}`).digest('hex');
  const res = await fetch(feedUrl, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'x-hub-timestamp': ts, 'x-hub-signature': `v1=${sig}` },
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`feed ${res.status}: ${text}`);
  return JSON.parse(text);
}

async function broadcast(rounds) {
  const latencies = [];
  let missed = 0;
  let feedMs = 0;
  const cpu0 = process.cpuUsage();
  for (let r = 0; r < rounds; r++) {
    const expected = sockets.filter((s) => !s.closed).length;
    const body = feedBody();
    const current = { id: seq + 1, after: lastVersion, latencies: [], expected, t0: 0 };
    const arrived = new Promise((resolve) => {
      current.resolve = resolve;
    });
    round = current;
    current.t0 = performance.now();
    const answer = await postFeed(body);
    feedMs += performance.now() - current.t0;
    lastVersion = Math.max(lastVersion, answer.version);
    await Promise.race([arrived, new Promise((resolve) => setTimeout(resolve, ROUND_TIMEOUT_MS))]);
    round = null;
    missed += expected - current.latencies.length;
    if (current.latencies.length < expected) {
      console.error(
        `${name}: round ${current.id}: ${current.latencies.length} of ${expected} sockets got a field-update above version ${current.after} (answer ${answer.version}) within ${ROUND_TIMEOUT_MS} ms`,
      );
    }
    for (const l of current.latencies) latencies.push(l);
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  const cpu = process.cpuUsage(cpu0);
  return { latencies, missed, feedMs: feedMs / rounds, feedRetries, clientCpuMs: (cpu.user + cpu.system) / 1000 };
}

process.on('message', async (msg) => {
  try {
    if (msg.cmd === 'grow') process.send({ ok: true, ...(await grow(msg.to)) });
    else if (msg.cmd === 'broadcast') process.send({ ok: true, ...(await broadcast(msg.rounds)) });
    else if (msg.cmd === 'close') {
      for (const s of sockets) s.ws.terminate();
      process.send({ ok: true });
      process.exit(0);
    }
  } catch (e) {
    process.send({ ok: false, error: String(e?.stack ?? e) });
  }
});
process.send({ ready: true });
