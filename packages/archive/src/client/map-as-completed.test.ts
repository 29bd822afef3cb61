import { describe, expect, it } from 'vitest';
import { mapAsCompleted } from './map-as-completed.ts';

/** Runs whose completion the test controls, recording which started and which saw an abort. */
function controlledRuns() {
  const started: number[] = [];
  const aborted: number[] = [];
  const finish = new Map<number, (value: string) => void>();
  const run = (item: number, signal: AbortSignal) =>
    new Promise<string>((resolve, reject) => {
      started.push(item);
      let settled = false;
      finish.set(item, (value) => {
        settled = true;
        resolve(value);
      });
      signal.addEventListener('abort', () => {
        if (settled) return;
        aborted.push(item);
        reject(signal.reason);
      });
    });
  return { started, aborted, finish, run };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('mapAsCompleted', () => {
  it('yields in completion order and starts no more than the window', async () => {
    const runs = controlledRuns();
    const iterator = mapAsCompleted([1, 2, 3, 4], 2, runs.run)[Symbol.asyncIterator]();
    const first = iterator.next();
    await tick();
    expect(runs.started).toEqual([1, 2]);
    runs.finish.get(2)!('two');
    await expect(first).resolves.toEqual({ done: false, value: 'two' });
    const second = iterator.next();
    await tick();
    expect(runs.started).toEqual([1, 2, 3]);
    runs.finish.get(3)!('three');
    runs.finish.get(1)!('one');
    await expect(second).resolves.toEqual({ done: false, value: 'three' });
    await expect(iterator.next()).resolves.toEqual({ done: false, value: 'one' });
    const last = iterator.next();
    await tick();
    runs.finish.get(4)!('four');
    await expect(last).resolves.toEqual({ done: false, value: 'four' });
    await expect(iterator.next()).resolves.toEqual({ done: true, value: undefined });
  });

  it('aborts the runs still going when the consumer stops early', async () => {
    const runs = controlledRuns();
    const iterator = mapAsCompleted([1, 2, 3], 3, runs.run)[Symbol.asyncIterator]();
    const first = iterator.next();
    await tick();
    runs.finish.get(1)!('one');
    await first;
    await iterator.return(undefined);
    expect(runs.aborted.sort()).toEqual([2, 3]);
  });

  it('throws the first failure after aborting the others', async () => {
    const failure = new Error('boom');
    const run = (item: number, signal: AbortSignal) =>
      item === 2
        ? Promise.reject(failure)
        : new Promise<number>((_resolve, reject) =>
            signal.addEventListener('abort', () => reject(signal.reason)),
          );
    const consume = async () => {
      for await (const _ of mapAsCompleted([1, 2, 3], 3, run)) {
        // Nothing completes before the failure.
      }
    };
    await expect(consume()).rejects.toBe(failure);
  });

  it('stops with the reason of the outer signal', async () => {
    const runs = controlledRuns();
    const controller = new AbortController();
    const iterator = mapAsCompleted([1, 2], 2, runs.run, controller.signal)[Symbol.asyncIterator]();
    const first = iterator.next();
    await tick();
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(first).rejects.toBe(reason);
    expect(runs.aborted.sort()).toEqual([1, 2]);
  });
});
