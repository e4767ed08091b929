// Usage: node terraform/scripts/check.mjs  (or npm run check in terraform/)
// Prints every problem the offline checks find in the real tree; exit code 1 if any.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkAll } from '../check/lib/validate.mjs';
import { crossCheck } from '../check/lib/crosscheck.mjs';
import { moduleDirs } from '../check/lib/hcl.mjs';

const tf = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repo = path.resolve(tf, '..');
const dirs = [...moduleDirs(path.join(tf, 'modules')), ...moduleDirs(path.join(tf, 'examples'))];
const problems = [
  ...(await checkAll(dirs)).map((p) => `${path.relative(repo, p.file)}: ${p.message}`),
  ...(await crossCheck(tf, repo)),
];
for (const p of problems) console.log(p);
console.log(
  problems.length === 0
    ? `ok: ${dirs.length} module directories, schema and cross-checks clean`
    : `${problems.length} problem(s)`,
);
process.exit(problems.length === 0 ? 0 : 1);
