import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedVitestConfig } from '../../vitest.shared.ts';

// One MariaDB and one PostgreSQL server for the whole run, started by the global setup. Hooks make
// databases and tables on them, which takes seconds on a busy CI machine: the shared hookTimeout.
export default mergeConfig(
  sharedVitestConfig,
  defineConfig({ test: { globalSetup: ['src/test-support/global-setup.ts'] } }),
);
