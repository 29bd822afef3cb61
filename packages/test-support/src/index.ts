// Test helpers shared by the packages' tests and the reliability suite; source only, never published.

export { type ForeignLocaleRun, type LuxonSettings, underForeignLocale } from './foreign-locale.ts';
export { hashTree, neutralEnv, OI_MAIN, type OiRun, type RunOiOptions, runOi } from './run-oi.ts';
export { seededRandom } from './seeded-random.ts';
