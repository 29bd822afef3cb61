import type { Argv, Options } from 'yargs';
import type { CommandModule } from '../../cli/command-module.ts';
import type { LegacyFlagsModule, LegacySelection, RawArgs } from '../../cli/command-registry.ts';
import { integerFlag } from '../../cli/flag-coercers.ts';
import { checkRangeOrder } from '../../cli/range-flags.ts';
import { UsageError } from '../../errors/exit-error.ts';
import { cleanupCommand, cleanupFlags } from '../cleanup/index.ts';
import { collectCommand, collectFlags } from '../collect/index.ts';
import { exportCommand, exportFlags } from '../export/index.ts';
import { resumeCommand } from '../resume/index.ts';
import { statsCommand } from '../stats/index.ts';

// The tool `oi` replaces had no command words: `--symbols X` alone ran the collector, and `--stats`,
// `--export`, `--cleanup N` and `--resume` ran the others. These flags live at the top level only
// (not global), so a command word turns them off. The flags of the commands they stand for are taken
// from those commands' modules, so their defaults, choices and checks are the same in both forms.

/** The old flags that choose a command. */
export const legacyFlags = {
  cleanup: integerFlag('cleanup', '[old form] oi cleanup --days N', 0),
  stats: { type: 'boolean', default: false, description: '[old form] oi stats' },
  export: { type: 'boolean', default: false, description: '[old form] oi export' },
} as const;

const OLD_FORMS_GROUP = 'Old forms (without a command):';

/** Flags of another command, redeclared at the top level only. */
function topLevelOnly(
  flags: Readonly<Record<string, Options>>,
  override: (name: string) => Partial<Options>,
): Record<string, Options> {
  return Object.fromEntries(
    Object.entries(flags).map(([name, flag]) => [name, { ...flag, ...override(name), global: false }]),
  );
}

/** Declares the old flags, and the flags of the commands they stand for, at the top level. */
export function buildLegacyFlags(yargs: Argv): Argv {
  const { days: _days, ...cleanupOptions } = cleanupFlags;
  const hidden = () => ({ hidden: true });
  return yargs
    .options(topLevelOnly(collectFlags, (name) => ({ description: `[old form] oi collect --${name}` })))
    .options(topLevelOnly(exportFlags, hidden))
    .options(topLevelOnly(cleanupOptions, hidden))
    .options(topLevelOnly(legacyFlags, () => ({})))
    .check((args: Readonly<Record<string, unknown>>) => checkRangeOrder(args), false)
    .group([...Object.keys(collectFlags), ...Object.keys(legacyFlags)], OLD_FORMS_GROUP)
    .example('$0 --symbols BTCUSDT --hours 2', 'old form of: oi collect -S BTCUSDT --hours 2');
}

/**
 * Picks the command an old-style command line stands for: `--stats`, `--export`, `--cleanup N`,
 * `--resume` alone, and otherwise (`--symbols X`, `--hours N`, ...) `collect`.
 */
export function selectLegacyCommand(
  args: RawArgs,
  argv: readonly string[],
  commands: readonly CommandModule[],
): LegacySelection {
  if (argv.length === 0) {
    throw new UsageError(
      `a command is required: expected one of ${commands.map((command) => command.name).join(', ')} (see oi --help)`,
    );
  }
  if (args._.length > 0) {
    throw new UsageError(
      `unknown command ${args._.map(String).join(' ')} (expected a command and options listed by oi --help)`,
    );
  }
  if (args['stats'] === true) return { module: statsCommand, args };
  if (args['export'] === true) return { module: exportCommand, args };
  if (args['cleanup'] !== undefined)
    return { module: cleanupCommand, args: { ...args, days: args['cleanup'] } };
  const collecting =
    args['symbols'] !== undefined || args['hours'] !== undefined || args['historyOnly'] === true;
  if (args['resume'] === 'resume' && !collecting) return { module: resumeCommand, args };
  return { module: collectCommand, args };
}

/** The old top-level flags module of the registry. */
export const legacyModule: LegacyFlagsModule = {
  builder: buildLegacyFlags,
  select: selectLegacyCommand,
};
