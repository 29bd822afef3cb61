import { describe, expect, it } from 'vitest';
import { ARCHIVE_FIRST_DAY, archiveDaysOf, archiveFileSlots, archiveReach } from './archive-days.ts';

const at = (iso: string): number => Date.parse(`${iso}Z`);

describe('archive days', () => {
  it('a day file gives D 00:05 .. D+1 00:00', () => {
    expect(archiveFileSlots('2026-06-25')).toEqual({
      startMs: at('2026-06-25T00:05:00'),
      endMs: at('2026-06-26T00:05:00'),
    });
  });

  it('reaches from the first file to the last finished day, whose last slot is 00:00 today', () => {
    expect(archiveReach(at('2026-07-10T00:00:00'))).toEqual({
      startMs: at(`${ARCHIVE_FIRST_DAY}T00:05:00`),
      endMs: at('2026-07-10T00:05:00'),
    });
    expect(archiveReach(at('2026-07-10T23:59:59'), '2026-07-01').endMs).toBe(at('2026-07-10T00:05:00'));
  });

  it.each([
    [
      'a whole day asks two files: its 00:00 is in the day before',
      '2026-07-02T00:00:00',
      '2026-07-03T00:00:00',
      ['2026-07-01', '2026-07-02'],
    ],
    ['00:05 .. next 00:00 is one file', '2026-07-02T00:05:00', '2026-07-03T00:05:00', ['2026-07-02']],
    ['the 00:00 slot alone', '2026-07-03T00:00:00', '2026-07-03T00:05:00', ['2026-07-02']],
    ['nothing past the reach', '2026-07-09T12:00:00', '2026-07-11T00:00:00', ['2026-07-09']],
    ['nothing before the first file', '2020-08-30T00:00:00', '2020-09-01T01:00:00', ['2020-09-01']],
  ])('%s', (_name, from, to, days) => {
    const reach = archiveReach(at('2026-07-10T12:00:00'));
    expect(archiveDaysOf([{ startMs: at(from), endMs: at(to) }], reach)).toEqual(days);
  });
});
