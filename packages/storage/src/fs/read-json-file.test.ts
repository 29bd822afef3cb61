import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readJsonFile } from './read-json-file.ts';

const schema = z.object({ version: z.literal(1), tasks: z.array(z.object({ id: z.string() })) });

describe('readJsonFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'oi-json-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    [
      'valid',
      '{"version":1,"tasks":[{"id":"a"}]}',
      { kind: 'read', value: { version: 1, tasks: [{ id: 'a' }] } },
    ],
    ['torn', '{"version":1,"tas', { kind: 'invalid', problem: 'not JSON' }],
    ['wrong field', '{"version":1,"tasks":[{"id":7}]}', { kind: 'invalid', problem: 'tasks.0.id: ' }],
    ['wrong root', '[]', { kind: 'invalid', problem: 'the file: ' }],
  ])('%s', async (_name, text, expected) => {
    const path = join(dir, 'state.json');
    await writeFile(path, text);
    const read = await readJsonFile(path, schema);
    expect(read.kind).toBe(expected.kind);
    if (read.kind === 'read' && 'value' in expected) expect(read.value).toEqual(expected.value);
    if (read.kind === 'invalid' && 'problem' in expected)
      expect(read.problem.startsWith(expected.problem)).toBe(true);
  });

  it('tells a missing file apart from an unreadable one', async () => {
    expect(await readJsonFile(join(dir, 'none.json'), schema)).toEqual({ kind: 'absent' });
    const read = await readJsonFile(dir, schema);
    expect(read).toMatchObject({ kind: 'invalid', problem: 'EISDIR' });
  });
});
