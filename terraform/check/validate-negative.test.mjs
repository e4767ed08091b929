// Each test breaks one thing in a copy of the real tree and expects the
// validator to name it: the checks can fail.
import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { checkAll, describe } from './lib/validate.mjs';
import { moduleDirs } from './lib/hcl.mjs';
import { workspace } from './lib/workspace.mjs';

async function problemsAfter(edits) {
  const ws = workspace();
  try {
    edits(ws);
    const dirs = [...moduleDirs(path.join(ws.tf, 'modules')), ...moduleDirs(path.join(ws.tf, 'examples'))];
    return describe(await checkAll(dirs));
  } finally {
    ws.dispose();
  }
}

const FUNCTIONS = 'terraform/modules/gcp-functions/main.tf';
const PLATFORM = 'terraform/modules/gcp-platform/main.tf';
const EDGE = 'terraform/modules/cloudflare-edge/main.tf';

test('the unmodified copy is clean (baseline for the tests below)', async () => {
  assert.equal(await problemsAfter(() => {}), '');
});

test('a typo in an attribute name fails, with a suggestion', async () => {
  const out = await problemsAfter((ws) =>
    ws.edit(FUNCTIONS, 'retry_policy          = "RETRY_POLICY_RETRY"', 'retry_on_failure      = "RETRY_POLICY_RETRY"'),
  );
  assert.match(
    out,
    /google_cloudfunctions2_function\.consumer\.event_trigger: unsupported argument or block "retry_on_failure"/,
  );
});

test('a typo in a nested block name fails', async () => {
  const out = await problemsAfter((ws) => ws.edit(PLATFORM, '    ip_configuration {', '    ip_configurations {'));
  assert.match(out, /settings: unsupported argument or block "ip_configurations".*did you mean "ip_configuration"/);
});

test('an unknown resource type fails', async () => {
  const out = await problemsAfter((ws) =>
    ws.edit(
      PLATFORM,
      'resource "google_pubsub_subscription" "dead_letter_inspect"',
      'resource "google_pubsub_subscriptions" "dead_letter_inspect"',
    ),
  );
  assert.match(out, /resource type "google_pubsub_subscriptions" does not exist in hashicorp\/google 6\.50\.0/);
});

test('a missing required argument fails', async () => {
  const out = await problemsAfter((ws) => ws.edit(EDGE, '  title      = "${var.script_name}-field"\n', ''));
  assert.match(out, /cloudflare_workers_kv_namespace\.field: missing required argument "title"/);
});

test('a block written as an argument fails (SDKv2 block)', async () => {
  const out = await problemsAfter((ws) =>
    ws.edit(PLATFORM, '  retry_config {\n    retry_count = 0\n  }', '  retry_config = {\n    retry_count = 0\n  }'),
  );
  assert.match(out, /"retry_config" is a block; write retry_config \{ \.\.\. \}/);
});

test('a nested attribute written as a block fails (cloudflare v5)', async () => {
  const out = await problemsAfter((ws) =>
    ws.edit(EDGE, '  observability = {\n    enabled = true\n  }', '  observability {\n    enabled = true\n  }'),
  );
  assert.match(out, /"observability" is an attribute in this provider; write observability = \{ \.\.\. \}/);
});

test('an undeclared variable fails', async () => {
  const out = await problemsAfter((ws) =>
    ws.edit(FUNCTIONS, 'DB_NAME            = var.db_name', 'DB_NAME            = var.db_nam'),
  );
  assert.match(out, /reference to undeclared variable var\.db_nam/);
});

test('a declared but unused variable fails', async () => {
  const out = await problemsAfter((ws) =>
    ws.write('terraform/modules/cloudflare-edge/extra.tf', 'variable "forgotten" {\n  type = string\n}\n'),
  );
  assert.match(out, /variable "forgotten" is declared but never used/);
});

test('an undeclared local and an unknown module output fail', async () => {
  const out = await problemsAfter((ws) => {
    ws.edit(
      FUNCTIONS,
      'for k, f in local.functions : k => f if f.topic != null',
      'for k, f in local.functionz : k => f if f.topic != null',
    );
    ws.edit('terraform/examples/single-region/main.tf', 'module.platform.db_name', 'module.platform.database_name');
  });
  assert.match(out, /reference to undeclared local\.functionz/);
  assert.match(out, /module\.platform has no output "database_name"/);
});

test('a reference to a missing resource attribute fails', async () => {
  const out = await problemsAfter((ws) =>
    ws.edit(
      'terraform/modules/gcp-platform/outputs.tf',
      'google_sql_database_instance.sacred.connection_name',
      'google_sql_database_instance.sacred.connection_string',
    ),
  );
  assert.match(out, /google_sql_database_instance\.sacred has no attribute "connection_string"/);
});

