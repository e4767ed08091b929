// End-to-end suite: the whole council running on this machine (local cloud, heart ×2, memory, wisdom,
// coherence in their own JVMs under the invoker, the built Worker in workerd), exercised through the edge.
// One stack for the whole file (starting it is the expensive part); the tests run in order and the one that
// kills a heart runs last.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import path from 'node:path';
import { glyphsOf, uid } from './support/council.mjs';
import { eventually, request, signedRequest, sleep } from './support/http.mjs';
import { onDashboard, skipWithoutChromium } from './support/browser.mjs';
import { runFuzz } from './support/fuzz.mjs';
import { log, useStack } from './support/stack-hooks.mjs';

const council = useStack({ tickPeriod: process.env.COUNCIL_TICK_PERIOD ?? '2s' });

const isOk = (status) => status >= 200 && status < 300;

async function registered(prefix, region = 'europe-west1') {
  const id = uid(prefix);
  const r = await council.edge.register(id, `Agent ${id}`, region);
  assert.ok(isOk(r.status), `register ${id}: ${r.status} ${r.response.text}`);
  assert.equal(typeof r.apiKey, 'string', `register returns the API key once: ${r.response.text}`);
  return { id, apiKey: r.apiKey, region };
}

function messageId(res) {
  const body = res.json ?? {};
  return body.id ?? body.message?.id ?? body.messageId;
}

