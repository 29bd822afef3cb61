// Totals every package's vitest JSON report (reports/vitest.json) into the one line CI reads:
// `N passed, N failed`. A test file that failed outside its tests (an import that broke, a beforeAll
// that threw while its tests were skipped) counts as one failure, and so does a run vitest calls
// failed with every test passed (an unhandled error), so no broken run can hide behind a zero.
// Usage: node scripts/test-summary.mjs [repository root, default the one holding this script]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2] ?? new URL('..', import.meta.url).pathname;
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
  let packageFailed = report.numFailedTests;
  for (const suite of report.testResults) {
    const failedInside = suite.assertionResults.some((test) => test.status === 'failed');
    if (suite.status === 'failed' && !failedInside) {
      // vitest's message says why (a hook that timed out, an import that threw); its first line.
      const why = (suite.message ?? '').split('\n')[0].trim();
      process.stderr.write(
        `test-summary: ${pkg}: ${suite.name} failed outside its tests${why ? `: ${why}` : ''}\n`,
      );
      packageFailed += 1;
    }
  }
  if (!report.success && packageFailed === 0) {
    process.stderr.write(
      `test-summary: ${pkg}: vitest failed the run with every test passed (an unhandled error?)\n`,
    );
    packageFailed += 1;
  }
  passed += report.numPassedTests;
  failed += packageFailed;
  skipped += report.numPendingTests + report.numTodoTests;
}
for (const pkg of missing) {
  process.stderr.write(`test-summary: ${pkg} wrote no reports/vitest.json (its tests did not run)\n`);
  failed += 1;
}
process.stdout.write(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exitCode = failed > 0 ? 1 : 0;
