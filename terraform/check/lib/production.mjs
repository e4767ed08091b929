// Rules a first `terraform apply` on a fresh project depends on, and the production shape of issue 18
// (terraform/README.md, "What the checks hold"): each rule reads the parsed tree (and, where a value is
// shared, the repository), so a copy of the tree with one thing broken fails here.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { loadModule, blocks } from './validate.mjs';
import { loadProvider } from './schema.mjs';

/** Roles never granted at project level: each covers far more than one function or the build needs. */
export const FORBIDDEN_PROJECT_ROLES = new Set([
  'roles/owner',
  'roles/editor',
  'roles/cloudbuild.builds.builder',
  'roles/cloudbuild.builds.editor',
  'roles/eventarc.eventReceiver',
  'roles/eventarc.admin',
  'roles/storage.admin',
  'roles/storage.objectAdmin',
  'roles/storage.objectCreator',
  'roles/artifactregistry.writer',
  'roles/artifactregistry.admin',
  'roles/iam.serviceAccountUser',
  'roles/iam.serviceAccountTokenCreator',
  'roles/run.invoker',
  'roles/run.admin',
  'roles/cloudfunctions.admin',
  'roles/cloudfunctions.developer',
  'roles/pubsub.publisher',
  'roles/pubsub.subscriber',
  'roles/pubsub.editor',
  'roles/pubsub.admin',
  'roles/secretmanager.secretAccessor',
  'roles/secretmanager.admin',
  'roles/cloudsql.admin',
  'roles/datastore.owner',
  'roles/resourcemanager.projectIamAdmin',
]);

/** max_connections of Cloud SQL for PostgreSQL tiers (Cloud SQL's defaults by memory). */
export const TIER_MAX_CONNECTIONS = {
  'db-f1-micro': 25,
  'db-g1-small': 50,
  'db-custom-1-3840': 100,
  'db-custom-2-7680': 200,
  'db-custom-4-15360': 400,
};
/** Connections kept free of the functions' pools (Cloud SQL's own sessions, migrations, an operator). */
export const RESERVED_CONNECTIONS = 5;

/** Firestore multi-regions by the continent prefix of a Google Cloud region. */
const FIRESTORE_MULTI_REGION = { eur3: 'europe', nam5: 'us' };

/** How the function subscriptions' settings must be derived from delivery-policy.json. */
export const SUBSCRIPTION_POLICY = {
  ack_deadline_seconds: { key: 'ackDeadlineSeconds', flag: '--ack-deadline', suffix: '' },
  minimum_backoff: { key: 'minimumBackoffSeconds', flag: '--min-retry-delay', suffix: 's' },
  maximum_backoff: { key: 'maximumBackoffSeconds', flag: '--max-retry-delay', suffix: 's' },
  max_delivery_attempts: { key: 'maxDeliveryAttempts', flag: '--max-delivery-attempts', suffix: '' },
  message_retention_duration: { key: 'messageRetentionSeconds', flag: '--message-retention-duration', suffix: 's' },
};

function localsOf(mod) {
  const all = {};
  for (const l of blocks(mod, 'locals')) Object.assign(all, l.body);
  return all;
}

function resources(mod, type) {
  return blocks(mod, 'resource').filter((b) => !type || b.type === type);
}

function variableDefault(mod, name) {
  return blocks(mod, 'variable').find((b) => b.name === name)?.body.default;
}

/** The literal value of a module argument in a root: a literal, or `var.x` resolved to the root's default. */
function rootValue(root, call, name, child) {
  const v = call?.[name];
  if (v === undefined) return child ? variableDefault(child, name) : undefined;
  const ref = typeof v === 'string' && v.match(/^\$\{var\.(\w+)\}$/);
  if (ref) return variableDefault(root, ref[1]);
  return v;
}

const rel = (tfDir, file) => path.relative(path.dirname(tfDir), file);

/** The backoff Pub/Sub applies before attempt n (exponential from min, doubling, capped at max). */
export function retryWindowSeconds(policy) {
  let total = 0;
  let delay = policy.minimumBackoffSeconds;
  for (let attempt = 1; attempt < policy.maxDeliveryAttempts; attempt++) {
    total += Math.min(delay, policy.maximumBackoffSeconds);
    delay *= 2;
  }
  return total;
}

