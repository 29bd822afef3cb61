import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTestDatabase } from '@oi/sink/test-support/test-database';
import { runOi } from '@oi/test-support';
import { expect, it } from 'vitest';
import { parseJson, useTemporaryDirectory } from '../../test-support/e2e.ts';

// SIGTERM during `oi sink sync`: no batch starts after the signal, those sent commit whole, the
// command ends within its 5 s with exit 143, and a later sync completes the sink.

const SYMBOLS = 12;
const DAYS = 30;
const FIRST_DAY_MS = Date.UTC(2026, 0, 1);
const work = useTemporaryDirectory('oi-sink-stop-');

/** 12 symbols x 30 days of 1m rows (518 400 rows): a sync that takes a few seconds. */
async function writeDayFiles(dataDir: string): Promise<void> {
  for (let symbol = 0; symbol < SYMBOLS; symbol++) {
    const name = `S${symbol}USDT`;
    const folder = join(dataDir, 'open_interest', name, '1m');
    await mkdir(folder, { recursive: true });
    for (let day = 0; day < DAYS; day++) {
      const dayMs = FIRST_DAY_MS + day * 86_400_000;
      const lines = ['timestamp,datetime_utc,openInterest,sumOpenInterestValue,markPrice,exchangeTime'];
      for (let minute = 0; minute < 1440; minute++) {
        const slotMs = dayMs + minute * 60_000;
        lines.push(
          `${slotMs},${new Date(slotMs).toISOString()},${1000 + minute}.125,${2000 + minute}.25,2,${slotMs + 150}`,
        );
      }
      await writeFile(
        join(folder, `${name}-oi-${new Date(dayMs).toISOString().slice(0, 10)}.csv`),
        `${lines.join('\n')}\n`,
      );
    }
  }
}

it('SIGTERM during oi sink sync: exit 143 within 5 s, only whole batches in the sink, a later sync completes it', async () => {
  await writeDayFiles(join(work.path, 'data'));
  const db = await createTestDatabase('mysql');
  const rowsInSink = async (): Promise<number> => {
    const [[count] = []] = await db.query('SELECT COUNT(*) FROM open_interest_1m').catch(() => [[0]]);
    return Number(count);
  };
  try {
    const sink = ['--sink', db.url, '--data-dir', 'data', '--series', '1m'];
    let signalledAt = 0;
    const run = await runOi(['sink', 'sync', ...sink], {
      cwd: work.path,
      onSpawn: (child) => {
        // Stopped as soon as the first batch is in: the sync is then mid-way.
        const poll = setInterval(() => {
          void rowsInSink().then((rows) => {
            if (rows === 0 || signalledAt > 0) return;
            signalledAt = performance.now();
            clearInterval(poll);
            child.kill('SIGTERM');
          });
        }, 20);
        child.on('close', () => clearInterval(poll));
      },
    });
    const stoppedInMs = performance.now() - signalledAt;
    expect(signalledAt).toBeGreaterThan(0);
    expect(run.code, run.stderr).toBe(143);
    expect(run.stderr.trimEnd().split('\n').at(-1)).toBe('oi: error: stopped by SIGTERM before it finished');
    expect(run.stderr).not.toMatch(/shutdown took longer than 5 s/);
    expect(stoppedInMs).toBeLessThan(5_000);
    const partial = await rowsInSink();
    expect(partial).toBeLessThan(SYMBOLS * DAYS * 1440);

    // What is in the sink are rows of the files, with their values; the rest is simply missing.
    const check = await runOi(['sink', 'check', ...sink, '--json'], { cwd: work.path });
    expect(parseJson(check.stdout)).toMatchObject({ missingInFiles: 0, different: 0 });
    const sync = await runOi(['sink', 'sync', ...sink, '--json'], { cwd: work.path });
    expect(sync.code, sync.stderr).toBe(0);
    expect(parseJson(sync.stdout)).toMatchObject({
      conflicts: 0,
      inserted: SYMBOLS * DAYS * 1440 - partial,
    });
    expect(await rowsInSink()).toBe(SYMBOLS * DAYS * 1440);
  } finally {
    await db.close();
  }
}, 240_000);
