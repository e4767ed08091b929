// The bundle's size bound (README "Bundle size with the hub"): issue 13 set ≤ 60 KiB gzip with the hub; the artifacts
// and GraphQL of issue 17 (R2 routes, the GraphQL lexer, persisted-query cache, graphql-transport-ws) moved it to
// 66 KiB, with the ledger in the README. Every module
// wrangler uploads (wrangler.toml `no_bundle`: the entry and every module it imports, followed from its relative
// imports), each gzipped at zlib's default level and summed — a little above the "gzip:" figure `wrangler deploy
// --dry-run` prints for the same folder, so the bound holds for what wrangler reports. Prints the figures; fails
// the build above the bound.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { workerDir } from './support/edge.mjs';

/** 66 KiB, in the unit wrangler prints. */
const LIMIT_GZIP_BYTES = 66 * 1024;

/** The entry and the modules it reaches through relative `import … from './x.mjs'`, each once. */
function uploadedModules(entry) {
  const seen = new Map();
  const visit = (file) => {
    if (seen.has(file)) return;
    const text = fs.readFileSync(file, 'utf8');
    seen.set(file, text);
    for (const m of text.matchAll(/(?:import|export)\s*(?:[^'"]*?\sfrom\s*)?['"](\.{1,2}\/[^'"]+)['"]/g)) {
      visit(path.resolve(path.dirname(file), m[1]));
    }
  };
  visit(entry);
  return seen;
}

const gzip = (text) => zlib.gzipSync(Buffer.from(text, 'utf8')).length;

test(`the uploaded modules stay within ${LIMIT_GZIP_BYTES} bytes gzip`, (t) => {
  const modules = uploadedModules(path.join(workerDir, 'worker.mjs'));
  assert.ok(modules.size >= 2, 'the entry imports TeaVM’s module');
  let raw = 0;
  let total = 0;
  for (const [file, text] of modules) {
    const bytes = Buffer.byteLength(text);
    const zipped = gzip(text);
    raw += bytes;
    total += zipped;
    t.diagnostic(`${path.basename(file)}: ${bytes} B raw, ${zipped} B gzip`);
  }
  const line = `bundle: ${modules.size} modules, ${raw} B raw, ${total} B gzip (${(total / 1024).toFixed(2)} KiB; bound ${LIMIT_GZIP_BYTES} B)`;
  t.diagnostic(line);
  console.log(line);
  assert.ok(total <= LIMIT_GZIP_BYTES, `the upload is ${total} B gzip, over ${LIMIT_GZIP_BYTES}`);
});