/** The file's own values against the bounds Pub/Sub accepts, and against each other. */
export function deliveryPolicyProblems(policy) {
  const problems = [];
  const need = [
    'minimumBackoffSeconds',
    'maximumBackoffSeconds',
    'maxDeliveryAttempts',
    'ackDeadlineSeconds',
    'messageRetentionSeconds',
    'deadLetterRetentionSeconds',
  ];
  for (const k of need)
    if (!Number.isInteger(policy[k])) problems.push(`delivery-policy.json: ${k} must be a whole number`);
  if (problems.length) return problems;
  const bound = (k, lo, hi) => {
    if (policy[k] < lo || policy[k] > hi)
      problems.push(`delivery-policy.json: ${k} ${policy[k]} is outside what Pub/Sub accepts (${lo}..${hi})`);
  };
  bound('minimumBackoffSeconds', 0, 600);
  bound('maximumBackoffSeconds', 0, 600);
  bound('maxDeliveryAttempts', 5, 100);
  bound('ackDeadlineSeconds', 10, 600);
  bound('messageRetentionSeconds', 600, 604800);
  bound('deadLetterRetentionSeconds', 600, 2678400);
  if (policy.minimumBackoffSeconds > policy.maximumBackoffSeconds)
    problems.push('delivery-policy.json: minimumBackoffSeconds exceeds maximumBackoffSeconds');
  problems.push(...retentionProblems(policy, 0, 'delivery-policy.json'));
  return problems;
}

/**
 * The subscription's retention (not the topic's) bounds the delivery window: the backoff between the
 * attempts plus the time each attempt may run (the function's timeout; a longer one is cut at the ack
 * deadline) must fit, or messages expire before they are dead-lettered.
 */
export function retentionProblems(policy, attemptSeconds, where) {
  const window =
    retryWindowSeconds(policy) + policy.maxDeliveryAttempts * Math.min(attemptSeconds, policy.ackDeadlineSeconds);
  if (window <= policy.messageRetentionSeconds) return [];
  return [
    `${where}: ${policy.maxDeliveryAttempts} attempts take up to ${window} s (backoff ${policy.minimumBackoffSeconds}-${policy.maximumBackoffSeconds} s, ${attemptSeconds} s per attempt), longer than messageRetentionSeconds ${policy.messageRetentionSeconds}: messages would expire before they are dead-lettered`,
  ];
}

