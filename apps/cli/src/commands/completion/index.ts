import type { Argv } from 'yargs';
import type { CompletionModule } from '../../cli/command-registry.ts';

/** Declares `oi completion`, which prints a bash/zsh completion script. */
export function buildCompletion(yargs: Argv): Argv {
  return yargs.completion(
    'completion',
    'Print a shell completion script (bash/zsh): oi completion >> ~/.bashrc',
  );
}

/** Whether the command line asks for the completion script, or (from that script) for candidates. */
export function isCompletionRequest(argv: readonly string[]): boolean {
  return argv[0] === 'completion' || argv.includes('--get-yargs-completions');
}

/** `oi completion`: yargs answers it itself, so it is registered apart from the commands. */
export const completionModule: CompletionModule = {
  builder: buildCompletion,
  handles: isCompletionRequest,
};
