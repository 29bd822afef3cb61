import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { deflateSync, gzipSync } from 'node:zlib';
import { hasErrorCode } from '@oi/errors';
import { NetworkError, RequestTimeoutError } from '@oi/retry';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpProxy } from '../test-support/http-proxy-server.ts';
import { createSocketSet, listenOnLoopback } from '../test-support/loopback-server.ts';
import { createHttpTransport } from './http-transport.ts';
import { ProxyConfigError } from './proxy-settings.ts';

const PASSWORD = 'pr0xy%23Secret';
const DECODED_PASSWORD = 'pr0xy#Secret';
const BIG_BODY = Buffer.alloc(1_500_000, 'abcdefghij');

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()?.();
});

interface SeenRequest {
  readonly url: string;
  readonly userAgent: string | undefined;
  readonly accept: string | undefined;
}

/** A loopback origin with one route per behaviour; it records every request it sees. */
async function startOrigin() {
  const seen: SeenRequest[] = [];
  const routes: Record<string, (res: ServerResponse) => void> = {
    '/big': (res) => res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(BIG_BODY),
    '/teapot': (res) => res.writeHead(418, { 'retry-after': '120' }).end('{"code":-1003,"msg":"banned"}'),
    '/missing': (res) => res.writeHead(404).end('no such file'),
    // Headers at once, then a body that never finishes.
    '/stall-body': (res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('0123456789');
    },
    '/silent': () => {},
    '/gzip': (res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync('{"packed":"gzip"}')),
    '/deflate': (res) =>
      res.writeHead(200, { 'content-encoding': 'deflate' }).end(deflateSync('{"packed":"deflate"}')),
    '/moved': (res) => res.writeHead(302, { location: '/prefix/gzip' }).end(),
    '/twice': (res) =>
      res
        .writeHead(200, [
          ['x-seen', 'a'],
          ['x-seen', 'b'],
        ])
        .end('ok'),
    '/cut-body': (res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('0123456789', () => res.socket?.destroy());
    },
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    seen.push({ url: req.url ?? '', userAgent: req.headers['user-agent'], accept: req.headers.accept });
    const path = new URL(req.url ?? '/', 'http://origin').pathname.replace(/^\/prefix/, '');
    (routes[path] ?? ((answer) => answer.writeHead(200).end(`echo ${req.url}`)))(res);
  });
  const listening = await listenOnLoopback(server, createSocketSet());
  closers.push(() => listening.close());
  return { url: `http://127.0.0.1:${listening.port}`, seen };
}

async function closedPort(): Promise<number> {
  const listening = await listenOnLoopback(createServer(), createSocketSet());
  await listening.close();
  return listening.port;
}

const text = (body: Uint8Array): string => Buffer.from(body).toString('utf8');

