// The cross-checks against a small fixture repository that agrees with the
// real Terraform tree; each negative test introduces one drift.
import test from 'node:test';
import assert from 'node:assert/strict';
import { resolvePath, indexProblems } from './lib/crosscheck.mjs';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { workspace } from './lib/workspace.mjs';
import { problemsAfter } from './lib/crosscheck-after.mjs';
import { bundleWorker } from './lib/worker-bundle.mjs';

const HEART = 'functions/src/main/java/org/sacredcouncil/functions/heart/HeartFunction.java';
const ENV = 'functions/src/main/java/org/sacredcouncil/functions/config/FunctionEnv.java';

test('the real Terraform tree agrees with the fixture repository (baseline)', async () => {
  assert.equal(await problemsAfter(() => {}), '');
});

test('a wrong entry point fails', async () => {
  const out = await problemsAfter((ws) =>
    ws.edit(
      'terraform/modules/gcp-functions/main.tf',
      'org.sacredcouncil.functions.heart.HeartFunction',
      'org.sacredcouncil.functions.heart.HartFunction',
    ),
  );
  assert.match(
    out,
    /function heart: entry_point org\.sacredcouncil\.functions\.heart\.HartFunction has no source file/,
  );
});

test('an entry point of the wrong kind fails', async () => {
  const out = await problemsAfter((ws) => ws.edit(HEART, 'implements HttpFunction', 'implements CloudEventsFunction'));
  assert.match(out, /HeartFunction must implement HttpFunction/);
});

test('a class in another package fails', async () => {
  const out = await problemsAfter((ws) =>
    ws.edit(HEART, 'package org.sacredcouncil.functions.heart;', 'package org.sacredcouncil.functions;'),
  );
  assert.match(out, /HeartFunction\.java is not in package org\.sacredcouncil\.functions\.heart/);
});

test('an env var the code reads but Terraform does not set fails, and the reverse', async () => {
  const out = await problemsAfter((ws) =>
    ws.edit(ENV, 'System.getenv("DB_POOL_SIZE")', 'System.getenv("DB_POOL_MAX")'),
  );
  assert.match(out, /env var DB_POOL_MAX is read by FunctionEnv\.java but Terraform does not set it/);
  assert.match(
    out,
    /function memory can read DB_POOL_MAX \(through MemoryFunction\) but Terraform does not give it to memory/,
  );
  assert.match(out, /Terraform sets env var DB_POOL_SIZE but no Java code under functions\/ reads it/);
});

test("a library's env var may be set without a read of ours; any other unread one fails", async () => {
  const out = await problemsAfter((ws) =>
    ws.edit(
      'terraform/modules/gcp-functions/main.tf',
      'FIRESTORE_ENABLE_TRACING = "false"',
      'FIRESTORE_ENABLE_TRACING = "false"\n    FIRESTORE_ENABLE_TRACKING = "false"',
    ),
  );
  assert.doesNotMatch(out, /FIRESTORE_ENABLE_TRACING/);
  assert.match(out, /Terraform sets env var FIRESTORE_ENABLE_TRACKING but no Java code under functions\/ reads it/);
});

test('env names read through constants and getOrDefault count', async () => {
  const out = await problemsAfter((ws) => {
    ws.edit(
      ENV,
      'static final String DEAD_LETTER = "DEAD_LETTER_TOPIC";',
      'static final String DEAD_LETTER = "DEAD_LETTERS_TOPIC";',
    );
    ws.edit(ENV, 'getOrDefault("COHERENCE_TICKS_TOPIC"', 'getOrDefault("TICKS_TOPIC"');
  });
  assert.match(out, /env var DEAD_LETTERS_TOPIC is read by/);
  assert.match(out, /env var TICKS_TOPIC is read by/);
});

test('names in comments do not count as reads', async () => {
  const out = await problemsAfter((ws) =>
    ws.edit(
      ENV,
      '        return System.getenv("PORT");',
      '        return System.getenv("PORT"); // System.getenv("COMMENTED_OUT")\n        /** {@code System.getenv("IN_JAVADOC")} */\n        // "https://example.org//path"',
    ),
  );
  assert.equal(out, '');
});

