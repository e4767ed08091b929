// Runs every row of ../rules-cases.json with @firebase/rules-unit-testing against the Firestore
// emulator at FIRESTORE_EMULATOR_HOST (Google's emulator: the JS SDK talks WebChannel, which our
// Java emulator does not serve; our emulator runs the same table from the JVM in `mvn verify`).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import {
  initializeTestEnvironment, assertSucceeds, assertFails,
} from '@firebase/rules-unit-testing';
import {
  doc, getDoc, getDocs, setDoc, updateDoc, deleteDoc, collection, query, where, orderBy, limit,
  Timestamp, writeBatch,
} from 'firebase/firestore';

const here = dirname(fileURLToPath(import.meta.url));
const table = JSON.parse(readFileSync(join(here, '..', 'rules-cases.json'), 'utf8'));
const rules = readFileSync(join(here, '..', 'firestore.rules'), 'utf8');
const hostPort = process.env.FIRESTORE_EMULATOR_HOST;
if (!hostPort) {
  console.error('Set FIRESTORE_EMULATOR_HOST to a running Google Firestore emulator (host:port).');
  process.exit(2);
}
const [host, port] = hostPort.split(':');

function value(v) {
  if (Array.isArray(v)) return v.map(value);
  if (v && typeof v === 'object') {
    if (Object.keys(v).length === 1 && '$ts' in v) return Timestamp.fromDate(new Date(v.$ts));
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, value(x)]));
  }
  return v;
}

const env = await initializeTestEnvironment({
  projectId: 'sacred-rules-js',
  firestore: { rules, host, port: Number(port) },
});
await env.clearFirestore();
await env.withSecurityRulesDisabled(async (ctx) => {
  const db = ctx.firestore();
  const batch = writeBatch(db);
  for (const [path, data] of Object.entries(table.seed)) batch.set(doc(db, path), value(data));
  await batch.commit();
});

function operation(db, c) {
  const ref = () => doc(db, c.path);
  switch (c.op) {
    case 'get': return getDoc(ref());
    case 'list': {
      const q = c.query || {};
      const parts = [];
      if (q.where) parts.push(where(q.where[0], q.where[1], q.where[2]));
      if (q.orderBy) parts.push(orderBy(q.orderBy, q.direction === 'desc' ? 'desc' : 'asc'));
      if (q.limit) parts.push(limit(q.limit));
      return getDocs(query(collection(db, c.path), ...parts));
    }
    case 'create': return setDoc(ref(), value(c.data));
    case 'update': return updateDoc(ref(), value(c.data));
    case 'delete': return deleteDoc(ref());
    default: throw new Error(`unknown op ${c.op}`);
  }
}

let failed = 0;
for (const c of table.cases) {
  const ctx = c.auth ? env.authenticatedContext(c.auth) : env.unauthenticatedContext();
  const label = `${c.name} [${c.auth ?? 'unauthenticated'} ${c.op} ${c.path} → ${c.expect}]`;
  try {
    await (c.expect === 'allow' ? assertSucceeds : assertFails)(operation(ctx.firestore(), c));
    console.log(`ok   ${label}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${label}: ${e.message}`);
  }
}
await env.cleanup();
console.log(`${table.cases.length - failed}/${table.cases.length} cases as expected`);
process.exit(failed === 0 ? 0 : 1);
