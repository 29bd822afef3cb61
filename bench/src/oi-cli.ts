import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The `oi` the benchmarks run: the built CLI (`apps/cli/dist/main.js`, the package's `bin`, what the
 * Docker image and an installed `oi` start), never its TypeScript sources, whose type stripping
 * would add its own memory and start-up time to every figure. `pnpm bench` builds it first.
 */
export const OI_CLI = fileURLToPath(new URL('../../apps/cli/dist/main.js', import.meta.url));

/** Why the built CLI cannot be run (the bench started without `pnpm bench`), or undefined. */
export function builtCliProblem(): string | undefined {
  return existsSync(OI_CLI)
    ? undefined
    : `${OI_CLI} is missing: run the benchmarks with \`pnpm bench\`, which builds the CLI first`;
}
