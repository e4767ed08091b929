// `npm ci` under a watchdog, run by Maven in each node package with the package as working directory; the
// arguments are npm's.
//
// Why: npm's install now and then stops for good with no CPU and no network (npm/cli#4028, #5721; seen here on
// 2026-12-02 after every tarball of terraform/ had been fetched and unpacked). A hung install would hold CI for
// its whole time limit and say nothing. An attempt that outlives NPM_CI_TIMEOUT_SECONDS (default 300; a cold
// install of the largest package here takes about 60 s) is killed with its children and the install starts
// again from an empty node_modules; the third failure fails the build.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';

const ATTEMPTS = 3;
const timeoutSeconds = Number(process.env.NPM_CI_TIMEOUT_SECONDS ?? 300);
const npmArgs = ['ci', ...process.argv.slice(2)];

function attempt() {
  return new Promise((resolve) => {
    // its own process group, so that the kill reaches npm's install scripts too
    const child = spawn('npm', npmArgs, { stdio: 'inherit', detached: true });
    const timer = setTimeout(() => {
      console.error(`npm ci: no end after ${timeoutSeconds} s; killing it`);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutSeconds * 1000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? 0 : 1);
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      console.error(`npm ci: ${e.message}`);
      resolve(1);
    });
  });
}

let status = 1;
for (let i = 1; i <= ATTEMPTS && status !== 0; i++) {
  if (i > 1) {
    console.error(`npm ci: attempt ${i} of ${ATTEMPTS}, from an empty node_modules`);
    rmSync('node_modules', { recursive: true, force: true });
  }
  status = await attempt();
}
process.exit(status);
