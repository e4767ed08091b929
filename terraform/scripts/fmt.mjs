// Usage: node terraform/scripts/fmt.mjs  — rewrites every .tf file as `terraform fmt` would (@cdktf/hcl-tools).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { moduleDirs, tfFiles } from '../check/lib/hcl.mjs';

const { format } = createRequire(import.meta.url)('@cdktf/hcl-tools');
const tf = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
for (const dir of [...moduleDirs(path.join(tf, 'modules')), ...moduleDirs(path.join(tf, 'examples'))]) {
  for (const file of tfFiles(dir)) {
    const src = fs.readFileSync(file, 'utf8');
    const out = await format(src);
    if (out !== src) {
      fs.writeFileSync(file, out);
      console.log(`formatted ${path.relative(tf, file)}`);
    }
  }
}
