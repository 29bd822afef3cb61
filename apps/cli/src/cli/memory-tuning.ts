/**
 * How `oi` bounds its memory. V8 sizes its heap for a machine's whole memory: on a 24 GiB server the
 * young generation grows to 128 MB and the old generation collects late, so a backfill that keeps
 * 40 MB alive sat at 500-600 MB of RSS. These settings exist only at process start, so main.ts starts
 * the process over in place (execve: same pid, same stdio, same signals) with them, before any
 * command module is loaded. Measured in BENCHMARKS.md (archive backfill, collect).
 */
export const MEMORY_FLAGS: readonly string[] = [
  // A young generation of 2 x 2 MB: short-lived garbage dies there instead of in a 128 MB nursery.
  '--max-semi-space-size=2',
  // After each full collection the old generation may grow by a quarter of what is alive (V8 picks up
  // to 4x when the machine has memory to spare). A soft bound: no heap limit, nothing can run out of
  // it. A quarter instead of a half took 12 to 20 MB off the peaks for about a fifth more CPU.
  '--heap-growing-percent=25',
  // One V8 helper thread (the default is 4): less parallel garbage collection, which bought little on
  // 2 cores, and fewer threads keeping malloc arenas of freed compiler memory.
  '--v8-pool-size=1',
];

/** glibc's malloc settings, each kept when the user set it. */
export const MALLOC_ENVIRONMENT: Readonly<Record<string, string>> = {
  // At most two arenas instead of 8 per core, each holding freed memory.
  MALLOC_ARENA_MAX: '2',
  // Blocks from 128 kB (downloaded archive files, large answers, read buffers) are mapped on their
  // own and go back to the system when freed. By default the threshold rises to the largest block
  // freed so far (up to 32 MB), after which such blocks come from the heap and stay with the process:
  // the collector of both markets held 7 to 10 MB more after its first patrol.
  MALLOC_MMAP_THRESHOLD_: String(128 * 1024),
};

/** The part of `process` the decision reads. */
export interface LaunchFacts {
  readonly execPath: string;
  readonly execArgv: readonly string[];
  /** `process.argv`: node, the script, then the script's arguments. */
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The program, arguments and environment to start over with. */
export interface Relaunch {
  readonly file: string;
  readonly args: readonly string[];
  readonly env: Record<string, string>;
}

/** Whether node already runs with a young-generation size, from us or from the user. */
function hasYoungGenerationSize(facts: LaunchFacts): boolean {
  const userOptions = facts.env['NODE_OPTIONS'] ?? '';
  return (
    facts.execArgv.some((flag) => flag.startsWith('--max-semi-space-size')) ||
    userOptions.includes('--max-semi-space-size')
  );
}

/**
 * The relaunch that gives the process MEMORY_FLAGS, or undefined when it already has them (the
 * relaunched process itself) or when the user chose a young-generation size of their own (in
 * NODE_OPTIONS or on node's command line): theirs wins, and nothing is relaunched.
 */
export function memoryRelaunch(facts: LaunchFacts): Relaunch | undefined {
  if (hasYoungGenerationSize(facts)) return undefined;
  const env: Record<string, string> = { ...MALLOC_ENVIRONMENT };
  for (const [name, value] of Object.entries(facts.env)) if (value !== undefined) env[name] = value;
  // `--` ends node's options: node would otherwise read the script's `--env-file` as its own.
  const args = [facts.execPath, ...MEMORY_FLAGS, ...facts.execArgv, '--', ...facts.argv.slice(1)];
  return { file: facts.execPath, args, env };
}

/** What starts a process over in place: process.execve (Node 22.15+, POSIX only). */
export type Execve = (file: string, args: readonly string[], env: Record<string, string>) => never;

/**
 * Starts the process over with MEMORY_FLAGS when it lacks them. Returns only when no relaunch is
 * needed or possible (no execve on this platform): the command then runs with V8's own sizing,
 * which costs memory, never data.
 */
export function relaunchWithMemoryFlags(facts: LaunchFacts, execve: Execve | undefined): void {
  const relaunch = memoryRelaunch(facts);
  if (relaunch === undefined || execve === undefined) return;
  execve(relaunch.file, relaunch.args, relaunch.env);
}
