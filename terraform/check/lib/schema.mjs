// Provider schemas, read offline from the jsii manifests that ship inside the
// prebuilt cdktf provider packages. Each package is generated from one exact
// provider release, so the version it names is the one our .tf files must pin.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** npm package → the Terraform provider local name used in required_providers. */
export const PROVIDER_PACKAGES = {
  google: '@cdktf/provider-google',
  cloudflare: '@cdktf/provider-cloudflare',
  random: '@cdktf/provider-random',
};

const REPRESENTS =
  /Represents a \{@link https:\/\/registry\.terraform\.io\/providers\/([\w-]+\/[\w-]+)\/([\d.]+)\/docs(?:\/(resources|data-sources)\/(\w+))? ([\w]+)\}/;
const ANCHOR = /#(\w+) /;

function snakeCase(camel) {
  return camel.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

function jsiiPath(pkg) {
  const pkgJson = require.resolve(`${pkg}/package.json`);
  return path.join(path.dirname(pkgJson), '.jsii');
}

/** Enumerated values from the provider's own descriptions: google "Possible values: [...]", cloudflare "Available values: ...". */
function enumValues(docs) {
  const text = `${docs?.summary ?? ''} ${docs?.remarks ?? ''}`;
  const google = text.match(/Possible values: \[((?:"[^"]*"(?:, )?)+)\]/);
  const cloudflare = text.match(/Available values: ((?:"[^"]*"(?:, )?)+)/);
  const list = (google ?? cloudflare)?.[1];
  return list ? [...list.matchAll(/"([^"]*)"/g)].map((m) => m[1]) : null;
}

function nestedFqn(type, assembly) {
  if (!type) return null;
  if (type.fqn && type.fqn.startsWith(`${assembly}.`)) return type.fqn;
  if (type.union) {
    for (const t of type.union.types) {
      const f = nestedFqn(t, assembly);
      if (f) return f;
    }
  }
  if (type.collection) return nestedFqn(type.collection.elementtype, assembly);
  return null;
}

function isCollection(type) {
  if (type.collection) return true;
  if (type.union) return type.union.types.some((t) => t.collection);
  return false;
}

/**
 * One object schema: attribute name → {required, kind, many, nested}.
 * kind is 'attribute' (name = value), 'block' (name { ... }) or 'nested'
 * (a plugin-framework nested attribute: name = { ... } or name = [{ ... }]).
 */
function buildObjectSchema(types, fqn, assembly, seen = new Map()) {
  if (seen.has(fqn)) return seen.get(fqn);
  const t = types[fqn];
  const schema = { fqn, attributes: new Map(), readable: new Set() };
  seen.set(fqn, schema);
  // What a reference can read inside this object: its arguments and the computed attributes of its
  // OutputReference class (e.g. service_config[0].uri).
  for (const p of types[`${fqn}OutputReference`]?.properties ?? []) {
    if (!p.static && !p.name.endsWith('Input') && p.name !== 'internalValue') schema.readable.add(snakeCase(p.name));
  }
  for (const p of t.properties ?? []) {
    const anchor = p.docs?.remarks?.match(ANCHOR)?.[1];
    const name = anchor ?? snakeCase(p.name);
    const nested = nestedFqn(p.type, assembly);
    const entry = {
      name,
      required: !p.optional,
      kind: 'attribute',
      many: isCollection(p.type),
      values: enumValues(p.docs),
    };
    if (nested && types[nested]?.datatype) {
      entry.kind = p.docs?.summary === `${name} block.` ? 'block' : 'nested';
      entry.nested = buildObjectSchema(types, nested, assembly, seen);
    }
    schema.attributes.set(name, entry);
    schema.readable.add(name);
  }
  return schema;
}

const cache = new Map();

/**
 * Loads one provider package: {source, version, provider, resources, dataSources}.
 * resources / dataSources map a Terraform type name to
 * {arguments: objectSchema, readable: Set of attribute names (arguments and computed)}.
 */
export function loadProvider(localName) {
  if (cache.has(localName)) return cache.get(localName);
  const pkg = PROVIDER_PACKAGES[localName];
  if (!pkg) throw new Error(`no schema package known for provider "${localName}"`);
  const jsii = JSON.parse(fs.readFileSync(jsiiPath(pkg), 'utf8'));
  const assembly = jsii.name;
  const out = {
    localName,
    package: pkg,
    packageVersion: jsii.version,
    source: null,
    version: null,
    provider: null,
    resources: new Map(),
    dataSources: new Map(),
  };
  const seen = new Map();
  for (const t of Object.values(jsii.types)) {
    if (t.kind !== 'class' || !t.docs?.summary) continue;
    const m = t.docs.summary.match(REPRESENTS);
    if (!m) continue;
    const [, source, version, section, , tfName] = m;
    const params = t.initializer?.parameters ?? [];
    const configFqn = params[params.length - 1]?.type?.fqn;
    if (!configFqn || !jsii.types[configFqn]) continue;
    const args = buildObjectSchema(jsii.types, configFqn, assembly, seen);
    const readable = new Set(args.attributes.keys());
    for (const p of t.properties ?? []) {
      if (p.static || p.name.endsWith('Input')) continue;
      readable.add(snakeCase(p.name));
    }
    readable.add('id');
    const entry = { type: tfName, arguments: args, readable };
    if (!section) {
      out.source = source;
      out.version = version;
      out.provider = entry;
    } else if (section === 'resources') {
      out.resources.set(tfName, entry);
    } else {
      out.dataSources.set(tfName, entry);
    }
  }
  if (!out.provider) throw new Error(`${pkg}: provider class not found in jsii manifest`);
  cache.set(localName, out);
  return out;
}

/** The provider local name a resource type belongs to: the part before the first underscore. */
export function providerOf(type) {
  return type.split('_')[0];
}
