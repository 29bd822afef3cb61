/** The simulator latency of the benchmark: 30 +- 10 ms (base 20 ms plus a seeded 0..20 ms). */
export const REALISTIC_LATENCY = { baseMs: 20, jitterMs: 20 } as const;
