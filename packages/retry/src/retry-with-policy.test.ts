import { describe, expect, it } from 'vitest';
import { BinanceApiError, IpBannedError, NetworkError } from './errors.ts';
import { type RetryInfo, retryWithPolicy } from './retry-with-policy.ts';
import { createRecordingClock } from './test-support/recording-clock.ts';

const target = { method: 'GET', endpoint: '/fapi/v1/time' };
const reset = () =>
  new NetworkError({ ...target, cause: Object.assign(new Error('socket'), { code: 'ECONNRESET' }) });

/** An operation that fails with the given errors in turn, then answers `ok`. */
function failing(errors: unknown[]) {
  const attempts: number[] = [];
  const operation = async (attempt: number) => {
    attempts.push(attempt);
    const next = errors.shift();
    if (next !== undefined) throw next;
    return 'ok';
  };
  return { attempts, operation };
}

describe('retryWithPolicy', () => {
  it('retries transient failures with full-jitter delays and returns the result', async () => {
    const clock = createRecordingClock();
    const { attempts, operation } = failing([reset(), reset(), reset()]);
    const result = await retryWithPolicy(operation, { clock, random: () => 0.5, baseDelayMs: 100 });
    expect(result).toBe('ok');
    expect(attempts).toEqual([1, 2, 3, 4]);
    expect(clock.sleeps).toEqual([50, 100, 200]);
  });

  it('caps each backoff at maxDelayMs', async () => {
    const clock = createRecordingClock();
    const { operation } = failing([reset(), reset(), reset(), reset()]);
    await retryWithPolicy(operation, { clock, random: () => 0.99, baseDelayMs: 1000, maxDelayMs: 2500 });
    expect(clock.sleeps).toEqual([990, 1980, 2475, 2475]);
  });

  it('uses a Retry-After as a floor under the jittered delay', async () => {
    const clock = createRecordingClock();
    const tooMany = new BinanceApiError({ ...target, status: 429, binanceCode: -1003, retryAfterMs: 7000 });
    const { operation } = failing([tooMany]);
    await retryWithPolicy(operation, { clock, random: () => 0.5 });
    expect(clock.sleeps).toEqual([7000]);
  });

  it('stops at once on a fatal failure', async () => {
    const clock = createRecordingClock();
    const badSymbol = new BinanceApiError({ ...target, status: 400, binanceCode: -1121 });
    const { attempts, operation } = failing([badSymbol]);
    await expect(retryWithPolicy(operation, { clock })).rejects.toBe(badSymbol);
    expect(attempts).toEqual([1]);
    expect(clock.sleeps).toEqual([]);
  });

  it('throws the last error when attempts run out', async () => {
    const clock = createRecordingClock();
    const errors = [reset(), reset(), reset()];
    const last = errors[2];
    const { attempts, operation } = failing(errors);
    await expect(retryWithPolicy(operation, { clock, maxAttempts: 3 })).rejects.toBe(last);
    expect(attempts).toEqual([1, 2, 3]);
    expect(clock.sleeps).toHaveLength(2);
  });

  it('does not start a wait that would end beyond maxTotalMs', async () => {
    const clock = createRecordingClock();
    const tooMany = () =>
      new BinanceApiError({ ...target, status: 429, binanceCode: -1003, retryAfterMs: 40_000 });
    const { attempts, operation } = failing([tooMany(), tooMany(), tooMany(), tooMany()]);
    await expect(
      retryWithPolicy(operation, { clock, maxTotalMs: 100_000, maxAttempts: 10 }),
    ).rejects.toBeInstanceOf(BinanceApiError);
    expect(clock.sleeps).toEqual([40_000, 40_000]);
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('waits out a ban with a known end without spending attempts or total time', async () => {
    const clock = createRecordingClock();
    const banned = (retryAfterMs: number) =>
      new BinanceApiError({ ...target, status: 418, binanceCode: -1003, retryAfterMs });
    const { attempts, operation } = failing([banned(4000), reset(), banned(600_000), banned(8000)]);
    const result = await retryWithPolicy(operation, {
      clock,
      random: () => 0.5,
      baseDelayMs: 100,
      maxAttempts: 2,
      maxTotalMs: 1000,
    });
    expect(result).toBe('ok');
    expect(attempts).toEqual([1, 2, 3, 4, 5]);
    expect(clock.sleeps).toEqual([4000, 50, 600_000, 8000]);
  });

  it('throws IpBannedError for a ban that outlasts maxBanWaitMs, naming its end', async () => {
    const clock = createRecordingClock();
    const ban = new BinanceApiError({
      ...target,
      status: 418,
      binanceCode: -1003,
      retryAfterMs: 3_600_000,
      bannedUntilMs: 1_700_003_600_000,
    });
    const { attempts, operation } = failing([ban]);
    const error = await retryWithPolicy(operation, { clock, maxBanWaitMs: 900_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpBannedError);
    expect(error).toMatchObject({
      code: 'IP_BANNED',
      bannedUntilMs: 1_700_003_600_000,
      maxBanWaitMs: 900_000,
      endpoint: '/fapi/v1/time',
      cause: ban,
    });
    expect((error as Error).message).toContain('until 2023-11-14T23:13:20.000Z');
    expect(attempts).toEqual([1]);
    expect(clock.sleeps).toEqual([]);
  });

  it('reports each retry before waiting', async () => {
    const clock = createRecordingClock();
    const infos: RetryInfo[] = [];
    const error = reset();
    const { operation } = failing([error]);
    await retryWithPolicy(operation, { clock, random: () => 0.5, onRetry: (info) => infos.push(info) });
    expect(infos).toEqual([
      { attempt: 1, delayMs: 250, failure: { kind: 'retry', reason: 'network' }, error },
    ]);
  });

  it('stops when the signal aborts during a wait, throwing its reason', async () => {
    const controller = new AbortController();
    const attempts: number[] = [];
    const promise = retryWithPolicy(
      async (attempt) => {
        attempts.push(attempt);
        throw reset();
      },
      { signal: controller.signal, baseDelayMs: 60_000, random: () => 1 },
    );
    setTimeout(() => controller.abort(new Error('stop now')), 20);
    await expect(promise).rejects.toThrow('stop now');
    expect(attempts).toEqual([1]);
  });

  it('does not start when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    let called = false;
    await expect(
      retryWithPolicy(
        async () => {
          called = true;
        },
        { signal: controller.signal },
      ),
    ).rejects.toThrow('cancelled');
    expect(called).toBe(false);
  });

  it('honours an injected classifier', async () => {
    const clock = createRecordingClock();
    const { attempts, operation } = failing([new Error('custom transient')]);
    await retryWithPolicy(operation, { clock, classify: () => ({ kind: 'retry', reason: 'network' }) });
    expect(attempts).toEqual([1, 2]);
  });
});
