// The TCP sockets a set of processes (and their descendants) listen on, read from /proc: which address each
// is bound to. Linux only (the suite's platform); returns null elsewhere.
import fs from 'node:fs';

function children() {
  const byParent = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!byParent.has(ppid)) byParent.set(ppid, []);
      byParent.get(ppid).push(Number(entry));
    } catch {
      /* gone */
    }
  }
  return byParent;
}

function withDescendants(pids) {
  const byParent = children();
  const all = new Set();
  const todo = [...pids];
  while (todo.length) {
    const pid = todo.pop();
    if (all.has(pid)) continue;
    all.add(pid);
    todo.push(...(byParent.get(pid) ?? []));
  }
  return all;
}

function socketInodes(pid) {
  const inodes = new Set();
  try {
    for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
      try {
        const m = fs.readlinkSync(`/proc/${pid}/fd/${fd}`).match(/^socket:\[(\d+)\]$/);
        if (m) inodes.add(m[1]);
      } catch {
        /* closed meanwhile */
      }
    }
  } catch {
    /* gone */
  }
  return inodes;
}

function hexToAddress(hex, v6) {
  if (!v6)
    return hex
      .match(/../g)
      .reverse()
      .map((b) => parseInt(b, 16))
      .join('.');
  // /proc/net/tcp6: four 32-bit words, each little-endian
  const words = hex
    .toLowerCase()
    .match(/.{8}/g)
    .map((w) => w.match(/../g).reverse().join(''));
  const full = words.join('');
  if (full.startsWith('00000000000000000000ffff'))
    return `::ffff:${hexToAddress(words[3].match(/../g).reverse().join(''), false)}`;
  if (/^0{32}$/.test(full)) return '::';
  if (/^0{31}1$/.test(full)) return '::1';
  return full.match(/.{4}/g).join(':');
}

/**
 * [{pid, address, port}] of every LISTEN socket of pids and their descendants, and of whatever process
 * listens on one of ports (PostgreSQL daemonizes: it is nobody's child); null when /proc is absent.
 */
export function listeningSockets(pids, ports = []) {
  if (!fs.existsSync('/proc/net/tcp')) return null;
  const owners = new Map();
  const ours = withDescendants(pids);
  const wanted = new Set(ports);
  const everyone = fs
    .readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .map(Number);
  for (const pid of everyone) for (const inode of socketInodes(pid)) owners.set(inode, pid);
  const out = [];
  for (const [file, v6] of [
    ['/proc/net/tcp', false],
    ['/proc/net/tcp6', true],
  ]) {
    let text;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.trim().split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] !== '0A') continue; // LISTEN
      const [addr, port] = cols[1].split(':');
      const inode = cols[9];
      const pid = owners.get(inode);
      if (pid === undefined || !(ours.has(pid) || wanted.has(parseInt(port, 16)))) continue;
      out.push({ pid, address: hexToAddress(addr, v6), port: parseInt(port, 16) });
    }
  }
  return out;
}

export const isLoopback = (address) => address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