/** `loaded`: the modules and roots already parsed by the caller (crossCheck), else parsed here. */
export async function productionChecks(tfDir, repoDir, loaded = null) {
  const load = (rel) => loadModule(path.join(tfDir, rel));
  const platform = loaded?.platform ?? (await load('modules/gcp-platform'));
  const functions = loaded?.functions ?? (await load('modules/gcp-functions'));
  const edge = loaded?.edge ?? (await load('modules/cloudflare-edge'));
  let roots = loaded?.roots;
  if (!roots) {
    roots = [];
    const examples = path.join(tfDir, 'examples');
    for (const name of fs.existsSync(examples) ? fs.readdirSync(examples).sort() : []) {
      const dir = path.join(examples, name);
      if (fs.statSync(dir).isDirectory()) roots.push({ name, mod: await loadModule(dir) });
    }
  }
  const problems = [];
  const add = (file, message) => problems.push(file ? `${rel(tfDir, file)}: ${message}` : message);

  // ---------------------------------------------------------------- Firebase Rules: the full ruleset path
  for (const r of resources(platform, 'google_firebaserules_release')) {
    if (
      !/^projects\/[^/]+\/rulesets\/\$\{google_firebaserules_ruleset\.\w+\.name\}$/.test(String(r.body.ruleset_name))
    ) {
      add(
        r.file,
        `${r.key}: ruleset_name must be the full path projects/<project>/rulesets/<ruleset id>, got ${JSON.stringify(r.body.ruleset_name)}`,
      );
    }
  }

  // ---------------------------------------------------------------- quota project for user credentials
  for (const { name, mod } of roots) {
    for (const p of blocks(mod, 'provider').filter((b) => b.name === 'google')) {
      if (p.body.user_project_override !== true || !p.body.billing_project) {
        add(
          p.file,
          `${name}: provider "google" needs user_project_override = true and billing_project (the Firebase Rules API refuses user credentials without a quota project)`,
        );
      }
    }
  }

  // ---------------------------------------------------------------- a proxied DNS record for every route
  const el = localsOf(edge);
  const mentions = (expr, varName, depth = 0) => {
    if (typeof expr !== 'string' || depth > 3) return false;
    if (expr.includes(`var.${varName}`)) return true;
    return [...expr.matchAll(/local\.(\w+)/g)].some((m) => mentions(el[m[1]], varName, depth + 1));
  };
  for (const route of resources(edge, 'cloudflare_workers_route')) {
    const v = String(route.body.pattern).match(/^\$\{var\.(\w+)\}$/)?.[1];
    const record = resources(edge, 'cloudflare_dns_record').find(
      (d) => d.body.proxied === true && v && mentions(d.body.name, v),
    );
    if (!record)
      add(
        route.file,
        `${route.key}: no proxied cloudflare_dns_record for the route's hostname (a route fires only on a proxied hostname)`,
      );
  }

  // ---------------------------------------------------------------- API-dependent resources wait for the APIs
  for (const mod of [platform, functions]) {
    const all = resources(mod);
    const byKey = new Map(all.map((b) => [b.key, b]));
    const anchors = new Set(
      all.filter((b) => b.type === 'google_project_service' || b.key === 'terraform_data.services').map((b) => b.key),
    );
    const ordered = new Map();
    const isOrdered = (b, seen = new Set()) => {
      if (anchors.has(b.key)) return true;
      if (ordered.has(b.key)) return ordered.get(b.key);
      if (seen.has(b.key)) return false;
      seen.add(b.key);
      const text = JSON.stringify(b.body);
      let ok = false;
      for (const m of text.matchAll(/\b((?:google|terraform)_\w+)\.(\w+)/g)) {
        const dep = byKey.get(`${m[1]}.${m[2]}`);
        if (dep && dep.key !== b.key && isOrdered(dep, seen)) {
          ok = true;
          break;
        }
      }
      ordered.set(b.key, ok);
      return ok;
    };
    for (const b of all) {
      if (!b.type.startsWith('google_') || anchors.has(b.key)) continue;
      if (!isOrdered(b))
        add(
          b.file,
          `${b.key}: nothing orders it after the API enablement (depends_on google_project_service / terraform_data.services, directly or through a resource it references); a fresh project fails once`,
        );
    }
  }

  // ---------------------------------------------------------------- no project-wide grant of a forbidden role
  for (const mod of [platform, functions]) {
    const locals = localsOf(mod);
    for (const b of resources(mod).filter((r) => /^google_project_iam_(member|binding|policy)$/.test(r.type))) {
      if (b.type !== 'google_project_iam_member') {
        add(
          b.file,
          `${b.key}: ${b.type} is authoritative over the whole project; grant with google_project_iam_member`,
        );
        continue;
      }
      let text = JSON.stringify(b.body);
      for (const m of text.matchAll(/local\.(\w+)/g)) text += JSON.stringify(locals[m[1]] ?? '');
      for (const [, role] of text.matchAll(/(roles\/[\w.]+)/g)) {
        if (FORBIDDEN_PROJECT_ROLES.has(role))
          add(
            b.file,
            `${b.key}: ${role} must not be granted project-wide (least privilege: grant it on the one resource that needs it)`,
          );
      }
    }
  }

  // ---------------------------------------------------------------- heart only through the edge
  const fl = localsOf(functions);
  for (const b of resources(functions, 'google_cloudfunctions2_function')) {
    const ingress = b.body.service_config?.[0]?.ingress_settings;
    if (b.body.event_trigger && ingress !== 'ALLOW_INTERNAL_ONLY')
      add(
        b.file,
        `${b.key}: an event function must have ingress_settings = "ALLOW_INTERNAL_ONLY" (got ${JSON.stringify(ingress)})`,
      );
  }
  for (const b of resources(functions).concat(resources(platform))) {
    if (!/_iam_(member|binding)$/.test(b.type)) continue;
    const text = JSON.stringify(b.body);
    if (!/allUsers|allAuthenticatedUsers/.test(text)) continue;
    const onHeart =
      b.type === 'google_cloud_run_v2_service_iam_member' &&
      /google_cloudfunctions2_function\.heart\[/.test(String(b.body.name)) &&
      b.body.role === 'roles/run.invoker';
    if (!onHeart)
      add(
        b.file,
        `${b.key}: only heart's run.invoker may be public; ${b.type} grants ${text.match(/allUsers|allAuthenticatedUsers/)[0]}`,
      );
    else if (!fl.secret_env?.heart?.EDGE_SECRET)
      add(b.file, `${b.key}: a public heart must be given EDGE_SECRET (it refuses every unsigned request only then)`);
  }
  if (variableDefault(edge, 'workers_dev') !== false)
    add(
      path.join(tfDir, 'modules/cloudflare-edge/variables.tf'),
      'workers_dev must default to false: a workers.dev URL bypasses the zone (route) protections',
    );
  for (const s of resources(edge, 'cloudflare_workers_script_subdomain')) {
    if (s.body.previews_enabled !== false)
      add(s.file, `${s.key}: previews_enabled must be false (preview URLs bypass the route too)`);
  }

  // ---------------------------------------------------------------- connection budget, per root
  for (const { name, mod } of roots) {
    const calls = Object.fromEntries(blocks(mod, 'module').map((b) => [b.name, b.body]));
    const settings = rootValue(mod, calls.functions, 'function_settings', functions);
    const budget = rootValue(mod, calls.functions, 'db_connection_budget', functions);
    const tier = rootValue(mod, calls.platform, 'sql_tier', platform);
    const hearts = rootValue(mod, calls.functions, 'heart_regions', functions);
    const file = blocks(mod, 'module').find((b) => b.name === 'functions')?.file ?? mod.dir;
    if (
      !settings ||
      typeof settings !== 'object' ||
      typeof budget !== 'number' ||
      !hearts ||
      typeof hearts !== 'object'
    ) {
      add(
        file,
        `${name}: cannot read function_settings, db_connection_budget and heart_regions as literals (the connection budget must be checkable offline)`,
      );
      continue;
    }
    const regions = Object.keys(hearts).length;
    let sum = 0;
    for (const [fn, s] of Object.entries(settings)) {
      for (const k of ['max_instances', 'concurrency', 'db_pool'])
        if (typeof s[k] !== 'number') add(file, `${name}: function_settings.${fn}.${k} is not a literal number`);
      if (s.concurrency > s.db_pool)
        add(
          file,
          `${name}: ${fn} concurrency ${s.concurrency} > db_pool ${s.db_pool}: requests would wait for a connection and fail after the pool's 5 s timeout`,
        );
      sum += s.max_instances * s.db_pool * (fn === 'heart' ? regions : 1);
    }
    if (sum > budget)
      add(
        file,
        `${name}: the functions may open ${sum} PostgreSQL connections (max_instances x db_pool, hearts x ${regions} regions), over db_connection_budget ${budget}`,
      );
    const max = TIER_MAX_CONNECTIONS[tier];
    if (max === undefined)
      add(file, `${name}: sql_tier ${tier} has no known max_connections in check/lib/production.mjs`);
    else if (budget > max - RESERVED_CONNECTIONS)
      add(
        file,
        `${name}: db_connection_budget ${budget} leaves fewer than ${RESERVED_CONNECTIONS} of ${tier}'s ${max} connections free`,
      );
  }

  // ---------------------------------------------------------------- point-in-time recovery, HA, Firestore location
  for (const b of resources(platform, 'google_sql_database_instance')) {
    const backup = b.body.settings?.[0]?.backup_configuration?.[0];
    if (backup?.enabled !== true || backup?.point_in_time_recovery_enabled !== true)
      add(b.file, `${b.key}: the event log needs backups with point_in_time_recovery_enabled = true`);
  }
  for (const { name, mod } of roots) {
    const calls = Object.fromEntries(blocks(mod, 'module').map((b) => [b.name, b.body]));
    const hearts = rootValue(mod, calls.functions, 'heart_regions', functions) ?? {};
    if (Object.keys(hearts).length < 2) continue;
    const file = blocks(mod, 'module').find((b) => b.name === 'platform')?.file ?? mod.dir;
    const availability = rootValue(mod, calls.platform, 'sql_availability_type', platform);
    if (availability !== 'REGIONAL')
      add(
        file,
        `${name}: hearts in ${Object.keys(hearts).length} regions share one writer: sql_availability_type must be REGIONAL (got ${JSON.stringify(availability)})`,
      );
    const location = rootValue(mod, calls.platform, 'firestore_location', platform);
    const region = rootValue(mod, calls.platform, 'region', platform);
    const continent = String(region).split('-')[0];
    if (FIRESTORE_MULTI_REGION[location] !== continent)
      add(
        file,
        `${name}: firestore_location ${JSON.stringify(location)} must be the multi-region of the primary region ${region} (${Object.entries(
          FIRESTORE_MULTI_REGION,
        )
          .map(([k, v]) => `${k} for ${v}-*`)
          .join(', ')})`,
      );
  }

  // ---------------------------------------------------------------- the invoker production runs = the tests' invoker
  problems.push(...invokerProblems(tfDir, repoDir));

  // ---------------------------------------------------------------- secrets out of state
  for (const mod of [platform, functions, edge]) {
    for (const b of resources(mod)) {
      if (b.type === 'random_password' || b.type === 'random_string')
        add(
          b.file,
          `${b.key}: a managed ${b.type} keeps its value in state; use ephemeral "${b.type}" with write-only arguments`,
        );
      if (b.type === 'google_secret_manager_secret_version' && 'secret_data' in b.body)
        add(b.file, `${b.key}: secret_data is stored in state; use secret_data_wo with secret_data_wo_version`);
      if (b.type === 'google_sql_user' && 'password' in b.body)
        add(b.file, `${b.key}: password is stored in state; use password_wo with password_wo_version`);
      for (const [arg, value] of Object.entries(b.body)) {
        if (arg.endsWith('_wo') || arg === 'provisioner') continue;
        if (JSON.stringify(value).includes('ephemeral.'))
          add(b.file, `${b.key}.${arg}: an ephemeral value may only go to a write-only (*_wo) argument`);
      }
    }
  }
  for (const b of localsOf(edge).fixed_bindings ?? []) {
    if (b.type === 'secret_text')
      add(
        path.join(tfDir, 'modules/cloudflare-edge/main.tf'),
        `Worker binding ${b.name}: a secret_text binding keeps its text in state (cloudflare 5.14.0 has no write-only binding); copy it in after the upload (terraform_data.edge_secret)`,
      );
  }

  // ---------------------------------------------------------------- delivery policy: one file
  problems.push(...deliveryPolicyChecks(tfDir, { platform, functions, roots }));

  // ---------------------------------------------------------------- regions
  const heartFn = resources(functions, 'google_cloudfunctions2_function').find((b) => b.name === 'heart');
  const heartEnv = String(heartFn?.body.service_config?.[0]?.environment_variables ?? '');
  if (!/COUNCIL_REGIONS\s*=\s*local\.council_regions/.test(heartEnv))
    add(
      heartFn?.file,
      'heart: COUNCIL_REGIONS = local.council_regions missing from its environment (docs/contracts.md#regions)',
    );
  if (!/COUNCIL_REGIONS\s*=\s*local\.council_regions/.test(JSON.stringify(fl.consumer_env?.coherence ?? '')))
    add(
      heartFn?.file,
      'coherence: COUNCIL_REGIONS = local.council_regions missing from its environment (docs/contracts.md#regions)',
    );
  if (!/var\.heart_regions/.test(String(fl.council_regions)))
    add(heartFn?.file, "local.council_regions must come from var.heart_regions (the deployed hearts' regions)");

  // ---------------------------------------------------------------- rate limits
  problems.push(...rateLimitChecks(tfDir, repoDir, edge));
  return problems;
}

export function invokerProblems(tfDir, repoDir) {
  const problems = [];
  const rootPom = fs.readFileSync(path.join(repoDir, 'pom.xml'), 'utf8');
  const tested = rootPom.match(/<function-invoker\.version>([^<]+)</)?.[1];
  const deployPom = path.join(tfDir, 'deploy/pom.xml');
  if (!tested) problems.push('pom.xml: no <function-invoker.version> (the invoker the tests run)');
  if (!fs.existsSync(deployPom))
    return [
      ...problems,
      'terraform/deploy/pom.xml is missing: without a pom the buildpack runs the function with its own default invoker',
    ];
  const xml = fs.readFileSync(deployPom, 'utf8').replace(/<!--[\s\S]*?-->/g, '');
  const dep = xml.match(/<artifactId>java-function-invoker<\/artifactId>\s*<version>([^<]+)<\/version>/);
  if (!dep) problems.push('terraform/deploy/pom.xml declares no java-function-invoker with a literal version');
  else if (tested && dep[1] !== tested)
    problems.push(
      `terraform/deploy/pom.xml deploys invoker ${dep[1]}, the tests run ${tested} (pom.xml function-invoker.version)`,
    );
  const script = fs.readFileSync(path.join(tfDir, 'scripts/package-functions.sh'), 'utf8');
  if (
    !/cp "\$repo\/terraform\/deploy\/pom\.xml" "\$stage\/pom\.xml"/.test(script) ||
    !/zip [^\n]*functions\.zip" pom\.xml/.test(script)
  ) {
    problems.push(
      'scripts/package-functions.sh must put terraform/deploy/pom.xml into functions.zip (else the buildpack picks its own invoker)',
    );
  }
  return problems;
}

function deliveryPolicyChecks(tfDir, { platform, functions, roots }) {
  const problems = [];
  const file = path.join(tfDir, 'delivery-policy.json');
  let policy;
  try {
    policy = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    return [`terraform/delivery-policy.json: ${e.message}`];
  }
  problems.push(...deliveryPolicyProblems(policy));
  const fl = localsOf(functions);
  const pl = localsOf(platform);
  for (const [l, where] of [
    [fl, 'gcp-functions'],
    [pl, 'gcp-platform'],
  ]) {
    if (l.delivery_policy !== '${jsondecode(file(var.delivery_policy_path))}')
      problems.push(`${where}: local.delivery_policy must be jsondecode(file(var.delivery_policy_path))`);
  }
  const sp = fl.subscription_policy ?? {};
  for (const [name, { key, suffix }] of Object.entries(SUBSCRIPTION_POLICY)) {
    const want = `\${local.delivery_policy.${key}}${suffix}`;
    if (sp[name] !== want)
      problems.push(
        `gcp-functions: local.subscription_policy.${name} must be ${JSON.stringify(want)} (from delivery-policy.json), got ${JSON.stringify(sp[name])}`,
      );
  }
  const step = resources(functions, 'terraform_data').find((b) => b.name === 'subscription_policy');
  const command = JSON.stringify(step?.body.provisioner ?? '');
  if (!step)
    problems.push(
      'gcp-functions: terraform_data.subscription_policy (the step that applies delivery-policy.json to the Eventarc subscriptions) is missing',
    );
  else {
    for (const [name, { flag }] of Object.entries(SUBSCRIPTION_POLICY)) {
      if (!command.includes(`${flag}=\${local.subscription_policy.${name}}`))
        problems.push(
          `gcp-functions: terraform_data.subscription_policy must pass ${flag}=\${local.subscription_policy.${name}}`,
        );
    }
    if (!command.includes('--dead-letter-topic='))
      problems.push('gcp-functions: terraform_data.subscription_policy must set --dead-letter-topic');
    if (!JSON.stringify(step.body.triggers_replace ?? '').includes('local.subscription_policy'))
      problems.push(
        'gcp-functions: terraform_data.subscription_policy must run again when the policy changes (triggers_replace)',
      );
  }
  for (const b of resources(functions, 'google_cloudfunctions2_function')) {
    for (const t of b.body.event_trigger ?? [])
      if (t.retry_policy !== 'RETRY_POLICY_RETRY')
        problems.push(
          `gcp-functions: ${b.key}: event_trigger.retry_policy must be RETRY_POLICY_RETRY (else a failed delivery is dropped)`,
        );
  }
  const dlqSub = resources(platform, 'google_pubsub_subscription').find((b) => b.name === 'dead_letter_inspect');
  if (dlqSub?.body.message_retention_duration !== '${local.delivery_policy.deadLetterRetentionSeconds}s')
    problems.push(
      'gcp-platform: the dead-letter subscription retention must be "${local.delivery_policy.deadLetterRetentionSeconds}s"',
    );
  for (const { name, mod } of roots) {
    const calls = Object.fromEntries(blocks(mod, 'module').map((b) => [b.name, b.body]));
    for (const m of ['platform', 'functions']) {
      if (calls[m]?.delivery_policy_path !== '${local.repo}/terraform/delivery-policy.json')
        problems.push(
          `${name}: module ${m} must read delivery_policy_path = "\${local.repo}/terraform/delivery-policy.json"`,
        );
    }
    const settings = rootValue(mod, calls.functions, 'function_settings', functions) ?? {};
    let longest = 0;
    for (const [fn, s] of Object.entries(settings)) {
      if (fn === 'heart' || typeof s.timeout !== 'number') continue;
      longest = Math.max(longest, s.timeout);
      if (s.timeout > policy.ackDeadlineSeconds) {
        problems.push(
          `${name}: ${fn} timeout ${s.timeout} s exceeds the ack deadline ${policy.ackDeadlineSeconds} s: Pub/Sub would redeliver while the first delivery still runs`,
        );
      }
    }
    problems.push(...retentionProblems(policy, longest, name));
  }
  return problems;
}

function rateLimitChecks(tfDir, repoDir, edge) {
  const problems = [];
  const file = path.join(repoDir, 'edge-worker/wrangler.toml');
  if (!fs.existsSync(file)) return problems; // reported by the Worker cross-check
  let toml;
  try {
    toml = parseToml(fs.readFileSync(file, 'utf8'));
  } catch {
    return problems;
  }
  const tf = variableDefault(edge, 'rate_limits') ?? {};
  const wr = Object.fromEntries((toml.ratelimits ?? []).map((r) => [r.name, r]));
  for (const [name, r] of Object.entries(wr)) {
    const t = tf[name];
    if (!t) problems.push(`wrangler.toml rate limit ${name} is not in Terraform's rate_limits (cloudflare-edge)`);
    else if (
      String(t.namespace_id) !== String(r.namespace_id) ||
      t.limit !== r.simple?.limit ||
      t.period !== r.simple?.period
    ) {
      problems.push(
        `rate limit ${name}: Terraform ${JSON.stringify(t)}, wrangler.toml ${JSON.stringify({ namespace_id: r.namespace_id, limit: r.simple?.limit, period: r.simple?.period })}`,
      );
    }
  }
  for (const name of Object.keys(tf))
    if (!wr[name]) problems.push(`Terraform rate limit ${name} is not in wrangler.toml [[ratelimits]]`);
  const literals = new Set();
  for (const f of walk(path.join(repoDir, 'edge-worker/src')))
    for (const m of fs.readFileSync(f, 'utf8').matchAll(/"([A-Z_]+)"/g)) literals.add(m[1]);
  for (const name of Object.keys(tf))
    if (!literals.has(name))
      problems.push(`Worker binding ${name} is set by Terraform but never named in edge-worker/src`);
  const script = resources(edge, 'cloudflare_workers_script')[0];
  const types =
    loadProvider('cloudflare')
      .resources.get('cloudflare_workers_script')
      .arguments.attributes.get('bindings')
      .nested.attributes.get('type').values ?? [];
  if (types.includes('ratelimit')) {
    problems.push(
      'the pinned cloudflare provider now knows the "ratelimit" binding type: declare the rate limits in cloudflare_workers_script.bindings and drop terraform_data.rate_limits',
    );
  } else {
    if (!JSON.stringify(script?.body.keep_bindings ?? []).includes('"ratelimit"'))
      problems.push(
        'cloudflare_workers_script.edge: keep_bindings must include "ratelimit", or every upload drops the rate limits',
      );
    const step = resources(edge, 'terraform_data').find((b) => b.name === 'rate_limits');
    if (!step || !JSON.stringify(step.body).includes('local.ratelimit_bindings'))
      problems.push('cloudflare-edge: terraform_data.rate_limits must put local.ratelimit_bindings on the Worker');
  }
  return problems;
}

function* walk(dir) {
  if (!fs.existsSync(dir)) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (/\.(java|js|mjs)$/.test(e.name)) yield p;
  }
}