test('per function: a secret the function never reads is refused (least privilege)', async () => {
  const out = await problemsAfter((ws) =>
    ws.edit(
      'terraform/modules/gcp-functions/main.tf',
      'heart     = { EDGE_SECRET = "edge_secret", DB_PASSWORD = "db_password" }',
      'heart     = { EDGE_SECRET = "edge_secret", DB_PASSWORD = "db_password", CF_API_TOKEN = "cf_api_token" }',
    ),
  );
  assert.match(out, /function heart is given secret CF_API_TOKEN but its code never reads it/);
});

test('per function: a name the function can reach but does not get fails', async () => {
  const out = await problemsAfter((ws) =>
    ws.edit(
      'functions/src/main/java/org/sacredcouncil/functions/memory/MemoryFunction.java',
      'private final String[] own = {};',
      'private final String[] own = {FunctionEnv.modelKey(), FunctionEnv.heartRegion()};',
    ),
  );
  assert.match(
    out,
    /function memory can read WISDOM_MODEL_API_KEY \(through MemoryFunction\) but Terraform does not give it to memory/,
  );
  assert.match(
    out,
    /function memory can read HEART_REGION \(through MemoryFunction\) but Terraform does not give it to memory/,
  );
});

test('local-only env vars may be read without Terraform setting them, but never set', async () => {
  const out = await problemsAfter((ws) =>
    ws.edit(
      'terraform/modules/gcp-functions/main.tf',
      '    DB_USER            = var.db_user\n',
      '    DB_USER            = var.db_user\n    DATABASE_URL       = ""\n',
    ),
  );
  assert.match(out, /env var DATABASE_URL is local-only and must not be set in Terraform/);
});

test('a secret set as a plain env var fails', async () => {
  const out = await problemsAfter((ws) => {
    ws.edit(
      'terraform/modules/gcp-functions/main.tf',
      'coherence = { DB_PASSWORD = "db_password", CF_API_TOKEN = "cf_api_token", HUB_FEED_SECRET = "hub_feed_secret" }',
      'coherence = { DB_PASSWORD = "db_password", HUB_FEED_SECRET = "hub_feed_secret" }',
    );
    ws.edit(
      'terraform/modules/gcp-functions/main.tf',
      '    CF_KV_NAMESPACE_ID = var.cf_kv_namespace_id\n',
      '    CF_KV_NAMESPACE_ID = var.cf_kv_namespace_id\n    CF_API_TOKEN       = ""\n',
    );
  });
  assert.match(out, /env var CF_API_TOKEN looks secret but is set as plain text/);
});

test('a topic the code does not know fails', async () => {
  const out = await problemsAfter((ws) =>
    ws.edit(
      'terraform/modules/gcp-platform/main.tf',
      'dead_letter     = "sacred-events-dead"',
      'dead_letter     = "sacred-events-dlq"',
    ),
  );
  assert.match(out, /topic sacred-events-dlq is named nowhere/);
});

test('a scheduler tick type the code does not know fails', async () => {
  const out = await problemsAfter((ws) =>
    ws.edit('emulator/cloud/src/main/java/org/example/Tick.java', '"council.coherence.tick"', '"council.tick"'),
  );
  assert.match(out, /the scheduler tick type council\.coherence\.tick is named nowhere/);
});

test('Cloud SQL and the embedded PostgreSQL may not drift', async () => {
  const out = await problemsAfter((ws) => ws.edit('emulator/cloud/pom.xml', '18.6.0', '17.7.0'));
  assert.match(
    out,
    /Cloud SQL database_version POSTGRES_18 differs from the embedded PostgreSQL 17 .*want POSTGRES_17/,
  );
});

test('a runtime older than the Java release fails', async () => {
  const out = await problemsAfter((ws) =>
    ws.edit('pom.xml', '<maven.compiler.release>17<', '<maven.compiler.release>21<'),
  );
  assert.match(out, /runtime java17 is older than maven\.compiler\.release 21/);
});

