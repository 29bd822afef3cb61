/** The header in which a benchmark client sends its virtual clock's time to sim-process.ts. */
export const BENCH_NOW_HEADER = 'x-oi-bench-now';
