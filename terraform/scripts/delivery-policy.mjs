// Usage (after terraform apply, from the example root):
//   terraform output -json event_triggers | node ../../scripts/delivery-policy.mjs verify PROJECT
// Describes each Eventarc trigger's Pub/Sub subscription with gcloud and compares it with
// terraform/delivery-policy.json (docs/contracts.md#delivery-policy); exit 1 on any difference.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const POLICY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../delivery-policy.json');
const seconds = (d) => (typeof d === 'string' && /^\d+(\.\d+)?s$/.test(d) ? Number(d.slice(0, -1)) : NaN);

/** Differences between one subscription (gcloud ... describe --format=json) and the policy file. */
export function subscriptionDrift(sub, policy, deadLetterTopic) {
  const have = {
    ackDeadlineSeconds: sub.ackDeadlineSeconds,
    minimumBackoffSeconds: seconds(sub.retryPolicy?.minimumBackoff),
    maximumBackoffSeconds: seconds(sub.retryPolicy?.maximumBackoff),
    maxDeliveryAttempts: sub.deadLetterPolicy?.maxDeliveryAttempts,
    messageRetentionSeconds: seconds(sub.messageRetentionDuration),
  };
  const out = [];
  for (const [k, v] of Object.entries(have))
    if (v !== policy[k]) out.push(`${sub.name}: ${k} is ${v}, delivery-policy.json says ${policy[k]}`);
  if (sub.deadLetterPolicy?.deadLetterTopic !== deadLetterTopic)
    out.push(`${sub.name}: dead-letter topic is ${sub.deadLetterPolicy?.deadLetterTopic}, want ${deadLetterTopic}`);
  return out;
}

function gcloud(args) {
  return JSON.parse(execFileSync('gcloud', [...args, '--format=json'], { encoding: 'utf8' }));
}

async function main() {
  const [what, project] = process.argv.slice(2);
  if (what !== 'verify' || !project)
    throw new Error('usage: terraform output -json event_triggers | delivery-policy.mjs verify PROJECT');
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const policy = JSON.parse(fs.readFileSync(POLICY, 'utf8'));
  const problems = [];
  for (const [fn, t] of Object.entries(JSON.parse(input))) {
    const trigger = gcloud([
      'eventarc',
      'triggers',
      'describe',
      t.trigger,
      `--location=${t.region}`,
      `--project=${project}`,
    ]);
    const sub = gcloud([
      'pubsub',
      'subscriptions',
      'describe',
      trigger.transport.pubsub.subscription,
      `--project=${project}`,
    ]);
    problems.push(
      ...subscriptionDrift(sub, policy, `projects/${project}/topics/sacred-events-dead`).map((p) => `${fn}: ${p}`),
    );
  }
  for (const p of problems) console.log(p);
  console.log(
    problems.length
      ? `${problems.length} difference(s) from delivery-policy.json`
      : 'every event subscription matches delivery-policy.json',
  );
  process.exit(problems.length ? 1 : 0);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
}
