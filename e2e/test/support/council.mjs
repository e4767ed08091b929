// The council's API as the suite uses it, through the edge (or straight at a heart when signed).
import crypto from 'node:crypto';
import { request, eventually } from './http.mjs';

export const uid = (prefix) => `${prefix}-${crypto.randomBytes(5).toString('hex')}`;

export class CouncilClient {
  constructor(baseUrl) {
    this.baseUrl = baseUrl;
  }

  call(path, init) {
    return request(this.baseUrl + path, init);
  }

  /** Registers an agent; returns {status, agent, apiKey, response}. */
  async register(id, name = id, region = 'europe-west1', headers = {}) {
    const res = await this.call('/v1/agents', {
      method: 'POST',
      headers: { 'Idempotency-Key': `agent-${id}`, ...headers },
      body: { id, name, region },
    });
    const body = res.json ?? {};
    return {
      status: res.status,
      agent: body.agent ?? body,
      apiKey: body.apiKey ?? body.agent?.apiKey ?? body.key,
      response: res,
    };
  }

  async send(agent, type, text, { idempotencyKey = crypto.randomUUID(), headers = {} } = {}) {
    return this.call('/v1/messages', {
      method: 'POST',
      headers: { Authorization: `Bearer ${agent.apiKey}`, 'Idempotency-Key': idempotencyKey, ...headers },
      body: { type, text },
    });
  }

  async messages(query = 'limit=50') {
    const res = await this.call(`/v1/messages?${query}`);
    const body = res.json;
    const list = Array.isArray(body) ? body : (body?.messages ?? body?.items ?? []);
    return { status: res.status, list, body, response: res };
  }

  /** Every message (follows the cursor), at most maxPages pages. */
  async allMessages(maxPages = 50) {
    const all = [];
    let query = 'limit=100';
    for (let i = 0; i < maxPages; i++) {
      const page = await this.messages(query);
      if (page.status !== 200) throw new Error(`GET /v1/messages → ${page.status} ${page.response.text}`);
      all.push(...page.list);
      const next = page.body?.nextCursor ?? page.body?.cursor ?? page.body?.next;
      if (!next || page.list.length === 0) break;
      query = `limit=100&cursor=${encodeURIComponent(next)}`;
    }
    return all;
  }

  async field(headers = {}) {
    return this.call('/v1/field', { headers });
  }

  /** Waits until the field's version is above `after` (and pred holds); returns the field. */
  async fieldAfter(after, pred = () => true, timeoutMs = 15000) {
    return eventually(
      async () => {
        const res = await this.field();
        return res.status === 200 && res.json.version > after && pred(res.json) ? res.json : undefined;
      },
      timeoutMs,
      100,
    );
  }
}

export function glyphsOf(message) {
  const list = message?.glyphs ?? message?.recommendedGlyphs ?? message?.wisdom?.glyphs ?? [];
  return list.map((g) => (typeof g === 'string' ? g : (g.symbol ?? g.glyph?.symbol))).filter(Boolean);
}
