import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedVitestConfig } from '../../vitest.shared.ts';

export default mergeConfig(
  sharedVitestConfig,
  defineConfig({
    test: {
      // One file at a time: the real-time budget test must not share this 2-core machine with the
      // build-and-import test or the proxy servers of other files.
      fileParallelism: false,
    },
  }),
);
