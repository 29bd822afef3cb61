/**
 * Runs `run` over `items` with at most `windowSize` runs unconsumed (started and not yet yielded)
 * and yields each result as it completes, so a slow consumer holds back new work instead of piling
 * up results. The first failure is thrown; then, as when the consumer stops early or `signal`
 * aborts, the other runs are aborted through their signal and awaited before the generator ends.
 */
export async function* mapAsCompleted<T, R>(
  items: Iterable<T> | AsyncIterable<T>,
  windowSize: number,
  run: (item: T, signal: AbortSignal) => Promise<R>,
  signal?: AbortSignal,
): AsyncGenerator<R> {
  const stop = new AbortController();
  const runSignal = signal === undefined ? stop.signal : AbortSignal.any([signal, stop.signal]);
  const iterator =
    Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : (items as Iterable<T>)[Symbol.iterator]();
  const pending = new Map<number, Promise<{ readonly id: number; readonly result: R }>>();
  let exhausted = false;
  let nextId = 0;
  try {
    for (;;) {
      while (!exhausted && pending.size < windowSize) {
        runSignal.throwIfAborted();
        const next = await iterator.next();
        if (next.done === true) {
          exhausted = true;
          break;
        }
        const id = nextId++;
        pending.set(
          id,
          run(next.value, runSignal).then((result) => ({ id, result })),
        );
      }
      if (pending.size === 0) return;
      const { id, result } = await Promise.race(pending.values());
      pending.delete(id);
      yield result;
    }
  } finally {
    stop.abort();
    await Promise.allSettled(pending.values());
    if (!exhausted) await iterator.return?.();
  }
}