describe('the edge serves the dashboard and the API', () => {
  it('serves the dashboard at / as static assets, and the field at /v1/field', async () => {
    const page = await request(`${council.stack.edgeUrl}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers['content-type'], /text\/html/);
    assert.match(page.text, /<h1>Sacred Council<\/h1>/);
    for (const asset of ['/dashboard.js', '/dashboard.css']) {
      const res = await request(council.stack.edgeUrl + asset);
      assert.equal(res.status, 200, asset);
    }
    const field = await council.edge.field();
    assert.equal(field.status, 200, field.text);
    assert.equal(typeof field.json.version, 'number');
    assert.ok(field.json.global.coherence >= 0 && field.json.global.coherence <= 1);
    assert.ok(field.headers.etag, 'the field carries an ETag');
    const again = await council.edge.field({ 'If-None-Match': field.headers.etag });
    assert.ok(
      again.status === 304 || (again.status === 200 && again.json.version > field.json.version),
      `a conditional GET of an unchanged field is 304 (got ${again.status})`,
    );
  });
});

describe('a message through the edge', () => {
  it('is persisted, gets glyphs recommended and moves the field', async () => {
    const before0 = (await council.edge.field()).json;
    const agent = await registered('ada');
    const ids = [];
    for (const text of [
      'May the council be blessed with light and peace',
      'Gratitude to every voice that holds the circle',
      'I offer my time and my care to the council',
    ]) {
      const res = await council.edge.send(agent, 'blessing', text);
      assert.ok(isOk(res.status), `POST /v1/messages → ${res.status} ${res.text}`);
      assert.ok(res.headers['x-field-coherence'], 'the edge adds X-Field-Coherence');
      const id = messageId(res);
      assert.ok(id, `the message id is returned: ${res.text}`);
      ids.push(id);
    }
    const persisted = await eventually(async () => {
      const { list } = await council.edge.messages('limit=50');
      const mine = list.filter((m) => ids.includes(m.id));
      return mine.length === ids.length ? mine : undefined;
    }, 20_000);
    assert.ok(persisted, `all ${ids.length} messages are listed by GET /v1/messages`);
    assert.ok(persisted.every((m) => m.agentId === agent.id && m.type === 'blessing'));

    const withGlyphs = await eventually(async () => {
      const { list } = await council.edge.messages('limit=50');
      const mine = list.filter((m) => ids.includes(m.id));
      return mine.length === ids.length && mine.every((m) => glyphsOf(m).length > 0) ? mine : undefined;
    }, 20_000);
    assert.ok(withGlyphs, 'wisdom recommended glyphs for every message');

    const moved = await council.edge.fieldAfter(
      before0.version,
      (f) => f.global.agents >= 1 && f.global.coherence > before0.global.coherence && f.regions['europe-west1'],
      20_000,
    );
    assert.ok(moved, `the field moves: coherence above ${before0.global.coherence}, agents present`);
    assert.ok(moved.sacred.loveAmplification > 1, 'loving messages amplify love');

    // docs/observability.md#local-view: one message is one trace across heart, memory and wisdom, and the
    // pipeline's counters count it
    const traced = await eventually(async () => {
      const res = await fetch(`${council.stack.telemetryUrl}/traces.json`);
      const { traces } = await res.json();
      return traces.find((t) => ['heart', 'memory', 'wisdom'].every((s) => t.spans.some((x) => x.service === s)));
    }, 20_000);
    assert.ok(traced, 'a trace holds spans of heart, memory and wisdom');
    // the trace is complete once wisdom posts its glyphs to the hub; its counter moves after its Firestore write,
    // which on a function's first event includes building the client: the counters are read until they count
    let pipeline;
    await eventually(async () => {
      pipeline = await (await fetch(`${council.stack.telemetryUrl}/pipeline.json`)).json();
      return pipeline.functions.memory.recorded >= ids.length && pipeline.functions.wisdom.recorded >= ids.length;
    }, 20_000);
    assert.ok(
      pipeline.functions.memory.recorded >= ids.length,
      `memory counted its events: ${JSON.stringify(pipeline)}`,
    );
    assert.ok(
      pipeline.functions.wisdom.recorded >= ids.length,
      `wisdom counted its events: ${JSON.stringify(pipeline)}`,
    );
  });
});

describe('idempotency', () => {
  it('the same message retried with its Idempotency-Key makes one event', async () => {
    const agent = await registered('idem');
    const key = crypto.randomUUID();
    const text = `Once only ${key}`;
    const first = await council.edge.send(agent, 'insight', text, { idempotencyKey: key });
    assert.ok(isOk(first.status), `${first.status} ${first.text}`);
    const retries = [
      await council.edge.send(agent, 'insight', text, { idempotencyKey: key }),
      ...(await Promise.all([1, 2, 3].map(() => council.edge.send(agent, 'insight', text, { idempotencyKey: key })))),
    ];
    for (const r of retries) {
      assert.ok(isOk(r.status), `retry → ${r.status} ${r.text}`);
      assert.equal(messageId(r), messageId(first), 'a retry answers with the same message');
    }
    await eventually(async () => (await council.edge.messages('limit=50')).list.some((m) => m.text === text), 20_000);
    await sleep(1500); // let any duplicate delivery land before counting
    const all = await council.edge.allMessages();
    assert.equal(all.filter((m) => m.text === text).length, 1, 'exactly one message (one event) for the key');
  });
});

describe('edge headers cannot be forged', () => {
  it('a client forging X-Edge-* straight at a heart gets 401; the edge strips them', async () => {
    const heart = council.stack.heartUrl('eu');
    const forged = await request(`${heart}/v1/field`, {
      headers: {
        'X-Edge-Arrival': new Date().toISOString(),
        'X-Field-Version': '1',
        'X-Field-Coherence': '1',
        'X-Request-Id': 'forged-1',
        'X-Edge-Signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`,
      },
    });
    assert.equal(forged.status, 401, `forged signature → ${forged.status} ${forged.text}`);
    assert.ok(forged.json?.error?.code, 'error JSON');
    const unsigned = await request(`${heart}/v1/messages?limit=1`, { headers: { 'X-Edge-Arrival': 'now' } });
    assert.equal(unsigned.status, 401, `no signature → ${unsigned.status}`);
    const wrongSecret = await signedRequest(heart, 'not-the-secret', '/v1/field');
    assert.equal(wrongSecret.status, 401, `signed with another secret → ${wrongSecret.status}`);
    const signed = await signedRequest(heart, council.stack.edgeSecret, '/v1/field');
    assert.equal(signed.status, 200, `signed like the edge → ${signed.status} ${signed.text}`);
    const throughEdge = await request(`${council.stack.edgeUrl}/v1/messages?limit=1`, {
      headers: { 'X-Edge-Signature': 't=1,v1=00', 'X-Edge-Arrival': 'forged', 'X-Field-Version': '999999' },
    });
    assert.equal(
      throughEdge.status,
      200,
      `through the edge forged headers are replaced → ${throughEdge.status} ${throughEdge.text}`,
    );
  });
});

