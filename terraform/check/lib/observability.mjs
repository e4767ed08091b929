// The metrics Terraform watches (modules/gcp-monitoring) against the metrics the code records
// (docs/observability.md#alerts): a workload metric an alert policy or the dashboard names must be a metric
// name in functions/src/main/java, and the seed's four must be both in the code and on the dashboard.
import fs from 'node:fs';
import path from 'node:path';
import { parseFile } from './hcl.mjs';
import { stringLiterals } from './crosscheck.mjs';

/** The four metrics: gauges, the counter and the histogram the council's dashboard starts with. */
export const SEED_METRICS = [
  'sacred_field_coherence',
  'sacred_love_amplification',
  'sacred_messages_total',
  'sacred_service_latency',
];

/** Google's own metrics the alerts may name: they exist without our code (Pub/Sub, Cloud Run, uptime checks). */
export const PLATFORM_METRIC_PREFIXES = [
  'pubsub.googleapis.com/subscription/',
  'run.googleapis.com/',
  'monitoring.googleapis.com/uptime_check/',
];

const WORKLOAD = 'workload.googleapis.com/';

/**
 * Metric types named by each alert policy and by the dashboards of one module directory: literal types, and
 * `local.metric.X` references resolved through its `locals { metric = {...} }`.
 */
export async function monitoredMetrics(moduleDir) {
  const alerts = new Map();
  const dashboards = new Map();
  const locals = {};
  const parsed = [];
  for (const f of fs.readdirSync(moduleDir).filter((n) => n.endsWith('.tf'))) {
    const { json, error } = await parseFile(path.join(moduleDir, f));
    if (error) throw new Error(`${f}: ${error}`);
    parsed.push(json);
    for (const block of json.locals ?? []) Object.assign(locals, block);
  }
  const metricOf = locals.metric ?? {};
  const typesIn = (body) => {
    const text = JSON.stringify(body);
    const types = new Set();
    for (const m of text.matchAll(/local\.metric\.(\w+)/g))
      types.add(metricOf[m[1]] ?? `<undefined local.metric.${m[1]}>`);
    for (const m of text.matchAll(/metric\.type=\\"([a-z0-9./_]+)\\"/g)) types.add(m[1]);
    return [...types].sort();
  };
  // a policy resource with `for_each = local.X` is one policy per key of that map, named by the key
  const forEachMap = (blocks) => {
    const m = /^\$\{local\.(\w+)\}$/.exec(String([blocks].flat()[0]?.for_each ?? ''));
    return m ? locals[m[1]] : null;
  };
  for (const json of parsed) {
    for (const [name, blocks] of Object.entries(json.resource?.google_monitoring_alert_policy ?? {})) {
      const each = forEachMap(blocks);
      if (each && typeof each === 'object') {
        for (const [key, entry] of Object.entries(each)) alerts.set(key, typesIn(entry));
      } else {
        alerts.set(name, typesIn(blocks));
      }
    }
    for (const [name, blocks] of Object.entries(json.resource?.google_monitoring_dashboard ?? {}))
      dashboards.set(name, typesIn(blocks));
  }
  return { alerts, dashboards };
}

/** Metric names the Java code creates: string literals of the form sacred_<name> in functions/src/main/java. */
export function codeMetricNames(javaDir) {
  return new Set([...stringLiterals(javaDir, ['.java'])].filter((s) => /^sacred_[a-z0-9_]+$/.test(s)));
}

/**
 * Problems of the two directions, and whether the code records any metric at all (until the functions'
 * telemetry is merged it records none: those problems are then "waiting", not failures).
 */
export function metricProblems({ alerts, dashboards }, codeNames) {
  const problems = [];
  const check = (where, type) => {
    if (type.startsWith(WORKLOAD)) {
      const name = type.slice(WORKLOAD.length);
      if (!codeNames.has(name))
        problems.push(`${where} names ${type}, but functions/src/main/java records no metric "${name}"`);
    } else if (!PLATFORM_METRIC_PREFIXES.some((p) => type.startsWith(p))) {
      problems.push(`${where} names ${type}: neither a workload metric of the code nor a known Google metric`);
    }
  };
  for (const [name, types] of alerts) {
    if (types.length === 0) problems.push(`alert policy ${name} names no metric`);
    for (const t of types) check(`alert policy ${name}`, t);
  }
  const onDashboards = new Set();
  for (const [name, types] of dashboards)
    for (const t of types) {
      check(`dashboard ${name}`, t);
      onDashboards.add(t);
    }
  for (const seed of SEED_METRICS) {
    if (!codeNames.has(seed)) problems.push(`the seed's metric "${seed}" is not recorded in functions/src/main/java`);
    if (!onDashboards.has(WORKLOAD + seed)) problems.push(`the seed's metric ${WORKLOAD}${seed} is on no dashboard`);
  }
  return { problems, codeRecordsMetrics: codeNames.size > 0 };
}
