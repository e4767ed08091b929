// The offline stand-in for `terraform validate`: provider schemas, variables,
// locals, references, module calls and provider pins, per module directory.
import fs from 'node:fs';
import path from 'node:path';
import { tfFiles, parseFile, parseHcl, formatProblem, references, strings, syntaxFacts } from './hcl.mjs';
import { loadProvider, providerOf, PROVIDER_PACKAGES } from './schema.mjs';

const META_ARGUMENTS = new Set([
  'count',
  'for_each',
  'depends_on',
  'provider',
  'lifecycle',
  'connection',
  'provisioner',
]);
const LIFECYCLE = new Set([
  'create_before_destroy',
  'prevent_destroy',
  'ignore_changes',
  'replace_triggered_by',
  'precondition',
  'postcondition',
]);
const MODULE_META = new Set(['source', 'version', 'providers', 'count', 'for_each', 'depends_on']);
const NON_RESOURCE_ROOTS = new Set(['var', 'local', 'module', 'data', 'each', 'count', 'self', 'path', 'terraform']);

/** Loads every .tf of one directory: {dir, files: [{file, json, src, facts}], problems}. */
export async function loadModule(dir) {
  const mod = { dir, files: [], problems: [] };
  for (const file of tfFiles(dir)) {
    const parsed = await parseFile(file);
    if (parsed.error) {
      mod.problems.push({ file, message: `HCL parse error: ${parsed.error}` });
      continue;
    }
    mod.files.push({ file, json: parsed.json, src: parsed.src, facts: syntaxFacts(parsed.src) });
  }
  return mod;
}

/** Top-level blocks of one kind across the module's files: [{file, key, body}] (key is "name" or "type.name"). */
export function blocks(mod, kind) {
  const out = [];
  for (const f of mod.files) {
    const section = f.json[kind];
    if (!section) continue;
    if (kind === 'resource' || kind === 'data' || kind === 'ephemeral') {
      for (const [type, byName] of Object.entries(section)) {
        for (const [name, bodies] of Object.entries(byName)) {
          for (const body of bodies)
            out.push({ file: f.file, facts: f.facts, type, name, key: `${type}.${name}`, body });
        }
      }
    } else if (kind === 'locals') {
      for (const body of section) out.push({ file: f.file, body });
    } else if (kind === 'terraform') {
      for (const body of section) out.push({ file: f.file, body });
    } else {
      for (const [name, bodies] of Object.entries(section)) {
        for (const body of bodies) out.push({ file: f.file, facts: f.facts, name, key: name, body });
      }
    }
  }
  return out;
}

export async function checkFormat(mod) {
  const problems = [];
  for (const f of mod.files) {
    const p = await formatProblem(f.file);
    if (p) problems.push({ file: f.file, message: `not formatted as terraform fmt would: ${p}` });
  }
  return problems;
}

