// Alerts and dashboard against the code (docs/observability.md#alerts): every workload metric an alert policy or
// the dashboard names is a metric the functions record, and the seed's four metrics are recorded and shown; the
// edge's metrics binding and Cron Trigger are the same in wrangler.toml and Terraform.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { TF_DIR, REPO_DIR } from './lib/workspace.mjs';
import { codeMetricNames, metricProblems, monitoredMetrics, SEED_METRICS } from './lib/observability.mjs';
import { readWrangler, stringLiterals } from './lib/crosscheck.mjs';
import { parseFile } from './lib/hcl.mjs';

const MODULE = path.join(TF_DIR, 'modules/gcp-monitoring');
const JAVA = path.join(REPO_DIR, 'functions/src/main/java');
const monitored = await monitoredMetrics(MODULE);
const codeNames = codeMetricNames(JAVA);
const { problems, codeRecordsMetrics } = metricProblems(monitored, codeNames);
const codeSide = (p) => p.includes('functions/src/main/java');

test('the five alert policies exist, each naming a metric', () => {
  assert.deepEqual([...monitored.alerts.keys()].sort(), [
    'dead_letters',
    'error_rate',
    'low_coherence',
    'oldest_unacked',
    'origin_down',
  ]);
  assert.deepEqual(monitored.alerts.get('low_coherence'), ['workload.googleapis.com/sacred_field_coherence']);
  assert.deepEqual(monitored.alerts.get('dead_letters'), [
    'pubsub.googleapis.com/subscription/num_undelivered_messages',
  ]);
  assert.deepEqual(monitored.alerts.get('oldest_unacked'), [
    'pubsub.googleapis.com/subscription/oldest_unacked_message_age',
  ]);
  assert.deepEqual(monitored.alerts.get('origin_down'), ['monitoring.googleapis.com/uptime_check/check_passed']);
  assert.deepEqual(monitored.alerts.get('error_rate'), ['run.googleapis.com/request_count']);
});

test('the dashboard shows the seed four, and Terraform names no metric the code does not know', () => {
  assert.deepEqual(
    problems.filter((p) => !codeSide(p)),
    [],
  );
  for (const seed of SEED_METRICS)
    assert.ok(monitored.dashboards.get('council').includes(`workload.googleapis.com/${seed}`), seed);
});

// The functions record their metrics once the telemetry branch (OpenTelemetry in functions/) is merged; until
// the Java sources name any sacred_* metric, the code side is a todo that lists exactly what it waits for.
test(
  'every workload metric Terraform names is recorded by the functions, and so are the seed four',
  {
    todo: codeRecordsMetrics ? false : `waiting for the functions' metrics: ${problems.filter(codeSide).length} names`,
  },
  () => {
    assert.deepEqual(problems.filter(codeSide), []);
  },
);

test('the cross-check fails on a misspelt metric, an unknown Google metric and a seed metric missing from the code', () => {
  const broken = metricProblems(
    {
      alerts: new Map([
        ['a', ['workload.googleapis.com/sacred_field_coherense']],
        ['b', ['compute.googleapis.com/instance/cpu']],
        ['c', []],
      ]),
      dashboards: new Map([['d', SEED_METRICS.map((m) => `workload.googleapis.com/${m}`)]]),
    },
    new Set(['sacred_field_coherence', 'sacred_love_amplification', 'sacred_messages_total']),
  ).problems;
  assert.deepEqual(broken, [
    'alert policy a names workload.googleapis.com/sacred_field_coherense, but functions/src/main/java records no metric "sacred_field_coherense"',
    'alert policy b names compute.googleapis.com/instance/cpu: neither a workload metric of the code nor a known Google metric',
    'alert policy c names no metric',
    'dashboard d names workload.googleapis.com/sacred_service_latency, but functions/src/main/java records no metric "sacred_service_latency"',
    'the seed\'s metric "sacred_service_latency" is not recorded in functions/src/main/java',
  ]);
  const clean = metricProblems(
    {
      alerts: new Map([['a', ['workload.googleapis.com/sacred_field_coherence']]]),
      dashboards: new Map([['d', SEED_METRICS.map((m) => `workload.googleapis.com/${m}`)]]),
    },
    new Set(SEED_METRICS),
  );
  assert.deepEqual(clean.problems, []);
});

test('wrangler.toml and Terraform agree on the edge metrics dataset and the Cron Trigger; the Worker names the binding', async () => {
  const { toml } = readWrangler(REPO_DIR);
  const datasets = toml.analytics_engine_datasets ?? [];
  assert.deepEqual(
    datasets.map((d) => [d.binding, d.dataset]),
    [['EDGE_METRICS', 'sacred_edge']],
  );
  const edgeDir = path.join(TF_DIR, 'modules/cloudflare-edge');
  const vars = (await parseFile(path.join(edgeDir, 'variables.tf'))).json.variable;
  assert.equal(vars.metrics_dataset[0].default, datasets[0].dataset);
  assert.deepEqual(vars.cron_schedules[0].default, toml.triggers?.crons);
  const main = fs.readFileSync(path.join(edgeDir, 'main.tf'), 'utf8');
  assert.match(main, /name\s*=\s*"EDGE_METRICS"\s*\n\s*type\s*=\s*"analytics_engine"/);
  assert.match(main, /resource "cloudflare_workers_cron_trigger"/);
  assert.ok(stringLiterals(path.join(REPO_DIR, 'edge-worker/src/main/java')).has('EDGE_METRICS'));
  assert.match(fs.readFileSync(path.join(REPO_DIR, 'edge-worker/src/main/js/worker.mjs'), 'utf8'), /scheduled:/);
});
