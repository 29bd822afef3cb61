import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedVitestConfig } from '../../vitest.shared.ts';

// One MariaDB and one PostgreSQL server for the whole run, started by the global setup.
export default mergeConfig(
  sharedVitestConfig,
  defineConfig({ test: { globalSetup: ['src/test-support/global-setup.ts'] } }),
);
