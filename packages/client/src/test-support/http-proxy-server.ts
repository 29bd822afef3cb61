import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { createSocketSet, listenOnLoopback } from './loopback-server.ts';

/** A local HTTP proxy (forward requests and CONNECT tunnels) that counts what it carried. */
export interface TestHttpProxy {
  /** e.g. `http://127.0.0.1:41000` (no credentials). */
  readonly url: string;
  readonly port: number;
  /** Forwarded plain-http requests. */
  forwarded(): number;
  /** CONNECT tunnels opened. */
  tunnels(): number;
  /** Requests refused for missing or wrong credentials. */
  refused(): number;
  close(): Promise<void>;
}

/** Starts a proxy on 127.0.0.1 that requires `user:password` Basic auth when given. */
export async function startHttpProxy(credentials?: {
  user: string;
  password: string;
}): Promise<TestHttpProxy> {
  let forwarded = 0;
  let tunnels = 0;
  let refused = 0;
  const sockets = createSocketSet();
  const expected =
    credentials === undefined
      ? undefined
      : `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;
  const authorised = (req: IncomingMessage): boolean =>
    expected === undefined || req.headers['proxy-authorization'] === expected;

  const server: Server = createServer((req, res) => {
    if (!authorised(req)) {
      refused++;
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' }).end();
      return;
    }
    forwarded++;
    const target = new URL(req.url ?? '');
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: req.method,
        headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    if (!authorised(req)) {
      refused++;
      client.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\n\r\n',
      );
      return;
    }
    tunnels++;
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host ?? '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.track(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  const { port, close } = await listenOnLoopback(server, sockets);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    forwarded: () => forwarded,
    tunnels: () => tunnels,
    refused: () => refused,
    close,
  };
}
