/** A fetched answer with its body read both as text and (when it parses) as JSON. */
export interface Fetched {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: unknown;
}

/** GETs `url + path` and reads the whole body. */
export async function getText(base: string, path: string): Promise<Fetched> {
  const res = await fetch(base + path);
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Waits (yielding to the event loop, in real time) until `predicate` holds; for server-side effects. */
export async function waitUntil(predicate: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000; i += 1) {
    if (predicate()) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Tracks whether a promise has settled, without awaiting it. */
export function track<T>(promise: Promise<T>): {
  readonly settled: () => boolean;
  readonly promise: Promise<T>;
} {
  let done = false;
  const observed = promise.finally(() => {
    done = true;
  });
  return { settled: () => done, promise: observed };
}

/** The request weight one GET is charged: the `X-MBX-USED-WEIGHT-1M` header after a ping and after it. */
export async function weightOf(base: string, path: string, pingPath = '/fapi/v1/ping'): Promise<number> {
  const before = Number((await getText(base, pingPath)).headers.get('x-mbx-used-weight-1m'));
  const after = Number((await getText(base, path)).headers.get('x-mbx-used-weight-1m'));
  return after - before;
}
