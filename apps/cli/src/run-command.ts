import type { CommandContext, CommandResult } from './command-context.ts';
import { showConfig } from './commands/config-show.ts';
import type { CommandInvocation } from './invocation.ts';

/** Runs the command an invocation names; the single switch between parsed options and command code. */
export async function runCommand(
  invocation: CommandInvocation,
  context: CommandContext,
): Promise<CommandResult> {
  const { common } = invocation;
  switch (invocation.command) {
    case 'config show':
      return showConfig({ config: common.config, sources: common.sources });
    default:
      throw new Error(`${invocation.command} is not wired yet (context ${typeof context})`);
  }
}
