// The data directory belongs to @oi/storage, which also checks that it can take new files; the
// check is re-exported here so the entry file keeps one import for its config checks.
export { checkDataDirWritable } from '@oi/storage';
