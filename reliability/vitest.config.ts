import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources (the `@oi/source` export condition), so
// tests never need a prior build. Results also go to reports/vitest.json, which .ci/run totals.
export default defineConfig({
  resolve: { conditions: ['@oi/source'] },
  ssr: { resolve: { conditions: ['@oi/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
    testTimeout: 30_000,
  },
});
