import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:https';
import { generate } from 'selfsigned';
import { createSocketSet, listenOnLoopback } from './loopback-server.ts';

/** An HTTPS server with a certificate from a test CA that forwards every request to an http origin. */
export interface HttpsFront {
  /** e.g. `https://localhost:41000`. */
  readonly url: string;
  /** The test CA certificate (PEM) to trust. */
  readonly caPem: string;
  close(): Promise<void>;
}

/** Generates a CA and a `localhost` certificate it signs, and serves HTTPS in front of `originUrl`. */
export async function startHttpsFront(originUrl: string): Promise<HttpsFront> {
  const now = new Date();
  const ca = await generate([{ name: 'commonName', value: 'oi test CA' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: now,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const leaf = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: now,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  const origin = new URL(originUrl);
  const server: Server = createServer({ key: leaf.private, cert: leaf.cert }, (req, res) => {
    const upstream = httpRequest(
      { host: origin.hostname, port: origin.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  const { port, close } = await listenOnLoopback(server, createSocketSet());
  return {
    url: `https://localhost:${port}`,
    caPem: ca.cert,
    close,
  };
}
