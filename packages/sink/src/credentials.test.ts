import { inspect } from 'node:util';
import { hasErrorCode } from '@oi/errors';
import { describe, expect, it } from 'vitest';
import { openSink } from './open-sink.ts';
import { findFreePort } from './test-support/free-port.ts';
import { createTestDatabase } from './test-support/test-database.ts';

const WRONG_PASSWORD = 'wr0ng-Passw0rd-zz';

describe.each(['mysql', 'postgres'] as const)('credentials on %s', (kind) => {
  it('never appear in errors or in the URL the sink shows', async () => {
    const database = await createTestDatabase(kind);
    const { user, password } = database.server;
    try {
      const sink = await openSink(database.url);
      expect(sink.displayUrl).toBe(`${kind}://***:***@127.0.0.1:${database.server.port}/${database.name}`);
      await sink.close();

      const wrong = database.url.replace(`:${password}@`, `:${WRONG_PASSWORD}@`);
      const refused = await openSink(wrong).catch((caught: unknown) => caught);
      expect(hasErrorCode(refused, 'SINK_UNAVAILABLE')).toBe(true);
      const port = await findFreePort();
      const unreachable = await openSink(`${kind}://${user}:${password}@127.0.0.1:${port}/${database.name}`, {
        connectTimeoutMs: 5000,
      }).catch((caught: unknown) => caught);
      expect(hasErrorCode(unreachable, 'SINK_UNAVAILABLE')).toBe(true);
      for (const error of [refused, unreachable]) {
        const shown = `${String(error)}\n${inspect(error, { depth: 10, showHidden: true })}`;
        expect(shown).toContain('***:***@127.0.0.1');
        for (const secret of [WRONG_PASSWORD, password, user]) expect(shown).not.toContain(secret);
      }
    } finally {
      await database.close();
    }
  });
});
