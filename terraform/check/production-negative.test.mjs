// Issue 18's classes, each broken once in a copy of the tree (inside the fixture repository): the
// production rules of check/lib/production.mjs must name it. The baseline copy is clean.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { deliveryPolicyProblems, retryWindowSeconds } from './lib/production.mjs';
import { problemsAfter } from './lib/crosscheck-after.mjs';
import { ratelimitSettings, putRatelimits, putSecret } from '../scripts/worker-bindings.mjs';
import { subscriptionDrift } from '../scripts/delivery-policy.mjs';

const PLATFORM = 'terraform/modules/gcp-platform/main.tf';
const FUNCTIONS = 'terraform/modules/gcp-functions/main.tf';
const FN_VARS = 'terraform/modules/gcp-functions/variables.tf';
const EDGE = 'terraform/modules/cloudflare-edge/main.tf';
const MULTI = 'terraform/examples/multi-region';

test('baseline: the tree is clean against the fixture repository', async () => {
  assert.equal(await problemsAfter(() => {}), '');
});

test('the Firebase Rules release must name the ruleset by its full path', async () => {
  const out = await problemsAfter((ws) =>
    ws.edit(
      PLATFORM,
      'ruleset_name = "projects/${var.project_id}/rulesets/${google_firebaserules_ruleset.firestore.name}"',
      'ruleset_name = google_firebaserules_ruleset.firestore.name',
    ),
  );
  assert.match(
    out,
    /google_firebaserules_release\.firestore: ruleset_name must be the full path projects\/<project>\/rulesets\/<ruleset id>/,
  );
});

test('a root google provider without a quota project fails', async () => {
  const out = await problemsAfter((ws) =>
    ws.edit('terraform/examples/single-region/versions.tf', '  user_project_override = true\n', ''),
  );
  assert.match(out, /single-region: provider "google" needs user_project_override = true and billing_project/);
});