function isObject(v) {
  return v && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Checks one body against one object schema. `where` names the block for
 * messages; `factKey` is the syntax-facts path of the body.
 */
function checkBody(body, schema, where, file, facts, factKey, problems, { topLevel = false } = {}) {
  const present = new Set();
  for (const [name, value] of Object.entries(body)) {
    if (topLevel && META_ARGUMENTS.has(name)) {
      if (name === 'lifecycle') {
        for (const lc of [].concat(value)) {
          for (const k of Object.keys(lc)) {
            if (!LIFECYCLE.has(k)) problems.push({ file, message: `${where}: lifecycle has no argument "${k}"` });
          }
        }
      }
      continue;
    }
    if (name === 'dynamic') {
      for (const [blockName, dyns] of Object.entries(value)) {
        const entry = schema.attributes.get(blockName);
        if (!entry) {
          problems.push({ file, message: `${where}: no block type "${blockName}" (used in dynamic)` });
          continue;
        }
        if (entry.kind !== 'block') {
          problems.push({
            file,
            message: `${where}: "${blockName}" is ${entry.kind === 'nested' ? 'a nested attribute' : 'an argument'}, not a block; dynamic cannot generate it`,
          });
          continue;
        }
        present.add(blockName);
        for (const dyn of dyns) {
          for (const k of Object.keys(dyn)) {
            if (!['for_each', 'iterator', 'labels', 'content'].includes(k))
              problems.push({ file, message: `${where}: dynamic "${blockName}" has no argument "${k}"` });
          }
          if (!dyn.for_each) problems.push({ file, message: `${where}: dynamic "${blockName}" needs for_each` });
          for (const content of [].concat(dyn.content ?? [])) {
            checkBody(content, entry.nested, `${where}.${blockName}`, file, facts, `${factKey}/${blockName}`, problems);
          }
        }
      }
      continue;
    }
    const entry = schema.attributes.get(name);
    const fact = facts?.get(`${factKey}/${name}`);
    const line = fact ? ` (line ${fact.line})` : '';
    if (!entry) {
      const near = closest(name, [...schema.attributes.keys()]);
      problems.push({
        file,
        message: `${where}: unsupported argument or block "${name}"${line}${near ? `; did you mean "${near}"?` : ''}`,
      });
      continue;
    }
    present.add(name);
    if (entry.kind === 'block') {
      if (fact && fact.kind !== 'block') {
        problems.push({
          file,
          message: `${where}: "${name}" is a block; write ${name} { ... }, not ${name} = ...${line}`,
        });
        continue;
      }
      if (!Array.isArray(value) || !value.every(isObject)) {
        problems.push({ file, message: `${where}: "${name}" is a block${line}` });
        continue;
      }
      if (!entry.many && value.length > 1)
        problems.push({ file, message: `${where}: at most one "${name}" block${line}` });
      value.forEach((b) => checkBody(b, entry.nested, `${where}.${name}`, file, facts, `${factKey}/${name}`, problems));
    } else if (entry.kind === 'nested') {
      if (fact && fact.kind === 'block') {
        problems.push({
          file,
          message: `${where}: "${name}" is an attribute in this provider; write ${name} = ${entry.many ? '[{ ... }]' : '{ ... }'}, not a block${line}`,
        });
        continue;
      }
      const items = Array.isArray(value) ? value : [value];
      for (const item of items) {
        if (isObject(item)) checkBody(item, entry.nested, `${where}.${name}`, file, null, null, problems);
      }
    } else if (fact && fact.kind === 'block') {
      problems.push({ file, message: `${where}: "${name}" is an argument; write ${name} = ..., not a block${line}` });
    } else if (entry.values) {
      for (const v of enumLiterals(value)) {
        if (!entry.values.includes(v))
          problems.push({
            file,
            message: `${where}: ${name} = "${v}" is not one of ${entry.values.map((x) => `"${x}"`).join(', ')}${line}`,
          });
      }
    }
  }
  for (const entry of schema.attributes.values()) {
    if (entry.required && !present.has(entry.name)) {
      problems.push({
        file,
        message: `${where}: missing required ${entry.kind === 'block' ? 'block' : 'argument'} "${entry.name}"`,
      });
    }
  }
}

/** Literal strings an argument can take: the value itself, or the quoted literals of a conditional expression. */
function enumLiterals(value) {
  if (typeof value !== 'string') return [];
  if (!value.includes('${')) return [value];
  return [...value.matchAll(/"([A-Za-z][\w.-]*)"/g)].map((m) => m[1]).filter((v) => !/^\$\{/.test(v));
}

function closest(name, candidates) {
  let best = null;
  let bestD = 3;
  for (const c of candidates) {
    const d = distance(name, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

function distance(a, b) {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) dp[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      dp[i][j] = Math.min(dp[i - 1][j] + 1, dp[i][j - 1] + 1, dp[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return dp[a.length][b.length];
}

// Terraform's built-in provider (terraform.io/builtin/terraform) ships no npm schema; it is tiny.
const BUILTIN = new Map([
  [
    'terraform_data',
    {
      type: 'terraform_data',
      arguments: {
        attributes: new Map([
          ['input', { name: 'input', required: false, kind: 'attribute', many: false }],
          ['triggers_replace', { name: 'triggers_replace', required: false, kind: 'attribute', many: false }],
        ]),
      },
      readable: new Set(['id', 'input', 'output', 'triggers_replace']),
    },
  ],
]);

// Ephemeral resources (Terraform >= 1.10): the cdktf packages carry no schema for them, so the few this tree
// may use are written out from the provider docs (hashicorp/random 3.7.x ephemeral random_password).
const EPHEMERAL = new Map([
  [
    'random_password',
    {
      type: 'random_password',
      arguments: {
        attributes: new Map(
          [
            'length',
            'special',
            'upper',
            'lower',
            'numeric',
            'min_lower',
            'min_upper',
            'min_numeric',
            'min_special',
            'override_special',
          ].map((n) => [n, { name: n, required: n === 'length', kind: 'attribute', many: false }]),
        ),
      },
      readable: new Set(['result', 'bcrypt_hash', 'length', 'special', 'upper', 'lower', 'numeric']),
    },
  ],
]);

function schemaFor(kind, type) {
  if (kind === 'ephemeral') {
    return EPHEMERAL.has(type)
      ? { entry: EPHEMERAL.get(type) }
      : {
          error: `ephemeral resource type "${type}" is not one this checker knows (${[...EPHEMERAL.keys()].join(', ')})`,
        };
  }
  if (kind === 'resource' && BUILTIN.has(type)) return { entry: BUILTIN.get(type) };
  const local = providerOf(type);
  if (!PROVIDER_PACKAGES[local])
    return {
      error: `no provider schema for "${type}" (provider "${local}" is not one of ${Object.keys(PROVIDER_PACKAGES).join(', ')})`,
    };
  const provider = loadProvider(local);
  const entry = (kind === 'resource' ? provider.resources : provider.dataSources).get(type);
  if (!entry) {
    const near = closest(type, [...(kind === 'resource' ? provider.resources : provider.dataSources).keys()]);
    return {
      error: `${kind === 'resource' ? 'resource' : 'data source'} type "${type}" does not exist in ${provider.source} ${provider.version}${near ? `; did you mean "${near}"?` : ''}`,
    };
  }
  return { entry, provider };
}

/** Resource, data source and provider blocks against the provider schemas. */
export function checkSchemas(mod) {
  const problems = [];
  for (const kind of ['resource', 'data', 'ephemeral']) {
    for (const b of blocks(mod, kind)) {
      const { entry, error } = schemaFor(kind, b.type);
      if (error) {
        problems.push({ file: b.file, message: error });
        continue;
      }
      const label = kind === 'resource' ? b.key : `${kind}.${b.key}`;
      checkBody(b.body, entry.arguments, label, b.file, b.facts, `${kind}.${b.key}`, problems, { topLevel: true });
    }
  }
  for (const b of blocks(mod, 'provider')) {
    if (!PROVIDER_PACKAGES[b.name]) {
      problems.push({ file: b.file, message: `provider "${b.name}" has no schema package` });
      continue;
    }
    const body = { ...b.body };
    delete body.alias;
    checkBody(
      body,
      loadProvider(b.name).provider.arguments,
      `provider.${b.name}`,
      b.file,
      b.facts,
      `provider.${b.name}`,
      problems,
    );
  }
  return problems;
}

function providersUsed(mod) {
  const used = new Set();
  for (const kind of ['resource', 'data', 'ephemeral']) {
    for (const b of blocks(mod, kind)) if (!BUILTIN.has(b.type)) used.add(providerOf(b.type));
  }
  for (const b of blocks(mod, 'provider')) used.add(b.name);
  return used;
}

/**
 * required_providers must name every provider used, with the exact version the
 * schema came from. A root may also pin the providers of the modules it calls.
 */
export async function checkProviderPins(mod, loadChild) {
  const problems = [];
  const used = providersUsed(mod);
  const viaModules = new Set();
  const visit = async (m, depth) => {
    if (depth > 5) return;
    for (const call of blocks(m, 'module')) {
      const child = await loadChild(call, m);
      if (!child) continue;
      for (const p of providersUsed(child)) viaModules.add(p);
      await visit(child, depth + 1);
    }
  };
  await visit(mod, 0);
  const declared = new Map();
  let requiredVersion = null;
  for (const t of blocks(mod, 'terraform')) {
    if (t.body.required_version) requiredVersion = t.body.required_version;
    for (const rp of [].concat(t.body.required_providers ?? [])) {
      for (const [name, spec] of Object.entries(rp)) declared.set(name, { spec, file: t.file });
    }
  }
  const file = path.join(mod.dir, 'versions.tf');
  if (used.size > 0 && !requiredVersion) problems.push({ file, message: 'terraform block has no required_version' });
  for (const name of used) {
    const d = declared.get(name);
    if (!d) {
      problems.push({ file, message: `provider "${name}" is used but not in required_providers` });
      continue;
    }
    if (!PROVIDER_PACKAGES[name]) continue;
    const p = loadProvider(name);
    if (d.spec.source !== p.source)
      problems.push({
        file: d.file,
        message: `provider "${name}": source "${d.spec.source}", the checked schema is "${p.source}"`,
      });
    const v = String(d.spec.version ?? '').replace(/^=\s*/, '');
    if (v !== p.version)
      problems.push({
        file: d.file,
        message: `provider "${name}": version "${d.spec.version ?? ''}" must pin exactly "${p.version}" (the schema in ${p.package}@${p.packageVersion})`,
      });
  }
  for (const name of viaModules) {
    const d = declared.get(name);
    if (!d || !PROVIDER_PACKAGES[name]) continue;
    const p = loadProvider(name);
    const v = String(d.spec.version ?? '').replace(/^=\s*/, '');
    if (v !== p.version)
      problems.push({
        file: d.file,
        message: `provider "${name}": version "${d.spec.version ?? ''}" must pin exactly "${p.version}"`,
      });
  }
  for (const name of declared.keys()) {
    if (!used.has(name) && !viaModules.has(name))
      problems.push({ file: declared.get(name).file, message: `required provider "${name}" is declared but unused` });
  }
  return problems;
}

/** Declared names of one module: variables, locals, outputs, resources, data sources, module calls. */
export function declarations(mod) {
  const locals = new Set();
  for (const l of blocks(mod, 'locals')) for (const k of Object.keys(l.body)) locals.add(k);
  return {
    variables: new Map(blocks(mod, 'variable').map((b) => [b.name, b])),
    outputs: new Map(blocks(mod, 'output').map((b) => [b.name, b])),
    locals,
    resources: new Map(blocks(mod, 'resource').map((b) => [b.key, b])),
    data: new Map(blocks(mod, 'data').map((b) => [b.key, b])),
    ephemeral: new Map(blocks(mod, 'ephemeral').map((b) => [b.key, b])),
    modules: new Map(blocks(mod, 'module').map((b) => [b.name, b])),
  };
}

/** Where every reference in the module points; [{ref, file, inVariable}] */
async function allReferences(mod) {
  const out = [];
  for (const f of mod.files) {
    for (const [section, content] of Object.entries(f.json)) {
      if (section === 'variable') {
        for (const [name, bodies] of Object.entries(content)) {
          for (const s of strings(bodies))
            for (const ref of await references(s)) out.push({ ref, file: f.file, inVariable: name });
        }
        continue;
      }
      if (section === 'moved') {
        // `from` names an address that no longer exists, by design; `to` must exist
        for (const body of [content].flat())
          for (const s of strings(body.to ?? []))
            for (const ref of await references(s)) out.push({ ref, file: f.file });
        continue;
      }
      for (const s of strings(content)) for (const ref of await references(s)) out.push({ ref, file: f.file });
    }
  }
  return out;
}

/**
 * Variables declared and used, locals, resources, data sources and module
 * outputs that references point to, resource attributes that exist.
 * `loadChild(dir)` loads a called module (for its variables and outputs).
 */
export async function checkReferences(mod, loadChild) {
  const problems = [];
  const decl = declarations(mod);
  const refs = await allReferences(mod);
  const usedVars = new Set();
  const usedLocals = new Set();
  for (const { ref, file, inVariable } of refs) {
    const parts = ref.split('.');
    const [root, second, third] = parts;
    if (root === 'var') {
      if (!inVariable || inVariable !== second) usedVars.add(second);
      if (!decl.variables.has(second))
        problems.push({ file, message: `reference to undeclared variable var.${second}` });
    } else if (root === 'local') {
      usedLocals.add(second);
      if (!decl.locals.has(second)) problems.push({ file, message: `reference to undeclared local.${second}` });
    } else if (root === 'module') {
      const call = decl.modules.get(second);
      if (!call) {
        problems.push({ file, message: `reference to undeclared module.${second}` });
      } else if (third) {
        const child = await loadChild(call);
        if (child && !declarations(child).outputs.has(third))
          problems.push({ file, message: `module.${second} has no output "${third}"` });
      }
    } else if (root === 'ephemeral') {
      const key = `${second}.${third}`;
      if (!decl.ephemeral.has(key)) problems.push({ file, message: `reference to undeclared ephemeral.${key}` });
      else checkAttributeRef('ephemeral', second, third, parts[3], file, problems);
    } else if (root === 'data') {
      const key = `${second}.${third}`;
      if (!decl.data.has(key)) problems.push({ file, message: `reference to undeclared data.${key}` });
      else checkAttributeRef('data', second, third, parts[3], file, problems);
    } else if (
      !NON_RESOURCE_ROOTS.has(root) &&
      (PROVIDER_PACKAGES[providerOf(root)] || BUILTIN.has(root)) &&
      parts.length >= 2
    ) {
      if (!decl.resources.has(`${root}.${second}`))
        problems.push({ file, message: `reference to undeclared resource ${root}.${second}` });
      else checkAttributeRef('resource', root, second, third, file, problems);
    }
  }
  // Deeper paths (resource.name[..].block[0].attr), read from the expression text, since the parser's
  // traversals stop at a dynamic index such as [each.key].
  for (const f of mod.files) {
    for (const s of strings(f.json)) {
      if (!s.includes('${')) continue;
      for (const m of s.matchAll(/(?<![\w.])((?:google|cloudflare|random)_\w+)\.(\w+)((?:\[[^\]]*\]|\.\w+)*)/g)) {
        if (!decl.resources.has(`${m[1]}.${m[2]}`)) continue;
        checkNestedPath(m[1], m[2], m[3], f.file, problems);
      }
    }
  }
  for (const [name, b] of decl.variables) {
    if (!usedVars.has(name)) problems.push({ file: b.file, message: `variable "${name}" is declared but never used` });
  }
  for (const name of decl.locals) {
    if (!usedLocals.has(name))
      problems.push({ file: path.join(mod.dir, 'locals'), message: `local "${name}" is declared but never used` });
  }
  return problems;
}

function checkNestedPath(type, name, rest, file, problems) {
  const { entry } = schemaFor('resource', type);
  if (!entry?.arguments?.attributes) return;
  const parts = [...rest.matchAll(/\[[^\]]*\]|\.(\w+)/g)].map((m) => m[1] ?? null);
  let schema = entry.arguments;
  let readable = entry.readable;
  let path = `${type}.${name}`;
  let first = true;
  for (const part of parts) {
    if (part === null) continue;
    if (first) {
      first = false;
      if (!readable.has(part)) return; // reported by checkAttributeRef
    } else if (!readable.has(part)) {
      problems.push({ file, message: `${path} has no attribute "${part}"` });
      return;
    }
    const next = schema?.attributes?.get(part);
    path = `${path}.${part}`;
    if (!next?.nested) return;
    schema = next.nested;
    readable = next.nested.readable;
  }
}

function checkAttributeRef(kind, type, name, attr, file, problems) {
  if (!attr || /^"|^\d+$|^\*$/.test(attr)) return;
  const { entry } = schemaFor(kind, type);
  if (entry && !entry.readable.has(attr)) {
    problems.push({
      file,
      message: `${kind === 'resource' ? '' : `${kind}.`}${type}.${name} has no attribute "${attr}"`,
    });
  }
}

/** Module calls: local sources exist, arguments are the child's variables, required ones are given. */
export async function checkModuleCalls(mod, loadChild) {
  const problems = [];
  for (const call of blocks(mod, 'module')) {
    const source = call.body.source;
    if (typeof source !== 'string' || !/^\.\.?\//.test(source)) {
      problems.push({
        file: call.file,
        message: `module "${call.name}": source must be a local path (./ or ../), got ${JSON.stringify(source)}`,
      });
      continue;
    }
    const dir = path.resolve(mod.dir, source);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory() || tfFiles(dir).length === 0) {
      problems.push({
        file: call.file,
        message: `module "${call.name}": source ${source} is not a directory with .tf files`,
      });
      continue;
    }
    const child = await loadChild(call);
    const vars = declarations(child).variables;
    for (const arg of Object.keys(call.body)) {
      if (MODULE_META.has(arg)) continue;
      if (!vars.has(arg))
        problems.push({ file: call.file, message: `module "${call.name}": ${source} has no variable "${arg}"` });
    }
    for (const [name, v] of vars) {
      if (!('default' in v.body) && !(name in call.body))
        problems.push({ file: call.file, message: `module "${call.name}": required variable "${name}" is not set` });
    }
  }
  return problems;
}

// Names of secrets, not their ids or names (secret_ids holds Secret Manager ids).
const SECRET_NAME = /^(?!.*_(?:ids?|names?|versions?|seconds|ms)$).*(?:token|secret|password|api_key)/i;

/** Variables say what they are (description, type) and secret-looking ones are sensitive; outputs are described. */
export function checkInterface(mod) {
  const problems = [];
  for (const v of blocks(mod, 'variable')) {
    if (!v.body.description) problems.push({ file: v.file, message: `variable "${v.name}" has no description` });
    if (!v.body.type) problems.push({ file: v.file, message: `variable "${v.name}" has no type` });
    if (SECRET_NAME.test(v.name) && v.body.sensitive !== true)
      problems.push({ file: v.file, message: `variable "${v.name}" looks secret but is not sensitive = true` });
  }
  for (const o of blocks(mod, 'output')) {
    if (!o.body.description) problems.push({ file: o.file, message: `output "${o.name}" has no description` });
    if (SECRET_NAME.test(o.name) && o.body.sensitive !== true)
      problems.push({ file: o.file, message: `output "${o.name}" looks secret but is not sensitive = true` });
  }
  return problems;
}

/**
 * terraform.tfvars.example of a root: every key is a declared variable, and every variable without a
 * default is either in the example or named as TF_VAR_<name> in it (for secrets kept out of files).
 */
export async function checkTfvarsExample(mod) {
  const file = path.join(mod.dir, 'terraform.tfvars.example');
  if (!fs.existsSync(file)) return [];
  const src = fs.readFileSync(file, 'utf8');
  let json;
  try {
    json = await parseHcl('terraform.tfvars.example', src);
  } catch (e) {
    return [{ file, message: `HCL parse error: ${e.message ?? e}` }];
  }
  const problems = [];
  const vars = declarations(mod).variables;
  for (const k of Object.keys(json))
    if (!vars.has(k)) problems.push({ file, message: `sets "${k}", which the root does not declare` });
  const viaEnv = new Set([...src.matchAll(/TF_VAR_(\w+)/g)].map((m) => m[1]));
  for (const [name, v] of vars) {
    if (!('default' in v.body) && !(name in json) && !viaEnv.has(name))
      problems.push({ file, message: `required variable "${name}" is neither set nor named as TF_VAR_${name}` });
  }
  for (const name of viaEnv)
    if (!vars.has(name)) problems.push({ file, message: `names TF_VAR_${name}, which the root does not declare` });
  return problems;
}

/** Runs every check on every module directory given; returns the problems, each with its dir. */
export async function checkAll(dirs) {
  const loaded = new Map();
  const load = async (dir) => {
    if (!loaded.has(dir)) loaded.set(dir, await loadModule(dir));
    return loaded.get(dir);
  };
  const problems = [];
  for (const dir of dirs) {
    const mod = await load(dir);
    const loadChild = async (call, parent = mod) => {
      if (typeof call.body.source !== 'string') return null;
      const d = path.resolve(parent.dir, call.body.source);
      return fs.existsSync(d) && tfFiles(d).length ? load(d) : null;
    };
    problems.push(...mod.problems);
    if (mod.problems.length) continue;
    problems.push(...(await checkFormat(mod)));
    problems.push(...checkSchemas(mod));
    problems.push(...checkInterface(mod));
    problems.push(...(await checkTfvarsExample(mod)));
    problems.push(...(await checkProviderPins(mod, loadChild)));
    problems.push(...(await checkReferences(mod, loadChild)));
    problems.push(...(await checkModuleCalls(mod, loadChild)));
  }
  return problems;
}

export function describe(problems) {
  return problems.map((p) => `${p.file}: ${p.message}`).join('\n');
}
