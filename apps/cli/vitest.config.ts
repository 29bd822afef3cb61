import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedVitestConfig } from '../../vitest.shared.ts';

const shared = sharedVitestConfig.test ?? {};

// Tests named *.db.test.ts feed real databases: one MariaDB and one PostgreSQL server (temporary
// directories, free loopback ports) started for them by the sink package's global setup, and only
// when such a test runs. Hooks make databases on them (seconds on a busy machine: the shared
// hookTimeout).
export default mergeConfig(
  sharedVitestConfig,
  defineConfig({
    test: {
      projects: [
        {
          ...sharedVitestConfig,
          test: { ...shared, name: 'cli', exclude: ['src/**/*.db.test.ts', '**/node_modules/**'] },
        },
        {
          ...sharedVitestConfig,
          test: {
            ...shared,
            name: 'db',
            include: ['src/**/*.db.test.ts'],
            globalSetup: ['src/test-support/sink-servers.ts'],
          },
        },
      ],
    },
  }),
);
