import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from './support/repo.ts';

// scripts/test-summary.mjs prints the last line of .ci/run, the one CI is judged by. It reads each
// package's reports/vitest.json; these tests give it reports of runs that went wrong in each way.

const execFileAsync = promisify(execFile);
const SUMMARY = join(repoRoot, 'scripts/test-summary.mjs');
const roots: string[] = [];

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

interface Suite {
  readonly status: 'passed' | 'failed';
  readonly tests: readonly ('passed' | 'failed' | 'skipped')[];
  /** What vitest says of the file as a whole (a hook that failed, an import that threw). */
  readonly message?: string;
}

/** A vitest JSON report of the given suites, as vitest's json reporter writes it. */
function report(suites: readonly Suite[], success: boolean): unknown {
  const all = suites.flatMap((suite) => suite.tests);
  return {
    numPassedTests: all.filter((test) => test === 'passed').length,
    numFailedTests: all.filter((test) => test === 'failed').length,
    numPendingTests: all.filter((test) => test === 'skipped').length,
    numTodoTests: 0,
    success,
    testResults: suites.map((suite, index) => ({
      name: `/repo/test/${index}.test.ts`,
      status: suite.status,
      message: suite.message ?? '',
      assertionResults: suite.tests.map((status) => ({ status: status === 'skipped' ? 'pending' : status })),
    })),
  };
}

/** A repository with one package per entry (`undefined`: its tests wrote no report); the summary's output. */
async function summarize(
  reports: Record<string, unknown>,
): Promise<{ line: string; stderr: string; code: number }> {
  const root = mkdtempSync(join(tmpdir(), 'oi-ci-summary-'));
  roots.push(root);
  mkdirSync(join(root, 'packages'));
  mkdirSync(join(root, 'apps'));
  for (const [name, content] of Object.entries(reports)) {
    const dir = join(root, 'packages', name);
    mkdirSync(join(dir, 'reports'), { recursive: true });
    writeFileSync(join(dir, 'vitest.config.ts'), '');
    if (content !== undefined) writeFileSync(join(dir, 'reports', 'vitest.json'), JSON.stringify(content));
  }
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [SUMMARY, root]);
    return { line: stdout.trim(), stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { line: failed.stdout.trim(), stderr: failed.stderr, code: failed.code };
  }
}

describe('the CI total', () => {
  it('adds the tests of every package', async () => {
    const result = await summarize({
      a: report([{ status: 'passed', tests: ['passed', 'passed', 'skipped'] }], true),
      b: report([{ status: 'passed', tests: ['passed'] }], true),
    });
    expect(result).toEqual({ line: '3 passed, 0 failed, 1 skipped', stderr: '', code: 0 });
  });

  it('counts failed tests', async () => {
    const result = await summarize({
      a: report([{ status: 'failed', tests: ['passed', 'failed', 'failed'] }], false),
    });
    expect([result.line, result.code]).toEqual(['1 passed, 2 failed', 1]);
  });

  it('counts a test file that failed to load', async () => {
    const result = await summarize({ a: report([{ status: 'failed', tests: [] }], false) });
    expect([result.line, result.code]).toEqual(['0 passed, 1 failed', 1]);
    expect(result.stderr).toContain('packages/a: /repo/test/0.test.ts failed outside its tests');
  });

  it('counts a file whose beforeAll threw while its tests were skipped', async () => {
    const result = await summarize({
      a: report(
        [
          { status: 'failed', tests: ['skipped', 'skipped'] },
          { status: 'passed', tests: ['passed'] },
        ],
        false,
      ),
    });
    expect([result.line, result.code]).toEqual(['1 passed, 1 failed, 2 skipped', 1]);
  });

  it('counts a file whose tests passed but whose hook timed out, and says why', async () => {
    const message =
      'Hook timed out in 10000ms.\nIf this is a long-running hook, pass a timeout value as the last argument or configure it globally with "hookTimeout".';
    const result = await summarize({
      a: report([{ status: 'failed', tests: ['passed', 'passed'], message }], false),
    });
    expect([result.line, result.code]).toEqual(['2 passed, 1 failed', 1]);
    expect(result.stderr).toBe(
      'test-summary: packages/a: /repo/test/0.test.ts failed outside its tests: Hook timed out in 10000ms.\n',
    );
  });

  it('counts a run vitest failed although every test passed (an unhandled error)', async () => {
    const result = await summarize({ a: report([{ status: 'passed', tests: ['passed', 'passed'] }], false) });
    expect([result.line, result.code]).toEqual(['2 passed, 1 failed', 1]);
    expect(result.stderr).toContain('packages/a: vitest failed the run with every test passed');
  });

  it('counts a package that wrote no report', async () => {
    const result = await summarize({
      a: report([{ status: 'passed', tests: ['passed'] }], true),
      b: undefined,
    });
    expect([result.line, result.code]).toEqual(['1 passed, 1 failed', 1]);
    expect(result.stderr).toContain('packages/b wrote no reports/vitest.json');
  });
});
