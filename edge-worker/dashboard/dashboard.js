// The council's dashboard: one static page, no build step, no CDN. Live updates by conditional polling of
// the edge: GET /v1/field with If-None-Match every FIELD_POLL_MS; the edge answers 304 from its isolate
// memory while nothing changed, so a poll costs a few hundred bytes and no origin round trip.
'use strict';

(() => {
  const FIELD_POLL_MS = 150;
  const MESSAGES_POLL_MS = 1500;
  const MESSAGE_LIMIT = 12;

  const $ = (id) => document.getElementById(id);
  const state = { etag: null, field: null, renders: [], lastOk: 0, messagesKey: '' };
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
  const agentsText = (n) => { const k = typeof n === 'number' ? n : 0; return `${k} agent${k === 1 ? '' : 's'}`; };
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'class') node.className = v; else if (k === 'text') node.textContent = v; else node.setAttribute(k, v);
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

    const love = field.sacred && typeof field.sacred.loveAmplification === 'number' ? field.sacred.loveAmplification : null;
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
      const healthy = here.filter((o) => o.healthy !== false).length;
      let health = 'unknown', label = 'no origin';
      if (here.length) {
        health = healthy === here.length ? 'ok' : 'down';
        label = healthy === here.length ? `healthy · ${here.map((o) => o.id).join(', ')}` : `${here.length - healthy} of ${here.length} down`;
      }
      const c = typeof r.coherence === 'number' ? r.coherence : null;
      const bar = el('span');
      bar.style.width = `${clamp01(c) * 100}%`;
      box.append(el('article', { class: 'card region', 'data-region': name, 'aria-label': `region ${name}` },
        el('header', {}, el('h3', { text: name }), el('span', { class: `health ${health}`, text: label })),
        el('span', { class: 'value', 'data-testid': 'region-coherence', text: fmt(c) }),
        el('div', { class: 'bar', 'aria-hidden': 'true' }, bar),
        el('span', { class: 'hint', text: `coherence · ${agentsText(r.agents)} present` })));
    }
  }

  async function pollField() {
    try {
      const headers = state.etag ? { 'If-None-Match': state.etag } : {};
      const res = await fetch('/v1/field', { headers, cache: 'no-store' });
      if (res.status === 304) {
        state.lastOk = Date.now();
        setStatus('live', 'live');
      } else if (res.ok) {
        const field = await res.json();
        state.lastOk = Date.now();
        setStatus('live', 'live');
        // version only grows: never replace a newer state by an older one
        if (!state.field || !(field.version < state.field.version)) {
          const changed = !state.field || field.version !== state.field.version;
          state.etag = res.headers.get('ETag');
          state.field = field;
          renderField(field);
          if (changed) {
            state.renders.push({ version: field.version, updatedAt: field.updatedAt, at: Date.now() });
            if (state.renders.length > 200) state.renders.shift();
            refreshMessages();
          }
        }
      } else if (res.status === 202 || res.status === 503) {
        const pause = res.headers.get('X-Sacred-Pause-Duration');
        setStatus('paused', `sacred pause${pause ? ` (${Math.round(Number(pause) / 100) / 10} s)` : ''}`);
        await res.arrayBuffer();
      } else {
        setStatus('down', `field unavailable (${res.status})`);
        await res.arrayBuffer();
      }
    } catch (e) {
      setStatus('down', 'offline — retrying');
    }
    setTimeout(pollField, FIELD_POLL_MS);
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
        ? el('span', { class: 'glyphs', 'aria-label': `glyphs ${symbols.join(' ')}`, text: symbols.slice(0, 3).join('') })
        : el('span', { class: 'glyphs pending', 'aria-label': 'glyphs pending', text: '…' });
      box.append(el('li', { class: 'message', 'data-message-id': m.id || '' },
        glyphs,
        el('span', { class: 'text', text: m.text || '' }),
        el('span', { class: 'meta' },
          el('span', { class: `chip ${m.type || ''}`, text: m.type || 'message' }),
          el('span', { text: m.agentId || '' }),
          el('span', { text: m.region || '' }),
          el('time', { text: timeText(m.sentAt || m.createdAt || m.time) }))));
    }
  }

  let messagesInFlight = false;
  async function refreshMessages() {
    if (messagesInFlight) return;
    messagesInFlight = true;
    try {
      const res = await fetch(`/v1/messages?limit=${MESSAGE_LIMIT}`, { cache: 'no-store' });
      if (res.ok) {
        const body = await res.json();
        renderMessages(Array.isArray(body) ? body : body.messages || body.items || []);
      } else {
        await res.arrayBuffer();
      }
    } catch { /* the status pill already says offline */ }
    messagesInFlight = false;
  }

  // ---------------------------------------------------------------- forms
  async function postJson(url, body, headers = {}) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID ? crypto.randomUUID() : String(Math.random()), ...headers },
      body: JSON.stringify(body),
    });
    let json = null;
    try { json = await res.json(); } catch { /* empty */ }
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
    const body = { id: $('agent-id').value.trim(), name: $('agent-name').value.trim(), region: $('agent-region').value };
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      const { res, json } = await postJson('/v1/agents', body);
      if (res.ok && json) {
        const agent = json.agent || json;
        const key = json.apiKey || (json.agent && json.agent.apiKey) || json.key || '';
        $('send-key').value = key;
        showResult(box, true, `Welcome, ${agent.name || body.name}. Your API key (shown once):`,
          el('code', { 'data-testid': 'api-key', text: key }));
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
      const { res, json } = await postJson('/v1/messages',
        { type: $('send-type').value, text: $('send-text').value },
        { Authorization: `Bearer ${$('send-key').value.trim()}` });
      if (res.ok) {
        const id = json && (json.messageId || json.id);
        showResult(box, true, `Sent${id ? ` (${id})` : ''}. The field will reflect it at the next coherence tick.`);
        $('send-text').value = '';
        refreshMessages();
      } else {
        showResult(box, false, errorText(res, json));
      }
    } catch (e) {
      showResult(box, false, `network error: ${e.message}`);
    }
    button.disabled = false;
  });

  pollField();
  refreshMessages();
  setInterval(refreshMessages, MESSAGES_POLL_MS);
})();
