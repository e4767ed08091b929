// The style check of one node package, run by Maven in verify with the package as working directory:
// ESLint always, then Prettier's format check unless the first argument is "true" (Maven's -Dstyle.skip,
// which also skips Spotless: for a branch that has not been through the repository-wide reformat yet).
import { spawnSync } from 'node:child_process';

const skipFormat = process.argv[2] === 'true';

function run(tool, args) {
  const r = spawnSync(`node_modules/.bin/${tool}`, args, { stdio: 'inherit' });
  if (r.error) throw r.error;
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run('eslint', ['.']);
if (skipFormat) console.log('prettier --check skipped (style.skip=true)');
else run('prettier', ['--check', '**/*.{mjs,js}']);
