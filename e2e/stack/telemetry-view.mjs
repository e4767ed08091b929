// The local stack's window on the functions' telemetry (docs/observability.md#local-view). Each function,
// started with TELEMETRY_EXPORTER=prometheus, serves its own Prometheus text (GET /metrics) and its recent spans
// (GET /traces) on 127.0.0.1; one request's trace is spread over heart, memory, wisdom and coherence, so this
// joins them:
//   GET /               the recent traces as a page: spans by trace id, as trees, with start offsets and durations
//   GET /traces.json    the same as JSON (?traceId= one trace)
//   GET /pipeline.json  the pipeline's counters per function (recorded, duplicates, dead-lettered, redriven,
//                       event age), which the edge's /ops.html shows; CORS for the edge's origin only
import http from 'node:http';

const PIPELINE_COUNTERS = {
  recorded: 'sacred_events_recorded_total',
  duplicates: 'sacred_events_duplicate_total',
  deadLettered: 'sacred_events_dead_lettered_total',
  redriven: 'sacred_events_redriven_total',
};

async function getText(url, timeoutMs = 2000) {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return res.text();
}

/** Sums of the Prometheus text's samples by metric name and `function` label: {name: {function: value}}. */
export function samplesByFunction(text) {
  const out = {};
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const fn = /(?:^|,)function="([^"]*)"/.exec(m[3] ?? '')?.[1] ?? '';
    const value = Number(m[4]);
    if (!Number.isFinite(value)) continue;
    out[m[1]] ??= {};
    out[m[1]][fn] = (out[m[1]][fn] ?? 0) + value;
  }
  return out;
}

/** Spans joined by trace id, newest trace first: [{traceId, startEpochMs, durationMs, spans: [...]}]. */
export function joinTraces(spanLists, limit = 50) {
  const byTrace = new Map();
  for (const span of spanLists.flat()) {
    if (!byTrace.has(span.traceId)) byTrace.set(span.traceId, []);
    byTrace.get(span.traceId).push(span);
  }
  const traces = [...byTrace.entries()].map(([traceId, spans]) => {
    spans.sort((a, b) => a.startEpochMs - b.startEpochMs);
    const start = spans[0].startEpochMs;
    const end = Math.max(...spans.map((s) => s.startEpochMs + s.durationMs));
    return { traceId, startEpochMs: start, durationMs: end - start, spans };
  });
  traces.sort((a, b) => b.startEpochMs - a.startEpochMs);
  return traces.slice(0, limit);
}

const escapeHtml = (s) =>
  String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

function tracePage(traces) {
  const rows = traces.map((t) => {
    const ids = new Set(t.spans.map((s) => s.spanId));
    const lines = [];
    const walk = (span, depth) => {
      lines.push(
        `<tr><td style="padding-left:${depth * 1.2}em">${escapeHtml(span.service)}</td><td>${escapeHtml(span.name)}</td>` +
          `<td class="n">+${(span.startEpochMs - t.startEpochMs).toFixed(1)} ms</td><td class="n">${span.durationMs.toFixed(1)} ms</td>` +
          `<td>${span.status === 'ERROR' ? 'ERROR' : ''}${(span.links ?? []).length ? ` links ${span.links.length}` : ''}</td></tr>`,
      );
      for (const child of t.spans) if (child.parentSpanId === span.spanId) walk(child, depth + 1);
    };
    for (const s of t.spans) if (!s.parentSpanId || !ids.has(s.parentSpanId)) walk(s, 0);
    return (
      `<h2><code>${escapeHtml(t.traceId)}</code> · ${t.spans.length} spans · ${t.durationMs.toFixed(1)} ms · ` +
      `${new Date(t.startEpochMs).toISOString()}</h2><table>${lines.join('')}</table>`
    );
  });
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sacred Council — traces</title>' +
    '<style>body{font:14px system-ui,sans-serif;margin:1.5em}h2{font-size:14px;margin:1.4em 0 .3em}' +
    'table{border-collapse:collapse}td{padding:.1em .8em .1em 0}.n{text-align:right;font-variant-numeric:tabular-nums}</style>' +
    '</head><body><h1>Recent traces</h1><p>Spans of heart, memory, wisdom and coherence joined by trace id, newest ' +
    'first (docs/observability.md#traces). Reload to refresh.</p>' +
    (rows.join('') || '<p>No spans yet: send a message.</p>') +
    '</body></html>'
  );
}

/**
 * Starts the view on 127.0.0.1:`port`. `endpoints`: {function name: telemetry base URL}; `allowOrigin`: the
 * edge's origin, the only one whose pages may read /pipeline.json.
 */
export async function startTelemetryView({ port, endpoints, allowOrigin }) {
  const spanLists = async (traceId) =>
    Promise.all(
      Object.values(endpoints).map(async (base) => {
        try {
          const body = JSON.parse(
            await getText(`${base}/traces${traceId ? `?traceId=${encodeURIComponent(traceId)}` : ''}`),
          );
          return body.spans ?? [];
        } catch {
          return []; // a function down (the chaos suite kills them) shows as missing spans, not as an error
        }
      }),
    );
  const pipeline = async () => {
    const functions = {};
    await Promise.all(
      Object.entries(endpoints).map(async ([name, base]) => {
        try {
          const samples = samplesByFunction(await getText(`${base}/metrics`));
          const row = { up: true };
          for (const [key, metric] of Object.entries(PIPELINE_COUNTERS)) {
            row[key] = Object.values(samples[metric] ?? {}).reduce((a, b) => a + b, 0);
          }
          const ageCount = Object.values(samples.sacred_event_age_count ?? {}).reduce((a, b) => a + b, 0);
          const ageSum = Object.values(samples.sacred_event_age_sum ?? {}).reduce((a, b) => a + b, 0);
          row.eventAgeMeanSeconds = ageCount ? ageSum / ageCount : null;
          functions[name] = row;
        } catch {
          functions[name] = { up: false };
        }
      }),
    );
    return { at: new Date().toISOString(), functions };
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const send = (status, type, body, headers = {}) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
      res.end(body);
    };
    try {
      if (req.method !== 'GET') {
        send(405, 'application/json', JSON.stringify({ error: { code: 'method_not_allowed', message: 'GET only' } }));
      } else if (url.pathname === '/') {
        send(200, 'text/html; charset=utf-8', tracePage(joinTraces(await spanLists())));
      } else if (url.pathname === '/traces.json') {
        const traceId = url.searchParams.get('traceId');
        send(200, 'application/json', JSON.stringify({ traces: joinTraces(await spanLists(traceId)) }));
      } else if (url.pathname === '/pipeline.json') {
        send(200, 'application/json', JSON.stringify(await pipeline()), {
          'access-control-allow-origin': allowOrigin,
          vary: 'Origin',
        });
      } else {
        send(404, 'application/json', JSON.stringify({ error: { code: 'not_found', message: url.pathname } }));
      }
    } catch (e) {
      send(502, 'application/json', JSON.stringify({ error: { code: 'telemetry_unavailable', message: String(e) } }));
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
