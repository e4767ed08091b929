// The operator view: this edge isolate's counters (GET /internal/metrics, bearer METRICS_TOKEN — kept in
// sessionStorage only), the field's age (GET /v1/field) and the hub's sockets (its presence frames on /v1/live).
// Polls every 2 s while visible. docs/observability.md#edge-metrics.
'use strict';

(() => {
  const POLL_MS = 2_000;
  const $ = (id) => document.getElementById(id);
  // ./council up prints this page's address with #token=…&pipeline=… (a fragment: never sent to a server)
  const fromHash = new URLSearchParams(location.hash.slice(1));
  if (fromHash.get('token')) sessionStorage.setItem('metricsToken', fromHash.get('token'));
  const state = {
    token: sessionStorage.getItem('metricsToken') || '',
    // the local stack's telemetry view (e2e/stack/telemetry-view.mjs): the functions' pipeline counters
    pipeline: fromHash.get('pipeline') || '',
    metrics: null,
    fieldUpdatedAt: null,
  };
  window.__ops = state;

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else node.setAttribute(k, v);
    }
    for (const c of children) if (c != null) node.append(c);
    return node;
  }

  function bars(box, entries) {
    const total = entries.reduce((sum, [, n]) => sum + n, 0);
    box.replaceChildren();
    if (!entries.length) {
      box.append(el('p', { class: 'empty', text: 'none yet' }));
      return;
    }
    for (const [name, n] of entries) {
      const fill = el('span');
      fill.style.width = `${total ? (100 * n) / total : 0}%`;
      box.append(
        el(
          'div',
          { class: 'row', 'data-name': name },
          el('span', { text: name }),
          el('div', { class: 'bar' }, fill),
          el('span', { class: 'n', text: String(n) }),
        ),
      );
    }
  }

  function render(m) {
    const rows = $('origins').querySelector('tbody');
    rows.replaceChildren(
      ...m.origins.map((o) =>
        el(
          'tr',
          { 'data-origin': o.id },
          el('td', { text: o.id }),
          el('td', { text: o.region }),
          el('td', { class: o.healthy ? 'up' : 'down', text: o.healthy ? 'yes' : 'no' }),
          el('td', { class: o.probedDown ? 'down' : 'up', text: o.probedDown ? 'failing' : 'ok' }),
          el('td', { class: o.ejected ? 'down' : '', text: o.ejected ? 'yes' : 'no' }),
        ),
      ),
    );
    $('probes').textContent = `${m.probes.ok} ok / ${m.probes.failed} failed`;
    $('ejections').textContent = String(m.ejections);
    bars($('tiers'), Object.entries(m.cacheTiers));
    bars($('pauses'), Object.entries(m.pauses));
    $('rate-limited').textContent = String(m.rateLimited);
    $('requests').textContent = String(m.requests);
    bars(
      $('latency'),
      m.latencyMs.buckets.map((b) => [b.le === '+Inf' ? '> 2500 ms' : `≤ ${b.le} ms`, b.count]),
    );
    $('latency-mean').textContent = m.requests ? `${(m.latencyMs.sum / m.requests).toFixed(1)} ms` : '–';
    $('statuses').textContent =
      Object.entries(m.statuses)
        .map(([k, n]) => `${k} ${n}`)
        .join(' · ') || '–';
  }

  async function pollMetrics() {
    if (!state.token) return;
    try {
      const res = await fetch('/internal/metrics', {
        headers: { Authorization: `Bearer ${state.token}` },
        cache: 'no-store',
      });
      if (res.ok) {
        state.metrics = await res.json();
        render(state.metrics);
        $('ops-status').textContent = `read ${new Date().toLocaleTimeString()}`;
      } else {
        $('ops-status').textContent = res.status === 401 ? 'token refused (401)' : `metrics: ${res.status}`;
        await res.arrayBuffer();
      }
    } catch {
      $('ops-status').textContent = 'edge unreachable — retrying';
    }
  }

  async function pollField() {
    try {
      const res = await fetch('/v1/field', { cache: 'no-store' });
      if (res.ok) state.fieldUpdatedAt = (await res.json()).updatedAt;
      else await res.arrayBuffer();
    } catch {
      // shown as stale below
    }
    const at = Date.parse(state.fieldUpdatedAt);
    $('field-age').textContent = Number.isFinite(at) ? `${Math.max(0, (Date.now() - at) / 1000).toFixed(1)} s` : '–';
  }

  async function pollPipeline() {
    if (!state.pipeline) return;
    try {
      const res = await fetch(`${state.pipeline}/pipeline.json`, { cache: 'no-store' });
      if (!res.ok) throw new Error(String(res.status));
      const body = await res.json();
      const rows = Object.entries(body.functions).map(([name, f]) =>
        el(
          'tr',
          {},
          el('td', { text: name }),
          ...(f.up
            ? [
                el('td', { class: 'n', text: String(f.recorded) }),
                el('td', { class: 'n', text: String(f.duplicates) }),
                el('td', { class: 'n', text: String(f.deadLettered) }),
                el('td', { class: 'n', text: String(f.redriven) }),
                el('td', {
                  class: 'n',
                  text: f.eventAgeMeanSeconds == null ? '–' : `${(f.eventAgeMeanSeconds * 1000).toFixed(0)} ms`,
                }),
              ]
            : [el('td', { colspan: '5', text: 'not answering' })]),
        ),
      );
      $('pipeline')
        .querySelector('tbody')
        .replaceChildren(...rows);
      const dead = Object.values(body.functions).reduce((n, f) => n + (f.deadLettered || 0), 0);
      $('dead-letters').textContent = String(dead);
    } catch {
      $('dead-letters').textContent = '?';
    }
  }

  function watchSockets() {
    if (typeof WebSocket !== 'function') return;
    const ws = new WebSocket(
      `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/v1/live`,
      'sacred.v1',
    );
    ws.addEventListener('message', (event) => {
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      const s = frame.presence?.sockets;
      if (s && typeof s.viewers === 'number') $('sockets').textContent = String(s.viewers + (s.agents || 0));
    });
    ws.addEventListener('close', () => setTimeout(watchSockets, 5_000));
  }

  async function tick() {
    if (!document.hidden) await Promise.all([pollMetrics(), pollField(), pollPipeline()]);
    setTimeout(tick, POLL_MS);
  }

  $('token').value = state.token;
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    state.token = $('token').value.trim();
    sessionStorage.setItem('metricsToken', state.token);
    pollMetrics();
  });
  watchSockets();
  tick();
})();
