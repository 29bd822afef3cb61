import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A temporary working directory for one test; `remove` deletes it. */
export interface WorkDir {
  readonly path: string;
  /** Writes `text` to `relative` (parents created) and returns the absolute path. */
  write(relative: string, text: string | Uint8Array): Promise<string>;
  remove(): Promise<void>;
}

/** Creates a temporary working directory. */
export async function createWorkDir(prefix = 'oi-reliability-'): Promise<WorkDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return {
    path,
    async write(relative, text) {
      const target = join(path, relative);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, text);
      return target;
    },
    remove: () => rm(path, { recursive: true, force: true }),
  };
}

/** A valid 1m day file of `rows` consecutive minutes from `firstSlotMs`, in the documented format. */
export function oneMinuteDayFile(firstSlotMs: number, rows: number): string {
  const lines = ['timestamp,datetime_utc,openInterest,sumOpenInterestValue,markPrice,exchangeTime'];
  for (let index = 0; index < rows; index++) {
    const slotMs = firstSlotMs + index * 60_000;
    lines.push(
      `${slotMs},${new Date(slotMs).toISOString()},${1000 + index}.125,${(1000 + index) * 2}.25,2,${slotMs + 150}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