describe('createHttpTransport against a loopback server', () => {
  it('sends a GET under the base path with the query and headers, and reads the whole body', async () => {
    const origin = await startOrigin();
    const transport = createHttpTransport({
      baseUrl: `${origin.url}/prefix/`,
      userAgent: 'oi-test/1',
      accept: 'application/zip',
    });
    const echo = await transport.get('/echo', { symbol: 'BTCUSDT', note: 'a b&c' });
    expect(echo.status).toBe(200);
    expect(text(echo.body)).toBe('echo /prefix/echo?symbol=BTCUSDT&note=a+b%26c');
    expect(origin.seen[0]).toEqual({
      url: '/prefix/echo?symbol=BTCUSDT&note=a+b%26c',
      userAgent: 'oi-test/1',
      accept: 'application/zip',
    });

    const big = await transport.get('big', {});
    expect(big.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(big.body).equals(BIG_BODY)).toBe(true);
    expect(origin.seen[1]?.url).toBe('/prefix/big');
  });

  it('asks for compressed answers and decompresses them, follows redirects and keeps repeated headers', async () => {
    const origin = await startOrigin();
    const transport = createHttpTransport({ baseUrl: `${origin.url}/prefix` });
    expect(text((await transport.get('/gzip', {})).body)).toBe('{"packed":"gzip"}');
    expect(text((await transport.get('/deflate', {})).body)).toBe('{"packed":"deflate"}');
    const moved = await transport.get('/moved', {});
    expect({ status: moved.status, body: text(moved.body) }).toEqual({
      status: 200,
      body: '{"packed":"gzip"}',
    });
    expect((await transport.get('/twice', {})).headers.get('x-seen')).toBe('a, b');
    expect(origin.seen.map((request) => request.url)).toContain('/prefix/gzip');
  });

  it('resolves for any status and leaves its meaning to the caller', async () => {
    const origin = await startOrigin();
    const transport = createHttpTransport({ baseUrl: origin.url });
    const teapot = await transport.get('/teapot', {});
    expect(teapot.status).toBe(418);
    expect(teapot.headers.get('retry-after')).toBe('120');
    expect(text(teapot.body)).toBe('{"code":-1003,"msg":"banned"}');
    const missing = await transport.get('/missing', {});
    expect([missing.status, text(missing.body)]).toEqual([404, 'no such file']);
    expect(origin.seen[0]?.userAgent).toMatch(/^oi\/\d+\.\d+\.\d+$/);
  });

  it.each([
    ['a body that stalls after the headers', '/stall-body'],
    ['a server that never answers', '/silent'],
  ])('turns %s into RequestTimeoutError', async (_name, path) => {
    const origin = await startOrigin();
    const transport = createHttpTransport({ baseUrl: origin.url, timeoutMs: 200 });
    const error = await transport.get(path, { symbol: 'X' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error).toMatchObject({
      code: 'REQUEST_TIMEOUT',
      endpoint: `${path}?symbol=X`,
      timeoutMs: 200,
      origin: new URL(origin.url).origin,
    });
  });

  it('turns a body cut short and a refused connection into NetworkError', async () => {
    const origin = await startOrigin();
    const cut = await createHttpTransport({ baseUrl: origin.url })
      .get('/cut-body', {})
      .catch((e: unknown) => e);
    expect(cut).toBeInstanceOf(NetworkError);
    expect(hasErrorCode(cut, 'NETWORK')).toBe(true);

    const refused = await createHttpTransport({ baseUrl: `http://127.0.0.1:${await closedPort()}` })
      .get('/fapi/v1/ping', {})
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(NetworkError);
    expect((refused as NetworkError).errorCode).toBe('ECONNREFUSED');
    expect((refused as NetworkError).endpoint).toBe('/fapi/v1/ping');
    // The host it failed on, without credentials: a process talks to fapi, dapi and the archive.
    const port = await closedPort();
    const named = await createHttpTransport({ baseUrl: `http://u:secret@127.0.0.1:${port}/prefix` })
      .get('/dapi/v1/ping', {})
      .catch((e: unknown) => e);
    expect((named as NetworkError).origin).toBe(`http://127.0.0.1:${port}`);
  });

  it("throws the caller's abort reason, and sends nothing once aborted", async () => {
    const origin = await startOrigin();
    const transport = createHttpTransport({ baseUrl: origin.url, timeoutMs: 60_000 });
    const controller = new AbortController();
    const reason = new Error('shutting down');
    const pending = transport.get('/stall-body', {}, { signal: controller.signal });
    while (origin.seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);

    await expect(transport.get('/echo', {}, { signal: controller.signal })).rejects.toBe(reason);
    expect(origin.seen).toHaveLength(1);
  });

  it('goes through an HTTP proxy with credentials', async () => {
    const origin = await startOrigin();
    const proxy = await startHttpProxy({ user: 'oi', password: DECODED_PASSWORD });
    closers.push(() => proxy.close());
    const transport = createHttpTransport({
      baseUrl: origin.url,
      proxy: { httpProxy: `http://oi:${PASSWORD}@127.0.0.1:${proxy.port}` },
    });
    const answer = await transport.get('/big', {});
    expect(Buffer.from(answer.body).equals(BIG_BODY)).toBe(true);
    expect(proxy.forwarded()).toBe(1);
    expect(proxy.refused()).toBe(0);
    expect(origin.seen).toHaveLength(1);
  });

  it('reports a tunnel the proxy refuses as NetworkError without the password', async () => {
    const proxy = await startHttpProxy({ user: 'oi', password: 'another-password' });
    closers.push(() => proxy.close());
    const transport = createHttpTransport({
      baseUrl: `https://localhost:${await closedPort()}`,
      proxy: { httpsProxy: `http://oi:${PASSWORD}@127.0.0.1:${proxy.port}` },
    });
    const error = await transport.get('/data/x.zip', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(proxy.refused()).toBe(1);
    expect(describeChain(error)).not.toContain(DECODED_PASSWORD);
  });

  it('scrubs proxy credentials from the cause of a network failure', async () => {
    const leaky: typeof globalThis.fetch = async () => {
      throw new Error('cannot connect', {
        cause: new Error(`proxy http://oi:${DECODED_PASSWORD}@10.0.0.1:3128 refused`),
      });
    };
    const transport = createHttpTransport({
      baseUrl: 'http://127.0.0.1:8',
      proxy: { httpProxy: `http://oi:${PASSWORD}@10.0.0.1:3128` },
      fetch: leaky,
    });
    const error = await transport.get('/x', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    const chain = describeChain(error);
    expect(chain).toContain('proxy http://oi:***@10.0.0.1:3128 refused');
    expect(chain).not.toContain(DECODED_PASSWORD);
  });

  it('uses a given fetch for every request', async () => {
    const calls: string[] = [];
    const transport = createHttpTransport({
      baseUrl: 'http://example.invalid/base',
      fetch: async (input, init) => {
        calls.push(`${String(input)} ${new Headers(init?.headers).get('accept')}`);
        return new Response('made up', { status: 201 });
      },
    });
    const answer = await transport.get('/file.zip', { day: '2024-01-01' });
    expect([answer.status, text(answer.body)]).toEqual([201, 'made up']);
    expect(calls).toEqual(['http://example.invalid/base/file.zip?day=2024-01-01 */*']);
  });

  it('refuses bad options at construction', () => {
    expect(() => createHttpTransport({ baseUrl: 'not a url' })).toThrow(TypeError);
    expect(() => createHttpTransport({ baseUrl: 'http://h', timeoutMs: 0 })).toThrow(/timeoutMs/);
    const error = (() => {
      try {
        createHttpTransport({ baseUrl: 'http://h', proxy: { socksProxy: 'http://u:hunter2@h:1' } });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ProxyConfigError);
    expect(hasErrorCode(error, 'PROXY_CONFIG')).toBe(true);
    expect((error as Error).message).not.toContain('hunter2');
  });
});

/** Message, stack and causes of an error, as one string. */
function describeChain(error: unknown): string {
  const parts: string[] = [];
  for (let current = error; current instanceof Error; current = current.cause) {
    parts.push(current.message, current.stack ?? '');
  }
  return parts.join('\n');
}
