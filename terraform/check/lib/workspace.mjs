// Test workspaces: a copy of the real Terraform tree placed inside a copy of a
// small fixture repository, so that each negative test can break one thing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const TF_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const REPO_DIR = path.resolve(TF_DIR, '..');
export const FIXTURE_REPO = path.join(TF_DIR, 'check/fixtures/repo');

export function workspace() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sacred-tf-'));
  fs.cpSync(FIXTURE_REPO, root, { recursive: true });
  for (const d of ['modules', 'examples', 'deploy', 'scripts', 'delivery-policy.json'])
    fs.cpSync(path.join(TF_DIR, d), path.join(root, 'terraform', d), { recursive: true });
  return {
    root,
    tf: path.join(root, 'terraform'),
    file: (rel) => path.join(root, rel),
    /** Replaces text in one file; fails loudly if the text is not there, so a test cannot go stale silently. */
    edit(rel, from, to) {
      const p = path.join(root, rel);
      const src = fs.readFileSync(p, 'utf8');
      if (!src.includes(from)) throw new Error(`${rel} does not contain ${JSON.stringify(from)}`);
      fs.writeFileSync(p, src.replace(from, to));
    },
    write(rel, content) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), content);
    },
    remove(rel) {
      fs.rmSync(path.join(root, rel), { recursive: true, force: true });
    },
    dispose() {
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
