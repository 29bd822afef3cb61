import type { Server, Socket } from 'node:net';

/** The open sockets of a test server: its accepted connections and any upstream sockets it opened. */
export interface SocketSet {
  /** Keeps `socket` until it closes. */
  track(socket: Socket): void;
  destroyAll(): void;
}

export function createSocketSet(): SocketSet {
  const sockets = new Set<Socket>();
  return {
    track(socket) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    },
    destroyAll() {
      for (const socket of sockets) socket.destroy();
    },
  };
}

/** A test server listening on 127.0.0.1. */
export interface LoopbackServer {
  readonly port: number;
  /** Destroys every tracked socket (keep-alive ones included) and stops listening. */
  close(): Promise<void>;
}

/** Listens on a free loopback port, tracking each accepted connection in `sockets`. */
export async function listenOnLoopback(server: Server, sockets: SocketSet): Promise<LoopbackServer> {
  server.on('connection', (socket: Socket) => sockets.track(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        sockets.destroyAll();
        server.close(() => resolve());
      }),
  };
}
