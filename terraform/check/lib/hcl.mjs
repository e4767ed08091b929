// Reading Terraform configuration offline: HashiCorp's HCL parser (compiled to
// wasm in @cdktf/hcl2json), its formatter (@cdktf/hcl-tools), and a small
// line scanner that recovers what the JSON form loses: whether a name was
// written as a block (`name { }`) or as an argument (`name = ...`).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { parse, getReferencesInExpression } = require('@cdktf/hcl2json');
const { format } = require('@cdktf/hcl-tools');

export function tfFiles(dir) {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.tf'))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Directories under root (itself included) that hold .tf files. */
export function moduleDirs(root) {
  const out = [];
  const walk = (d) => {
    const entries = fs.readdirSync(d, { withFileTypes: true });
    if (entries.some((e) => e.isFile() && e.name.endsWith('.tf'))) out.push(d);
    for (const e of entries) {
      if (
        e.isDirectory() &&
        !['node_modules', '.terraform', 'check'].includes(e.name) &&
        !e.name.startsWith('target')
      ) {
        walk(path.join(d, e.name));
      }
    }
  };
  walk(root);
  return out.sort();
}

/** Parses HCL text (throws with line and column on bad syntax). */
export async function parseHcl(name, src) {
  return parse(name, src);
}

/** Parses one file; returns {json} or {error} (the parser's message, with line and column). */
export async function parseFile(file) {
  const src = fs.readFileSync(file, 'utf8');
  try {
    return { json: await parse(path.basename(file), src), src };
  } catch (e) {
    return { error: String(e.message ?? e), src };
  }
}

/** `terraform fmt -check` for one file: null if formatted, else a short diff hint. */
export async function formatProblem(file) {
  const src = fs.readFileSync(file, 'utf8');
  const formatted = await format(src);
  if (formatted === src) return null;
  const a = src.split('\n');
  const b = formatted.split('\n');
  const i = a.findIndex((line, n) => line !== b[n]);
  return `line ${i + 1}: have ${JSON.stringify(a[i])}, terraform fmt wants ${JSON.stringify(b[i])}`;
}

const refCache = new Map();
/** Traversals (`var.x`, `module.m.o`, `google_x.y.z`) in one expression string. */
export async function references(expr) {
  if (typeof expr !== 'string' || !expr.includes('${')) return [];
  if (refCache.has(expr)) return refCache.get(expr);
  let refs;
  try {
    refs = (await getReferencesInExpression('expr.tf', expr)).map((r) => r.value);
  } catch {
    refs = [...expr.matchAll(/(?<![\w.])(?:var|local|module|data)\.[\w-]+(?:\.[\w-]+)*/g)].map((m) => m[0]);
  }
  refCache.set(expr, refs);
  return refs;
}

/** Every string inside a parsed JSON value (expressions appear as "${...}" strings). */
export function* strings(value) {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const v of value) yield* strings(v);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('${')) yield k;
      yield* strings(v);
    }
  }
}

function stripStringsAndComments(line) {
  return line.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/(^|\s)(#|\/\/).*$/, '$1');
}

/**
 * How each name inside resource/data/provider blocks was written.
 * Returns a Map "resource.TYPE.NAME/a/b" → {kind: 'block'|'argument', line}.
 * `dynamic "x" { content { ... } }` is recorded as block x.
 */
export function syntaxFacts(src) {
  const facts = new Map();
  const stack = [];
  let heredoc = null;
  const lines = src.split('\n');
  const pathOf = () => {
    const top = stack
      .filter((f) => f.kind === 'block')
      .map((f) => f.segment)
      .filter((s) => s !== null);
    return top;
  };
  const record = (name, kind, lineNo) => {
    const p = pathOf();
    if (p.length === 0) return;
    const root = p[0];
    if (!/^(resource|data|ephemeral|provider)\./.test(root)) return;
    facts.set([...p, name].join('/'), { kind, line: lineNo });
  };
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    if (heredoc) {
      if (raw.trim() === heredoc) heredoc = null;
      continue;
    }
    const hd = raw.match(/<<-?([A-Za-z_]\w*)\s*$/);
    const code = stripStringsAndComments(raw);
    const top = stack[stack.length - 1];
    if (top && top.kind === 'value') {
      countBrackets(code, stack);
      if (hd) heredoc = hd[1];
      continue;
    }
    const blockOpen = raw.match(/^\s*([A-Za-z_][\w-]*)((?:\s+"[^"]*"|\s+[A-Za-z_][\w-]*)*)\s*\{\s*(.*)$/);
    const argument = code.match(/^\s*([A-Za-z_][\w-]*)\s*=\s*(.*)$/);
    if (argument) {
      record(argument[1], 'argument', i + 1);
      countBrackets(argument[2], stack);
      if (hd) heredoc = hd[1];
    } else if (blockOpen) {
      const name = blockOpen[1];
      const labels = [...blockOpen[2].matchAll(/"([^"]*)"|([A-Za-z_][\w-]*)/g)].map((m) => m[1] ?? m[2]);
      let segment = name;
      if (stack.length === 0) {
        segment = ['resource', 'data', 'ephemeral'].includes(name)
          ? `${name}.${labels.join('.')}`
          : `${name}.${labels[0] ?? ''}`;
      } else if (name === 'dynamic') {
        segment = labels[0];
        record(labels[0], 'block', i + 1);
      } else if (name === 'content' && stack[stack.length - 1]?.dynamic) {
        segment = null;
      } else {
        record(name, 'block', i + 1);
      }
      const rest = stripStringsAndComments(blockOpen[3]).trim();
      if (rest.endsWith('}')) {
        const inner = rest.slice(0, -1).match(/^([A-Za-z_][\w-]*)\s*=/);
        stack.push({ kind: 'block', segment, dynamic: name === 'dynamic' });
        if (inner) record(inner[1], 'argument', i + 1);
        stack.pop();
      } else {
        stack.push({ kind: 'block', segment, dynamic: name === 'dynamic' });
      }
    } else if (/^\s*\}/.test(code)) {
      countBrackets(code, stack);
    }
  }
  return facts;
}

function countBrackets(code, stack) {
  for (const ch of code) {
    if (ch === '{' || ch === '[' || ch === '(') stack.push({ kind: 'value' });
    else if (ch === '}' || ch === ']' || ch === ')') stack.pop();
  }
}
