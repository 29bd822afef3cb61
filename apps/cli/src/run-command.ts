import type { CommandContext, CommandResult } from './command-context.ts';
import { showConfig } from './commands/config-show.ts';
import { runSim } from './commands/sim.ts';
import { updateSymbols } from './commands/symbols-update.ts';
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
    case 'symbols update':
      if (invocation.options.demo) {
        return updateSymbols(invocation.options, {
          configPath: common.config.configPath,
          logger: context.logger,
        });
      }
      throw new Error('symbols update needs the exchange client, which is not wired yet');
    case 'sim':
      return runSim(invocation.options, common.json, context);
    default:
      throw new Error(`${invocation.command} is not wired yet (context ${typeof context})`);
  }
}
