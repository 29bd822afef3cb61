import type { ArgumentsCamelCase, Argv } from 'yargs';
import type { CommonOptions } from '../commands/common/index.ts';
import type { CommandContext, CommandResult, ParseContext } from './command-context.ts';

/** How one command changes configuration defaults (the demo keeps out of real data). */
export interface ConfigDefaults {
  /** Data directory when neither flag nor environment names one. */
  readonly defaultDataDir?: string;
  /** Ignore DATA_DIR from the environment. */
  readonly ignoreEnvDataDir?: boolean;
}

/**
 * One command, written once: its flags (the yargs builder, with every default, choice and coercion),
 * how parsed flags become its typed options, and its handler. `Args` is what the builder parses,
 * `Options` what the handler takes.
 */
export interface CommandSpec<Args, Options> {
  /** The words after `oi`, e.g. `collect` or `symbols update`. */
  readonly name: string;
  /** One line for `oi --help`. */
  readonly describe: string;
  /** For a two-word name, the `--help` line of its first word (e.g. `symbols`). */
  readonly groupDescribe?: string;
  /** Declares the command's flags and examples. */
  readonly builder: (yargs: Argv) => Argv<Args>;
  /** Turns parsed flags into the handler's options; throws a `UsageError` for combinations yargs cannot check. */
  readonly options: (args: ArgumentsCamelCase<Args>, context: ParseContext) => Options;
  /** Runs the command. */
  readonly handler: (
    options: Options,
    common: CommonOptions,
    context: CommandContext,
  ) => Promise<CommandResult>;
  /** Whether the command writes under the data directory (its writability is checked first). */
  readonly writesData: boolean | ((options: Options) => boolean);
  /** Configuration defaults this command changes. */
  readonly configDefaults?: ConfigDefaults;
}

/** A command's options, bound to its handler, ready to run. */
export interface PreparedCommand {
  /** The typed options, as the handler receives them. */
  readonly options: unknown;
  /** Whether this run writes under the data directory. */
  readonly writesData: boolean;
  /** Runs the handler with these options. */
  run(common: CommonOptions, context: CommandContext): Promise<CommandResult>;
}

/** A command as the parser registers it, its types closed over. */
export interface CommandModule {
  readonly name: string;
  readonly describe: string;
  readonly groupDescribe?: string;
  readonly builder: (yargs: Argv) => Argv;
  readonly configDefaults?: ConfigDefaults;
  /** Builds the typed options from parsed flags (of this command, or of an old top-level form). */
  prepare(args: Readonly<Record<string, unknown>>, context: ParseContext): PreparedCommand;
}

/** Registers a command spec: the parser sees a {@link CommandModule}, the handler keeps its types. */
export function defineCommand<Args, Options>(spec: CommandSpec<Args, Options>): CommandModule {
  return {
    name: spec.name,
    describe: spec.describe,
    ...(spec.groupDescribe === undefined ? {} : { groupDescribe: spec.groupDescribe }),
    builder: spec.builder as (yargs: Argv) => Argv,
    ...(spec.configDefaults === undefined ? {} : { configDefaults: spec.configDefaults }),
    prepare(args, context) {
      // yargs built `args` with this spec's own builder (or the old forms' copy of its flags).
      const options = spec.options(args as ArgumentsCamelCase<Args>, context);
      const writesData = typeof spec.writesData === 'function' ? spec.writesData(options) : spec.writesData;
      return { options, writesData, run: (common, context) => spec.handler(options, common, context) };
    },
  };
}