test('module calls: a missing source, an unknown argument and a missing required variable fail', async () => {
  const out = await problemsAfter((ws) => {
    ws.edit(
      'terraform/examples/multi-region/main.tf',
      'source = "../../modules/cloudflare-edge"',
      'source = "../../modules/cloudflare"',
    );
    ws.edit(
      'terraform/examples/single-region/main.tf',
      '  route_pattern       = var.route_pattern\n',
      '  route_patern        = var.route_pattern\n',
    );
  });
  assert.match(out, /module "edge": source \.\.\/\.\.\/modules\/cloudflare is not a directory with \.tf files/);
  assert.match(out, /module "edge": \.\.\/\.\.\/modules\/cloudflare-edge has no variable "route_patern"/);
  assert.match(out, /module "edge": required variable "route_pattern" is not set/);
});

test('a provider not pinned to the schema version fails', async () => {
  const out = await problemsAfter((ws) =>
    ws.edit('terraform/modules/gcp-functions/versions.tf', 'version = "6.50.0"', 'version = "~> 6.0"'),
  );
  assert.match(out, /provider "google": version "~> 6\.0" must pin exactly "6\.50\.0"/);
});

test('unformatted HCL fails like terraform fmt -check', async () => {
  const out = await problemsAfter((ws) => ws.edit(EDGE, '  zone_id = var.zone_id', '  zone_id   = var.zone_id'));
  assert.match(out, /main\.tf: not formatted as terraform fmt would/);
});

test('a syntax error fails with line and column', async () => {
  const out = await problemsAfter((ws) => ws.edit(EDGE, '  pattern = var.route_pattern', '  pattern = '));
  assert.match(out, /HCL parse error: .*main\.tf:\d+,\d+/);
});

test('a dynamic block for an unknown block type fails', async () => {
  const out = await problemsAfter((ws) =>
    ws.edit(
      FUNCTIONS,
      '    dynamic "secret_environment_variables" {\n      for_each = local.secret_env["heart"]',
      '    dynamic "secret_env_vars" {\n      for_each = local.secret_env["heart"]',
    ),
  );
  assert.match(out, /no block type "secret_env_vars" \(used in dynamic\)/);
});

test('an undocumented variable, an untyped one and a secret that is not sensitive fail', async () => {
  const out = await problemsAfter((ws) => {
    ws.edit(
      'terraform/modules/cloudflare-edge/variables.tf',
      '  description = "Cloudflare zone that serves the route."\n',
      '',
    );
    ws.edit(
      'terraform/modules/cloudflare-edge/variables.tf',
      'variable "script_name" {\n  description = "Worker script name."\n  type        = string\n',
      'variable "script_name" {\n  description = "Worker script name."\n',
    );
    ws.edit(
      'terraform/modules/cloudflare-edge/variables.tf',
      '  sensitive   = true\n  ephemeral   = true\n}',
      '  ephemeral   = true\n}',
    );
  });
  assert.match(out, /variable "zone_id" has no description/);
  assert.match(out, /variable "script_name" has no type/);
  assert.match(out, /variable "api_token" looks secret but is not sensitive = true/);
});

test('terraform.tfvars.example must match the root variables', async () => {
  const out = await problemsAfter((ws) => {
    ws.edit(
      'terraform/examples/single-region/terraform.tfvars.example',
      'route_pattern         = "council.example.org/*"\n',
      'route_patern          = "council.example.org/*"\n',
    );
    ws.edit('terraform/examples/multi-region/terraform.tfvars.example', 'TF_VAR_cf_kv_api_token, ', '');
  });
  assert.match(out, /single-region\/terraform\.tfvars\.example: sets "route_patern", which the root does not declare/);
  assert.match(
    out,
    /single-region\/terraform\.tfvars\.example: required variable "route_pattern" is neither set nor named/,
  );
  assert.match(
    out,
    /multi-region\/terraform\.tfvars\.example: required variable "cf_kv_api_token" is neither set nor named as TF_VAR_cf_kv_api_token/,
  );
});

test('a value outside the documented enumeration of the provider fails, also inside a conditional', async () => {
  const out = await problemsAfter((ws) => {
    ws.edit(FUNCTIONS, 'retry_policy          = "RETRY_POLICY_RETRY"', 'retry_policy          = "RETRY"');
    ws.edit(
      PLATFORM,
      '"DELETE_PROTECTION_ENABLED" : "DELETE_PROTECTION_DISABLED"',
      '"DELETE_PROTECTION_ON" : "DELETE_PROTECTION_DISABLED"',
    );
  });
  assert.match(
    out,
    /event_trigger: retry_policy = "RETRY" is not one of "RETRY_POLICY_UNSPECIFIED", "RETRY_POLICY_DO_NOT_RETRY", "RETRY_POLICY_RETRY"/,
  );
  assert.match(
    out,
    /google_firestore_database\.default: delete_protection_state = "DELETE_PROTECTION_ON" is not one of/,
  );
});

test('a reference into a nested block is checked too, behind a dynamic index', async () => {
  const out = await problemsAfter((ws) =>
    ws.edit(
      FUNCTIONS,
      'google_cloudfunctions2_function.consumer[each.key].service_config[0].service',
      'google_cloudfunctions2_function.consumer[each.key].service_config[0].service_name',
    ),
  );
  assert.match(out, /google_cloudfunctions2_function\.consumer\.service_config has no attribute "service_name"/);
});
