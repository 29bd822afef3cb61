import { createHash } from 'node:crypto';
import { mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ProxySettings, selectProxy } from '../http/proxy-settings.ts';
import { BudgetLedgerError } from './ledger-database.ts';

/**
 * The directory for the budget ledgers when the caller names none: `$XDG_RUNTIME_DIR/oi` when the
 * environment has one (a per-user tmpfs), else `<os.tmpdir()>/oi-budget-<uid>`. Pass the process's
 * environment; a library reads none itself.
 */
export function defaultBudgetDir(env: Readonly<Record<string, string | undefined>> = {}): string {
  const runtimeDir = env['XDG_RUNTIME_DIR'];
  if (runtimeDir !== undefined && runtimeDir.trim() !== '') return join(runtimeDir, 'oi');
  const user = typeof process.getuid === 'function' ? String(process.getuid()) : 'user';
  return join(tmpdir(), `oi-budget-${user}`);
}

// Hosts that count weight on another host's counter: since the CM-UM integration dapi draws on
// fapi's 2400 per minute and its /futures/data budget (binance-api.md 1.2).
const COUNTER_ORIGIN: Readonly<Record<string, string>> = {
  'https://dapi.binance.com': 'https://fapi.binance.com',
};

/**
 * The route requests leave by, without credentials: the origin whose counter they draw on and the
 * proxy that carries them (`https://fapi.binance.com direct`, `https://fapi.binance.com via
 * http://10.0.0.1:3128`; dapi.binance.com names fapi's). Requests on one route share the IP the
 * exchange counts, so they share one ledger.
 */
export function describeRoute(baseUrl: string, proxy: ProxySettings = {}): string {
  const target = new URL(baseUrl);
  const choice = selectProxy(target, proxy);
  const origin = COUNTER_ORIGIN[target.origin] ?? target.origin;
  if (choice.kind === 'direct') return `${origin} direct`;
  return `${origin} via ${choice.url.protocol}//${choice.url.host}`;
}

/** The ledger file of `route` in `dir`: a hash, so neither the route nor a proxy host shows in the name. */
export function ledgerFilePath(dir: string, route: string): string {
  const hash = createHash('sha256').update(route).digest('hex').slice(0, 16);
  return join(dir, `budget-${hash}.sqlite`);
}

/** Creates `dir` for this user only; refuses one that another user owns (they could fake bans). */
export function prepareBudgetDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new BudgetLedgerError(undefined, `cannot create the budget directory ${dir}`, error);
  }
  const stats = statSync(dir);
  if (!stats.isDirectory()) throw new BudgetLedgerError(undefined, `${dir} is not a directory`);
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  if (uid !== undefined && stats.uid !== uid) {
    throw new BudgetLedgerError(
      undefined,
      `the budget directory ${dir} belongs to user ${stats.uid}, not to this user (${uid})`,
    );
  }
}