test('missing Firestore files and a bad index fail', async () => {
  const out = await problemsAfter((ws) => {
    ws.remove('firestore-rules/firestore.rules');
    ws.edit('firestore-rules/firestore.indexes.json', '"order": "DESCENDING"', '"order": "DESC"');
  });
  assert.match(out, /single-region: firestore-rules\/firestore\.rules does not exist/);
  assert.match(out, /indexes\[0\]\.fields\[1\]: order DESC/);
});

test('index shapes: arrayConfig, scopes and field overrides are accepted; malformed ones are not', () => {
  const good = {
    indexes: [
      {
        collectionGroup: 'm',
        queryScope: 'COLLECTION_GROUP',
        fields: [
          { fieldPath: 'tags', arrayConfig: 'CONTAINS' },
          { fieldPath: 'sentAt', order: 'DESCENDING' },
        ],
      },
    ],
    fieldOverrides: [
      { collectionGroup: 'm', fieldPath: 'text', indexes: [] },
      { collectionGroup: 'm', fieldPath: 'glyphs', indexes: [{ arrayConfig: 'CONTAINS', queryScope: 'COLLECTION' }] },
      { collectionGroup: 'm', fieldPath: 'expiresAt', ttl: true },
    ],
  };
  assert.deepEqual(indexProblems(good), []);
  const bad = indexProblems({
    indexes: [{ collectionGroup: 'm', fields: [{ fieldPath: 'a', order: 'ASCENDING' }] }],
    fieldOverrides: [{ collectionGroup: 'm', indexes: [{ order: 'UP' }] }],
  });
  assert.deepEqual(bad, [
    'indexes[0]: a composite index needs at least 2 fields',
    'fieldOverrides[0]: fieldPath missing',
    'fieldOverrides[0].indexes[0]: order UP',
  ]);
});

test('Worker: a KV binding, var or compatibility date that differs from wrangler.toml fails', async () => {
  const out = await problemsAfter((ws) => {
    ws.edit('edge-worker/wrangler.toml', 'binding = "FIELD_KV"', 'binding = "FIELD_STATE"');
    ws.edit('edge-worker/wrangler.toml', '[vars]\n', '[vars]\nPAUSE_EXTRA_MS = "5000"\n');
    ws.edit('edge-worker/wrangler.toml', 'PAUSE_MAX_MS = "60000"', 'PAUSE_MAX_MS = "50000"');
    ws.edit('edge-worker/wrangler.toml', 'compatibility_date = "2025-09-01"', 'compatibility_date = "2025-12-01"');
    ws.edit('edge-worker/wrangler.toml', 'name = "sacred-edge"', 'name = "edge"');
    ws.edit(
      'edge-worker/wrangler.toml',
      'workers_dev = false',
      'workers_dev = true\ncompatibility_flags = ["nodejs_compat"]',
    );
  });
  assert.match(out, /wrangler\.toml binds KV FIELD_STATE; Terraform does not/);
  assert.match(out, /Terraform binds KV FIELD_KV; wrangler\.toml does not/);
  assert.match(out, /wrangler\.toml var PAUSE_EXTRA_MS is not set by Terraform/);
  assert.match(out, /var PAUSE_MAX_MS: Terraform default "60000", wrangler\.toml "50000"/);
  assert.match(out, /compatibility_date: Terraform 2025-09-01, wrangler\.toml 2025-12-01/);
  assert.match(out, /Worker name: Terraform sacred-edge, wrangler\.toml edge/);
  assert.match(out, /workers_dev: Terraform false, wrangler\.toml true/);
  assert.match(out, /compatibility_flags \["nodejs_compat"\]/);
});

