// biome-ignore-all lint/suspicious/noTemplateCurlyInString: compose variables, not template strings, are what these tests read
import { describe, expect, it } from 'vitest';
import { interpolate, readEnvFile, variableReferences } from './support/compose-env.ts';
import { envOf, lastOf, parseDockerfile, parseHealthcheck } from './support/dockerfile.ts';
import { isIgnored, readDockerignore } from './support/dockerignore.ts';

describe('parseDockerfile', () => {
  const text = [
    '# syntax=docker/dockerfile:1',
    'ARG BASE=node:24-bookworm-slim',
    'FROM node:24-bookworm-slim AS Build',
    'RUN apt-get update \\',
    '  # a comment inside a continued line vanishes',
    '  && apt-get install -y git',
    'COPY --from=other --chown=1:1 /a /b',
    '',
    'FROM build',
    'env A=1 B="two words" C=',
    'USER node',
    'HEALTHCHECK --interval=30s --retries=3 CMD ["node", "-e", "1"]',
    'ENTRYPOINT ["node", "/app/main.js"]',
    'CMD collect --hours 1',
    '',
  ].join('\n');

  it('reads stages, continuations, flags, ENV pairs, exec and shell forms', () => {
    const file = parseDockerfile(text);
    expect(file.globalArgs.map((arg) => arg.raw)).toEqual(['BASE=node:24-bookworm-slim']);
    expect(file.stages.map((stage) => [stage.index, stage.name, stage.base])).toEqual([
      [0, 'build', 'node:24-bookworm-slim'],
      [1, undefined, 'build'],
    ]);
    const [build, final] = file.stages;
    expect(build?.instructions.map((i) => [i.keyword, i.raw, i.line])).toEqual([
      ['RUN', 'apt-get update && apt-get install -y git', 4],
      ['COPY', '--from=other --chown=1:1 /a /b', 7],
    ]);
    expect(lastOf(build!, 'COPY')).toMatchObject({
      flags: { from: 'other', chown: '1:1' },
      args: ['/a', '/b'],
    });
    expect(envOf(final!)).toEqual({ A: '1', B: 'two words', C: '' });
    expect(lastOf(final!, 'ENTRYPOINT')).toMatchObject({ execForm: true, args: ['node', '/app/main.js'] });
    expect(lastOf(final!, 'CMD')).toMatchObject({ execForm: false, args: ['collect', '--hours', '1'] });
    expect(parseHealthcheck(lastOf(final!, 'HEALTHCHECK')!)).toEqual({
      options: { interval: '30s', retries: '3' },
      command: ['node', '-e', '1'],
    });
  });

  it.each([
    ['an unknown instruction', 'FROM a\nFETCH x\n'],
    ['an instruction before FROM', 'RUN true\nFROM a\n'],
    ['no FROM', 'ARG A=1\n'],
    ['a malformed exec form', 'FROM a\nCMD ["a", b]\n'],
    ['an exec form of non-strings', 'FROM a\nCMD ["a", 1]\n'],
    ['FROM with a dangling AS', 'FROM a AS\n'],
    ['a continuation at the end', 'FROM a\nRUN true \\\n'],
  ])('rejects %s', (_case, dockerfile) => {
    expect(() => parseDockerfile(dockerfile)).toThrow(/Dockerfile/);
  });

  it('rejects a HEALTHCHECK in shell form', () => {
    const stage = parseDockerfile('FROM a\nHEALTHCHECK CMD curl -f http://x/\n').stages[0]!;
    expect(() => parseHealthcheck(lastOf(stage, 'HEALTHCHECK')!)).toThrow(/exec form/);
  });
});

describe('compose variables', () => {
  const env = { USER: 'oi', EMPTY: '' };

  it.each([
    ['${USER}', 'oi'],
    ['$USER@db', 'oi@db'],
    ['${MISSING}', ''],
    ['${MISSING:-9464}', '9464'],
    ['${EMPTY:-x}', 'x'],
    ['${EMPTY-x}', ''],
    ['${MISSING-x}', 'x'],
    ['${USER:?set it}', 'oi'],
    ['$$USER', '$USER'],
    ['-p"$$MYSQL_PASSWORD"', '-p"$MYSQL_PASSWORD"'],
  ])('interpolates %s', (value, expected) => {
    expect(interpolate(value, env)).toBe(expected);
  });

  it('refuses a required variable that is missing or empty', () => {
    expect(() => interpolate('${MISSING:?set MISSING in .env}', env)).toThrow('set MISSING in .env');
    expect(() => interpolate('${EMPTY:?empty}', env)).toThrow('empty');
    expect(interpolate('${EMPTY?only unset}', env)).toBe('');
  });

  it('lists references, escaped dollars aside', () => {
    expect(variableReferences('mysql://${A:?a}:$B@db/${C:-x} $$D')).toEqual([
      { name: 'A', operator: ':?', operand: 'a' },
      { name: 'B', operator: undefined, operand: '' },
      { name: 'C', operator: ':-', operand: 'x' },
    ]);
  });

  it('reads a .env file', () => {
    expect(readEnvFile('# c\nA=1\n\n# B=2\nC="x y"\nD=\n')).toEqual({ A: '1', C: 'x y', D: '' });
    expect(() => readEnvFile('not a setting\n')).toThrow(/line 1/);
  });
});

describe('isIgnored', () => {
  const patterns = readDockerignore('# c\nnode_modules\n**/dist\n*.log\ndata\n!data/keep\n.env.*\n');

  it.each([
    ['node_modules', true],
    ['node_modules/x/index.js', true],
    ['packages/a/node_modules/x', false],
    ['dist', true],
    ['apps/cli/dist/main.js', true],
    ['a.log', true],
    ['logs/a.log', false],
    ['data/open_interest/BTCUSDT/1m/x.csv', true],
    ['data/keep', false],
    ['.env.local', true],
    ['config/.env.example', false],
    ['apps/cli/src/main.ts', false],
  ])('%s -> %s', (path, ignored) => {
    expect(isIgnored(path, patterns)).toBe(ignored);
  });
});