test('a route without a proxied DNS record fails (record removed, or not proxied)', async () => {
  const removed = await problemsAfter((ws) => {
    const src = fs.readFileSync(ws.file(EDGE), 'utf8');
    ws.write(
      EDGE,
      src
        .replace(/resource "cloudflare_dns_record" "route" \{[\s\S]*?\n\}\n/, '')
        .replace('depends_on = [cloudflare_dns_record.route, ', 'depends_on = ['),
    );
  });
  assert.match(removed, /cloudflare_workers_route\.edge: no proxied cloudflare_dns_record for the route's hostname/);
  const unproxied = await problemsAfter((ws) => ws.edit(EDGE, '  proxied = true\n', '  proxied = false\n'));
  assert.match(unproxied, /cloudflare_workers_route\.edge: no proxied cloudflare_dns_record/);
});

test('service accounts and the service-agent grant must wait for the APIs', async () => {
  const out = await problemsAfter((ws) => {
    ws.edit(
      FUNCTIONS,
      '  description  = "Runs the ${each.key} function (${each.value.entry_point}) and nothing else."\n\n  depends_on = [terraform_data.services]\n',
      '  description  = "Runs the ${each.key} function (${each.value.entry_point}) and nothing else."\n',
    );
    ws.edit(PLATFORM, '  depends_on = [google_project_service.api, terraform_data.pubsub_service_agent]\n', '');
    ws.edit(
      PLATFORM,
      '  topic   = google_pubsub_topic.topic["dead_letter"].name\n',
      '  topic   = local.topics["dead_letter"]\n',
    );
  });
  assert.match(out, /google_service_account\.fn: nothing orders it after the API enablement/);
  assert.match(
    out,
    /google_pubsub_topic_iam_member\.dead_letter_publisher: nothing orders it after the API enablement/,
  );
});

test('heart concurrency above its pool, and pools over the connection budget, fail', async () => {
  const out = await problemsAfter((ws) => {
    ws.edit(
      FN_VARS,
      'max_instances = 3, concurrency = 4, timeout = 30, db_pool = 4',
      'max_instances = 3, concurrency = 40, timeout = 30, db_pool = 2',
    );
    ws.edit(
      `${MULTI}/variables.tf`,
      'min_instances = 1, max_instances = 5, concurrency = 4',
      'min_instances = 1, max_instances = 8, concurrency = 4',
    );
  });
  assert.match(out, /single-region: heart concurrency 40 > db_pool 2/);
  assert.match(out, /multi-region: the functions may open 118 PostgreSQL connections .* over db_connection_budget 95/);
});

test('a budget beyond the tier, or an unknown tier, fails', async () => {
  const out = await problemsAfter((ws) => {
    ws.edit('terraform/examples/single-region/main.tf', 'db_connection_budget = 20', 'db_connection_budget = 24');
    ws.edit(`${MULTI}/variables.tf`, 'default     = "db-custom-1-3840"', 'default     = "db-custom-9-9999"');
  });
  assert.match(out, /single-region: db_connection_budget 24 leaves fewer than 5 of db-f1-micro's 25 connections free/);
  assert.match(out, /multi-region: sql_tier db-custom-9-9999 has no known max_connections/);
});

test('a forbidden role granted project-wide fails (eventReceiver, builds.builder) and authoritative bindings too', async () => {
  const out = await problemsAfter((ws) => {
    ws.edit(
      FUNCTIONS,
      '    "roles/logging.logWriter",\n',
      '    "roles/logging.logWriter",\n    "roles/cloudbuild.builds.builder",\n',
    );
    ws.edit(
      FUNCTIONS,
      '    "coherence/cloudsql"  = { fn = "coherence", role = "roles/cloudsql.client" }\n',
      '    "coherence/cloudsql"  = { fn = "coherence", role = "roles/cloudsql.client" }\n    "memory/eventarc"     = { fn = "memory", role = "roles/eventarc.eventReceiver" }\n',
    );
  });
  assert.match(
    out,
    /google_project_iam_member\.build: roles\/cloudbuild\.builds\.builder must not be granted project-wide/,
  );
  assert.match(out, /google_project_iam_member\.fn: roles\/eventarc\.eventReceiver must not be granted project-wide/);
});

test('around the edge: workers.dev on, previews on, an open event function or a public consumer fail', async () => {
  const out = await problemsAfter((ws) => {
    ws.edit(
      'terraform/modules/cloudflare-edge/variables.tf',
      '  type        = bool\n  default     = false\n',
      '  type        = bool\n  default     = true\n',
    );
    ws.edit(EDGE, '  previews_enabled = false\n', '  previews_enabled = true\n');
    ws.edit(
      FUNCTIONS,
      'ingress_settings                 = "ALLOW_INTERNAL_ONLY"',
      'ingress_settings                 = "ALLOW_ALL"',
    );
    ws.edit(
      FUNCTIONS,
      '  member   = "serviceAccount:${google_service_account.fn[each.key].email}"\n}',
      '  member   = "allUsers"\n}',
    );
  });
  assert.match(out, /workers_dev must default to false/);
  assert.match(out, /previews_enabled must be false/);
  assert.match(
    out,
    /google_cloudfunctions2_function\.consumer: an event function must have ingress_settings = "ALLOW_INTERNAL_ONLY"/,
  );
  assert.match(out, /google_cloud_run_v2_service_iam_member\.trigger_invoker: only heart's run\.invoker may be public/);
});

test('a public heart without EDGE_SECRET fails', async () => {
  const out = await problemsAfter((ws) =>
    ws.edit(
      FUNCTIONS,
      'heart     = { EDGE_SECRET = "edge_secret", DB_PASSWORD = "db_password" }',
      'heart     = { DB_PASSWORD = "db_password" }',
    ),
  );
  assert.match(out, /heart_public: a public heart must be given EDGE_SECRET/);
});

test('no point-in-time recovery, a ZONAL multi-region writer, a Firestore location off the continent fail', async () => {
  const out = await problemsAfter((ws) => {
    ws.edit(PLATFORM, 'point_in_time_recovery_enabled = true', 'point_in_time_recovery_enabled = false');
    ws.edit(`${MULTI}/main.tf`, 'sql_availability_type  = "REGIONAL"', 'sql_availability_type  = "ZONAL"');
    ws.edit(`${MULTI}/variables.tf`, '  default     = "eur3"\n', '  default     = "nam5"\n');
  });
  assert.match(
    out,
    /google_sql_database_instance\.sacred: the event log needs backups with point_in_time_recovery_enabled = true/,
  );
  assert.match(out, /multi-region: hearts in 3 regions share one writer: sql_availability_type must be REGIONAL/);
  assert.match(
    out,
    /multi-region: firestore_location "nam5" must be the multi-region of the primary region europe-west1/,
  );
});

test("the deployed invoker must be the tests' invoker, and the pom must travel in the zip", async () => {
  const out = await problemsAfter((ws) => {
    ws.edit('terraform/deploy/pom.xml', '<version>2.0.0</version>', '<version>1.4.1</version>');
    ws.edit(
      'terraform/scripts/package-functions.sh',
      'zip -q -r -X "$out/functions.zip" pom.xml libs',
      'zip -q -r -X "$out/functions.zip" libs',
    );
  });
  assert.match(out, /terraform\/deploy\/pom\.xml deploys invoker 1\.4\.1, the tests run 2\.0\.0/);
  assert.match(out, /package-functions\.sh must put terraform\/deploy\/pom\.xml into functions\.zip/);
});

test('secrets in state fail: a managed random_password, secret_data, a SQL password, a secret_text binding', async () => {
  const out = await problemsAfter((ws) => {
    ws.edit(PLATFORM, 'ephemeral "random_password" "db" {', 'resource "random_password" "db" {');
    ws.edit(PLATFORM, 'ephemeral.random_password.db.result', 'random_password.db.result');
    ws.edit(PLATFORM, 'ephemeral.random_password.db.result', 'random_password.db.result');
    ws.edit(PLATFORM, '  secret_data_wo = lookup({', '  secret_data = lookup({');
    ws.edit(
      PLATFORM,
      '  password_wo         = random_password.db.result',
      '  password            = random_password.db.result',
    );
    ws.edit(
      EDGE,
      '      type         = "plain_text"\n      namespace_id = null\n      text         = jsonencode(var.origins)',
      '      type         = "secret_text"\n      namespace_id = null\n      text         = jsonencode(var.origins)',
    );
  });
  assert.match(out, /random_password\.db: a managed random_password keeps its value in state/);
  assert.match(out, /google_secret_manager_secret_version\.value: secret_data is stored in state/);
  assert.match(out, /google_sql_user\.functions: password is stored in state/);
  assert.match(out, /Worker binding ORIGINS: a secret_text binding keeps its text in state/);
});

test('an ephemeral value outside a write-only argument fails', async () => {
  const out = await problemsAfter((ws) =>
    ws.edit(
      PLATFORM,
      '  name                = var.db_user\n',
      '  name                = ephemeral.random_password.db.result\n',
    ),
  );
  assert.match(out, /google_sql_user\.functions\.name: an ephemeral value may only go to a write-only/);
});

test('delivery policy: a literal instead of the file, a missing flag, a wrong retry policy, another path fail', async () => {
  const out = await problemsAfter((ws) => {
    ws.edit(
      FUNCTIONS,
      'ack_deadline_seconds       = local.delivery_policy.ackDeadlineSeconds',
      'ack_deadline_seconds       = 10',
    );
    ws.edit(FUNCTIONS, '      "--max-retry-delay=${local.subscription_policy.maximum_backoff}",\n', '');
    ws.edit(
      FUNCTIONS,
      'retry_policy          = "RETRY_POLICY_RETRY"',
      'retry_policy          = "RETRY_POLICY_DO_NOT_RETRY"',
    );
    ws.edit(
      PLATFORM,
      'message_retention_duration = "${local.delivery_policy.deadLetterRetentionSeconds}s"\n  retain_acked_messages',
      'message_retention_duration = "604800s"\n  retain_acked_messages',
    );
    ws.edit(
      `${MULTI}/main.tf`,
      '  delivery_policy_path = "${local.repo}/terraform/delivery-policy.json"',
      '  delivery_policy_path = "${local.repo}/emulator/delivery-policy.json"',
    );
  });
  assert.match(
    out,
    /local\.subscription_policy\.ack_deadline_seconds must be "\$\{local\.delivery_policy\.ackDeadlineSeconds\}"/,
  );
  assert.match(out, /terraform_data\.subscription_policy must pass --max-retry-delay=/);
  assert.match(out, /event_trigger\.retry_policy must be RETRY_POLICY_RETRY/);
  assert.match(out, /the dead-letter subscription retention must be/);
  assert.match(out, /multi-region: module functions must read delivery_policy_path/);
});

test("delivery policy: the file's values are bounded, and retention must outlast the retries", async () => {
  const out = await problemsAfter((ws) => {
    const p = JSON.parse(fs.readFileSync(ws.file('terraform/delivery-policy.json'), 'utf8'));
    ws.write(
      'terraform/delivery-policy.json',
      JSON.stringify({ ...p, messageRetentionSeconds: 3600, ackDeadlineSeconds: 5 }),
    );
  });
  assert.match(out, /ackDeadlineSeconds 5 is outside what Pub\/Sub accepts \(10\.\.600\)/);
  assert.match(out, /longer than messageRetentionSeconds 3600: messages would expire before they are dead-lettered/);
  const window = retryWindowSeconds({ minimumBackoffSeconds: 10, maximumBackoffSeconds: 600, maxDeliveryAttempts: 5 });
  assert.equal(window, 10 + 20 + 40 + 80);
  assert.deepEqual(
    deliveryPolicyProblems({
      minimumBackoffSeconds: 10,
      maximumBackoffSeconds: 600,
      maxDeliveryAttempts: 5,
      ackDeadlineSeconds: 600,
      messageRetentionSeconds: 86400,
      deadLetterRetentionSeconds: 604800,
    }),
    [],
  );
});

test('an event function running longer than the ack deadline fails', async () => {
  const out = await problemsAfter((ws) =>
    ws.edit(FN_VARS, 'concurrency = 1, timeout = 120, db_pool = 2', 'concurrency = 1, timeout = 900, db_pool = 2'),
  );
  assert.match(out, /single-region: coherence timeout 900 s exceeds the ack deadline 600 s/);
});

test('regions: COUNCIL_REGIONS missing from heart or coherence fails', async () => {
  const out = await problemsAfter((ws) => {
    ws.edit(FUNCTIONS, '      COUNCIL_REGIONS       = local.council_regions\n', '');
    ws.edit(FUNCTIONS, ', COUNCIL_REGIONS = local.council_regions })', ' })');
  });
  assert.match(out, /heart: COUNCIL_REGIONS = local\.council_regions missing/);
  assert.match(out, /coherence: COUNCIL_REGIONS = local\.council_regions missing/);
});

test('PUSH_AUTH_TOKEN is local-only: Terraform setting it fails', async () => {
  const out = await problemsAfter((ws) => {
    ws.edit(
      'functions/src/main/java/org/sacredcouncil/functions/config/FunctionEnv.java',
      '        return System.getenv("COUNCIL_REGIONS");',
      '        return System.getenv("COUNCIL_REGIONS") + System.getenv("PUSH_AUTH_TOKEN");',
    );
    ws.edit(
      FUNCTIONS,
      '    DB_USER            = var.db_user\n',
      '    DB_USER            = var.db_user\n    PUSH_AUTH_TOKEN    = ""\n',
    );
  });
  assert.match(out, /env var PUSH_AUTH_TOKEN is local-only and must not be set in Terraform/);
  assert.doesNotMatch(out, /PUSH_AUTH_TOKEN is read by .* but Terraform does not set it/);
});

test('rate limits: a drift from wrangler.toml, a missing keep_bindings, an unnamed binding fail', async () => {
  const out = await problemsAfter((ws) => {
    ws.edit(
      'edge-worker/wrangler.toml',
      'simple = { limit = 120, period = 60 }',
      'simple = { limit = 100, period = 60 }',
    );
    ws.edit(EDGE, '  keep_bindings = ["secret_text", "ratelimit"]', '  keep_bindings = ["secret_text"]');
    ws.edit('edge-worker/src/main/java/org/example/Env.java', '"LIMIT_READS"', '"LIMIT_READ"');
  });
  assert.match(
    out,
    /rate limit LIMIT_MESSAGES: Terraform \{"limit":120,"namespace_id":"1002","period":60\}, wrangler\.toml \{"namespace_id":"1002","limit":100,"period":60\}/,
  );
  assert.match(out, /keep_bindings must include "ratelimit"/);
  assert.match(out, /Worker binding LIMIT_READS is set by Terraform but never named in edge-worker\/src/);
});

test('worker-bindings.mjs: the rate-limit PATCH keeps every other binding by inheritance', async () => {
  const wanted = [{ name: 'LIMIT_READS', type: 'ratelimit', namespace_id: '1004', simple: { limit: 600, period: 60 } }];
  const current = [
    { name: 'FIELD_KV', type: 'kv_namespace', namespace_id: 'x' },
    { name: 'EDGE_SECRET', type: 'secret_text' },
    { name: 'LIMIT_OLD', type: 'ratelimit' },
  ];
  assert.deepEqual(ratelimitSettings(current, wanted).bindings, [
    { type: 'inherit', name: 'FIELD_KV' },
    { type: 'inherit', name: 'EDGE_SECRET' },
    ...wanted,
  ]);
  const calls = [];
  const fetchImpl = async (url, init) => {
    calls.push({ url, method: init.method, body: init.body });
    return new Response(JSON.stringify({ success: true, result: init.method === 'GET' ? { bindings: current } : {} }), {
      status: 200,
    });
  };
  await putRatelimits({ account: 'acc', script: 'sacred-edge', token: 't', bindings: wanted, fetchImpl });
  assert.deepEqual(
    calls.map((c) => `${c.method} ${c.url.replace(/^.*\/accounts/, '/accounts')}`),
    [
      'GET /accounts/acc/workers/scripts/sacred-edge/settings',
      'PATCH /accounts/acc/workers/scripts/sacred-edge/settings',
    ],
  );
  const sent = JSON.parse(await calls[1].body.get('settings').text());
  assert.deepEqual(sent.bindings.at(-1), wanted[0]);
  await assert.rejects(
    putRatelimits({
      account: 'a',
      script: 's',
      token: 't',
      bindings: [{ ...wanted[0], simple: { limit: 1, period: 30 } }],
      fetchImpl,
    }),
    /not a ratelimit binding/,
  );
  await putSecret({ account: 'acc', script: 'sacred-edge', token: 't', name: 'EDGE_SECRET', value: 'v', fetchImpl });
  assert.deepEqual(JSON.parse(calls.at(-1).body), { name: 'EDGE_SECRET', text: 'v', type: 'secret_text' });
  await assert.rejects(
    putSecret({ account: 'a', script: 's', token: 't', name: 'EDGE_SECRET', value: '', fetchImpl }),
    /no value/,
  );
});

test('delivery-policy.mjs verify: a live subscription that differs from the file is reported', () => {
  const policy = JSON.parse(fs.readFileSync(new URL('../delivery-policy.json', import.meta.url), 'utf8'));
  const sub = {
    name: 'projects/p/subscriptions/eventarc-europe-west1-sacred-memory-1',
    ackDeadlineSeconds: policy.ackDeadlineSeconds,
    retryPolicy: {
      minimumBackoff: `${policy.minimumBackoffSeconds}s`,
      maximumBackoff: `${policy.maximumBackoffSeconds}s`,
    },
    deadLetterPolicy: {
      deadLetterTopic: 'projects/p/topics/sacred-events-dead',
      maxDeliveryAttempts: policy.maxDeliveryAttempts,
    },
    messageRetentionDuration: `${policy.messageRetentionSeconds}s`,
  };
  assert.deepEqual(subscriptionDrift(sub, policy, 'projects/p/topics/sacred-events-dead'), []);
  const drift = subscriptionDrift(
    { ...sub, ackDeadlineSeconds: 10, deadLetterPolicy: undefined },
    policy,
    'projects/p/topics/sacred-events-dead',
  );
  assert.equal(drift.length, 3);
  assert.match(drift[0], /ackDeadlineSeconds is 10, delivery-policy\.json says 600/);
});
