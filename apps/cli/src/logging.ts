import { logFilePath } from '@oi/storage';
import winston from 'winston';
import { maskSecrets } from './config/mask-secrets.ts';
import type { LogFormat } from './config/resolve-config.ts';
import { LOG_LEVELS, type LogLevel } from './config/value-parsers.ts';

/** The logger commands write through (winston's, so levels and metadata work as documented). */
export type Logger = winston.Logger;

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  readonly level: LogLevel;
  readonly format: LogFormat;
  /** When set, also write JSON lines to `<dataDir>/logs/binance_oi_downloader.log` with rotation. */
  readonly fileDataDir?: string;
  /** Rotate the log file at this size. @default 10 MiB */
  readonly maxFileBytes?: number;
  /** Rotated files kept. @default 5 */
  readonly maxFiles?: number;
}

const humanLine = winston.format.printf((info) => {
  const { level, message, timestamp, ...meta } = info;
  const extra = Object.entries(meta)
    .filter(([key]) => typeof key === 'string')
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return `${String(timestamp)} ${level.padEnd(5)} ${String(message)}${extra === '' ? '' : ` ${extra}`}`;
});

// Credentials never reach a log line: every string of every entry is masked, whoever logged it.
const maskEntry = winston.format((info) => {
  for (const key of Object.keys(info)) {
    const value = info[key];
    if (typeof value === 'string') info[key] = maskSecrets(value);
  }
  return info;
});

/**
 * Creates the process logger. Everything goes to stderr, so stdout stays free for results and `--json`.
 */
export function createLogger(options: LoggerOptions): Logger {
  const consoleFormat =
    options.format === 'json'
      ? winston.format.combine(winston.format.timestamp(), winston.format.json())
      : winston.format.combine(winston.format.timestamp(), humanLine);
  const transports: winston.transport[] = [
    new winston.transports.Console({
      format: consoleFormat,
      stderrLevels: ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'],
    }),
  ];
  if (options.fileDataDir !== undefined) {
    transports.push(
      new winston.transports.File({
        filename: logFilePath(options.fileDataDir),
        format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
        maxsize: options.maxFileBytes ?? 10 * 1024 * 1024,
        maxFiles: options.maxFiles ?? 5,
        tailable: true,
      }),
    );
  }
  const logger = winston.createLogger({ level: options.level, format: maskEntry(), transports });
  // winston formats an entry (the masking included) before its transports drop it by level, so the
  // debug lines of a tick's hundreds of requests cost CPU even at `info`: below the level, nothing runs.
  // Called on `this`, so a child logger (`logger.child({ market })`) keeps its own metadata.
  for (const level of LOG_LEVELS) {
    const write = logger[level];
    logger[level] = function (this: winston.Logger, ...args: Parameters<winston.LeveledLogMethod>) {
      return this.isLevelEnabled(level) ? write.apply(this, args) : this;
    } as winston.LeveledLogMethod;
  }
  return logger;
}

/** Waits until every transport has written what it was given (call before exiting). */
export function closeLogger(logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    const files = logger.transports.filter((transport) => transport instanceof winston.transports.File);
    if (files.length === 0) {
      logger.close();
      resolve();
      return;
    }
    let pending = files.length;
    for (const file of files) {
      file.once('finish', () => {
        pending -= 1;
        if (pending === 0) resolve();
      });
    }
    logger.end();
  });
}
