import { hasErrorCode } from '@oi/errors';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ArchiveTestServer, startArchiveServer } from '../test-support/archive-server.ts';
import { dayStart, fullDayRows } from '../test-support/metrics-files.ts';
import { createRecordingClock, publishDay } from '../test-support/publish-day.ts';
import { type ArchiveClientOptions, createArchiveClient } from './archive-client.ts';
import { ArchiveDownloadError } from './archive-errors.ts';
import type { ArchiveEvent } from './archive-events.ts';
import type { DayRequest } from './day-request.ts';

const DAY: DayRequest = { market: 'um', symbol: 'BTCUSDT', day: '2024-02-16' };

let server: ArchiveTestServer;
let events: ArchiveEvent[];
let clock: ReturnType<typeof createRecordingClock>;

beforeEach(async () => {
  server = await startArchiveServer();
  events = [];
  clock = createRecordingClock();
});
afterEach(() => server.close());

function client(options: ArchiveClientOptions = {}) {
  return createArchiveClient({
    baseUrl: server.url,
    clock,
    retry: { maxAttempts: 3 },
    onEvent: (event) => events.push(event),
    ...options,
  });
}

describe('fetchDay', () => {
  it('downloads, verifies and reads a day, recording what identifies the file', async () => {
    const published = publishDay(server, DAY, 'end-of-period');
    const outcome = await client().fetchDay(DAY);
    if (outcome.kind !== 'day') throw new Error(`expected a day, got ${JSON.stringify(outcome)}`);
    expect(outcome.file).toEqual({
      path: published.zipPath,
      sizeBytes: published.zip.byteLength,
      sha256: published.sha256,
      etag: `"${published.sha256.slice(0, 32)}"`,
      lastModified: 'Sat, 17 Feb 2024 08:12:45 GMT',
    });
    expect(outcome.convention).toBe('end-of-period');
    expect(outcome.conventionEvidence).toBe('labels');
    expect(outcome.rowCount).toBe(288);
    expect(outcome.points).toHaveLength(288);
    expect(outcome.defects).toEqual([]);
    expect(server.requests.sort()).toEqual([published.checksumPath, published.zipPath].sort());
    expect(events).toEqual([
      {
        type: 'day-fetched',
        request: DAY,
        bytes: published.zip.byteLength + 64 + 2 + 'BTCUSDT-metrics-2024-02-16.zip\n'.length,
        rows: 288,
        points: 288,
        defects: 0,
      },
    ]);
  });

  it('answers a NoSuchKey 404 with a missing day, a value', async () => {
    await expect(client().fetchDay(DAY)).resolves.toEqual({ kind: 'missing' });
    expect(events).toEqual([{ type: 'day-missing', request: DAY }]);
    expect(clock.sleeps).toEqual([]);
  });

  it('rejects a zip whose checksum does not match, naming the bytes it got', async () => {
    const published = publishDay(server, DAY, 'end-of-period');
    server.script(published.checksumPath, {
      kind: 'file',
      body: `${'0'.repeat(64)}  BTCUSDT-metrics-2024-02-16.zip\n`,
    });
    const outcome = await client().fetchDay(DAY);
    expect(outcome).toMatchObject({
      kind: 'rejected',
      reason: 'checksum-mismatch',
      file: { sha256: published.sha256 },
    });
    expect(events).toMatchObject([{ type: 'day-rejected', reason: 'checksum-mismatch' }]);
  });

  it('rejects a zip without a .CHECKSUM', async () => {
    const published = publishDay(server, DAY, 'end-of-period');
    server.script(published.checksumPath, {
      kind: 'status',
      status: 404,
      body: '<Error><Code>NoSuchKey</Code></Error>',
    });
    await expect(client().fetchDay(DAY)).resolves.toMatchObject({
      kind: 'rejected',
      reason: 'checksum-missing',
    });
  });

  it('retries a 503 and then reads the day', async () => {
    const published = publishDay(server, DAY, 'end-of-period');
    server.script(
      published.zipPath,
      { kind: 'status', status: 503, body: 'Service Unavailable' },
      {
        kind: 'file',
        body: published.zip,
      },
    );
    const outcome = await client().fetchDay(DAY);
    expect(outcome.kind).toBe('day');
    expect(server.requests.filter((path) => path === published.zipPath)).toHaveLength(2);
    expect(clock.sleeps).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'retry',
      request: DAY,
      path: published.zipPath,
      attempt: 1,
      failure: { kind: 'retry', reason: 'server-error' },
    });
  });

  it('times out a stalled download and retries it', async () => {
    const published = publishDay(server, DAY, 'end-of-period');
    server.script(published.zipPath, { kind: 'stall' }, { kind: 'file', body: published.zip });
    const outcome = await client({ timeoutMs: 300 }).fetchDay(DAY);
    expect(outcome.kind).toBe('day');
    expect(events[0]).toMatchObject({ type: 'retry', failure: { kind: 'retry', reason: 'timeout' } });
  });

  it('fails with ArchiveDownloadError once the retries are spent', async () => {
    const published = publishDay(server, DAY, 'end-of-period');
    server.script(published.zipPath, { kind: 'status', status: 502 });
    const error = await client()
      .fetchDay(DAY)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ArchiveDownloadError);
    expect(hasErrorCode(error, 'ARCHIVE_DOWNLOAD_FAILED')).toBe(true);
    expect(error).toMatchObject({
      path: published.zipPath,
      request: DAY,
      failure: { kind: 'retry', reason: 'server-error' },
    });
    expect(server.requests.filter((path) => path === published.zipPath)).toHaveLength(3);
  });

  it.each([
    [403, 'waf-blocked'],
    [451, 'restricted-location'],
  ])('never retries a %i', async (status, reason) => {
    const published = publishDay(server, DAY, 'end-of-period');
    server.script(published.zipPath, { kind: 'status', status, body: '<html>blocked</html>' });
    const error = await client()
      .fetchDay(DAY)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ARCHIVE_DOWNLOAD_FAILED', failure: { kind: 'fatal', reason } });
    expect(server.requests.filter((path) => path === published.zipPath)).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('does not take a 404 that is not S3 NoSuchKey for a missing day', async () => {
    const published = publishDay(server, DAY, 'end-of-period');
    server.script(published.zipPath, { kind: 'status', status: 404, body: '<html>Not Found</html>' });
    await expect(client().fetchDay(DAY)).rejects.toMatchObject({ code: 'ARCHIVE_DOWNLOAD_FAILED' });
  });

  it('refuses a request that names no file, before sending anything', async () => {
    await expect(client().fetchDay({ ...DAY, symbol: '../etc' })).rejects.toMatchObject({
      code: 'ARCHIVE_BAD_REQUEST',
    });
    await expect(client().fetchDay({ ...DAY, day: '2024-02-30' })).rejects.toMatchObject({
      code: 'ARCHIVE_BAD_REQUEST',
    });
    expect(server.requests).toEqual([]);
  });

  it('stops a stalled download when the signal aborts', async () => {
    const published = publishDay(server, DAY, 'end-of-period');
    server.script(published.zipPath, { kind: 'stall' });
    const controller = new AbortController();
    const pending = client().fetchDay(DAY, { signal: controller.signal });
    const reason = new Error('user stopped');
    setTimeout(() => controller.abort(reason), 50);
    await expect(pending).rejects.toBe(reason);
  });

  it('sends its requests through the configured proxy, and not when NO_PROXY exempts the host', async () => {
    publishDay(server, DAY, 'end-of-period');
    const closed = await startArchiveServer();
    const deadProxy = closed.url;
    await closed.close();
    const error = await client({ proxy: { httpProxy: deadProxy } })
      .fetchDay(DAY)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'ARCHIVE_DOWNLOAD_FAILED',
      failure: { kind: 'retry', reason: 'network' },
    });
    expect(server.requests).toEqual([]);
    const exempt = await client({ proxy: { httpProxy: deadProxy, noProxy: '127.0.0.1' } }).fetchDay(DAY);
    expect(exempt.kind).toBe('day');
  });

  it('stores the 00:00 slot of each day across the label change of 2026-06-25', async () => {
    const days = ['2026-06-23', '2026-06-24', '2026-06-25', '2026-06-26'];
    for (const day of days)
      publishDay(server, { ...DAY, day }, day < '2026-06-25' ? 'end-of-period' : 'start-of-period');
    const archive = client();
    const slots: number[] = [];
    for (const day of days) {
      const outcome = await archive.fetchDay({ ...DAY, day });
      if (outcome.kind !== 'day') throw new Error(`expected a day for ${day}`);
      expect(outcome.conventionEvidence).toBe('labels');
      slots.push(...outcome.points.map((point) => point.slotMs));
    }
    const expected = Array.from(
      { length: 4 * 288 },
      (_, index) => dayStart('2026-06-23') + (index + 1) * 300_000,
    );
    expect(slots).toEqual(expected);
  });
});

