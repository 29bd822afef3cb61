import type { CommandContext, CommandResult } from './command-context.ts';
import { runBackfillCommand } from './commands/backfill.ts';
import { runCleanup } from './commands/cleanup.ts';
import { runCollectCommand } from './commands/collect.ts';
import { showConfig } from './commands/config-show.ts';
import { runDemo } from './commands/demo.ts';
import { runExport } from './commands/export.ts';
import { showGaps } from './commands/gaps.ts';
import { runResumeCommand } from './commands/resume.ts';
import { runSim } from './commands/sim.ts';
import { showStats } from './commands/stats.ts';
import { updateSymbols } from './commands/symbols-update.ts';
import { openEngineSession } from './engine-session.ts';
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
  const { config } = common;
  // The test hook's clock, when set, reaches the client, the store's `now` and the engine through the session.
  const wiring =
    context.testClock === undefined
      ? {}
      : { clock: context.testClock.clock, requestTimeoutMs: context.testClock.requestTimeoutMs };
  const session = () => openEngineSession(common, context.logger, context.signal, wiring);
  switch (invocation.command) {
    case 'config show':
      return showConfig({ config, sources: common.sources });
    case 'symbols update':
      return updateSymbols(invocation.options, {
        configPath: config.configPath,
        ...(invocation.options.demo
          ? {}
          : {
              market: createSymbolMarket(
                createExchangeClient(config, { logger: context.logger }),
                context.signal,
              ),
            }),
        logger: context.logger,
      });
    case 'sim':
      return runSim(invocation.options, common.json, context);
    case 'stats':
      return showStats({ dataDir: config.dataDir, ...explicitSymbols(common) });
    case 'cleanup':
      return runCleanup(invocation.options, {
        dataDir: config.dataDir,
        nowMs: Date.now(),
        logger: context.logger,
      });
    case 'export':
      return runExport(
        invocation.options,
        { dataDir: config.dataDir, nowMs: Date.now(), ...explicitSymbols(common) },
        context,
      );
    case 'gaps':
      return showGaps(invocation.options, {
        dataDir: config.dataDir,
        symbols: config.symbols,
        nowMs: Date.now(),
      });
    case 'backfill':
      return runBackfillCommand(invocation.options, common, await session(), context);
    case 'collect':
      return runCollectCommand(invocation.options, common, await session(), context);
    case 'resume':
      return runResumeCommand(
        common,
        () => openEngineSession(common, context.logger, context.signal, { ...wiring, checkSymbols: false }),
        context,
      );
    case 'demo':
      return runDemo(invocation.options, common, context);
  }
}
