import { defineConfig } from 'vitest/config';

/**
 * The vitest configuration every workspace package uses (its vitest.config.ts re-exports or extends
 * this). Workspace packages resolve to their TypeScript sources (the `@oi/source` export condition),
 * so tests never need a prior build; results also go to reports/vitest.json, which .ci/run totals.
 */
export const sharedVitestConfig = defineConfig({
  resolve: { conditions: ['@oi/source'] },
  ssr: { resolve: { conditions: ['@oi/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
    // Generous: CI runs on 2 cores; a timeout here detects hangs, `pnpm bench` measures speed. Hooks
    // get the same: vitest fails a file whose hook took longer than hookTimeout even when the hook
    // was synchronous and finished (removing a scratch tree of thousands of files on a loaded disk).
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