describe('fetchDays', () => {
  const days = Array.from({ length: 12 }, (_, index) => ({
    ...DAY,
    day: `2024-03-${String(index + 1).padStart(2, '0')}`,
  }));

  it('fetches every day once within the concurrency, missing days included', async () => {
    await server.close();
    server = await startArchiveServer(5);
    for (const request of days.slice(0, 10)) publishDay(server, request, 'end-of-period');
    const results = [];
    for await (const result of client({ concurrency: 3 }).fetchDays(days)) results.push(result);
    expect(results.map((result) => result.request.day).sort()).toEqual(days.map((request) => request.day));
    expect(results.filter((result) => result.outcome.kind === 'day')).toHaveLength(10);
    expect(
      results
        .filter((result) => result.outcome.kind === 'missing')
        .map((result) => result.request.day)
        .sort(),
    ).toEqual(['2024-03-11', '2024-03-12']);
    expect(server.maxInFlight()).toBeLessThanOrEqual(6);
    expect(new Set(server.requests).size).toBe(server.requests.length);
    expect(events.filter((event) => event.type === 'day-fetched')).toHaveLength(10);
  });

  it('reads its requests lazily from an async source', async () => {
    publishDay(server, days[0]!, 'end-of-period');
    async function* source() {
      yield days[0]!;
      yield days[1]!;
    }
    const kinds: string[] = [];
    for await (const result of client().fetchDays(source()))
      kinds.push(`${result.request.day}:${result.outcome.kind}`);
    expect(kinds.sort()).toEqual(['2024-03-01:day', '2024-03-02:missing']);
  });

  it('throws the first failure and stops the other downloads', async () => {
    publishDay(server, days[0]!, 'end-of-period');
    const blocked = publishDay(server, days[1]!, 'end-of-period');
    server.script(blocked.zipPath, { kind: 'status', status: 403 });
    for (const request of days.slice(2)) {
      const stalled = publishDay(server, request, 'end-of-period');
      server.script(stalled.zipPath, { kind: 'stall' });
    }
    const consume = async () => {
      for await (const _ of client({ concurrency: 4 }).fetchDays(days)) {
        // Results before the failure are simply dropped here.
      }
    };
    await expect(consume()).rejects.toMatchObject({ code: 'ARCHIVE_DOWNLOAD_FAILED', request: days[1] });
  });

  it('keeps a full day of rows exact through the whole path', async () => {
    const rows = fullDayRows('BTCUSDT', '2024-03-01', 'end-of-period');
    publishDay(server, days[0]!, 'end-of-period', rows);
    for await (const { outcome } of client().fetchDays([days[0]!])) {
      if (outcome.kind !== 'day') throw new Error('expected a day');
      expect(outcome.points.map((point) => point.openInterest)).toEqual(rows.map((row) => row.openInterest));
    }
  });
});
