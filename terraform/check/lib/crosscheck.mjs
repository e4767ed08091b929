// Names that Terraform shares with the code: function entry points, env vars,
// topics, the PostgreSQL major, the Firestore rules and indexes, the Worker's
// bindings. Every fact is read from the sources, so drift on either side fails.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { loadModule, blocks } from './validate.mjs';
import { loadProvider } from './schema.mjs';
import { productionChecks } from './production.mjs';
import { artifactFacts, checkArtifacts } from './artifacts.mjs';

/** Env vars only used locally (emulators, tests): never set by Terraform. */
// DATABASE_USER / DATABASE_PASSWORD travel with DATABASE_URL (the local cloud exports all three).
// PUSH_AUTH_TOKEN: the local push token (docs/contracts.md#push-auth); on GCP Cloud Run's IAM checks the push's OIDC token.
export const LOCAL_ONLY_ENV = new Set([
  'DATABASE_URL',
  'DATABASE_USER',
  'DATABASE_PASSWORD',
  'PUBSUB_EMULATOR_HOST',
  'FIRESTORE_EMULATOR_HOST',
  'CF_API_BASE_URL',
  'PUSH_AUTH_TOKEN',
  // the local Prometheus endpoint's port (TELEMETRY_EXPORTER=prometheus); deployed functions export to Google
  'TELEMETRY_PORT',
  // the local Cloud Run Admin API stand-in of the scaling step (docs/scaling.md#locally); on GCP the client's default
  'CLOUD_RUN_API_URL',
]);
/** Set by the Cloud Functions / Cloud Run platform itself. */
export const PLATFORM_ENV = new Set([
  'PORT',
  'K_SERVICE',
  'K_REVISION',
  'K_CONFIGURATION',
  'FUNCTION_TARGET',
  'FUNCTION_SIGNATURE_TYPE',
]);
// Read by a library on the functions' classpath, not by our code: Terraform may set these (each with the
// library that reads it), and only these, without a getenv of ours.
export const LIBRARY_ENV = new Map([
  // google-cloud-firestore's TraceUtil: its OpenTelemetry spans per call (functions/README.md, "Start-up and per-request cost")
  ['FIRESTORE_ENABLE_TRACING', 'google-cloud-firestore'],
]);
// A name ending in a unit of time (API_KEY_CACHE_SECONDS) is a setting about a secret, not a secret.
const SECRET_LOOKING = /^(?!.*_(?:SECONDS|MS|S)$).*(?:SECRET|PASSWORD|TOKEN|API_KEY|PRIVATE)/;

function walkFiles(dir, exts, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!['node_modules', '.wrangler'].includes(e.name) && !e.name.startsWith('target')) walkFiles(p, exts, out);
    } else if (exts.some((x) => e.name.endsWith(x))) out.push(p);
  }
  return out;
}

function localsOf(mod) {
  const all = {};
  for (const l of blocks(mod, 'locals')) Object.assign(all, l.body);
  return all;
}

function variableDefault(mod, name) {
  const v = blocks(mod, 'variable').find((b) => b.name === name);
  return v ? v.body.default : undefined;
}

