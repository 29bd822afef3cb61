import { once } from 'node:events';

/** An upper bound of the UTF-8 length of `text`: at most three bytes per UTF-16 unit. */
export function maxUtf8Bytes(text: string): number {
  return text.length * 3;
}

/**
 * Collects output bytes into chunks of a fixed size and writes each full chunk to a stream, waiting
 * for `drain` whenever the stream asks, so memory stays bounded by about one chunk in the stream's
 * buffer plus the one being filled. A written chunk belongs to the stream from then on; the next
 * one is a new buffer.
 */
export class ChunkedWriter {
  readonly #output: NodeJS.WritableStream;
  readonly #chunkBytes: number;
  readonly #signal: AbortSignal | undefined;
  #chunk: Buffer;
  #used = 0;

  /** `signal` stops the writer: a flush then throws its reason, also while it waits for `drain`. */
  constructor(output: NodeJS.WritableStream, chunkBytes: number, signal?: AbortSignal) {
    this.#output = output;
    this.#chunkBytes = chunkBytes;
    this.#signal = signal;
    this.#chunk = Buffer.allocUnsafe(chunkBytes);
  }

  /** True when `bytes` more fit into the current chunk; otherwise call flush first. */
  fits(bytes: number): boolean {
    return this.#used + bytes <= this.#chunk.length;
  }

  /** The current chunk, for callers that fill it byte by byte from `used` and then call `advanceTo`. */
  get chunk(): Uint8Array {
    return this.#chunk;
  }

  /** How many bytes of the current chunk are filled. */
  get used(): number {
    return this.#used;
  }

  /** Marks the current chunk filled up to `used` (after writing into `chunk` directly). */
  advanceTo(used: number): void {
    this.#used = used;
  }

  /** Appends all of `source`; the caller has made sure it fits. */
  append(source: Uint8Array): void {
    this.#chunk.set(source, this.#used);
    this.#used += source.length;
  }

  /** Appends `source[start, end)`; the caller has made sure it fits. */
  appendBytes(source: Uint8Array, start: number, end: number): void {
    this.#chunk.set(source.subarray(start, end), this.#used);
    this.#used += end - start;
  }

  /** Appends `text` as UTF-8; the caller has made sure `maxUtf8Bytes(text)` fits. */
  appendText(text: string): void {
    this.#used += this.#chunk.write(text, this.#used, 'utf8');
  }

  /** Writes what has been collected and starts a chunk that can hold at least `minBytes`. */
  async flush(minBytes = 0): Promise<void> {
    this.#signal?.throwIfAborted();
    if (this.#used > 0) {
      const full = this.#chunk.subarray(0, this.#used);
      this.#chunk = Buffer.allocUnsafe(Math.max(this.#chunkBytes, minBytes));
      this.#used = 0;
      if (!this.#output.write(full)) {
        const signal = this.#signal === undefined ? {} : { signal: this.#signal };
        await once(this.#output as unknown as NodeJS.EventEmitter, 'drain', signal);
      }
    } else if (this.#chunk.length < minBytes) {
      this.#chunk = Buffer.allocUnsafe(minBytes);
    }
  }
}
