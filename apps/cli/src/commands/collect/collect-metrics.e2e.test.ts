import { access } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createScaledClock, startSimulator } from '@oi/binance-sim';
import { parseExposition, sampleValue } from '@oi/metrics/test-support/parse-exposition';
import { runOi } from '@oi/test-support';
import { describe, expect, it } from 'vitest';
import { type ChildOutput, followStderr } from '../../test-support/child-output.ts';
import { useTemporaryDirectory } from '../../test-support/e2e.ts';

// `oi collect --metrics-port` as a child process on a clock 20 times faster than real time, shared
// with its simulator through the OI_TEST_CLOCK hook.

const SPEED = 20;
const root = useTemporaryDirectory('oi-collect-metrics-');

/** Asks `url` until `accept` takes the answer, within `timeoutMs` real ms. */
async function pollUntil(
  url: string,
  accept: (status: number, body: string) => boolean,
  timeoutMs = 60_000,
): Promise<{ status: number; body: string }> {
  const deadline = Date.now() + timeoutMs;
  let last = { status: 0, body: '' };
  while (Date.now() < deadline) {
    const response = await fetch(url);
    last = { status: response.status, body: await response.text() };
    if (accept(last.status, last.body)) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `${url} never answered as expected within ${timeoutMs} ms; last: ${last.status} ${last.body}`,
  );
}

describe('oi collect --metrics-port', () => {
  it('serves /metrics as Prometheus text, and /healthz turns 503 when the exchange stops answering and 200 when it answers again', async () => {
    const origin = Date.UTC(2026, 0, 14, 0, 5, 20);
    const realOriginMs = Date.now();
    const sim = await startSimulator({
      clock: createScaledClock({ originMs: origin, realOriginMs, speed: SPEED }),
      seed: 4,
    });
    let output: ChildOutput | undefined;
    let stop = (): void => {};
    try {
      const running = runOi(['collect', '-S', 'BTCUSDT', '--data-dir', 'health', '--metrics-port', '0'], {
        cwd: root.path,
        env: {
          OI_TEST_CLOCK: `${SPEED}:${origin}:${realOriginMs}`,
          BINANCE_FAPI_URL: sim.url,
          BINANCE_ARCHIVE_URL: sim.url,
        },
        timeoutMs: 150_000,
        onSpawn: (child) => {
          output = followStderr(child);
          stop = () => child.kill('SIGTERM');
        },
      });
      const [, base] =
        (await output?.waitFor(/serving metrics on (http:\/\/127\.0\.0\.1:\d+)\/metrics/)) ?? [];
      await output?.waitFor(/ tick \S+ \S+: 1 rows/);
      await pollUntil(`${base}/healthz`, (status) => status === 200);

      const scrape = await fetch(`${base}/metrics`);
      expect(scrape.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const families = parseExposition(await scrape.text());
      expect(sampleValue(families, 'oi_ticks_total', { outcome: 'ok' })).toBeGreaterThanOrEqual(1);
      expect(
        sampleValue(families, 'oi_rows_written_total', { series: '1m', source: 'api' }),
      ).toBeGreaterThanOrEqual(1);
      expect(families.get('oi_http_requests_total')?.samples.length).toBeGreaterThan(0);

      // The exchange stops answering the live endpoints: ticks fail, and after 150 s of the
      // collector's time without a successful one the health check says so.
      sim.setFaults({
        rate: 1,
        kinds: { unavailable503: 1 },
        paths: ['/fapi/v1/openInterest', '/fapi/v1/premiumIndex'],
      });
      const down = await pollUntil(`${base}/healthz`, (status) => status === 503);
      expect(JSON.parse(down.body)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/no successful tick/),
      });
      const failing = parseExposition(await (await fetch(`${base}/metrics`)).text());
      expect(sampleValue(failing, 'oi_ticks_total', { outcome: 'failed' })).toBeGreaterThanOrEqual(1);

      sim.setFaults(undefined);
      const up = await pollUntil(`${base}/healthz`, (status) => status === 200);
      expect(JSON.parse(up.body)).toMatchObject({ ok: true });

      stop();
      const run = await running;
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/collector stopped \(signal\)/);
    } finally {
      await sim.close();
    }
  });

  it('a metrics port that is taken is one line and exit 2, before the exchange is asked anything', async () => {
    const sim = await startSimulator({ seed: 4 });
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const run = await runOi(
        [
          'collect',
          '-S',
          'BTCUSDT',
          '--data-dir',
          'taken',
          '--metrics-port',
          String(port),
          '--fapi-url',
          sim.url,
        ],
        { cwd: root.path },
      );
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trimEnd().split('\n')).toEqual([
        `oi: error: cannot serve metrics on 127.0.0.1:${port}: EADDRINUSE`,
      ]);
      expect(sim.counts().total).toBe(0);
      await expect(access(join(root.path, 'taken', 'state'))).rejects.toThrow(/ENOENT/);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
      await sim.close();
    }
  });
});
