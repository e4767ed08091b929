// The offline `terraform validate` of the real tree: parse, fmt, provider
// schemas, pins, variables, references and module calls.
import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { checkAll, describe } from './lib/validate.mjs';
import { moduleDirs } from './lib/hcl.mjs';
import { loadProvider } from './lib/schema.mjs';
import { TF_DIR } from './lib/workspace.mjs';

const dirs = [...moduleDirs(path.join(TF_DIR, 'modules')), ...moduleDirs(path.join(TF_DIR, 'examples'))];

test('there are four modules and two example roots', () => {
  const names = dirs.map((d) => path.relative(TF_DIR, d));
  assert.deepEqual(names, [
    'modules/cloudflare-edge',
    'modules/gcp-functions',
    'modules/gcp-monitoring',
    'modules/gcp-platform',
    'examples/multi-region',
    'examples/single-region',
  ]);
});

test('the schema packages are the pinned provider releases', () => {
  assert.equal(loadProvider('google').version, '6.50.0');
  assert.equal(loadProvider('google').source, 'hashicorp/google');
  assert.equal(loadProvider('cloudflare').version, '5.14.0');
  assert.equal(loadProvider('cloudflare').source, 'cloudflare/cloudflare');
  assert.equal(loadProvider('random').version, '3.7.2');
});

test('the schemas know the resources this tree relies on', () => {
  const g = loadProvider('google').resources;
  const fn = g.get('google_cloudfunctions2_function').arguments.attributes;
  assert.equal(fn.get('event_trigger').kind, 'block');
  assert.ok(fn.get('event_trigger').nested.attributes.has('retry_policy'));
  assert.ok(g.get('google_pubsub_subscription').arguments.attributes.has('dead_letter_policy'));
  const cf = loadProvider('cloudflare').resources.get('cloudflare_workers_script').arguments.attributes;
  assert.equal(cf.get('bindings').kind, 'nested', 'cloudflare v5 bindings is a list attribute, not a block');
  assert.ok(cf.get('script_name').required);
});

test('every module and root passes parse, fmt, schema, pins, variables, references and module calls', async () => {
  const problems = await checkAll(dirs);
  assert.equal(problems.length, 0, `\n${describe(problems)}`);
});