describe('the dashboard in a real browser', () => {
  const skip = skipWithoutChromium();
  it('shows the field live, registers an agent, sends a message and shows it with glyphs', { skip }, () =>
    onDashboard(`${council.stack.edgeUrl}/`, async ({ browser, page, errors }) => {
      await page.waitForFunction(() => window.__council && window.__council.field, null, { timeout: 10_000 });

      // live: every field version written by coherence (its updatedAt) is on screen within 1 s
      const firstLive = await page.evaluate(() => window.__council.renders.length);
      const agent = { id: uid('web'), name: 'Web Agent' };
      await page.locator('#agent-id').fill(agent.id);
      await page.getByLabel('Name').fill(agent.name);
      await page.getByRole('button', { name: 'Register' }).click();
      const key = await page.getByTestId('api-key').textContent({ timeout: 10_000 });
      assert.ok(key && key.length >= 16, `the API key is shown once: ${key}`);
      assert.equal(await page.locator('#send-key').inputValue(), key, 'the send form is filled in');

      const text = `Blessings from the browser ${crypto.randomBytes(3).toString('hex')}`;
      await page.getByLabel('Text').fill(text);
      await page.getByLabel('Type').selectOption('blessing');
      await page.getByRole('button', { name: 'Send' }).click();
      await page.locator('#send-result.ok').waitFor({ timeout: 10_000 });
      const item = page.locator('#messages li.message', { hasText: text });
      await item.waitFor({ timeout: 15_000 });
      await page.waitForFunction(
        (t) =>
          [...document.querySelectorAll('#messages li.message')].some(
            (li) => li.textContent.includes(t) && !li.querySelector('.glyphs.pending'),
          ),
        text,
        { timeout: 20_000 },
      );

      await page.waitForFunction((n) => window.__council.renders.length >= n + 4, firstLive, { timeout: 20_000 });
      const all = await page.evaluate(() => window.__council.renders);
      const liveSince = all[firstLive - 1].at;
      // the field changes when coherence publishes it to the edge's KV (the local Cloudflare API records when);
      // only changes published while the page was live count: a version published before the page loaded
      // reaches it one poll after the load (the edge answers the first poll stale-while-revalidate)
      const kvWrites = council.stack.kvApi?.writes ?? [];
      const publishedAt = (r) => kvWrites.find((x) => x.version === r.version)?.at ?? Date.parse(r.updatedAt);
      const renders = all.slice(firstLive).filter((r) => publishedAt(r) >= liveSince);
      const delays = renders.map((r) => r.at - publishedAt(r));
      log(
        `field published → on screen: ${delays.map((d) => `${d} ms`).join(', ')} (${kvWrites.length} KV writes seen)`,
      );
      assert.ok(
        renders.length >= 3 && renders.every((r) => r.updatedAt),
        `the page saw new field versions (${renders.length})`,
      );
      assert.ok(Math.max(...delays) < 1000, `every field change on screen within 1 s: ${delays}`);

      // what is on screen matches the field the edge serves
      const field = (await council.edge.field()).json;
      await page.waitForFunction(
        (v) => Number(document.getElementById('field-version').textContent) >= v,
        field.version,
      );
      const regions = await page.locator('#regions .region').count();
      assert.ok(regions >= 2, `both regions have a card (${regions})`);
      assert.notEqual(await page.getByTestId('global-coherence').textContent(), '–');
      assert.notEqual(await page.getByTestId('agents').textContent(), '–');
      assert.equal(await page.locator('#live-dot.live').count(), 1, 'the status says live');

      // screenshot test: the page renders fully, without horizontal overflow, gauge and cards visible
      const layout = await page.evaluate(() => ({
        overflow: document.documentElement.scrollWidth > window.innerWidth,
        gauge: document.getElementById('gauge').getBoundingClientRect().width,
        arc: document.getElementById('gauge-arc').getAttribute('stroke-dasharray'),
      }));
      assert.equal(layout.overflow, false, 'no horizontal overflow');
      assert.ok(layout.gauge > 200, 'the gauge is drawn large');
      const shot = path.join(path.dirname(council.stack.desc.file), 'dashboard.png');
      const png = await page.screenshot({ path: shot, fullPage: true });
      assert.equal(png.subarray(1, 4).toString(), 'PNG');
      assert.ok(png.length > 30_000, `a real rendering, not a blank page (${png.length} bytes)`);
      const mobile = await browser.context.newPage();
      await mobile.setViewportSize({ width: 390, height: 844 });
      await mobile.goto(`${council.stack.edgeUrl}/`);
      await mobile.waitForFunction(() => window.__council && window.__council.field);
      assert.equal(
        await mobile.evaluate(() => document.documentElement.scrollWidth > window.innerWidth),
        false,
        'no horizontal overflow on a phone',
      );
      await mobile.screenshot({ path: shot.replace('.png', '-mobile.png'), fullPage: true });
      log(`screenshots: ${shot}`);
      assert.deepEqual(errors, [], 'no script errors on the page');
    }),
  );
});

