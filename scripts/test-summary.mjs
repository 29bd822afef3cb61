// Totals every package's vitest JSON report (reports/vitest.json) into the one line CI reads:
// `N passed, N failed`. A test file that failed to load counts as one failure, so a broken import
// cannot hide behind a zero.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
// Every workspace package with tests: packages/*, apps/*, and the top-level suites.
const packageDirs = [
  ...['packages', 'apps'].flatMap((group) =>
    readdirSync(join(root, group)).map((name) => `${group}/${name}`),
  ),
  'bench',
  'reliability',
  'deploy',
];
for (const pkg of packageDirs) {
  const dir = join(root, pkg);
  if (!existsSync(join(dir, 'vitest.config.ts'))) continue;
  const file = join(dir, 'reports', 'vitest.json');
  if (!existsSync(file)) {
    missing.push(pkg);
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  for (const suite of report.testResults) {
    if (suite.status === 'failed' && suite.assertionResults.length === 0) failed += 1;
  }
}
for (const pkg of missing) {
  process.stderr.write(`test-summary: ${pkg} wrote no reports/vitest.json (its tests did not run)\n`);
  failed += 1;
}
process.stdout.write(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exitCode = failed > 0 ? 1 : 0;
