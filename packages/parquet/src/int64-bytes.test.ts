import { describe, expect, it } from 'vitest';
import { writeInt64, writeInt64Text } from './int64-bytes.ts';

function littleEndian(out: Uint8Array): bigint {
  return new DataView(out.buffer, out.byteOffset, 8).getBigInt64(0, true);
}

describe('writeInt64', () => {
  it.each([0, 1, 60_000, 1_795_152_900_000, 2 ** 32, 2 ** 32 - 1, Number.MAX_SAFE_INTEGER])('%d', (value) => {
    const out = new Uint8Array(8);
    writeInt64(out, 0, value);
    expect(littleEndian(out)).toBe(BigInt(value));
  });
});

describe('writeInt64Text', () => {
  it.each([
    ['0', 0n],
    ['1795152900012', 1_795_152_900_012n],
    ['4294967296', 4_294_967_296n],
    ['9007199254740993', 9_007_199_254_740_993n],
    ['9223372036854775807', 9_223_372_036_854_775_807n],
    ['9223372036854775808', undefined],
    ['99999999999999999999', undefined],
    ['', undefined],
    ['-1', undefined],
    ['12a', undefined],
  ])('%s -> %s', (text, expected) => {
    const out = new Uint8Array(10);
    const bytes = new TextEncoder().encode(text);
    const written = writeInt64Text(bytes, 0, bytes.length, out, 1);
    expect(written ? littleEndian(out.subarray(1)) : undefined).toBe(expected);
  });
});
