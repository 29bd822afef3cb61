/** The oldest Node.js `oi` runs on: `node:sqlite` (the rate-budget ledger) is unflagged from 22.13. */
export const MIN_NODE = { major: 22, minor: 13 } as const;

/**
 * The one error line for a Node.js older than MIN_NODE, or undefined when `version` (like
 * `process.version`, `v24.1.0`) is recent enough. Checked before anything else is loaded: an older
 * Node would otherwise stop at the first `node:sqlite` import with a stack trace.
 */
export function nodeVersionProblem(version: string, execPath: string): string | undefined {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  if (major > MIN_NODE.major || (major === MIN_NODE.major && minor >= MIN_NODE.minor)) return undefined;
  return `oi needs Node.js ${MIN_NODE.major}.${MIN_NODE.minor} or later, found ${version} (${execPath}); run it through ./pnpmw, or put a newer node first on PATH`;
}
