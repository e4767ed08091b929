// Helpers for the field hub's workerd tests (docs/live-field.md): signed feed posts, CloudEvents as memory
// sends them, and a `ws` socket client that records every frame.
import crypto from 'node:crypto';
import WebSocket from 'ws';
import { sleep } from './edge.mjs';

export const FEED_SECRET = 'hub-feed-test-secret';

/** POSTs {items} to /internal/hub/feed, signed as the functions sign it (or as `sign` overrides). */
export async function feed(edge, items, { secret = FEED_SECRET, timestamp = Date.now(), signature } = {}) {
  const body = typeof items === 'string' ? items : JSON.stringify({ items });
  const mac = crypto.createHmac('sha256', secret).update(`hub-feed-v1\n${timestamp}\n${body}`, 'utf8').digest('hex');
  const res = await fetch(new URL('/internal/hub/feed', edge.url), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-hub-timestamp': String(timestamp),
      'x-hub-signature': signature ?? `v1=${mac}`,
    },
    body,
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

let counter = 0;

/** A council.message.sent CloudEvent in EventCodec's structured form, and its feed item. */
export function messageItem({
  id = `ev-${++counter}-${crypto.randomUUID()}`,
  agentId = 'agent-a',
  type = 'blessing',
  text = 'may the council be well',
  region = 'europe-west1',
  at = Date.now(),
  impact = 0.04,
  recordedAt = at,
} = {}) {
  const time = new Date(at).toISOString();
  return {
    kind: 'event',
    recordedAt,
    event: {
      specversion: '1.0',
      id,
      source: '//sacred-council/heart/europe-west1',
      type: 'council.message.sent',
      time,
      subject: agentId,
      datacontenttype: 'application/json',
      data: {
        message: { id: `msg-${id}`, agentId, type, text, region, sentAt: time },
        impact,
        consciousness: { coherenceBefore: 0.5, coherenceAfter: 0.51, loveAmplification: 1.0 },
      },
    },
  };
}

export function beatItem({
  id = `beat-${++counter}`,
  agentId = 'agent-a',
  region = 'europe-west1',
  at = Date.now(),
} = {}) {
  const time = new Date(at).toISOString();
  return {
    kind: 'event',
    recordedAt: at,
    event: {
      specversion: '1.0',
      id,
      source: '//sacred-council/heart/europe-west1',
      type: 'council.presence.beat',
      time,
      subject: agentId,
      datacontenttype: 'application/json',
      data: { agentId, region, time },
    },
  };
}

/** Opens /v1/live (`protocol`: one subprotocol or a list to offer); resolves once open (or closed/refused), with every frame recorded. */
export function connect(edge, { protocol = 'sacred.v1', headers = {}, ip = '203.0.113.7' } = {}) {
  const url = new URL('/v1/live', edge.url);
  url.protocol = 'ws:';
  const offered = Array.isArray(protocol) ? protocol : protocol ? [protocol] : [];
  const socket = new WebSocket(url, offered, { headers: { 'cf-connecting-ip': ip, ...headers } });
  const client = { socket, frames: [], closed: null, unexpected: null };
  socket.on('message', (data) => client.frames.push(JSON.parse(data.toString())));
  socket.on('close', (code, reason) => {
    client.closed = { code, reason: reason.toString() };
  });
  socket.on('unexpected-response', (req, res) => {
    let text = '';
    res.on('data', (c) => {
      text += c;
    });
    res.on('end', () => {
      client.unexpected = { status: res.statusCode, text };
    });
  });
  socket.on('error', () => {});
  client.send = (frame) => socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  client.close = () => {
    try {
      socket.close();
    } catch {
      /* already gone */
    }
  };
  /** The first recorded frame (from index `from`) of `type` matching `where`, waiting up to `ms`. */
  client.next = async (type, where = () => true, ms = 5000, from = 0) => {
    const end = Date.now() + ms;
    for (;;) {
      const frame = client.frames.slice(from).find((f) => f.type === type && where(f));
      if (frame) return frame;
      if (Date.now() > end)
        throw new Error(`no ${type} frame within ${ms} ms; got ${JSON.stringify(client.frames.map((f) => f.type))}`);
      await sleep(20);
    }
  };
  client.waitClosed = async (ms = 5000) => {
    const end = Date.now() + ms;
    while (!client.closed && Date.now() < end) await sleep(20);
    return client.closed;
  };
  return new Promise((resolve) => {
    socket.once('open', () => resolve(client));
    socket.once('close', () => resolve(client));
    socket.once('unexpected-response', () => setTimeout(() => resolve(client), 100));
    socket.once('error', () => setTimeout(() => resolve(client), 50));
  });
}
