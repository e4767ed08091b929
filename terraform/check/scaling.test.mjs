// The scaling step (modules/gcp-functions/scaling*.tf, docs/scaling.md) against the code and its own rules:
// the entry point, its env names both ways, least privilege, and bounds that keep the connection budget.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadModule, blocks } from './lib/validate.mjs';
import { stripComments } from './lib/crosscheck.mjs';
import { TF_DIR, REPO_DIR } from './lib/workspace.mjs';

const mod = await loadModule(path.join(TF_DIR, 'modules/gcp-functions'));
const inScaling = (b) => /scaling[^/]*\.tf$/.test(b.file);
const resources = blocks(mod, 'resource').filter(inScaling);
const locals = Object.assign(
  {},
  ...blocks(mod, 'locals')
    .filter(inScaling)
    .map((l) => l.body),
);
const variables = Object.fromEntries(blocks(mod, 'variable').map((v) => [v.name, v.body]));
const javaRoot = path.join(REPO_DIR, 'functions/src/main/java');

/** The problems of the scaling step's Terraform, given its parsed parts (exported shape for the negative cases). */
export function scalingProblems({ resources, locals, variables, javaRoot }) {
  const problems = [];
  const entry = locals.scaling_entry_point;
  const file = path.join(javaRoot, ...String(entry).split('.')) + '.java';
  if (!entry || !fs.existsSync(file)) problems.push(`scaling entry point ${entry} has no source file`);
  else if (!/implements[^{]*\bCloudEventsFunction\b/.test(fs.readFileSync(file, 'utf8')))
    problems.push(`${entry} must implement CloudEventsFunction (it is triggered by coherence-ticks)`);

  const fn = resources.find((r) => r.key === 'google_cloudfunctions2_function.scaling');
  if (!fn) return [...problems, 'no google_cloudfunctions2_function.scaling'];
  if (fn.body.build_config?.[0]?.entry_point !== '${local.scaling_entry_point}')
    problems.push('the scaling function must run local.scaling_entry_point');
  if (fn.body.service_config?.[0]?.environment_variables !== '${local.scaling_env}')
    problems.push('the scaling function must take its environment from local.scaling_env');
  if (!String(fn.body.event_trigger?.[0]?.pubsub_topic).includes('coherence_ticks'))
    problems.push('the scaling function must be triggered by the coherence-ticks topic (the Cloud Scheduler job)');

  // env names: what local.scaling_env sets beyond the shared maps == the SCALING_* names the Java code reads
  const set = new Set(Object.keys(locals.scaling_env_inline ?? {}));
  const envExpr = String(locals.scaling_env ?? '');
  for (const m of envExpr.matchAll(/\b(SCALING_[A-Z_]+)\s*=/g)) set.add(m[1]);
  const read = new Set();
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.java'))
        for (const m of stripComments(fs.readFileSync(p, 'utf8')).matchAll(/getenv\(\s*"(SCALING_[A-Z_]+)"\s*\)/g))
          read.add(m[1]);
    }
  };
  walk(javaRoot);
  for (const n of read) if (!set.has(n)) problems.push(`the code reads ${n} but the scaling function is not given it`);
  for (const n of set) if (!read.has(n)) problems.push(`the scaling function is given ${n} but no code reads it`);
  if (!/SCALING_DRY_RUN\s*=\s*tostring\(var\.scaling_dry_run\)/.test(envExpr))
    problems.push('SCALING_DRY_RUN must come from var.scaling_dry_run');
  if (variables.scaling_dry_run?.default !== true) problems.push('scaling_dry_run must default to true');

  // least privilege: at project level only the Cloud SQL connector; the services only through the custom role
  for (const r of resources.filter((r) => r.type === 'google_project_iam_member')) {
    if (r.body.role !== 'roles/cloudsql.client')
      problems.push(`${r.key}: the scaling step may hold only roles/cloudsql.client project-wide, not ${r.body.role}`);
  }
  const role = resources.find((r) => r.type === 'google_project_iam_custom_role');
  const perms = [...(role?.body.permissions ?? [])].sort();
  if (JSON.stringify(perms) !== JSON.stringify(['run.services.get', 'run.services.update']))
    problems.push(`the scaling role must hold exactly run.services.get and run.services.update, not ${perms}`);
  const grant = resources.find((r) => r.key === 'google_cloud_run_v2_service_iam_member.scaling_updates');
  if (!grant || grant.body.for_each !== '${local.scaled_services}' || !/custom_role\.scaling/.test(grant.body.role))
    problems.push('the scaling role must be granted per scaled service (for_each = local.scaled_services)');
  const actAs = resources.find((r) => r.key === 'google_service_account_iam_member.scaling_acts_as');
  if (!actAs || !/google_service_account\.fn\[each\.key\]/.test(actAs.body.service_account_id))
    problems.push('actAs (roles/iam.serviceAccountUser) must be granted on each scaled function account only');

  // bounds: the max the step may set is the function's max_instances (the connection budget's figure)
  const targets = String(locals.scaling_targets_json ?? '');
  if (!/maxHigh\s*=\s*var\.function_settings\[t\.function\]\.max_instances/.test(targets))
    problems.push('bounds.maxHigh must be var.function_settings[fn].max_instances (the connection budget)');
  if (!/minHigh\s*=\s*min\(/.test(targets)) problems.push('bounds.minHigh must be capped by max_instances');
  const settings = variables.function_settings?.default ?? {};
  for (const [name, b] of Object.entries(variables.scaling_bounds?.default ?? {})) {
    const max = settings[name]?.max_instances;
    if (max === undefined) problems.push(`scaling_bounds default names ${name}, which has no function_settings`);
    else if (b.baseline_max > max || b.min_high > max)
      problems.push(`scaling_bounds default for ${name} exceeds its max_instances ${max}`);
  }
  return problems;
}

test('the scaling step agrees with the code and keeps least privilege and the connection budget', () => {
  const problems = scalingProblems({ resources, locals, variables, javaRoot });
  assert.deepEqual(problems, []);
});

test('a broader role, a wrong bound or a missing env name is found', () => {
  const broken = (edit) => {
    const copy = structuredClone({ resources, locals, variables });
    edit(copy);
    return scalingProblems({ ...copy, javaRoot });
  };
  assert.match(
    broken((c) =>
      c.resources.push({ type: 'google_project_iam_member', key: 'x.y', body: { role: 'roles/run.developer' } }),
    ).join('\n'),
    /only roles\/cloudsql\.client/,
  );
  assert.match(
    broken((c) => {
      c.resources.find((r) => r.type === 'google_project_iam_custom_role').body.permissions.push('run.services.delete');
    }).join('\n'),
    /exactly run\.services\.get/,
  );
  assert.match(
    broken((c) => {
      c.locals.scaling_targets_json = c.locals.scaling_targets_json.replace(/maxHigh\s*=\s*[^\n]+/, 'maxHigh = 100');
    }).join('\n'),
    /connection budget/,
  );
  assert.match(
    broken((c) => {
      c.locals.scaling_env = c.locals.scaling_env.replace(/SCALING_PEAK_HOURS\s*=[^\n]+\n/, '');
    }).join('\n'),
    /reads SCALING_PEAK_HOURS/,
  );
  assert.match(
    broken((c) => {
      c.variables.scaling_bounds.default.heart.baseline_max = 50;
    }).join('\n'),
    /exceeds its max_instances/,
  );
  assert.match(
    broken((c) => {
      c.variables.scaling_dry_run.default = false;
    }).join('\n'),
    /default to true/,
  );
});
