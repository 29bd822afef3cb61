import { describe, expect, it } from 'vitest';
import { nodeVersionProblem } from './node-version.ts';

describe('nodeVersionProblem', () => {
  it('accepts 22.13 and later', () => {
    for (const version of ['v22.13.0', 'v22.20.1', 'v23.0.0', 'v24.22.3', 'v30.1.0']) {
      expect(nodeVersionProblem(version, '/usr/bin/node')).toBeUndefined();
    }
  });

  it('names the version found, where, and what to do, in one line', () => {
    for (const version of ['v20.20.2', 'v22.12.0', 'v18.0.0']) {
      const problem = nodeVersionProblem(version, '/usr/bin/node');
      expect(problem).toBe(
        `oi needs Node.js 22.13 or later, found ${version} (/usr/bin/node); run it through ./pnpmw, or put a newer node first on PATH`,
      );
    }
  });
});
