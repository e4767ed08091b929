import { checkAll, describe } from './check/lib/validate.mjs';
import { moduleDirs } from './check/lib/hcl.mjs';
console.time('all');
const dirs = [...moduleDirs('modules'), ...moduleDirs('examples')];
console.log(dirs);
const p = await checkAll(dirs);
console.log(describe(p) || 'NO PROBLEMS');
console.timeEnd('all');
