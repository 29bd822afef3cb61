import { writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeSmallStore } from '../test-support/small-store.ts';
import { makeTempDataDir } from '../test-support/temp-data-dir.ts';
import { listSymbols } from './list-symbols.ts';

let dataDir: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ dataDir, remove } = await makeTempDataDir());
  await writeSmallStore(dataDir);
});
afterEach(async () => remove());

describe('listSymbols', () => {
  it('lists symbol folders only', async () => {
    await writeFile(`${dataDir}/open_interest/README.txt`, 'x');
    expect(await listSymbols(dataDir)).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(await listSymbols(`${dataDir}/nothing-here`)).toEqual([]);
  });
});