test('Worker: a binding the Worker never names, a secret in [vars], another bundle path fail', async () => {
  const out = await problemsAfter((ws) => {
    ws.edit('edge-worker/src/main/java/org/example/Env.java', '"EDGE_SECRET", ', '');
    ws.edit('edge-worker/wrangler.toml', '[vars]\n', '[vars]\nEDGE_SECRET = "oops"\n');
    ws.edit(
      'terraform/examples/multi-region/main.tf',
      '"${local.repo}/terraform/build/worker.mjs"',
      '"${local.repo}/edge-worker/target/worker/worker.mjs"',
    );
  });
  assert.match(out, /Worker binding EDGE_SECRET is set by Terraform but never named in edge-worker\/src/);
  assert.match(out, /\[vars\] holds EDGE_SECRET, which is a secret/);
  assert.match(
    out,
    /multi-region: worker_bundle_path edge-worker\/target\/worker\/worker\.mjs is not the bundle of wrangler\.toml main/,
  );
});

test('Worker: the bundle joins wrangler main and the module it imports into one ES module', async () => {
  const ws = workspace();
  try {
    ws.write(
      'edge-worker/target/worker/edge-teavm.mjs',
      'export function handleFetch(request, env) { return new Response(env.ORIGINS); }\n',
    );
    ws.write(
      'edge-worker/target/worker/worker.mjs',
      "import { handleFetch } from './edge-teavm.mjs';\nexport default { fetch: (r, env, ctx) => handleFetch(r, env, ctx) };\n",
    );
    const { outFile } = await bundleWorker(ws.root);
    assert.equal(outFile, ws.file('terraform/build/worker.mjs'));
    const out = fs.readFileSync(outFile, 'utf8');
    assert.doesNotMatch(out, /from\s*["']\./, 'no relative import may remain');
    const mod = await import(`${pathToFileURL(outFile).href}?t=${Date.now()}`);
    const response = await mod.default.fetch(new Request('https://edge.test/v1/field'), { ORIGINS: 'from-env' }, {});
    assert.equal(await response.text(), 'from-env', 'the bundled entry must still call the imported handler');
  } finally {
    ws.dispose();
  }
});

test('Worker: a bundle whose import resolves to nothing is refused', async () => {
  const ws = workspace();
  try {
    ws.write('edge-worker/target/worker/edge-teavm.mjs', '');
    ws.write(
      'edge-worker/target/worker/worker.mjs',
      "import { handleFetch } from './edge-teavm.mjs';\nexport default { fetch: (r, env, ctx) => handleFetch(r, env, ctx) };\n",
    );
    await assert.rejects(bundleWorker(ws.root), /Import "handleFetch" will always be undefined/);
    assert.equal(fs.existsSync(ws.file('terraform/build/worker.mjs')), false);
  } finally {
    ws.dispose();
  }
});

test('Worker: bundling before the edge is built fails with a hint', async () => {
  const ws = workspace();
  try {
    await assert.rejects(bundleWorker(ws.root), /target\/worker\/worker\.mjs does not exist: build the edge first/);
  } finally {
    ws.dispose();
  }
});

test('path expressions resolve only in the supported forms', () => {
  const locals = { repo: '${abspath("${path.root}/../..")}' };
  assert.equal(resolvePath('${local.repo}/x/y', '/a/b/c', locals).path, '/a/x/y');
  assert.equal(resolvePath('${path.root}/z', '/a/b', locals).path, '/a/b/z');
  assert.match(resolvePath('${var.somewhere}/z', '/a', locals).error, /cannot resolve \$\{var\.somewhere\}/);
});

test('Worker: a binding type the provider does not know fails', async () => {
  const out = await problemsAfter((ws) =>
    ws.edit('terraform/modules/cloudflare-edge/main.tf', 'type         = "kv_namespace"', 'type         = "kv"'),
  );
  assert.match(out, /Worker binding FIELD_KV: type "kv" is not a cloudflare_workers_script binding type/);
});

test('without wrangler.toml the Worker check fails rather than passing silently', async () => {
  const out = await problemsAfter((ws) => ws.remove('edge-worker/wrangler.toml'));
  assert.match(out, /edge-worker\/wrangler\.toml does not exist/);
});

test('Durable Object: a binding, class, migration tag or backend that differs from wrangler.toml fails', async () => {
  const out = await problemsAfter((ws) => {
    ws.edit('edge-worker/wrangler.toml', 'class_name = "FieldHub"', 'class_name = "FieldHubV2"');
    ws.edit('edge-worker/wrangler.toml', 'tag = "v1-field-hub"', 'tag = "v2"');
    ws.edit('edge-worker/wrangler.toml', 'new_sqlite_classes = ["FieldHub"]', 'new_classes = ["FieldHub"]');
  });
  assert.match(out, /Durable Object HUB: Terraform class_name FieldHub, wrangler\.toml FieldHubV2/);
  assert.match(
    out,
    /Durable Object migration tag: Terraform v1-field-hub, wrangler\.toml's last \[\[migrations\]\] v2/,
  );
  assert.match(out, /Durable Object migration new_classes: Terraform \[\], wrangler\.toml \["FieldHub"\]/);
  assert.match(out, /Durable Object migration new_sqlite_classes: Terraform \["FieldHub"\], wrangler\.toml \[\]/);
});

test('Durable Object: a binding on one side only, a class no migration creates or the entry does not export fail', async () => {
  const out = await problemsAfter((ws) => {
    ws.edit(
      'edge-worker/wrangler.toml',
      '[[migrations]]',
      '[[durable_objects.bindings]]\nname = "PRESENCE"\nclass_name = "Presence"\n\n[[migrations]]',
    );
    ws.edit('edge-worker/src/main/js/worker.mjs', 'export class FieldHub {', 'class FieldHub {');
    ws.edit(
      'terraform/modules/cloudflare-edge/main.tf',
      '    new_sqlite_classes = ["FieldHub"]',
      '    new_sqlite_classes = ["FieldHubs"]',
    );
  });
  assert.match(out, /wrangler\.toml binds Durable Object PRESENCE \(Presence\); Terraform does not/);
  assert.match(out, /Durable Object HUB: class FieldHub is created by no migration of the Worker resource/);
  assert.match(out, /Durable Object HUB: class FieldHub is not exported by the Worker's entry/);
});

test('Durable Object: a Worker resource without the migration, or with one the check cannot read, fails', async () => {
  const dropped = await problemsAfter((ws) =>
    ws.edit('terraform/modules/cloudflare-edge/main.tf', '  migrations = local.do_migration\n', ''),
  );
  assert.match(dropped, /the Worker resource uploads no Durable Object migration/);
  const inline = await problemsAfter((ws) =>
    ws.edit(
      'terraform/modules/cloudflare-edge/main.tf',
      '  migrations = local.do_migration\n',
      '  migrations = merge(local.do_migration, {})\n',
    ),
  );
  assert.match(inline, /write it as local\.do_migration so the check can read it/);
  const noBinding = await problemsAfter((ws) =>
    ws.edit('edge-worker/src/main/java/org/example/Env.java', '"HUB", ', ''),
  );
  assert.match(noBinding, /Worker binding HUB is set by Terraform but never named in edge-worker\/src/);
});

test('the hub feed: HUB_FEED_* reach memory, wisdom and coherence only, the secret through Secret Manager', async () => {
  const onHeart = await problemsAfter((ws) =>
    ws.edit(
      HEART,
      '    private final Shared shared = new Shared();\n',
      '    private final Shared shared = new Shared();\n    private final HubFeed hub = new HubFeed();\n',
    ),
  );
  assert.match(
    onHeart,
    /function heart can read HUB_FEED_URL \(through HeartFunction\) but Terraform does not give it to heart/,
  );
  assert.match(
    onHeart,
    /function heart can read HUB_FEED_SECRET \(through HeartFunction\) but Terraform does not give it to heart/,
  );
  const plain = await problemsAfter((ws) => {
    ws.edit(
      'terraform/modules/gcp-functions/main.tf',
      ', HUB_FEED_SECRET = "hub_feed_secret" }\n    wisdom',
      ' }\n    wisdom',
    );
  });
  assert.match(
    plain,
    /function memory can read HUB_FEED_SECRET \(through MemoryFunction\) but Terraform does not give it to memory/,
  );
});

test('artifacts: an R2 binding or bucket that differs from wrangler.toml fails (docs/artifacts.md#config)', async () => {
  const renamed = await problemsAfter((ws) =>
    ws.edit('edge-worker/wrangler.toml', 'bucket_name = "sacred-artifacts"', 'bucket_name = "other-artifacts"'),
  );
  assert.match(renamed, /R2 bucket ARTIFACTS: Terraform "sacred-artifacts", wrangler.toml "other-artifacts"/);
  const unbound = await problemsAfter((ws) =>
    ws.edit('edge-worker/wrangler.toml', 'binding = "ARTIFACTS"', 'binding = "BLOBS"'),
  );
  assert.match(unbound, /wrangler.toml binds R2 bucket BLOBS; Terraform does not/);
  assert.match(unbound, /Terraform binds R2 bucket ARTIFACTS; wrangler.toml does not/);
  const unnamed = await problemsAfter((ws) =>
    ws.edit('edge-worker/src/main/java/org/example/Env.java', '"ARTIFACTS", ', ''),
  );
  assert.match(unnamed, /Worker binding ARTIFACTS is set by Terraform but never named in edge-worker\/src/);
  const literal = await problemsAfter((ws) =>
    ws.edit(
      'terraform/modules/cloudflare-edge/main.tf',
      'bucket_name  = cloudflare_r2_bucket.artifacts.name',
      'bucket_name  = "sacred-artifacts"',
    ),
  );
  assert.match(literal, /Worker binding ARTIFACTS: bucket_name must name a cloudflare_r2_bucket of the module/);
});

test('artifacts: LIMIT_ARTIFACTS and ARTIFACT_MAX_BYTES must agree with wrangler.toml', async () => {
  const limit = await problemsAfter((ws) =>
    ws.edit(
      'terraform/modules/cloudflare-edge/variables.tf',
      'LIMIT_ARTIFACTS     = { namespace_id = "1005", limit = 10, period = 60 }',
      'LIMIT_ARTIFACTS     = { namespace_id = "1005", limit = 20, period = 60 }',
    ),
  );
  assert.match(limit, /rate limit LIMIT_ARTIFACTS: Terraform/);
  const size = await problemsAfter((ws) =>
    ws.edit('edge-worker/wrangler.toml', 'ARTIFACT_MAX_BYTES = "5242880"', 'ARTIFACT_MAX_BYTES = "1048576"'),
  );
  assert.match(size, /var ARTIFACT_MAX_BYTES: Terraform default "5242880", wrangler.toml "1048576"/);
});

test('artifacts: the edge and heart get ARTIFACT_MAX_BYTES from one root variable', async () => {
  const defaults = await problemsAfter((ws) => {
    const file = 'terraform/modules/gcp-functions/variables.tf';
    const src = fs.readFileSync(ws.file(file), 'utf8');
    const at = src.indexOf('variable "artifact_max_bytes"');
    fs.writeFileSync(ws.file(file), src.slice(0, at) + src.slice(at).replace('5242880', '1048576'));
  });
  assert.match(defaults, /ARTIFACT_MAX_BYTES: cloudflare-edge default 5242880, gcp-functions default 1048576/);
  const apart = await problemsAfter((ws) =>
    ws.edit(
      'terraform/examples/single-region/main.tf',
      '  artifact_max_bytes   = var.artifact_max_bytes',
      '  artifact_max_bytes   = 1048576',
    ),
  );
  assert.match(apart, /single-region: module edge .* must be the same root variable/);
  const missing = await problemsAfter((ws) =>
    ws.edit(
      'terraform/modules/gcp-functions/main.tf',
      'ARTIFACT_MAX_BYTES   = tostring(var.artifact_max_bytes)',
      'ARTIFACT_MAX_BYTES   = "5242880"',
    ),
  );
  assert.match(missing, /gcp-functions: heart must get ARTIFACT_MAX_BYTES from a variable/);
});
