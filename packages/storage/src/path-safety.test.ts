import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  cleanup,
  collectStats,
  coverage,
  exportRange,
  InvalidPathError,
  InvalidSymbolError,
  openStore,
  readRows,
  repairFile,
  validateFiles,
} from './index.ts';
import { HOSTILE_SYMBOLS } from './test-support/hostile-symbols.ts';
import { makeTempDataDir } from './test-support/temp-data-dir.ts';

describe('public functions refuse escapes before touching the disk', () => {
  let dataDir: string;
  let remove: () => Promise<void>;
  beforeEach(async () => {
    ({ dataDir, remove } = await makeTempDataDir());
  });
  afterEach(async () => remove());

  it.each(HOSTILE_SYMBOLS)('symbol %j', async (symbol) => {
    const range = { startMs: 0, endMs: 86_400_000 };
    const store = await openStore({ dataDir: join(dataDir, 'data') });
    try {
      await expect(
        store.merge(symbol, '5m', [{ slotMs: 0, openInterest: '1', openInterestValue: '' }]),
      ).rejects.toThrow(InvalidSymbolError);
      await expect(
        store.appendLive(symbol, { slotMs: 0, openInterest: '1', openInterestValue: '' }),
      ).rejects.toThrow(InvalidSymbolError);
    } finally {
      await store.close();
    }
    await expect(coverage(dataDir, symbol, '1m', range)).rejects.toThrow(InvalidSymbolError);
    await expect(readRows(dataDir, symbol, '1m', range)).rejects.toThrow(InvalidSymbolError);
    await expect(collectStats(dataDir, { symbols: [symbol] })).rejects.toThrow(InvalidSymbolError);
    await expect(validateFiles(dataDir, { symbols: [symbol] })).rejects.toThrow(InvalidSymbolError);
    await expect(cleanup(dataDir, { olderThanDays: 0, nowMs: 0, symbols: [symbol] })).rejects.toThrow(
      InvalidSymbolError,
    );
    const chunks: string[] = [];
    const output = { write: (chunk: string) => chunks.push(chunk) > 0 } as unknown as NodeJS.WritableStream;
    await expect(
      exportRange({ dataDir, symbols: [symbol], series: '1m', range, format: 'csv', output }),
    ).rejects.toThrow(InvalidSymbolError);
    expect(chunks).toEqual([]);
    // Only the store's own state directory exists: nothing was created from the hostile name.
    expect(await readdir(dataDir)).toEqual(['data']);
    expect(await readdir(join(dataDir, 'data'))).toEqual(['state']);
  });

  it('repairFile refuses names that are not day files', async () => {
    await expect(repairFile(join(dataDir, '..', 'passwd'))).rejects.toThrow(InvalidPathError);
    await expect(repairFile(join(dataDir, 'BTCUSDT-oi-2026-11-24.csv\0.sh'))).rejects.toThrow(
      InvalidPathError,
    );
  });
});
