// Every simulated value is a pure function of (seed, symbol, time): hashing instead of a stateful
// generator means any instant can be computed directly, in any order, without replaying history.

const TWO_POW_32 = 4294967296;

/** A 32-bit avalanche mix (the finalizer of a well-known integer hash). */
function mix32(value: number): number {
  let x = value >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Hashes integers (any safe integer, including epoch milliseconds) into one unsigned 32-bit value. */
export function hashIntegers(...values: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const value of values) {
    h = mix32(h ^ (value >>> 0));
    h = mix32((h + Math.floor(value / TWO_POW_32)) >>> 0);
  }
  return h;
}

/** Hashes a string (FNV-1a) into an unsigned 32-bit value. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  return h >>> 0;
}

/** A uniform number in [0, 1) derived from the given integers. */
export function hashUnit(...values: readonly number[]): number {
  return hashIntegers(...values) / TWO_POW_32;
}

/**
 * Smooth value noise in [-1, 1]: hashed knots every `knotMs`, joined by smoothstep, so the series is
 * continuous and looks like a slowly wandering market rather than white noise.
 */
export function smoothNoise(key: number, timeMs: number, knotMs: number): number {
  const knot = Math.floor(timeMs / knotMs);
  const fraction = (timeMs - knot * knotMs) / knotMs;
  const a = hashUnit(key, knot) * 2 - 1;
  const b = hashUnit(key, knot + 1) * 2 - 1;
  const s = fraction * fraction * (3 - 2 * fraction);
  return a + (b - a) * s;
}
