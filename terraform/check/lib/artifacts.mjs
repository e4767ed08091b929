// Sacred artifacts (docs/artifacts.md) between Terraform and the code: the R2 bucket and the Worker's ARTIFACTS
// binding against wrangler.toml [[r2_buckets]], and ARTIFACT_MAX_BYTES, which the edge and heart must both get from
// one root variable (docs/artifacts.md#config) — a heart that accepts more than the edge stores, or less, refuses
// bytes the client was told were fine.
import path from 'node:path';
import { blocks } from './validate.mjs';
import { readWrangler, stringLiterals } from './crosscheck.mjs';

const SHARED_VAR = /\b([A-Z][A-Z0-9_]*)\s*=\s*tostring\(var\.(\w+)\)/g;

function defaultOf(mod, name) {
  const v = blocks(mod, 'variable').find((b) => b.name === name);
  return v ? v.body.default : undefined;
}

/** What the modules say: Worker vars set from variables of their own, R2 buckets, heart's artifact env. */
export function artifactFacts(edge, functions) {
  const sharedWorkerVars = [];
  for (const f of edge.files)
    for (const m of f.src.matchAll(SHARED_VAR))
      sharedWorkerVars.push({ name: m[1], variable: m[2], default: defaultOf(edge, m[2]) });
  const r2Buckets = blocks(edge, 'resource')
    .filter((b) => b.type === 'cloudflare_r2_bucket')
    .map((b) => {
      const ref = /^\$\{var\.(\w+)\}$/.exec(String(b.body.name ?? ''));
      return { resource: b.name, bucketName: ref ? defaultOf(edge, ref[1]) : b.body.name };
    });
  const heartEnv = {};
  for (const f of functions.files)
    for (const m of f.src.matchAll(SHARED_VAR))
      if (m[1].startsWith('ARTIFACT_')) heartEnv[m[1]] = { variable: m[2], default: defaultOf(functions, m[2]) };
  return { sharedWorkerVars, r2Buckets, heartArtifactEnv: heartEnv };
}

export function checkArtifacts(facts, repoDir) {
  const { toml, error } = readWrangler(repoDir);
  if (error) return []; // reported by the Worker cross-check
  const problems = [];

  // R2: the same binding names on both sides, each Terraform binding on a bucket Terraform creates, the same name
  const tf = new Map(facts.workerBindings.filter((b) => b.type === 'r2_bucket').map((b) => [b.name, b]));
  const wr = new Map((toml.r2_buckets ?? []).map((b) => [b.binding, b]));
  for (const name of wr.keys())
    if (!tf.has(name)) problems.push(`wrangler.toml binds R2 bucket ${name}; Terraform does not`);
  for (const [name, b] of tf) {
    if (!wr.has(name)) {
      problems.push(`Terraform binds R2 bucket ${name}; wrangler.toml does not`);
      continue;
    }
    const ref = /^\$\{cloudflare_r2_bucket\.(\w+)\.name\}$/.exec(String(b.bucketName ?? ''));
    const bucket = ref && facts.r2Buckets.find((r) => r.resource === ref[1]);
    if (!bucket) {
      problems.push(
        `Worker binding ${name}: bucket_name must name a cloudflare_r2_bucket of the module (${b.bucketName})`,
      );
    } else if (bucket.bucketName !== wr.get(name).bucket_name) {
      problems.push(
        `R2 bucket ${name}: Terraform ${JSON.stringify(bucket.bucketName)}, wrangler.toml ${JSON.stringify(wr.get(name).bucket_name)}`,
      );
    }
  }
  const literals = stringLiterals(path.join(repoDir, 'edge-worker/src'));
  for (const name of tf.keys())
    if (!literals.has(name))
      problems.push(`Worker binding ${name} is set by Terraform but never named in edge-worker/src`);

  // ARTIFACT_MAX_BYTES: the edge's default, heart's default and wrangler.toml's agree, and every root passes one
  // variable to both modules
  const edgeVar = facts.sharedWorkerVars.find((v) => v.name === 'ARTIFACT_MAX_BYTES');
  const heartVar = facts.heartArtifactEnv.ARTIFACT_MAX_BYTES;
  if (!edgeVar)
    problems.push('cloudflare-edge: the Worker var ARTIFACT_MAX_BYTES must come from a variable (tostring(var.x))');
  if (!heartVar) problems.push('gcp-functions: heart must get ARTIFACT_MAX_BYTES from a variable (tostring(var.x))');
  if (edgeVar && heartVar && String(edgeVar.default) !== String(heartVar.default))
    problems.push(
      `ARTIFACT_MAX_BYTES: cloudflare-edge default ${edgeVar.default}, gcp-functions default ${heartVar.default}`,
    );
  if (edgeVar && heartVar) {
    for (const root of facts.roots) {
      const { edge, functions } = root.artifactMaxBytes ?? {};
      const where = path.basename(root.dir);
      const rootVariable = (expr) => /^\$\{var\.\w+\}$/.test(String(expr));
      if (!rootVariable(edge) || !rootVariable(functions) || String(edge) !== String(functions))
        problems.push(
          `${where}: module edge ${edgeVar.variable} = ${edge ?? '(default)'} and module functions ${heartVar.variable} = ${functions ?? '(default)'} must be the same root variable (docs/artifacts.md#config)`,
        );
    }
  }
  return problems;
}
