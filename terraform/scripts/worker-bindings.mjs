// The Worker bindings cloudflare 5.14.0 cannot hold without keeping them in state or cannot declare at all,
// put on the deployed script through the Workers API (terraform/README.md, "Secrets" and "Rate limits").
//   node worker-bindings.mjs ratelimits       CF_BINDINGS = JSON list of {name, type: "ratelimit", namespace_id, simple}
//   <secret on stdin> | node worker-bindings.mjs secret NAME
// Env: CF_ACCOUNT_ID, CF_SCRIPT_NAME, CF_API_TOKEN (Workers Scripts Edit); CF_API_BASE_URL for tests.
import { pathToFileURL } from 'node:url';

const API = () => process.env.CF_API_BASE_URL ?? 'https://api.cloudflare.com/client/v4';

async function call(fetchImpl, method, url, token, body) {
  const res = await fetchImpl(url, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(typeof body === 'string' ? { 'Content-Type': 'application/json' } : {}),
    },
    body,
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok || json.success === false)
    throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json.errors ?? json)}`);
  return json.result;
}

/**
 * The settings PATCH that sets `wanted` (ratelimit bindings) and keeps every other binding as deployed:
 * each of those is sent as {type: "inherit", name}, so secrets and KV bindings are never re-sent.
 */
export function ratelimitSettings(current, wanted) {
  const names = new Set(wanted.map((b) => b.name));
  const kept = (current ?? [])
    .filter((b) => !names.has(b.name) && b.type !== 'ratelimit')
    .map((b) => ({ type: 'inherit', name: b.name }));
  return { bindings: [...kept, ...wanted] };
}

export async function putRatelimits({ account, script, token, bindings, fetchImpl = fetch }) {
  for (const b of bindings) {
    if (
      b.type !== 'ratelimit' ||
      !b.name ||
      !/^\d+$/.test(String(b.namespace_id)) ||
      !b.simple?.limit ||
      ![10, 60].includes(b.simple?.period)
    ) {
      throw new Error(`not a ratelimit binding: ${JSON.stringify(b)}`);
    }
  }
  const url = `${API()}/accounts/${account}/workers/scripts/${script}/settings`;
  const current = await call(fetchImpl, 'GET', url, token);
  const form = new FormData();
  form.append(
    'settings',
    new Blob([JSON.stringify(ratelimitSettings(current?.bindings, bindings))], { type: 'application/json' }),
  );
  return call(fetchImpl, 'PATCH', url, token, form);
}

export async function putSecret({ account, script, token, name, value, fetchImpl = fetch }) {
  if (!value) throw new Error(`no value for secret ${name} on stdin`);
  const url = `${API()}/accounts/${account}/workers/scripts/${script}/secrets`;
  return call(fetchImpl, 'PUT', url, token, JSON.stringify({ name, text: value, type: 'secret_text' }));
}

async function main() {
  const [what, name] = process.argv.slice(2);
  const env = {
    account: process.env.CF_ACCOUNT_ID,
    script: process.env.CF_SCRIPT_NAME,
    token: process.env.CF_API_TOKEN,
  };
  for (const [k, v] of Object.entries(env))
    if (!v) throw new Error(`missing ${k} (CF_ACCOUNT_ID, CF_SCRIPT_NAME, CF_API_TOKEN)`);
  if (what === 'ratelimits') {
    await putRatelimits({ ...env, bindings: JSON.parse(process.env.CF_BINDINGS ?? '[]') });
    console.log(`rate-limit bindings set on ${env.script}`);
  } else if (what === 'secret' && name) {
    let value = '';
    for await (const chunk of process.stdin) value += chunk;
    await putSecret({ ...env, name, value: value.replace(/\r?\n$/, '') });
    console.log(`secret ${name} set on ${env.script}`);
  } else {
    throw new Error('usage: worker-bindings.mjs ratelimits | secret NAME');
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
}
