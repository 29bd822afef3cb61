import { describe, expect, it } from 'vitest';
import { InvalidPathError, InvalidSymbolError } from '../model/errors.ts';
import { HOSTILE_SYMBOLS } from '../test-support/hostile-symbols.ts';
import { archiveStatePath } from './data-dir-layout.ts';

describe('archiveStatePath', () => {
  it('puts one file per symbol under state/archive', () => {
    expect(archiveStatePath('/srv/oi-data', 'BTCUSDT')).toBe('/srv/oi-data/state/archive/BTCUSDT.json');
    expect(archiveStatePath('/srv/oi-data/', 'BTCUSD_PERP')).toBe(
      '/srv/oi-data/state/archive/BTCUSD_PERP.json',
    );
  });

  it.each(HOSTILE_SYMBOLS)('refuses the symbol %j before building the path', (symbol) => {
    expect(() => archiveStatePath('/srv/oi-data', symbol)).toThrow(InvalidSymbolError);
  });

  it('refuses a data directory with NUL', () => {
    expect(() => archiveStatePath('/tmp/x\0', 'BTCUSDT')).toThrow(InvalidPathError);
  });
});
