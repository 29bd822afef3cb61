import type { CliConfig, ConfigKey, ConfigSource } from './config/resolve-config.ts';

/** A half-open time range `[startMs, endMs)` in epoch ms. */
export interface TimeRangeMs {
  readonly startMs: number;
  readonly endMs: number;
}

/** A stored series: live 1m snapshots or 5m history. */
export type SeriesName = '1m' | '5m';

/** What to do with incomplete tasks in the journal: ask (TTY only), resume them, or leave them. */
export type ResumeChoice = 'ask' | 'resume' | 'no-resume';

/** Options every command receives. */
export interface CommonOptions {
  readonly config: CliConfig;
  readonly sources: Readonly<Record<ConfigKey, ConfigSource>>;
  /** Print one machine-readable result object on stdout. */
  readonly json: boolean;
  /** Answer yes to confirmations (scripts). */
  readonly yes: boolean;
  readonly resume: ResumeChoice;
  /** The command was selected by an old top-level flag rather than by name. */
  readonly legacy: boolean;
}

/** `oi collect`. */
export interface CollectOptions {
  /** Stop after this long; run until stopped when absent. */
  readonly durationMs?: number;
  readonly historyOnly: boolean;
}

/** `oi backfill`. */
export interface BackfillOptions {
  readonly range: TimeRangeMs;
  /** Symbols fetched at the same time. */
  readonly concurrency: number;
}

/** `oi gaps`. */
export interface GapsOptions {
  /** Defaults to the last 30 days when absent. */
  readonly range?: TimeRangeMs;
  readonly series: readonly SeriesName[];
}

/** `oi export`. */
export interface ExportOptions {
  readonly format: 'csv' | 'jsonl';
  /** Absolute output path; stdout when absent. */
  readonly outPath?: string;
  readonly series: SeriesName;
  readonly range?: TimeRangeMs;
}

/** `oi cleanup`. */
export interface CleanupOptions {
  readonly days: number;
  readonly dryRun: boolean;
}

/** `oi symbols update`. */
export interface SymbolsUpdateOptions {
  readonly top: number;
  readonly quote: string;
  /** Use the bundled list instead of asking the exchange. */
  readonly demo: boolean;
}

/** `oi sim`. */
export interface SimOptions {
  readonly port: number;
  readonly host: string;
  readonly seed?: number;
  readonly extraSymbols?: number;
}

/** `oi demo`. */
export interface DemoOptions {
  /** Virtual minutes of live collection after the backfill. */
  readonly liveMinutes: number;
  /** Days of history to backfill. */
  readonly historyDays: number;
}

/** One parsed and resolved command line. */
export type CommandInvocation =
  | { readonly command: 'collect'; readonly common: CommonOptions; readonly options: CollectOptions }
  | { readonly command: 'backfill'; readonly common: CommonOptions; readonly options: BackfillOptions }
  | { readonly command: 'gaps'; readonly common: CommonOptions; readonly options: GapsOptions }
  | { readonly command: 'stats'; readonly common: CommonOptions; readonly options: Record<string, never> }
  | { readonly command: 'export'; readonly common: CommonOptions; readonly options: ExportOptions }
  | { readonly command: 'cleanup'; readonly common: CommonOptions; readonly options: CleanupOptions }
  | {
      readonly command: 'symbols update';
      readonly common: CommonOptions;
      readonly options: SymbolsUpdateOptions;
    }
  | { readonly command: 'resume'; readonly common: CommonOptions; readonly options: Record<string, never> }
  | { readonly command: 'sim'; readonly common: CommonOptions; readonly options: SimOptions }
  | { readonly command: 'demo'; readonly common: CommonOptions; readonly options: DemoOptions }
  | {
      readonly command: 'config show';
      readonly common: CommonOptions;
      readonly options: Record<string, never>;
    };

/** A command name, as typed after `oi`. */
export type CommandName = CommandInvocation['command'];

/** What `oi <argv>` asks for: run a command, print text (help, version), or shell completion. */
export type Invocation =
  | { readonly kind: 'run'; readonly invocation: CommandInvocation }
  | { readonly kind: 'print'; readonly text: string }
  | { readonly kind: 'completion' };
