import { describe, expect, it } from 'vitest';
import type { CollectorEvent } from './collector-event.ts';
import type { CollectorUniverse } from './collector-universe.ts';
import type { ListedSymbol } from './listings.ts';
import type { SymbolLifecycle } from './listings-state.ts';
import { createUniverseFollower } from './universe-follower.ts';

const MINUTE_MS = 60_000;
const FAR_MS = 4133404800000;
const T0 = Date.UTC(2026, 2, 27, 7, 40, 20);
const trading = (symbol: string, contractType = 'PERPETUAL', deliveryDateMs = FAR_MS): ListedSymbol => ({
  symbol,
  status: 'TRADING',
  contractType,
  onboardDateMs: 1000,
  deliveryDateMs,
});
const withStatus = (listed: ListedSymbol, status: string, deliveryDateMs = listed.deliveryDateMs) => ({
  ...listed,
  status,
  deliveryDateMs,
});

function follow(
  universe: CollectorUniverse,
  follows = true,
  previous: ReadonlyMap<string, SymbolLifecycle> = new Map(),
) {
  const events: CollectorEvent[] = [];
  let nowMs = T0;
  const follower = createUniverseFollower({
    universe,
    follows,
    previous,
    nowMs: () => nowMs,
    onEvent: (event) => events.push(event),
  });
  const apply = (listed: ListedSymbol[], atMs: number, initial = false) => {
    nowMs = atMs;
    follower.apply(listed, atMs, initial);
  };
  const reported = () =>
    events.map((e) =>
      e.type === 'symbol-ended'
        ? [e.type, e.symbol, e.endMs, e.detail]
        : e.type === 'symbol-listed'
          ? [e.type, e.symbol, e.fromMinuteMs]
          : 'symbol' in e
            ? [e.type, e.symbol]
            : [e.type],
    );
  return { follower, apply, reported };
}

