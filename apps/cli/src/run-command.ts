import type { CommandContext, CommandResult } from './command-context.ts';
import { runCleanup } from './commands/cleanup.ts';
import { showConfig } from './commands/config-show.ts';
import { runExport } from './commands/export.ts';
import { runSim } from './commands/sim.ts';
import { showStats } from './commands/stats.ts';
import { updateSymbols } from './commands/symbols-update.ts';
import { createExchangeClient, createSymbolMarket } from './exchange.ts';
import type { CommandInvocation, CommonOptions } from './invocation.ts';

/** Symbols named on the command line; readers otherwise cover every symbol in the data directory. */
function explicitSymbols(common: CommonOptions): { symbols?: readonly string[] } {
  return common.sources.symbols.origin === 'flag' ? { symbols: common.config.symbols } : {};
}

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
      return updateSymbols(invocation.options, {
        configPath: common.config.configPath,
        market: createSymbolMarket(
          createExchangeClient(common.config, { logger: context.logger }),
          context.signal,
        ),
        logger: context.logger,
      });
    case 'stats':
      return showStats({ dataDir: common.config.dataDir, ...explicitSymbols(common) });
    case 'cleanup':
      return runCleanup(invocation.options, {
        dataDir: common.config.dataDir,
        nowMs: Date.now(),
        logger: context.logger,
      });
    case 'export':
      return runExport(
        invocation.options,
        { dataDir: common.config.dataDir, nowMs: Date.now(), ...explicitSymbols(common) },
        context,
      );
    case 'sim':
      return runSim(invocation.options, common.json, context);
    default:
      throw new Error(`${invocation.command} is not wired yet (context ${typeof context})`);
  }
}