describe('fuzz through the edge', () => {
  it('10,000 malformed requests: no 5xx, nothing half-written', async () => {
    const beforeMessages = (await council.edge.allMessages()).length;
    const result = await runFuzz(council.stack.edgeUrl, { total: 10_000, concurrency: 24, deadlineMs: 150_000 });
    log(
      `fuzz: ${result.sent} requests in ${(result.ms / 1000).toFixed(1)} s; statuses ${JSON.stringify(result.statuses)}`,
    );
    assert.equal(result.sent, 10_000, `all requests sent within the time bound (${result.sent})`);
    assert.deepEqual(result.serverErrors.slice(0, 5), [], `no 5xx (${result.serverErrors.length} of them)`);
    assert.deepEqual(result.networkErrors.slice(0, 5), [], 'no dropped connections');
    assert.deepEqual(result.accepted.slice(0, 5), [], 'no malformed write was accepted');
    await sleep(1500);
    assert.equal((await council.edge.allMessages()).length, beforeMessages, 'no message appeared');
    for (const id of result.agentIds.slice(0, 20)) {
      const res = await council.edge.call(`/v1/agents/${encodeURIComponent(id)}`);
      assert.ok(res.status === 404 || res.status === 400, `no agent ${id} (${res.status})`);
    }
  });
});

describe('an origin dies under load', () => {
  it('kill one heart: 0 failed GETs, idempotent writes succeed; the ejected origin comes back', async () => {
    const agent = await registered('load');
    const seed = await council.edge.send(agent, 'gratitude', 'warm-up before the storm');
    assert.ok(isOk(seed.status));
    const failures = [];
    const origins = {};
    const writes = new Map();
    let gets = 0;
    let getsAfterKill = 0;
    let killedAt = 0;
    const stopAt = Date.now() + 9_000;
    const worker = async (w) => {
      for (let i = 0; Date.now() < stopAt; i++) {
        try {
          if (i % 3 === 2) {
            const key = `load-${w}-${i}`;
            // an idempotent write; like any client it repeats the same key on 409 idempotency_in_progress
            // ("retry shortly"), for at most 30 s (room for a claim lease); it must never fail nor double
            let res = await council.edge.send(agent, 'gratitude', `steady ${key}`, { idempotencyKey: key });
            for (
              const until = Date.now() + 30_000;
              res.status === 409 && res.json?.error?.code === 'idempotency_in_progress' && Date.now() < until;
            ) {
              await sleep(250);
              res = await council.edge.send(agent, 'gratitude', `steady ${key}`, { idempotencyKey: key });
            }
            if (!isOk(res.status)) failures.push(`POST ${res.status} ${res.text.slice(0, 120)}`);
            else writes.set(key, messageId(res));
            origins[res.headers['x-edge-origin']] = (origins[res.headers['x-edge-origin']] ?? 0) + 1;
          } else {
            const res = await council.edge.call(i % 3 === 0 ? '/v1/messages?limit=5' : `/v1/agents/${agent.id}`);
            gets++;
            if (killedAt && Date.now() > killedAt) getsAfterKill++;
            if (res.status !== 200) failures.push(`GET ${res.status} ${res.text.slice(0, 120)}`);
            origins[res.headers['x-edge-origin']] = (origins[res.headers['x-edge-origin']] ?? 0) + 1;
          }
        } catch (e) {
          failures.push(`network ${e.message}`);
        }
      }
    };
    const load = Promise.all([...Array(8).keys()].map(worker));
    await sleep(2_500);
    await council.stack.crashHeart('eu');
    killedAt = Date.now();
    log('heart eu killed (SIGKILL)');
    await load;
    log(
      `under load: ${gets} GETs (${getsAfterKill} after the kill), ${writes.size} writes, by origin ${JSON.stringify(origins)}`,
    );
    assert.deepEqual(failures.slice(0, 5), [], `no failed request (${failures.length})`);
    assert.ok(getsAfterKill >= 30, `GETs kept coming after the kill (${getsAfterKill} of ${gets})`);
    assert.equal(new Set(writes.values()).size, writes.size, 'one message per idempotency key');

    await council.stack.restartHeart('eu');
    log('heart eu restarted');
    const back = await eventually(
      async () => {
        const res = await council.edge.call(`/v1/agents/${agent.id}`);
        return res.status === 200 && res.headers['x-edge-origin'] === 'eu';
      },
      30_000,
      50,
    );
    assert.ok(back, 'the edge routes to heart eu again after it restarts');
  });
});