/** Facts from the Terraform tree (terraform/ with modules/ and examples/). */
export async function terraformFacts(tfDir) {
  const platform = await loadModule(path.join(tfDir, 'modules/gcp-platform'));
  const functions = await loadModule(path.join(tfDir, 'modules/gcp-functions'));
  const edge = await loadModule(path.join(tfDir, 'modules/cloudflare-edge'));
  const facts = {
    problems: [...platform.problems, ...functions.problems, ...edge.problems],
    loaded: { platform, functions, edge, roots: [] },
  };

  const fl = localsOf(functions);
  facts.functions = Object.entries(fl.functions ?? {}).map(([name, f]) => ({
    name,
    entryPoint: f.entry_point,
    topic: f.topic ?? null,
  }));
  facts.secretEnv = new Map();
  for (const [fn, m] of Object.entries(fl.secret_env ?? {}))
    for (const env of Object.keys(m)) facts.secretEnv.set(env, fn);
  // Every UPPER_CASE key written in the functions module is an env var name
  // (maps, merges and inline objects alike); read from the source text.
  facts.envNames = new Set();
  for (const f of functions.files) {
    for (const m of f.src.matchAll(/(?:^|[{,])\s*([A-Z][A-Z0-9_]+)\s*=/gm)) facts.envNames.add(m[1]);
  }
  facts.runtimeDefault = variableDefault(functions, 'runtime');

  // Env per function: the env maps named in its environment_variables expression (local.env_*,
  // local.consumer_env[...]) plus inline UPPER_CASE keys, and its secret_env entry.
  const envKeys = (expr, fn, depth = 0) => {
    const out = new Set();
    if (typeof expr !== 'string' || depth > 3) return out;
    for (const m of expr.matchAll(/local\.(env_\w+)/g)) for (const k of Object.keys(fl[m[1]] ?? {})) out.add(k);
    if (/local\.consumer_env\[/.test(expr)) for (const k of envKeys(fl.consumer_env?.[fn], fn, depth + 1)) out.add(k);
    for (const m of expr.matchAll(/(?:^|[{,(\n])\s*([A-Z][A-Z0-9_]+)\s*=/g)) out.add(m[1]);
    return out;
  };
  facts.envByFunction = new Map();
  for (const b of blocks(functions, 'resource').filter((r) => r.type === 'google_cloudfunctions2_function')) {
    const expr = b.body.service_config?.[0]?.environment_variables;
    // heart and the consumers of local.functions; a function of its own (scaling.tf) is checked by its own test
    if (b.name !== 'heart' && b.name !== 'consumer') continue;
    const names = b.name === 'heart' ? ['heart'] : facts.functions.filter((f) => f.topic).map((f) => f.name);
    for (const fn of names) {
      facts.envByFunction.set(fn, {
        plain: envKeys(expr, fn),
        secrets: new Set(Object.keys(fl.secret_env?.[fn] ?? {})),
      });
    }
  }

  const pl = localsOf(platform);
  facts.topics = Object.values(pl.topics ?? {});
  facts.databaseVersions = blocks(platform, 'resource')
    .filter((b) => b.type === 'google_sql_database_instance')
    .map((b) => b.body.database_version);

  facts.tickTypes = blocks(platform, 'resource')
    .filter((b) => b.type === 'google_cloud_scheduler_job')
    .map((b) => b.body.pubsub_target?.[0]?.attributes?.['ce-type']);

  const el = localsOf(edge);
  facts.workerBindings = (el.fixed_bindings ?? []).map((b) => ({
    name: b.name,
    type: b.type,
    className: b.class_name ?? null,
    bucketName: b.bucket_name ?? null,
  }));
  // The Durable Object migration the Worker resource uploads (local.do_migration; null when there is none).
  const script = blocks(edge, 'resource').find((b) => b.type === 'cloudflare_workers_script');
  facts.doMigration = /^\$\{local\.do_migration\}$/.test(String(script?.body.migrations ?? ''))
    ? (el.do_migration ?? null)
    : script?.body.migrations === undefined
      ? null
      : { unreadable: String(script.body.migrations) };
  // Worker secrets copied in after the upload (terraform_data ... worker-bindings.mjs secret NAME).
  for (const f of edge.files)
    for (const m of f.src.matchAll(/worker-bindings\.mjs secret (\w+)/g))
      facts.workerBindings.push({ name: m[1], type: 'secret_text' });
  facts.workerVars = variableDefault(edge, 'worker_vars') ?? {};
  // Worker vars set from a variable of their own (NAME = tostring(var.x)), shared with heart: ARTIFACT_MAX_BYTES
  Object.assign(
    facts,
    artifactFacts(edge, functions, (name) => variableDefault(edge, name)),
  );
  for (const v of facts.sharedWorkerVars)
    facts.workerVars[v.name] = v.default === undefined ? undefined : String(v.default);
  facts.compatibilityDate = variableDefault(edge, 'compatibility_date');
  facts.scriptName = variableDefault(edge, 'script_name');
  facts.workersDev = variableDefault(edge, 'workers_dev');

  facts.roots = [];
  const examples = path.join(tfDir, 'examples');
  for (const name of fs.existsSync(examples) ? fs.readdirSync(examples).sort() : []) {
    const dir = path.join(examples, name);
    if (!fs.statSync(dir).isDirectory()) continue;
    const root = await loadModule(dir);
    facts.loaded.roots.push({ name, mod: root });
    facts.problems.push(...root.problems);
    const locals = localsOf(root);
    const calls = Object.fromEntries(blocks(root, 'module').map((b) => [b.name, b.body]));
    const resolve = (expr) => resolvePath(expr, dir, locals);
    facts.roots.push({
      dir,
      rulesPath: resolve(calls.platform?.firestore_rules_path),
      indexesPath: resolve(calls.platform?.firestore_indexes_path),
      bundlePath: resolve(calls.edge?.worker_bundle_path),
      functionsZip: resolve(calls.functions?.functions_zip),
      // docs/artifacts.md#config: one root variable for the edge's and heart's ARTIFACT_MAX_BYTES
      artifactMaxBytes: { edge: calls.edge?.artifact_max_bytes, functions: calls.functions?.artifact_max_bytes },
    });
  }
  return facts;
}

/**
 * Resolves the few path forms the roots use: "${path.root}/x", "${local.repo}/x"
 * with local.repo = abspath("${path.root}/../.."). Anything else: {error}.
 */
export function resolvePath(expr, rootDir, locals, depth = 0) {
  if (typeof expr !== 'string') return { error: `not a path expression: ${JSON.stringify(expr)}` };
  if (depth > 4) return { error: `path expression nests too deep: ${expr}` };
  let s = expr;
  const abs = s.match(/^\$\{abspath\("(.*)"\)\}$/);
  if (abs) s = abs[1];
  let failed = null;
  s = s.replace(/\$\{([^}]+)\}/g, (all, inner) => {
    if (inner === 'path.root' || inner === 'path.module') return path.resolve(rootDir);
    const l = inner.match(/^local\.(\w+)$/);
    if (l && typeof locals[l[1]] === 'string') {
      const r = resolvePath(locals[l[1]], rootDir, locals, depth + 1);
      if (r.error) failed = r.error;
      return r.path ?? '';
    }
    failed = `cannot resolve ${all} in ${expr}`;
    return '';
  });
  if (failed) return { error: failed };
  return { path: path.resolve(rootDir, s) };
}

/** Java or JS source without comments (string literals kept intact, so "https://x" survives). */
export function stripComments(src) {
  let out = '';
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    const next = src[i + 1];
    if (c === '/' && next === '/') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = src.indexOf('*/', i + 2);
      i = end < 0 ? src.length : end + 2;
      out += ' ';
    } else if (c === '"' && src.startsWith('"""', i)) {
      const end = src.indexOf('"""', i + 3);
      const stop = end < 0 ? src.length : end + 3;
      out += src.slice(i, stop);
      i = stop;
    } else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < src.length && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      out += src.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Env var names the Java code reads: System.getenv("X"), or through constants. */
export function javaEnvNames(javaDir) {
  const names = new Map();
  const constants = new Map();
  const files = walkFiles(javaDir, ['.java']);
  const sources = files.map((f) => [f, stripComments(fs.readFileSync(f, 'utf8'))]);
  for (const [, src] of sources) {
    for (const m of src.matchAll(/static\s+final\s+String\s+([A-Z][A-Z0-9_]*)\s*=\s*"([^"]*)"/g))
      constants.set(m[1], m[2]);
  }
  const add = (name, file) => {
    if (!names.has(name)) names.set(name, []);
    names.get(name).push(path.basename(file));
  };
  for (const [file, src] of sources) {
    for (const m of src.matchAll(/getenv\(\s*"([^"]+)"\s*\)/g)) add(m[1], file);
    for (const m of src.matchAll(/getenv\(\s*(?:\w+\.)?([A-Z][A-Z0-9_]*)\s*\)/g))
      if (constants.has(m[1])) add(constants.get(m[1]), file);
    for (const m of src.matchAll(/getenv\(\)\.(?:get|getOrDefault|containsKey)\(\s*"([^"]+)"/g)) add(m[1], file);
  }
  return names;
}

/** String literals of a source tree (Java, JS): the names the code can possibly read. */
export function stringLiterals(dir, exts = ['.java', '.js', '.mjs', '.ts']) {
  const out = new Set();
  for (const f of walkFiles(dir, exts)) {
    for (const m of stripComments(fs.readFileSync(f, 'utf8')).matchAll(/"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'/g))
      out.add(m[1] ?? m[2]);
  }
  return out;
}

function classFile(repoDir, className) {
  return path.join(repoDir, 'functions/src/main/java', ...className.split('.')) + '.java';
}

export function checkEntryPoints(facts, repoDir) {
  const problems = [];
  if (facts.functions.length === 0) problems.push('no functions found in local.functions of modules/gcp-functions');
  for (const f of facts.functions) {
    const file = classFile(repoDir, f.entryPoint ?? '');
    if (!f.entryPoint || !fs.existsSync(file)) {
      problems.push(
        `function ${f.name}: entry_point ${f.entryPoint} has no source file ${path.relative(repoDir, file)}`,
      );
      continue;
    }
    const src = fs.readFileSync(file, 'utf8');
    const simple = f.entryPoint.split('.').pop();
    const pkg = f.entryPoint.split('.').slice(0, -1).join('.');
    if (!new RegExp(`package\\s+${pkg.replace(/\./g, '\\.')}\\s*;`).test(src))
      problems.push(`function ${f.name}: ${path.basename(file)} is not in package ${pkg}`);
    const decl = src.match(new RegExp(`public\\s+(?:final\\s+)?class\\s+${simple}\\b([^{]*)\\{`));
    if (!decl) {
      problems.push(`function ${f.name}: ${path.basename(file)} declares no public class ${simple}`);
      continue;
    }
    const want = f.topic ? 'CloudEventsFunction' : 'HttpFunction';
    if (!new RegExp(`implements[^{]*\\b${want}\\b`).test(decl[1])) {
      problems.push(
        `function ${f.name}: ${simple} must implement ${want} (${f.topic ? `triggered by topic role ${f.topic}` : 'HTTP'})`,
      );
    }
  }
  return problems;
}

export function checkEnvNames(facts, repoDir) {
  const problems = [];
  const javaDir = path.join(repoDir, 'functions/src/main/java');
  const read = javaEnvNames(javaDir);
  if (read.size === 0)
    return [`no System.getenv("...") found under ${path.relative(repoDir, javaDir)}: cannot compare env var names`];
  const tf = facts.envNames;
  for (const [name, files] of read) {
    if (LOCAL_ONLY_ENV.has(name) || PLATFORM_ENV.has(name)) continue;
    if (!tf.has(name))
      problems.push(`env var ${name} is read by ${[...new Set(files)].join(', ')} but Terraform does not set it`);
  }
  for (const name of tf) {
    if (!read.has(name) && !LIBRARY_ENV.has(name))
      problems.push(`Terraform sets env var ${name} but no Java code under functions/ reads it`);
    if (LOCAL_ONLY_ENV.has(name)) problems.push(`env var ${name} is local-only and must not be set in Terraform`);
    if (SECRET_LOOKING.test(name) && !facts.secretEnv.has(name))
      problems.push(`env var ${name} looks secret but is set as plain text; use secret_environment_variables`);
  }
  for (const name of facts.secretEnv.keys()) {
    if (!tf.has(name)) problems.push(`secret env ${name} missing from the env names`);
  }
  return problems;
}

export function checkTopics(facts, repoDir) {
  const problems = [];
  const literals = new Set([
    ...stringLiterals(path.join(repoDir, 'functions/src/main/java')),
    ...stringLiterals(path.join(repoDir, 'emulator')),
  ]);
  if (facts.topics.length === 0) problems.push('no topics in local.topics of modules/gcp-platform');
  for (const t of facts.topics) {
    if (!literals.has(t)) problems.push(`topic ${t} is named nowhere in functions/ or emulator/ sources`);
  }
  for (const type of facts.tickTypes ?? []) {
    if (typeof type !== 'string') problems.push('the Cloud Scheduler job sets no literal ce-type attribute');
    else if (!literals.has(type))
      problems.push(`the scheduler tick type ${type} is named nowhere in functions/ or emulator/ sources`);
  }
  return problems;
}

/** PostgreSQL major of embedded-postgres binaries in emulator/cloud/pom.xml. */
export function embeddedPostgresMajor(repoDir) {
  const pom = path.join(repoDir, 'emulator/cloud/pom.xml');
  if (!fs.existsSync(pom)) return { error: 'emulator/cloud/pom.xml not found' };
  const xml = fs.readFileSync(pom, 'utf8');
  const prop = xml.match(/<postgres-binaries\.version>\s*(\d+)\.[\d.]+\s*<\/postgres-binaries\.version>/);
  if (prop) return { major: Number(prop[1]) };
  const dep = xml.match(/<artifactId>embedded-postgres-binaries[\w-]*<\/artifactId>\s*<version>\s*(\d+)\./);
  if (dep) return { major: Number(dep[1]) };
  return { error: 'emulator/cloud/pom.xml pins no embedded-postgres-binaries version (postgres-binaries.version)' };
}

export function checkPostgres(facts, repoDir) {
  const { major, error } = embeddedPostgresMajor(repoDir);
  if (error) return [error];
  if (facts.databaseVersions.length === 0) return ['no google_sql_database_instance in modules/gcp-platform'];
  return facts.databaseVersions
    .filter((v) => v !== `POSTGRES_${major}`)
    .map(
      (v) =>
        `Cloud SQL database_version ${v} differs from the embedded PostgreSQL ${major} of emulator/cloud/pom.xml (want POSTGRES_${major})`,
    );
}

export function checkRuntime(facts, repoDir) {
  const pom = fs.readFileSync(path.join(repoDir, 'pom.xml'), 'utf8');
  const release = Number(pom.match(/<maven\.compiler\.release>(\d+)</)?.[1]);
  const m = String(facts.runtimeDefault).match(/^java(\d+)$/);
  if (!m) return [`runtime default ${facts.runtimeDefault} is not javaNN`];
  if (Number(m[1]) < release)
    return [`runtime ${facts.runtimeDefault} is older than maven.compiler.release ${release}`];
  return [];
}

const ORDERS = new Set(['ASCENDING', 'DESCENDING']);
const SCOPES = new Set(['COLLECTION', 'COLLECTION_GROUP']);

/** firestore.indexes.json in the shape the gcp-platform module maps onto google_firestore_index. */
export function indexProblems(json) {
  const problems = [];
  if (!Array.isArray(json.indexes)) return ['firestore.indexes.json has no "indexes" array'];
  json.indexes.forEach((idx, i) => {
    const where = `indexes[${i}]`;
    if (typeof idx.collectionGroup !== 'string') problems.push(`${where}: collectionGroup missing`);
    if (idx.queryScope !== undefined && !SCOPES.has(idx.queryScope))
      problems.push(`${where}: queryScope ${idx.queryScope}`);
    if (!Array.isArray(idx.fields) || idx.fields.length < 2)
      problems.push(`${where}: a composite index needs at least 2 fields`);
    for (const [j, f] of (idx.fields ?? []).entries()) {
      const has = ['order', 'arrayConfig', 'vectorConfig'].filter((k) => k in f);
      if (typeof f.fieldPath !== 'string') problems.push(`${where}.fields[${j}]: fieldPath missing`);
      if (has.length !== 1)
        problems.push(
          `${where}.fields[${j}]: needs exactly one of order / arrayConfig (has ${has.join(', ') || 'none'})`,
        );
      if ('order' in f && !ORDERS.has(f.order)) problems.push(`${where}.fields[${j}]: order ${f.order}`);
      if ('arrayConfig' in f && f.arrayConfig !== 'CONTAINS')
        problems.push(`${where}.fields[${j}]: arrayConfig ${f.arrayConfig}`);
      if ('vectorConfig' in f)
        problems.push(`${where}.fields[${j}]: vectorConfig is not mapped by modules/gcp-platform`);
    }
  });
  if (json.fieldOverrides !== undefined && !Array.isArray(json.fieldOverrides))
    problems.push('fieldOverrides must be an array');
  (Array.isArray(json.fieldOverrides) ? json.fieldOverrides : []).forEach((fo, i) => {
    const where = `fieldOverrides[${i}]`;
    if (typeof fo.collectionGroup !== 'string') problems.push(`${where}: collectionGroup missing`);
    if (typeof fo.fieldPath !== 'string') problems.push(`${where}: fieldPath missing`);
    if (fo.ttl !== undefined && typeof fo.ttl !== 'boolean') problems.push(`${where}: ttl must be true or false`);
    if (!Array.isArray(fo.indexes ?? [])) problems.push(`${where}: indexes must be an array`);
    for (const [j, ix] of (Array.isArray(fo.indexes) ? fo.indexes : []).entries()) {
      const has = ['order', 'arrayConfig'].filter((k) => k in ix);
      if (has.length !== 1) problems.push(`${where}.indexes[${j}]: needs exactly one of order / arrayConfig`);
      if ('order' in ix && !ORDERS.has(ix.order)) problems.push(`${where}.indexes[${j}]: order ${ix.order}`);
      if ('arrayConfig' in ix && ix.arrayConfig !== 'CONTAINS')
        problems.push(`${where}.indexes[${j}]: arrayConfig ${ix.arrayConfig}`);
      if (ix.queryScope !== undefined && !SCOPES.has(ix.queryScope))
        problems.push(`${where}.indexes[${j}]: queryScope ${ix.queryScope}`);
    }
  });
  return problems;
}

export function checkFirestore(facts, repoDir) {
  const problems = [];
  for (const root of facts.roots) {
    const name = path.basename(root.dir);
    for (const [what, r] of [
      ['firestore_rules_path', root.rulesPath],
      ['firestore_indexes_path', root.indexesPath],
    ]) {
      if (!r || r.error) {
        problems.push(`${name}: ${what}: ${r?.error ?? 'not set'}`);
        continue;
      }
      const want = path.join(
        repoDir,
        'firestore-rules',
        what === 'firestore_rules_path' ? 'firestore.rules' : 'firestore.indexes.json',
      );
      if (r.path !== want) problems.push(`${name}: ${what} resolves to ${r.path}, want ${want}`);
      else if (!fs.existsSync(want)) problems.push(`${name}: ${path.relative(repoDir, want)} does not exist (yet)`);
    }
  }
  const indexes = path.join(repoDir, 'firestore-rules/firestore.indexes.json');
  if (fs.existsSync(indexes)) {
    let json;
    try {
      json = JSON.parse(fs.readFileSync(indexes, 'utf8'));
    } catch (e) {
      return [...problems, `firestore.indexes.json is not JSON: ${e.message}`];
    }
    problems.push(...indexProblems(json));
  }
  const rules = path.join(repoDir, 'firestore-rules/firestore.rules');
  if (fs.existsSync(rules) && !/rules_version\s*=\s*['"]2['"]/.test(fs.readFileSync(rules, 'utf8'))) {
    problems.push("firestore.rules does not declare rules_version = '2'");
  }
  return problems;
}

export function readWrangler(repoDir) {
  const file = path.join(repoDir, 'edge-worker/wrangler.toml');
  if (!fs.existsSync(file)) return { error: 'edge-worker/wrangler.toml does not exist (yet)' };
  try {
    return { toml: parseToml(fs.readFileSync(file, 'utf8')), file };
  } catch (e) {
    return { error: `edge-worker/wrangler.toml: ${e.message}` };
  }
}

export function checkWorker(facts, repoDir) {
  const { toml, error } = readWrangler(repoDir);
  if (error) return [error];
  const problems = [];
  const tfKv = new Set(facts.workerBindings.filter((b) => b.type === 'kv_namespace').map((b) => b.name));
  const tfSecrets = new Set(facts.workerBindings.filter((b) => b.type === 'secret_text').map((b) => b.name));
  const tfVars = new Map(Object.entries(facts.workerVars));
  for (const b of facts.workerBindings.filter((x) => x.type === 'plain_text')) tfVars.set(b.name, null);

  const bindingTypes =
    loadProvider('cloudflare')
      .resources.get('cloudflare_workers_script')
      .arguments.attributes.get('bindings')
      .nested.attributes.get('type').values ?? [];
  for (const b of facts.workerBindings) {
    if (!bindingTypes.includes(b.type))
      problems.push(`Worker binding ${b.name}: type "${b.type}" is not a cloudflare_workers_script binding type`);
  }
  const wrKv = new Set((toml.kv_namespaces ?? []).map((k) => k.binding));
  for (const k of wrKv) if (!tfKv.has(k)) problems.push(`wrangler.toml binds KV ${k}; Terraform does not`);
  for (const k of tfKv) if (!wrKv.has(k)) problems.push(`Terraform binds KV ${k}; wrangler.toml does not`);

  const wrVars = toml.vars ?? {};
  for (const [k, v] of Object.entries(wrVars)) {
    if (tfSecrets.has(k))
      problems.push(`wrangler.toml [vars] holds ${k}, which is a secret (wrangler secret put / secret_text)`);
    else if (!tfVars.has(k))
      problems.push(`wrangler.toml var ${k} is not set by Terraform (cloudflare-edge worker_vars)`);
    else if (tfVars.get(k) !== null && String(tfVars.get(k)) !== String(v))
      problems.push(
        `var ${k}: Terraform default ${JSON.stringify(tfVars.get(k))}, wrangler.toml ${JSON.stringify(String(v))}`,
      );
  }
  for (const k of Object.keys(facts.workerVars))
    if (!(k in wrVars)) problems.push(`Terraform worker var ${k} is not in wrangler.toml [vars]`);

  const literals = stringLiterals(path.join(repoDir, 'edge-worker/src'));
  const tfDo = facts.workerBindings.filter((x) => x.type === 'durable_object_namespace').map((x) => x.name);
  for (const name of [...tfKv, ...tfSecrets, ...tfVars.keys(), ...tfDo]) {
    if (!literals.has(name))
      problems.push(`Worker binding ${name} is set by Terraform but never named in edge-worker/src`);
  }
  problems.push(...checkDurableObjects(facts, toml, repoDir));
  if (toml.compatibility_date && String(toml.compatibility_date) !== String(facts.compatibilityDate)) {
    problems.push(`compatibility_date: Terraform ${facts.compatibilityDate}, wrangler.toml ${toml.compatibility_date}`);
  }
  if (toml.name !== undefined && toml.name !== facts.scriptName)
    problems.push(`Worker name: Terraform ${facts.scriptName}, wrangler.toml ${toml.name}`);
  if (toml.workers_dev !== undefined && toml.workers_dev !== facts.workersDev)
    problems.push(`workers_dev: Terraform ${facts.workersDev}, wrangler.toml ${toml.workers_dev}`);
  if (JSON.stringify(toml.compatibility_flags ?? []) !== '[]')
    problems.push(
      `wrangler.toml sets compatibility_flags ${JSON.stringify(toml.compatibility_flags)}; the Worker resource sets none`,
    );
  if (!toml.main) problems.push('wrangler.toml has no main');
  // The roots deploy the esbuild bundle of wrangler's main (scripts/bundle-worker.mjs).
  const bundle = path.join(repoDir, 'terraform/build/worker.mjs');
  for (const root of facts.roots) {
    const r = root.bundlePath;
    if (!r || r.error) problems.push(`${path.basename(root.dir)}: worker_bundle_path: ${r?.error ?? 'not set'}`);
    else if (r.path !== bundle)
      problems.push(
        `${path.basename(root.dir)}: worker_bundle_path ${path.relative(repoDir, r.path)} is not the bundle of wrangler.toml main (terraform/build/worker.mjs)`,
      );
  }
  return problems;
}

/**
 * Durable Objects (docs/live-field.md: HUB → FieldHub): the bindings of wrangler.toml [[durable_objects.bindings]]
 * and Terraform's durable_object_namespace bindings name the same classes; wrangler's [[migrations]] end at the
 * tag Terraform's migration sets and create the same classes, on the same backend (new_sqlite_classes or
 * new_classes); each bound class is created by the migration and exported by the Worker's JS entry.
 */
export function checkDurableObjects(facts, toml, repoDir) {
  const problems = [];
  const tf = new Map(
    facts.workerBindings.filter((b) => b.type === 'durable_object_namespace').map((b) => [b.name, b.className]),
  );
  const wr = new Map();
  for (const b of toml.durable_objects?.bindings ?? []) {
    if (b.script_name)
      problems.push(
        `wrangler.toml Durable Object ${b.name} names script ${b.script_name}; Terraform binds classes of this script only`,
      );
    wr.set(b.name, b.class_name);
  }
  for (const [name, cls] of wr) {
    if (!tf.has(name)) problems.push(`wrangler.toml binds Durable Object ${name} (${cls}); Terraform does not`);
    else if (tf.get(name) !== cls)
      problems.push(`Durable Object ${name}: Terraform class_name ${tf.get(name)}, wrangler.toml ${cls}`);
  }
  for (const [name, cls] of tf)
    if (!wr.has(name)) problems.push(`Terraform binds Durable Object ${name} (${cls}); wrangler.toml does not`);

  const migrations = toml.migrations ?? [];
  const created = (m, key) => [...(m?.[key] ?? []), ...(m?.steps ?? []).flatMap((s) => s[key] ?? [])];
  const wrCreated = {
    new_classes: migrations.flatMap((m) => m.new_classes ?? []),
    new_sqlite_classes: migrations.flatMap((m) => m.new_sqlite_classes ?? []),
  };
  const tfm = facts.doMigration;
  if (tfm?.unreadable)
    problems.push(
      `cloudflare_workers_script migrations = ${tfm.unreadable}: write it as local.do_migration so the check can read it`,
    );
  else if (!tfm && (migrations.length || tf.size))
    problems.push('the Worker resource uploads no Durable Object migration (migrations = local.do_migration)');
  else if (tfm) {
    const lastTag = migrations.length ? migrations[migrations.length - 1].tag : undefined;
    if (tfm.new_tag !== lastTag)
      problems.push(
        `Durable Object migration tag: Terraform ${tfm.new_tag}, wrangler.toml's last [[migrations]] ${lastTag ?? '(none)'}`,
      );
    for (const key of ['new_classes', 'new_sqlite_classes']) {
      const a = [...created(tfm, key)].sort();
      const b = [...wrCreated[key]].sort();
      if (JSON.stringify(a) !== JSON.stringify(b))
        problems.push(
          `Durable Object migration ${key}: Terraform ${JSON.stringify(a)}, wrangler.toml ${JSON.stringify(b)}`,
        );
    }
    for (const key of ['deleted_classes', 'renamed_classes', 'transferred_classes']) {
      if (migrations.some((m) => m[key]?.length) || created(tfm, key).length)
        problems.push(`Durable Object migration ${key}: not compared by this check yet; extend checkDurableObjects`);
    }
  }
  const made = new Set([...created(tfm, 'new_classes'), ...created(tfm, 'new_sqlite_classes')]);
  const jsDir = path.join(repoDir, 'edge-worker/src/main/js');
  const js = walkFiles(jsDir, ['.js', '.mjs'])
    .map((f) => stripComments(fs.readFileSync(f, 'utf8')))
    .join('\n');
  for (const [name, cls] of tf) {
    if (!made.has(cls))
      problems.push(`Durable Object ${name}: class ${cls} is created by no migration of the Worker resource`);
    const exported = new RegExp(`export\\s+class\\s+${cls}\\b|export\\s*\\{[^}]*\\b${cls}\\b[^}]*\\}`).test(js);
    if (!exported)
      problems.push(
        `Durable Object ${name}: class ${cls} is not exported by the Worker's entry (edge-worker/src/main/js)`,
      );
  }
  return problems;
}

export async function crossCheck(tfDir, repoDir) {
  tfDir = path.resolve(tfDir);
  repoDir = path.resolve(repoDir);
  const facts = await terraformFacts(tfDir);
  if (facts.problems.length) return facts.problems.map((p) => `${p.file}: ${p.message}`);
  return [
    ...checkEntryPoints(facts, repoDir),
    ...checkEnvNames(facts, repoDir),
    ...checkEnvPerFunction(facts, repoDir),
    ...checkTopics(facts, repoDir),
    ...checkPostgres(facts, repoDir),
    ...checkRuntime(facts, repoDir),
    ...checkFirestore(facts, repoDir),
    ...checkWorker(facts, repoDir),
    ...checkArtifacts(facts, repoDir),
    ...(await productionChecks(tfDir, repoDir, facts.loaded)),
  ];
}

/**
 * Per function: the env names its code can reach (classes reachable from the entry point by name,
 * their calls into the config class, the getenv names of those methods) against what Terraform gives
 * that function. Every reachable name must be set; every secret given must be reachable.
 */
export function checkEnvPerFunction(facts, repoDir) {
  const javaDir = path.join(repoDir, 'functions/src/main/java');
  const classes = new Map();
  for (const file of walkFiles(javaDir, ['.java']))
    classes.set(path.basename(file, '.java'), stripComments(fs.readFileSync(file, 'utf8')));
  // Methods of classes that read the environment: name -> env names read in the method body.
  const readers = new Map();
  for (const [cls, src] of classes) {
    if (!src.includes('getenv(')) continue;
    const methods = new Map();
    const decls = [...src.matchAll(/\b([a-z]\w*)\s*\([^()]*\)\s*(?:throws [\w., ]+)?\{/g)].filter(
      (m) => !['if', 'for', 'while', 'switch', 'catch', 'synchronized'].includes(m[1]),
    );
    decls.forEach((m, i) => {
      const body = src.slice(m.index, decls[i + 1]?.index ?? src.length);
      const names = [...body.matchAll(/getenv\(\s*"([^"]+)"\s*\)/g)].map((x) => x[1]);
      methods.set(m[1], new Set([...(methods.get(m[1]) ?? []), ...names]));
    });
    readers.set(cls, methods);
  }
  const problems = [];
  for (const f of facts.functions) {
    const start = f.entryPoint?.split('.').pop();
    if (!classes.has(start)) continue;
    const seen = new Set([start]);
    const queue = [start];
    while (queue.length) {
      const src = classes.get(queue.shift());
      for (const [, word] of src.matchAll(/\b([A-Z]\w*)\b/g)) {
        if (classes.has(word) && !seen.has(word)) {
          seen.add(word);
          queue.push(word);
        }
      }
    }
    const needed = new Set();
    for (const cls of seen) {
      for (const [reader, methods] of readers) {
        if (cls === reader) continue;
        const calls = classes.get(cls).matchAll(new RegExp(`\\b${reader}\\.([a-z]\\w*)\\s*\\(`, 'g'));
        for (const [, m] of calls) for (const n of methods.get(m) ?? []) needed.add(n);
      }
    }
    const given = facts.envByFunction.get(f.name);
    if (!given) {
      problems.push(`function ${f.name}: cannot tell which env vars Terraform gives it`);
      continue;
    }
    for (const n of needed) {
      if (!LOCAL_ONLY_ENV.has(n) && !PLATFORM_ENV.has(n) && !given.plain.has(n) && !given.secrets.has(n)) {
        problems.push(
          `function ${f.name} can read ${n} (through ${start}) but Terraform does not give it to ${f.name}`,
        );
      }
    }
    for (const n of given.secrets) {
      if (!needed.has(n))
        problems.push(`function ${f.name} is given secret ${n} but its code never reads it (least privilege)`);
    }
  }
  return problems;
}
