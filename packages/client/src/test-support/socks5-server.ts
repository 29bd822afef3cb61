import { connect, createServer, type Socket } from 'node:net';
import { createSocketSet, listenOnLoopback } from './loopback-server.ts';

/** A local SOCKS5 server (RFC 1928 CONNECT, RFC 1929 user/password) that counts its connections. */
export interface TestSocksServer {
  readonly port: number;
  /** Tunnels opened after a successful login. */
  connections(): number;
  /** Logins refused. */
  refused(): number;
  close(): Promise<void>;
}

/** Starts a SOCKS5 server on 127.0.0.1 that accepts only `user`/`password`. */
export async function startSocks5Server(user: string, password: string): Promise<TestSocksServer> {
  let connections = 0;
  let refused = 0;
  const sockets = createSocketSet();

  const handle = (client: Socket): void => {
    client.on('error', () => client.destroy());
    let buffer = Buffer.alloc(0);
    let stage: 'greeting' | 'auth' | 'request' = 'greeting';
    const onData = (chunk: Buffer): void => {
      buffer = Buffer.concat([buffer, chunk]);
      if (stage === 'greeting') {
        if (buffer.length < 2 || buffer.length < 2 + buffer[1]!) return;
        const methods = buffer.subarray(2, 2 + buffer[1]!);
        buffer = buffer.subarray(2 + buffer[1]!);
        if (!methods.includes(0x02)) {
          client.end(Buffer.from([0x05, 0xff]));
          return;
        }
        client.write(Buffer.from([0x05, 0x02]));
        stage = 'auth';
      }
      if (stage === 'auth') {
        if (buffer.length < 2) return;
        const userLength = buffer[1]!;
        if (buffer.length < 3 + userLength) return;
        const passwordLength = buffer[2 + userLength]!;
        if (buffer.length < 3 + userLength + passwordLength) return;
        const givenUser = buffer.subarray(2, 2 + userLength).toString();
        const givenPassword = buffer.subarray(3 + userLength, 3 + userLength + passwordLength).toString();
        buffer = buffer.subarray(3 + userLength + passwordLength);
        if (givenUser !== user || givenPassword !== password) {
          refused++;
          client.end(Buffer.from([0x01, 0x01]));
          return;
        }
        client.write(Buffer.from([0x01, 0x00]));
        stage = 'request';
      }
      if (stage === 'request') {
        if (buffer.length < 5) return;
        const addressType = buffer[3]!;
        let host: string;
        let offset: number;
        if (addressType === 0x01) {
          if (buffer.length < 10) return;
          host = [...buffer.subarray(4, 8)].join('.');
          offset = 8;
        } else if (addressType === 0x03) {
          const length = buffer[4]!;
          if (buffer.length < 7 + length) return;
          host = buffer.subarray(5, 5 + length).toString();
          offset = 5 + length;
        } else {
          client.end(Buffer.from([0x05, 0x08, 0x00, 0x01, 0, 0, 0, 0, 0, 0]));
          return;
        }
        const port = buffer.readUInt16BE(offset);
        const rest = buffer.subarray(offset + 2);
        client.off('data', onData);
        const upstream = connect(port, host, () => {
          connections++;
          client.write(Buffer.from([0x05, 0x00, 0x00, 0x01, 127, 0, 0, 1, 0, 0]));
          if (rest.length > 0) upstream.write(rest);
          upstream.pipe(client);
          client.pipe(upstream);
        });
        sockets.track(upstream);
        upstream.on('error', () => client.destroy());
      }
    };
    client.on('data', onData);
  };

  const { port, close } = await listenOnLoopback(createServer(handle), sockets);
  return { port, connections: () => connections, refused: () => refused, close };
}
