import type { Argv } from 'yargs';
import type { CommonOptions } from '../commands/common/index.ts';
import type { ParseContext } from './command-context.ts';
import type { CommandModule, ConfigDefaults } from './command-module.ts';

/** Parsed flags as yargs hands them over: every flag by name, and the words that were not flags. */
export type RawArgs = Readonly<Record<string, unknown>> & { readonly _: readonly (string | number)[] };

/** The flags every command accepts, and how they resolve into {@link CommonOptions}. */
export interface CommonFlagsModule {
  /** Declares the common flags (global: every command accepts them). */
  readonly builder: (yargs: Argv) => Argv;
  /** Resolves the configuration (flags > environment > config.json > defaults); throws a `ConfigError`. */
  resolve(args: RawArgs, context: ParseContext, defaults: ConfigDefaults): Promise<CommonOptions>;
}

/** The command an old-style command line stands for, and the flags to build its options from. */
export interface LegacySelection {
  readonly module: CommandModule;
  readonly args: Readonly<Record<string, unknown>>;
}

/** The old top-level flags of the tool `oi` replaces, which only apply without a command word. */
export interface LegacyFlagsModule {
  /** Declares the old flags at the top level (not global: a command word turns them off). */
  readonly builder: (yargs: Argv) => Argv;
  /** Picks the command an old-style command line stands for; throws a `UsageError` when there is none. */
  select(args: RawArgs, argv: readonly string[], commands: readonly CommandModule[]): LegacySelection;
}

/** Shell completion, which yargs answers itself (printing and exiting). */
export interface CompletionModule {
  /** Declares the `completion` command. */
  readonly builder: (yargs: Argv) => Argv;
  /** Whether the command line asks for a completion script or for candidates. */
  handles(argv: readonly string[]): boolean;
}

/** Everything the parser registers: the common and old flags, completion, and the commands in help order. */
export interface CommandRegistry {
  readonly common: CommonFlagsModule;
  readonly legacy: LegacyFlagsModule;
  readonly completion: CompletionModule;
  readonly commands: readonly CommandModule[];
}
