import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isOiError } from '@oi/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Invocation, parseCommandLine } from '../cli/parse-command-line.ts';
import { registry } from '../commands/index.ts';
import { describeFailure } from '../errors/describe-failure.ts';

/** Parses a command line with every registered module, expecting a command to run. */
export async function parseArgs(
  argv: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string>> = {},
): Promise<Invocation> {
  const parsed = await parseCommandLine(argv, { env, cwd }, registry);
  if (parsed.kind !== 'run') throw new Error(`expected a command to run, got ${parsed.kind}`);
  return parsed.invocation;
}

/** Parses a command line expected to be rejected, and returns what it threw. */
export function parseRejection(argv: readonly string[], cwd: string): Promise<unknown> {
  return parseCommandLine(argv, { env: {}, cwd }, registry).then(
    () => {
      throw new Error(`expected ${JSON.stringify(argv)} to be rejected`);
    },
    (error: unknown) => error,
  );
}

/**
 * A working directory whose config/config.json lists BTCUSDT and ETHUSDT, made before the file's
 * tests and removed after them; read `.path` inside a test.
 */
export function useConfiguredDirectory(): { readonly path: string } {
  const directory = { path: '' };
  beforeAll(async () => {
    directory.path = await mkdtemp(join(tmpdir(), 'oi-argv-'));
    await mkdir(join(directory.path, 'config'));
    await writeFile(join(directory.path, 'config', 'config.json'), JSON.stringify(['BTCUSDT', 'ETHUSDT']));
  });
  afterAll(async () => {
    await rm(directory.path, { recursive: true, force: true });
  });
  return directory;
}

/** One row of an argv table: a command line and what it must resolve to. */
export interface ArgvRow {
  readonly argv: string[];
  readonly command: string;
  /** Matched with `objectContaining`: a row names only the options it is about. */
  readonly options: Record<string, unknown>;
  /** Matched with `toMatchObject`. */
  readonly common?: Record<string, unknown>;
  /** Selected by an old top-level flag. @default false */
  readonly legacy?: boolean;
}

/** Runs a table of command lines through the real parser and checks what each resolves to. */
export function describeArgvTable(title: string, rows: readonly ArgvRow[]): void {
  describe(title, () => {
    const cwd = useConfiguredDirectory();
    it.each(rows)('$argv -> $command', async (row) => {
      const invocation = await parseArgs(row.argv, cwd.path);
      expect(invocation.command).toBe(row.command);
      expect(invocation.legacy).toBe(row.legacy ?? false);
      expect(invocation.options).toEqual(expect.objectContaining(row.options));
      if (row.common) expect(invocation.common).toMatchObject(row.common);
    });
  });
}

/**
 * Runs command lines that must be rejected before anything runs: each throws a project error that
 * maps to exit 2, with a one-line message matching the row's pattern.
 */
export function describeRejections(title: string, rows: readonly (readonly [string[], RegExp])[]): void {
  describe(title, () => {
    const cwd = useConfiguredDirectory();
    it.each(rows)('rejects %j with exit code 2', async (argv, message) => {
      const error = await parseRejection(argv, cwd.path);
      expect(isOiError(error)).toBe(true);
      const report = describeFailure(error);
      expect(report.code).toBe(2);
      expect(report.message).toMatch(message);
      expect(report.message).not.toContain('\n');
    });
  });
}
