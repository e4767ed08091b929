// cloudflare_workers_script uploads one module, while the edge build leaves two
// (the JS entry and TeaVM's module it imports). esbuild joins them the way
// wrangler would, starting from the `main` that wrangler.toml names.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { readWrangler } from './crosscheck.mjs';

const require = createRequire(import.meta.url);

/** Where the single-module bundle goes, relative to the repository root; the example roots point here. */
export const BUNDLE_OUT = 'terraform/build/worker.mjs';

export async function bundleWorker(repoDir, outFile = path.join(repoDir, BUNDLE_OUT)) {
  const { toml, error } = readWrangler(repoDir);
  if (error) throw new Error(error);
  if (!toml.main) throw new Error('edge-worker/wrangler.toml has no main');
  const entry = path.resolve(repoDir, 'edge-worker', toml.main);
  if (!fs.existsSync(entry))
    throw new Error(
      `${path.relative(repoDir, entry)} does not exist: build the edge first (mvn -pl edge-worker -am package)`,
    );
  const esbuild = require('esbuild');
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    minify: toml.minify === true,
    outfile: outFile,
    logLevel: 'silent',
  });
  // A warning such as "Import X will always be undefined" means a broken Worker: refuse it.
  if (result.warnings.length) {
    fs.rmSync(outFile, { force: true });
    throw new Error(`bundling ${path.relative(repoDir, entry)}: ${result.warnings.map((w) => w.text).join('; ')}`);
  }
  return { entry, outFile };
}
