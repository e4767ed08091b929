// The council's dashboard: one static page, no build step, no CDN. Live on the edge's socket
// (GET /v1/live, subprotocol sacred.v1, docs/live-field.md#socket): the hub sends the field, presence, messages
// and the sacred pause as they change. When sockets fail, the page falls back to conditional polling of
// GET /v1/field (If-None-Match, backoff, Retry-After), and polls nothing while it is hidden.
'use strict';

(() => {
  const MESSAGE_LIMIT = 12;
  const HISTORY_MINUTES = 60;
  // reconnect: jittered exponential backoff (full jitter over the upper half), never sooner than a pause ends
  const SOCKET_BASE_MS = 500;
  const SOCKET_MAX_MS = 30_000;
  // after this many attempts in a row that never opened, poll the field until a socket opens again
  const SOCKET_FAILURES_BEFORE_POLLING = 3;
  const POLL_OK_MS = 2_000;
  const POLL_MAX_MS = 60_000;
  // origins[].healthy of GET /v1/field is what the edge measures (docs/observability.md#origin-health); the hub's
  // frames carry the configured flag, so the page asks the edge for the truth this often while it is visible
  const HEALTH_POLL_MS = 5_000;

  const $ = (id) => document.getElementById(id);
  const state = {
    etag: null,
    field: null,
    renders: [],
    lastOk: 0,
    messagesKey: '',
    messages: [],
    transport: 'connecting',
    socket: null,
    socketFailures: 0,
    socketAttempt: 0,
    pauseUntil: 0,
    presence: null,
    history: [],
    pollTimer: null,
    pollDelay: POLL_OK_MS,
    frames: 0,
    originHealth: null,
    healthEtag: null,
  };
  // Read by the end-to-end browser test to measure "field change → on screen".
  window.__council = state;

  // ---------------------------------------------------------------- formatting
  const fmt = (n, digits = 3) => (typeof n === 'number' && isFinite(n) ? n.toFixed(digits) : '–');
  const clamp01 = (x) => Math.max(0, Math.min(1, Number(x) || 0));
  function timeText(iso) {
    if (!iso) return '–';
    const d = new Date(iso);
    return isNaN(d) ? String(iso) : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }
  const agentsText = (n) => {
    const k = typeof n === 'number' ? n : 0;
    return `${k} agent${k === 1 ? '' : 's'}`;
  };
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

  // ---------------------------------------------------------------- status
  function setStatus(kind, text) {
    $('live-dot').className = `dot ${kind}`;
    $('live-text').textContent = text;
  }

  // ---------------------------------------------------------------- field
  function renderField(field) {
    const g = field.global || {};
    const c = clamp01(g.coherence);
    $('global-coherence').textContent = fmt(g.coherence);
    const gauge = $('gauge');
    gauge.setAttribute('aria-valuenow', String(c));
    gauge.setAttribute('aria-valuetext', `coherence ${fmt(g.coherence)}`);
    $('gauge-arc').setAttribute('stroke-dasharray', `${(c * 100).toFixed(2)} 100`);
    $('gauge-needle').style.transform = `rotate(${(c * 180 - 90).toFixed(2)}deg)`;

    const love =
      field.sacred && typeof field.sacred.loveAmplification === 'number' ? field.sacred.loveAmplification : null;
    $('love').textContent = love == null ? '–' : `×${love.toFixed(3)}`;
    $('love-bar').style.width = `${love == null ? 0 : Math.max(0, Math.min(1, (love - 1) / 0.5)) * 100}%`;
    $('agents').textContent = typeof g.agents === 'number' ? String(g.agents) : '–';
    $('field-version').textContent = String(field.version ?? '–');
    $('field-updated').textContent = timeText(field.updatedAt);
    if (field.updatedAt) $('field-updated').setAttribute('datetime', field.updatedAt);
    renderRegions(field);
  }

  function renderRegions(field) {
    const regions = field.regions || {};
    const origins = Array.isArray(field.origins) ? field.origins : [];
    const names = new Set([...Object.keys(regions), ...origins.map((o) => o.region).filter(Boolean)]);
    const box = $('regions');
    box.replaceChildren();
    if (names.size === 0) {
      box.append(el('p', { class: 'empty', text: 'No region has spoken yet.' }));
      return;
    }
    for (const name of [...names].sort()) {
      const r = regions[name] || {};
      const here = origins.filter((o) => o.region === name);
      const isHealthy = (o) =>
        state.originHealth && o.id in state.originHealth ? state.originHealth[o.id] : o.healthy;
      const healthy = here.filter((o) => isHealthy(o) !== false).length;
      let health = 'unknown',
        label = 'no origin';
      if (here.length) {
        health = healthy === here.length ? 'ok' : 'down';
        label =
          healthy === here.length
            ? `healthy · ${here.map((o) => o.id).join(', ')}`
            : `${here.length - healthy} of ${here.length} down`;
      }
      const c = typeof r.coherence === 'number' ? r.coherence : null;
      const bar = el('span');
      bar.style.width = `${clamp01(c) * 100}%`;
      box.append(
        el(
          'article',
          { class: 'card region', 'data-region': name, 'aria-label': `region ${name}` },
          el('header', {}, el('h3', { text: name }), el('span', { class: `health ${health}`, text: label })),
          el('span', { class: 'value', 'data-testid': 'region-coherence', text: fmt(c) }),
          el('div', { class: 'bar', 'aria-hidden': 'true' }, bar),
          el('span', { class: 'hint', text: `coherence · ${agentsText(r.agents)} present` }),
        ),
      );
    }
  }

  /** Every reader keeps the larger version it has seen (docs/live-field.md#versions). */
  function applyField(field, source) {
    if (!field || typeof field.version !== 'number') return false;
    if (state.field && field.version < state.field.version) return false;
    const changed = !state.field || field.version !== state.field.version;
    state.field = field;
    renderField(field);
    if (changed) {
      state.renders.push({ version: field.version, updatedAt: field.updatedAt, at: Date.now(), source });
      if (state.renders.length > 200) state.renders.shift();
      extendHistory(field);
    }
    return changed;
  }

  function pauseRemaining() {
    return Math.max(0, state.pauseUntil - Date.now());
  }

  function applyPause(pause) {
    if (!pause) return;
    if (pause.kind && pause.kind !== 'none' && pause.durationMs > 0) {
      state.pauseUntil = Date.now() + pause.durationMs;
      setStatus('paused', `sacred pause (${Math.round(pause.durationMs / 100) / 10} s)`);
    } else {
      state.pauseUntil = 0;
      if (state.transport === 'socket') setStatus('live', 'live');
    }
  }

  function renderPresence(presence) {
    if (!presence) return;
    state.presence = presence;
    if (typeof presence.agents === 'number') $('agents').textContent = String(presence.agents);
    const s = presence.sockets;
    if (s && typeof s.viewers === 'number') {
      $('watching').textContent =
        `${s.viewers + (s.agents || 0)} connected now · a sign of life within the last 5 minutes`;
    }
  }

  // ---------------------------------------------------------------- the socket (sacred.v1)
  function connect() {
    if (state.socket || typeof WebSocket !== 'function') {
      if (!state.socket) startPolling();
      return;
    }
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/v1/live`;
    let opened = false;
    let ws;
    try {
      ws = new WebSocket(url, 'sacred.v1');
    } catch {
      socketClosed(false);
      return;
    }
    state.socket = ws;
    ws.addEventListener('open', () => {
      opened = true;
      state.socketFailures = 0;
      state.socketAttempt = 0;
      state.transport = 'socket';
      stopPolling();
      if (!pauseRemaining()) setStatus('live', 'live');
    });
    ws.addEventListener('message', (event) => {
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      state.frames++;
      state.lastOk = Date.now();
      onFrame(frame);
    });
    ws.addEventListener('close', () => {
      if (state.socket === ws) state.socket = null;
      socketClosed(opened);
    });
    ws.addEventListener('error', () => {
      /* a close follows */
    });
  }

  function onFrame(frame) {
    switch (frame.type) {
      case 'sacred-welcome':
        applyField(frame.field, 'welcome');
        if (frame.blessing) $('blessing').textContent = frame.blessing;
        if (Array.isArray(frame.messages)) {
          state.messages = frame.messages.slice();
          renderMessages(newestFirst(state.messages));
        }
        renderPresence(frame.presence);
        applyPause(frame.pause);
        break;
      case 'field-update':
        applyField(frame.field, 'socket');
        if (frame.blessing) $('blessing').textContent = frame.blessing;
        break;
      case 'presence':
        renderPresence(frame.presence);
        break;
      case 'message':
        upsertMessage(frame.message);
        break;
      case 'pause':
        applyPause(frame.pause);
        break;
      default:
        break; // error, ack, pong: nothing to show for a read-only viewer
    }
  }

  function socketClosed(opened) {
    state.transport = 'reconnecting';
    if (!opened) state.socketFailures++;
    const attempt = state.socketAttempt++;
    const ceiling = Math.min(SOCKET_MAX_MS, SOCKET_BASE_MS * 2 ** attempt);
    const delay = Math.max(pauseRemaining(), ceiling / 2 + (Math.random() * ceiling) / 2);
    if (state.socketFailures >= SOCKET_FAILURES_BEFORE_POLLING) {
      startPolling();
    } else if (!pauseRemaining()) {
      setStatus('down', 'reconnecting…');
    }
    setTimeout(connect, delay);
  }

  // ---------------------------------------------------------------- fallback: conditional polling
  function startPolling() {
    if (state.pollTimer !== null || state.transport === 'socket') return;
    state.transport = 'polling';
    state.pollDelay = POLL_OK_MS;
    schedulePoll(0);
  }

  function stopPolling() {
    if (state.pollTimer !== null) clearTimeout(state.pollTimer);
    state.pollTimer = null;
  }

  function schedulePoll(ms) {
    stopPolling();
    if (document.hidden || state.transport === 'socket') return; // visibilitychange resumes it
    state.pollTimer = setTimeout(pollField, ms);
  }

  function retryAfterMs(res) {
    const value = res.headers.get('Retry-After');
    if (!value) return 0;
    const seconds = Number(value);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const at = Date.parse(value);
    return Number.isFinite(at) ? Math.max(0, at - Date.now()) : 0;
  }

  const backoff = () => {
    state.pollDelay = Math.min(POLL_MAX_MS, state.pollDelay * 2);
    return state.pollDelay;
  };

  async function pollField() {
    state.pollTimer = null;
    let next = POLL_OK_MS;
    try {
      const headers = state.etag ? { 'If-None-Match': state.etag } : {};
      const res = await fetch('/v1/field', { headers, cache: 'no-store' });
      if (res.status === 304) {
        state.lastOk = Date.now();
        state.pollDelay = POLL_OK_MS;
        setStatus('live', 'live (polling)');
      } else if (res.ok) {
        const field = await res.json();
        rememberHealth(field);
        state.lastOk = Date.now();
        state.pollDelay = POLL_OK_MS;
        setStatus('live', 'live (polling)');
        if (applyField(field, 'poll')) {
          state.etag = res.headers.get('ETag');
          refreshMessages();
        }
      } else if (res.status === 202 || res.status === 503 || res.status === 429) {
        const pause = Number(res.headers.get('X-Sacred-Pause-Duration'));
        if (pause > 0) setStatus('paused', `sacred pause (${Math.round(pause / 100) / 10} s)`);
        else setStatus('down', `field unavailable (${res.status})`);
        next = Math.max(retryAfterMs(res), pause > 0 ? pause : 0, backoff());
        await res.arrayBuffer();
      } else {
        setStatus('down', `field unavailable (${res.status})`);
        next = Math.max(retryAfterMs(res), backoff());
        await res.arrayBuffer();
      }
    } catch (e) {
      setStatus('down', 'offline — retrying');
      next = backoff();
    }
    if (state.transport === 'polling') schedulePoll(next);
  }

  function rememberHealth(field) {
    if (!Array.isArray(field?.origins)) return;
    state.originHealth = Object.fromEntries(field.origins.map((o) => [o.id, o.healthy !== false]));
  }

  /** The edge's measured origin health, for the region cards (the socket's frames do not carry it). */
  async function pollHealth() {
    if (!document.hidden) {
      try {
        const headers = state.healthEtag ? { 'If-None-Match': state.healthEtag } : {};
        const res = await fetch('/v1/field', { headers, cache: 'no-store' });
        if (res.ok) {
          rememberHealth(await res.json());
          state.healthEtag = res.headers.get('ETag');
          if (state.field) renderRegions(state.field);
        } else {
          await res.arrayBuffer();
        }
      } catch {
        // the next round tries again; the cards keep what they showed
      }
    }
    setTimeout(pollHealth, HEALTH_POLL_MS);
  }

  document.addEventListener('visibilitychange', () => {
    if (document.hidden) stopPolling();
    else if (state.transport === 'polling') schedulePoll(0);
  });

  // ---------------------------------------------------------------- chart: the last hour, from the window
  const CHART = { w: 720, h: 220, left: 34, right: 34, top: 12, bottom: 24 };
  const REGION_COLOURS = ['#7fffd4', '#ffd27a', '#ff9ecf', '#8ecbff', '#b3ff7a', '#ffb37a'];

  function pointOf(field) {
    const regions = {};
    for (const [name, r] of Object.entries(field.regions || {}))
      regions[name] = { coherence: r.coherence, agents: r.agents };
    return {
      at: Date.parse(field.updatedAt) || Date.now(),
      version: field.version,
      coherence: field.global ? field.global.coherence : null,
      agentsPresent: field.global ? field.global.agents : 0,
      regions,
    };
  }

  function extendHistory(field) {
    const p = pointOf(field);
    const last = state.history[state.history.length - 1];
    if (last && (p.version <= last.version || p.at < last.at)) return;
    state.history.push(p);
    trimHistory();
    renderChart();
  }

  function trimHistory() {
    const since = Date.now() - HISTORY_MINUTES * 60_000;
    while (state.history.length > 1 && state.history[0].at < since) state.history.shift();
    if (state.history.length > 2000) state.history.splice(0, state.history.length - 2000);
  }

  async function loadHistory() {
    try {
      const res = await fetch(`/v1/field/history?minutes=${HISTORY_MINUTES}`);
      if (!res.ok) {
        await res.arrayBuffer();
        return;
      }
      const body = await res.json();
      const points = (body.points || [])
        .map((p) => ({ ...p, at: Date.parse(p.at) }))
        .filter((p) => Number.isFinite(p.at));
      // keep the live points newer than the history's last one
      const lastVersion = points.length ? points[points.length - 1].version : -1;
      state.history = points.concat(state.history.filter((p) => p.version > lastVersion));
      trimHistory();
      renderChart();
    } catch {
      /* the chart waits for the socket's updates */
    }
  }

  function svg(tag, attrs = {}) {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    return node;
  }

  function renderChart() {
    const box = $('chart');
    if (!box) return;
    const { w, h, left, right, top, bottom } = CHART;
    const now = Date.now();
    const from = now - HISTORY_MINUTES * 60_000;
    const x = (t) => left + ((t - from) / (now - from)) * (w - left - right);
    const y = (c) => top + (1 - clamp01(c)) * (h - top - bottom);
    const pts = state.history.filter((p) => p.at >= from);
    const maxAgents = Math.max(1, ...pts.map((p) => p.agentsPresent || 0));
    const ya = (n) => top + (1 - n / maxAgents) * (h - top - bottom);
    const root = svg('svg', {
      viewBox: `0 0 ${w} ${h}`,
      class: 'chart',
      role: 'img',
      'aria-label': `coherence and presence over the last ${HISTORY_MINUTES} minutes`,
    });
    for (const c of [0, 0.5, 1]) {
      root.append(svg('line', { x1: left, x2: w - right, y1: y(c), y2: y(c), class: 'grid' }));
      const label = svg('text', { x: left - 6, y: y(c) + 4, class: 'axis', 'text-anchor': 'end' });
      label.textContent = c.toFixed(1);
      root.append(label);
    }
    const agentsLabel = svg('text', { x: w - right + 6, y: ya(maxAgents) + 4, class: 'axis agents' });
    agentsLabel.textContent = String(maxAgents);
    root.append(agentsLabel);
    for (const [i, t] of [
      [0, from],
      [1, from + (now - from) / 2],
      [2, now],
    ]) {
      const label = svg('text', {
        x: x(t),
        y: h - 6,
        class: 'axis',
        'text-anchor': i === 0 ? 'start' : i === 1 ? 'middle' : 'end',
      });
      label.textContent = i === 2 ? 'now' : `−${Math.round((now - t) / 60_000)} min`;
      root.append(label);
    }
    const legend = $('chart-legend');
    legend.replaceChildren();
    if (pts.length) {
      // presence: a stepped area on its own scale (right axis)
      let d = `M ${x(pts[0].at)} ${ya(0)}`;
      for (let i = 0; i < pts.length; i++) {
        d += ` L ${x(pts[i].at)} ${ya(pts[i].agentsPresent || 0)}`;
        const nextAt = i + 1 < pts.length ? pts[i + 1].at : now;
        d += ` L ${x(nextAt)} ${ya(pts[i].agentsPresent || 0)}`;
      }
      d += ` L ${x(now)} ${ya(0)} Z`;
      root.append(svg('path', { d, class: 'presence' }));
      const line = (values, cls, colour) => {
        const seq = pts.map((p) => [p.at, values(p)]).filter(([, v]) => typeof v === 'number');
        if (!seq.length) return;
        const path =
          seq.map(([t, v], i) => `${i ? 'L' : 'M'} ${x(t).toFixed(1)} ${y(v).toFixed(1)}`).join(' ') +
          ` L ${x(now).toFixed(1)} ${y(seq[seq.length - 1][1]).toFixed(1)}`;
        root.append(svg('path', { d: path, class: cls, ...(colour ? { stroke: colour } : {}) }));
      };
      const regions = [...new Set(pts.flatMap((p) => Object.keys(p.regions || {})))].sort();
      regions.forEach((name, i) =>
        line(
          (p) => (p.regions && p.regions[name] ? p.regions[name].coherence : undefined),
          'region-line',
          REGION_COLOURS[i % REGION_COLOURS.length],
        ),
      );
      line((p) => p.coherence, 'global-line');
      legend.append(el('span', { class: 'key global', text: 'global' }));
      regions.forEach((name, i) => {
        const key = el('span', { class: 'key', text: name });
        key.style.setProperty('--key', REGION_COLOURS[i % REGION_COLOURS.length]);
        legend.append(key);
      });
      legend.append(el('span', { class: 'key presence', text: 'agents present' }));
    }
    box.replaceChildren(root);
    box.dataset.points = String(pts.length);
  }

  // ---------------------------------------------------------------- messages
  function glyphSymbols(m) {
    const list = m.glyphs || m.recommendedGlyphs || (m.wisdom && m.wisdom.glyphs) || [];
    return list.map((g) => (typeof g === 'string' ? g : g.symbol || (g.glyph && g.glyph.symbol) || '')).filter(Boolean);
  }

  function renderMessages(list) {
    const box = $('messages');
    const key = JSON.stringify(list.map((m) => [m.id, glyphSymbols(m).join('')]));
    if (key === state.messagesKey) return;
    state.messagesKey = key;
    box.replaceChildren();
    if (!list.length) {
      box.append(el('li', { class: 'empty', text: 'Silence. Send the first message.' }));
      return;
    }
    for (const m of list) {
      const symbols = glyphSymbols(m);
      const glyphs = symbols.length
        ? el('span', {
            class: 'glyphs',
            'aria-label': `glyphs ${symbols.join(' ')}`,
            text: symbols.slice(0, 3).join(''),
          })
        : el('span', { class: 'glyphs pending', 'aria-label': 'glyphs pending', text: '…' });
      box.append(
        el(
          'li',
          { class: 'message', 'data-message-id': m.id || '' },
          glyphs,
          el('span', { class: 'text', text: m.text || '' }),
          el(
            'span',
            { class: 'meta' },
            el('span', { class: `chip ${m.type || ''}`, text: m.type || 'message' }),
            el('span', { text: m.agentId || '' }),
            el('span', { text: m.region || '' }),
            el('time', { text: timeText(m.sentAt || m.createdAt || m.time) }),
          ),
        ),
      );
    }
  }

  const newestFirst = (list) =>
    list
      .slice()
      .sort((a, b) => String(b.sentAt || '').localeCompare(String(a.sentAt || '')))
      .slice(0, MESSAGE_LIMIT);

  function upsertMessage(m) {
    if (!m || !m.id) return;
    const i = state.messages.findIndex((x) => x.id === m.id);
    if (i >= 0) state.messages[i] = { ...state.messages[i], ...m };
    else state.messages.push(m);
    state.messages = newestFirst(state.messages);
    renderMessages(state.messages);
  }

  let messagesInFlight = false;
  async function refreshMessages() {
    if (messagesInFlight) return;
    messagesInFlight = true;
    try {
      const res = await fetch(`/v1/messages?limit=${MESSAGE_LIMIT}`, { cache: 'no-store' });
      if (res.ok) {
        const body = await res.json();
        state.messages = Array.isArray(body) ? body : body.messages || body.items || [];
        renderMessages(state.messages);
      } else {
        await res.arrayBuffer();
      }
    } catch {
      /* the status pill already says offline */
    }
    messagesInFlight = false;
  }

  // ---------------------------------------------------------------- forms
  async function postJson(url, body, headers = {}) {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'Idempotency-Key': crypto.randomUUID ? crypto.randomUUID() : String(Math.random()),
        ...headers,
      },
      body: JSON.stringify(body),
    });
    let json = null;
    try {
      json = await res.json();
    } catch {
      /* empty */
    }
    return { res, json };
  }

  function errorText(res, json) {
    if (res.status === 202 || res.status === 503) {
      return `sacred pause: try again in ${res.headers.get('Retry-After') || 'a few'} s`;
    }
    const e = json && json.error;
    return e ? `${e.code || res.status}: ${e.message || ''}` : `failed (${res.status})`;
  }

  function showResult(box, ok, ...content) {
    box.className = `result ${ok ? 'ok' : 'err'}`;
    box.replaceChildren(...content);
  }

  $('register').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const box = $('register-result');
    const body = {
      id: $('agent-id').value.trim(),
      name: $('agent-name').value.trim(),
      region: $('agent-region').value,
    };
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      const { res, json } = await postJson('/v1/agents', body);
      if (res.ok && json) {
        const agent = json.agent || json;
        const key = json.apiKey || (json.agent && json.agent.apiKey) || json.key || '';
        $('send-key').value = key;
        showResult(
          box,
          true,
          `Welcome, ${agent.name || body.name}. Your API key (shown once):`,
          el('code', { 'data-testid': 'api-key', text: key }),
        );
      } else {
        showResult(box, false, errorText(res, json));
      }
    } catch (e) {
      showResult(box, false, `network error: ${e.message}`);
    }
    button.disabled = false;
  });

  $('send').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const box = $('send-result');
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      const { res, json } = await postJson(
        '/v1/messages',
        { type: $('send-type').value, text: $('send-text').value },
        { Authorization: `Bearer ${$('send-key').value.trim()}` },
      );
      if (res.ok) {
        const id = json && (json.messageId || json.id);
        showResult(box, true, `Sent${id ? ` (${id})` : ''}. The field moves as soon as the council records it.`);
        $('send-text').value = '';
        if (state.transport !== 'socket') refreshMessages();
      } else {
        showResult(box, false, errorText(res, json));
      }
    } catch (e) {
      showResult(box, false, `network error: ${e.message}`);
    }
    button.disabled = false;
  });

  connect();
  setTimeout(pollHealth, HEALTH_POLL_MS);
  refreshMessages();
  loadHistory();
  // the history's own points (one per tick) replace the live ones now and then; the axis moves with time
  setInterval(() => {
    if (!document.hidden) loadHistory();
  }, 5 * 60_000);
  setInterval(() => {
    if (!document.hidden) {
      trimHistory();
      renderChart();
    }
  }, 15_000);
})();
