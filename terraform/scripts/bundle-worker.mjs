// Usage: node terraform/scripts/bundle-worker.mjs  (after `mvn -pl edge-worker -am package`)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorker } from '../check/lib/worker-bundle.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { entry, outFile } = await bundleWorker(repo);
console.log(`bundled ${path.relative(repo, entry)} -> ${path.relative(repo, outFile)}`);
