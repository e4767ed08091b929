// The cross-checks against the real repository: functions/, edge-worker/,
// emulator/cloud/ and firestore-rules/ as they are now.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { crossCheck, readWrangler } from './lib/crosscheck.mjs';
import { bundleWorker } from './lib/worker-bundle.mjs';
import { TF_DIR, REPO_DIR } from './lib/workspace.mjs';

const problems = await crossCheck(TF_DIR, REPO_DIR);
test('Terraform agrees with the code: entry points, env vars, topics, PostgreSQL, runtime, Firestore, Worker, production rules', () => {
  assert.equal(problems.length, 0, `\n${problems.join('\n')}`);
});

const { toml } = readWrangler(REPO_DIR);
const main = toml?.main ? path.resolve(REPO_DIR, 'edge-worker', toml.main) : null;
const built = main && fs.existsSync(main);

test(
  'the built edge Worker bundles into one ES module with a default fetch export',
  {
    skip: built
      ? false
      : `edge Worker not built here (${main ? path.relative(REPO_DIR, main) : 'no wrangler.toml main'})`,
  },
  async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sacred-bundle-'));
    try {
      const { outFile } = await bundleWorker(REPO_DIR, path.join(dir, 'worker.mjs'));
      const src = fs.readFileSync(outFile, 'utf8');
      assert.doesNotMatch(src, /(?:^|[;\s])import[^;'"]*from\s*["']\./, 'a relative import survived bundling');
      assert.match(src, /export\s*\{[^}]*\bas default\b/);
      const mod = await import(pathToFileURL(outFile).href);
      assert.equal(typeof mod.default.fetch, 'function', 'the bundle must export default { fetch }');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);
