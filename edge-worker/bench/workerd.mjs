// What the benches share: a worker module in a workerd of its own (miniflare, HTTP on loopback) with that
// workerd's process id, so that its CPU time can be read from /proc beside the load.
import { Miniflare } from 'miniflare';
import fs from 'node:fs';
import path from 'node:path';

/** workerd processes that are children of this process: miniflare spawns one per instance. */
export function workerdPids() {
  const pids = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('workerd'))
        pids.push(Number(entry));
    } catch {
      /* gone */
    }
  }
  return pids;
}

/** CPU time (user + system) a process has used, in milliseconds; null where /proc is unavailable. */
export function cpuMillis(pid) {
  if (!pid) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime in clock ticks of 10 ms
  } catch {
    return null;
  }
}

/**
 * The module at scriptPath (its folder the modules' root, KV FIELD_KV) in a new workerd; `options` adds to or
 * overrides miniflare's (bindings, durableObjects). Its URL without the trailing slash, and its workerd's pid.
 */
export async function startWorkerd(name, scriptPath, options = {}) {
  const before = new Set(workerdPids());
  const mf = new Miniflare({
    name,
    modules: true,
    scriptPath,
    modulesRoot: path.dirname(scriptPath),
    modulesRules: [{ type: 'ESModule', include: ['**/*.mjs'] }],
    kvNamespaces: ['FIELD_KV'],
    compatibilityDate: '2025-09-01',
    host: '127.0.0.1',
    port: 0,
    ...options,
  });
  const url = String(await mf.ready).replace(/\/$/, '');
  const pid = workerdPids().find((p) => !before.has(p));
  return { mf, pid, url };
}