describe('createUniverseFollower', () => {
  it('with all perpetuals: joins new listings from the next whole minute, ends what stops trading or leaves the list', () => {
    const { follower, apply, reported } = follow({ kind: 'all', contracts: 'perpetual' });
    const btc = trading('BTCUSDT');
    const eth = trading('ETHUSDT');
    const doge = trading('DOGEUSDT');
    apply([btc, eth, doge, trading('BTCUSDT_260327', 'CURRENT_QUARTER', T0 + 20 * MINUTE_MS)], T0, true);
    const { roster } = follower;
    expect(roster.live(T0 + 40_000)).toEqual(['BTCUSDT', 'ETHUSDT', 'DOGEUSDT']);
    expect(reported()).toEqual([]);

    const seenMs = T0 + 5 * MINUTE_MS;
    const fresh = trading('FRESHUSDT');
    apply([btc, withStatus(eth, 'SETTLING', seenMs - 30_000), doge, fresh], seenMs);
    const nextMinuteMs = T0 - 20_000 + 6 * MINUTE_MS;
    expect(roster.live(nextMinuteMs - MINUTE_MS)).toEqual(['BTCUSDT', 'DOGEUSDT']);
    expect(roster.live(nextMinuteMs)).toEqual(['BTCUSDT', 'DOGEUSDT', 'FRESHUSDT']);

    const goneMs = T0 + 10 * MINUTE_MS;
    apply([btc, fresh], goneMs);
    expect(roster.live(goneMs + MINUTE_MS)).toEqual(['BTCUSDT', 'FRESHUSDT']);
    // Ended symbols keep their history patrolled.
    expect(roster.active()).toEqual(['BTCUSDT', 'ETHUSDT', 'DOGEUSDT', 'FRESHUSDT']);
    expect(reported()).toEqual([
      ['symbol-ended', 'ETHUSDT', seenMs - 30_000, 'status SETTLING'],
      ['symbol-listed', 'FRESHUSDT', nextMinuteMs],
      ['symbol-ended', 'DOGEUSDT', goneMs, 'not listed by exchangeInfo'],
    ]);
    // The patrol's listings: an ended perpetual's history runs to the slot of its end.
    expect(follower.listings.get('ETHUSDT')?.deliveryDateMs).toBe(Date.UTC(2026, 2, 27, 7, 45));
    expect(follower.listings.get('DOGEUSDT')?.deliveryDateMs).toBe(Date.UTC(2026, 2, 27, 7, 55));
    expect(follower.joined()).toEqual(['FRESHUSDT']);
  });

  it('stops a symbol at its announced end without waiting for the next read', () => {
    const { follower, apply, reported } = follow({ kind: 'all', contracts: 'all' });
    const endMs = Date.UTC(2026, 2, 27, 8, 0);
    apply([trading('BTCUSDT'), trading('BTCUSDT_260327', 'CURRENT_QUARTER', endMs)], T0, true);
    expect(follower.roster.live(endMs - MINUTE_MS)).toEqual(['BTCUSDT', 'BTCUSDT_260327']);
    expect(follower.roster.live(endMs)).toEqual(['BTCUSDT']);
    expect(reported()).toEqual([
      ['symbol-ended', 'BTCUSDT_260327', endMs, 'trading ended at 2026-03-27T08:00:00.000Z'],
    ]);
    expect(follower.takeChanges().find((r) => r.symbol === 'BTCUSDT_260327')).toMatchObject({
      status: 'TRADING',
      endedAtMs: endMs,
    });
  });

  it('with a list: a symbol not listed yet waits (once) and joins when listed; a settled one ends at once', () => {
    const { follower, apply, reported } = follow({
      kind: 'list',
      symbols: ['NEWUSDT', 'OLDUSDT', 'BTCUSDT'],
    });
    const old = withStatus(trading('OLDUSDT'), 'SETTLING', T0 - 86_400_000);
    apply([trading('BTCUSDT'), old, withStatus(trading('NEWUSDT'), 'PENDING_TRADING')], T0, true);
    apply([trading('BTCUSDT'), old], T0 + 5 * MINUTE_MS);
    expect(follower.roster.live(T0 + 6 * MINUTE_MS)).toEqual(['BTCUSDT']);
    apply([trading('BTCUSDT'), old, trading('NEWUSDT')], T0 + 10 * MINUTE_MS);
    expect(follower.roster.live(T0 + 11 * MINUTE_MS)).toEqual(['BTCUSDT', 'NEWUSDT']);
    expect(reported()).toEqual([
      ['symbol-waiting', 'NEWUSDT'],
      ['symbol-ended', 'OLDUSDT', T0 - 86_400_000, 'status SETTLING'],
      ['symbol-listed', 'NEWUSDT', T0 - 20_000 + 11 * MINUTE_MS],
    ]);
    expect(
      follower
        .takeChanges()
        .map((r) => [r.symbol, r.status, r.endedAtMs])
        .sort(),
    ).toEqual([
      ['BTCUSDT', 'TRADING', undefined],
      ['NEWUSDT', 'TRADING', undefined],
      ['OLDUSDT', 'SETTLING', T0 - 86_400_000],
    ]);
    // Nothing changed since: nothing to write.
    apply([trading('BTCUSDT'), old, trading('NEWUSDT')], T0 + 15 * MINUTE_MS);
    expect(follower.takeChanges()).toEqual([]);
  });

  it('without reads to come, drops a listed symbol the listings lack', () => {
    const { follower, apply, reported } = follow({ kind: 'list', symbols: ['BTCUSDT', 'NOPEUSDT'] }, false);
    apply([trading('BTCUSDT')], T0, true);
    expect(reported()).toEqual([['symbol-dropped', 'NOPEUSDT']]);
    expect(follower.roster.active()).toEqual(['BTCUSDT']);
  });

  it('at the start, ends the symbols an earlier run followed that stopped trading meanwhile, for their history', () => {
    const DAY_MS = 86_400_000;
    const record = (symbol: string, fields: Partial<SymbolLifecycle> = {}): [string, SymbolLifecycle] => [
      symbol,
      {
        symbol,
        market: symbol.includes('USD_') ? 'cm' : 'um',
        status: 'TRADING',
        listed: true,
        contractType: 'PERPETUAL',
        onboardDateMs: 1000,
        deliveryDateMs: FAR_MS,
        updatedAtMs: T0 - DAY_MS,
        ...fields,
      },
    ];
    const previous = new Map([
      record('GONEUSDT', { deliveryDateMs: T0 - 3 * DAY_MS }),
      record('ETHUSDT'),
      record('LATEUSDT', { status: 'SETTLING', endedAtMs: T0 - 2 * DAY_MS }),
      record('OLDUSDT', { status: 'SETTLING', endedAtMs: T0 - 40 * DAY_MS }),
      record('BTCUSD_PERP'),
      record('BTCUSDT'),
    ]);
    const { follower, apply, reported } = follow({ kind: 'all', contracts: 'perpetual' }, true, previous);
    apply([trading('BTCUSDT'), withStatus(trading('ETHUSDT'), 'SETTLING', T0 - DAY_MS)], T0, true);
    expect(follower.roster.live(T0 + 40_000)).toEqual(['BTCUSDT']);
    expect(reported()).toEqual([
      ['symbol-ended', 'ETHUSDT', T0 - DAY_MS, 'status SETTLING'],
      ['symbol-ended', 'GONEUSDT', T0 - 3 * DAY_MS, 'not listed by exchangeInfo'],
      ['symbol-ended', 'LATEUSDT', T0 - 2 * DAY_MS, 'not listed by exchangeInfo'],
    ]);
    // Their history is expected up to their ends.
    expect(follower.listings.get('GONEUSDT')?.deliveryDateMs).toBeLessThanOrEqual(T0 - 3 * DAY_MS + 300_000);

    const list = follow({ kind: 'list', symbols: ['BTCUSDT', 'GONEUSDT'] }, true, previous);
    list.apply([trading('BTCUSDT')], T0, true);
    expect(list.reported()).toEqual([
      ['symbol-ended', 'GONEUSDT', T0 - 3 * DAY_MS, 'not listed by exchangeInfo'],
    ]);
  });
});
