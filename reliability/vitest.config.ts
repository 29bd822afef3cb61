import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedVitestConfig } from '../vitest.shared.ts';

// One file at a time: the chaos tests kill at real-time moments and the bad-input files start dozens
// of child processes each; run side by side on a 2-core machine they starve each other's timers.
export default mergeConfig(sharedVitestConfig, defineConfig({ test: { fileParallelism: false } }));
