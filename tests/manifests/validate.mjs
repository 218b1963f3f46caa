// Validates Kubernetes manifests: every object against the Kubernetes API schema (kubernetes-models'
// validators: types, required fields, formats) and against its TypeScript type with tsc's excess-property
// check, which names a key the API does not have (the API server would drop it silently, as Talos does).
//   node validate.mjs FILE...   prints one line per problem; exit 1 if any
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';

const here = dirname(fileURLToPath(import.meta.url));
const problems = [];
const objects = [];
for (const file of process.argv.slice(2)) {
  for (const doc of yaml.loadAll(readFileSync(file, 'utf8')).filter(Boolean)) {
    const [group, version] = doc.apiVersion?.includes('/') ? doc.apiVersion.split('/') : [null, doc.apiVersion];
    const module = group ? `kubernetes-models/${group}/${version}/${doc.kind}` : `kubernetes-models/${version}/${doc.kind}`;
    objects.push({ file, doc, module });
  }
}

for (const o of objects) {
  let Model;
  try {
    Model = (await import(o.module))[o.kind ?? o.doc.kind];
  } catch {
    problems.push(`${o.file}: ${o.doc.apiVersion} ${o.doc.kind} is not a Kubernetes API type`);
    continue;
  }
  try {
    new Model(o.doc).validate();
  } catch (e) {
    problems.push(`${o.file}: ${o.doc.kind} ${o.doc.metadata?.name}: ${e.message}`);
  }
}

// One typed constant per object; tsc reports keys its type lacks ("Object literal may only specify known properties").
const check = join(here, 'manifests.check.ts');
writeFileSync(check, objects.map((o, n) =>
  `// ${o.file}\nimport type { I${o.doc.kind} as T${n} } from "${o.module}";\nexport const m${n}: T${n} = ${JSON.stringify(o.doc, null, 2)};\n`).join('\n'));
try {
  execFileSync(join(here, 'node_modules/.bin/tsc'),
    ['--noEmit', '--strict', '--skipLibCheck', '--module', 'esnext', '--moduleResolution', 'bundler', '--target', 'es2022', check],
    { encoding: 'utf8', cwd: here });
} catch (e) {
  const lines = readFileSync(check, 'utf8').split('\n');
  for (const line of (e.stdout ?? '').split('\n').filter(l => l.includes('error TS'))) {
    const at = Number(/\((\d+),/.exec(line)?.[1] ?? 0);
    const source = lines.slice(0, at).reverse().find(l => l.startsWith('// '))?.slice(3) ?? '?';
    problems.push(`${source}: ${line.replace(/^.*error TS\d+: /, '')}`);
  }
} finally {
  rmSync(check, { force: true });
}

for (const p of problems) {
  console.log(p);
}
console.log(`${objects.length} object(s), ${problems.length} problem(s)`);
process.exit(problems.length ? 1 : 0);
