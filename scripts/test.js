// Runs the test suite with node:test. Kinds: unit (*.test.ts), int (*.int.test.ts, on PGlite, or on
// PostgreSQL when DATABASE_URL is set), browser (*.browser.test.ts, real Chromium).
// `node scripts/test.js [unit|int|browser|all] [files…]`. Prints "N passed, N failed" and, when
// CUSTODIAN_TEST_SUMMARY names a file, appends "passed failed" to it (.ci/run adds the runs up).
import { appendFileSync, globSync } from 'node:fs';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';

const [kind = 'all', ...only] = process.argv.slice(2);
const roots = ['src', 'banner/test', 'console/test', 'bench', 'scripts', 'test'];
const all = roots.flatMap((r) => globSync(`${r}/**/*.test.ts`)).filter((f) => !f.includes('node_modules'));
const kindOf = (f) => (f.endsWith('.int.test.ts') ? 'int' : f.endsWith('.browser.test.ts') ? 'browser' : 'unit');
const files = only.length > 0 ? only : all.filter((f) => kind === 'all' || kindOf(f) === kind).sort();

if (files.length === 0) {
  console.log(`no ${kind} tests found`);
  console.log('0 passed, 0 failed');
  process.exit(0);
}

let passed = 0;
let failed = 0;
let skipped = 0;
const stream = run({
  files,
  concurrency: kind === 'browser' ? 1 : 2,
  timeout: 10 * 60_000,
  isolation: 'process',
});
stream.on('test:pass', (t) => {
  if (t.details.type === 'suite') return;
  if (t.skip || t.todo) skipped++;
  else passed++;
});
stream.on('test:fail', (t) => {
  if (t.details.type === 'suite' && t.details.error?.failureType !== 'testCodeFailure' && t.details.error?.failureType !== 'hookFailure') return;
  failed++;
});
stream.compose(spec).pipe(process.stdout);
stream.on('end', () => {
  const backend = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
  const note = kind === 'int' ? ` (${backend})` : '';
  console.log(`\n${kind} tests${note}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  if (skipped) console.log('skipped tests are not allowed to stay silent: each one above says why');
  if (process.env.CUSTODIAN_TEST_SUMMARY) appendFileSync(process.env.CUSTODIAN_TEST_SUMMARY, `${passed} ${failed}\n`);
  process.exitCode = failed > 0 ? 1 : 0;
});
