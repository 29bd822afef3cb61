import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/** How the test server answers one request. */
export type Answer =
  | { readonly kind: 'file'; readonly body: Uint8Array | string; readonly headers?: Record<string, string> }
  | {
      readonly kind: 'status';
      readonly status: number;
      readonly body?: string;
      readonly headers?: Record<string, string>;
    }
  /** Sends nothing until the server closes: a stalled connection. */
  | { readonly kind: 'stall' };

/** A loopback HTTP server playing the archive: scripted answers per path, `NoSuchKey` 404 otherwise. */
export interface ArchiveTestServer {
  /** e.g. `http://127.0.0.1:41000`. */
  readonly url: string;
  /** Answers `path` with `answers` in turn; the last one repeats. */
  script(path: string, ...answers: Answer[]): void;
  /** Paths requested so far, in order of arrival. */
  readonly requests: string[];
  /** Most requests that were in progress at once. */
  maxInFlight(): number;
  close(): Promise<void>;
}

/** The body S3 sends for a key that does not exist. */
export const NO_SUCH_KEY_XML =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>';

/** Starts the server on a free loopback port; each answer is delayed by `delayMs` real ms. */
export async function startArchiveServer(delayMs = 0): Promise<ArchiveTestServer> {
  const scripts = new Map<string, Answer[]>();
  const requests: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(path);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    const queue = scripts.get(path);
    const answer = queue === undefined ? undefined : queue.length > 1 ? queue.shift() : queue[0];
    setTimeout(() => send(res, answer), delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    script: (path, ...answers) => scripts.set(path, answers),
    requests,
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, answer: Answer | undefined): void {
  if (answer === undefined) {
    res.writeHead(404, { 'content-type': 'application/xml' }).end(NO_SUCH_KEY_XML);
  } else if (answer.kind === 'file') {
    res.writeHead(200, { 'content-type': 'application/zip', ...answer.headers }).end(answer.body);
  } else if (answer.kind === 'status') {
    res.writeHead(answer.status, answer.headers).end(answer.body ?? '');
  }
}
