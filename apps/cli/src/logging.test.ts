import { describe, expect, it } from 'vitest';
import { createLogger } from './logging.ts';

describe('createLogger', () => {
  it('does no work for an entry below its level, and follows a level changed later', () => {
    const logger = createLogger({ level: 'info', format: 'human' });
    let reads = 0;
    const meta = {
      get probe(): string {
        reads += 1;
        return 'x';
      },
    };
    logger.debug('below the level', meta);
    logger.verbose('below the level', meta);
    expect(reads).toBe(0);
    logger.level = 'error';
    logger.info('below the level', meta);
    expect(reads).toBe(0);
    logger.level = 'debug';
    logger.debug('at the level', meta);
    expect(reads).toBeGreaterThan(0);
    logger.close();
  });

  it("keeps a child logger's metadata on its lines", () => {
    const logger = createLogger({ level: 'info', format: 'json' });
    const child = logger.child({ market: 'cm' });
    const lines: unknown[] = [];
    const [transport] = logger.transports;
    const log = transport!.log!.bind(transport);
    transport!.log = (info: unknown, next: () => void) => {
      lines.push(info);
      return log(info, next);
    };
    child.info('tick');
    child.debug('below the level');
    expect(lines).toEqual([expect.objectContaining({ message: 'tick', market: 'cm' })]);
    logger.close();
  });
});
