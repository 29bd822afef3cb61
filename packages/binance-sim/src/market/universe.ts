import { hashString, hashUnit } from './seeded-hash.ts';

/** Why a symbol is in the simulated universe; tests pick their subjects by role. */
export type SymbolRole =
  | 'default'
  | 'usdc'
  | 'quarterly'
  | 'new-listing'
  | 'delisted'
  | 'extra'
  /** A COIN-M contract, served by the archive only (the simulator has no COIN-M REST API). */
  | 'coin-m';

/** One futures contract of the simulated exchange, with the parameters its series are drawn from. */
export interface SimSymbol {
  readonly symbol: string;
  readonly pair: string;
  readonly role: SymbolRole;
  readonly contractType: 'PERPETUAL' | 'CURRENT_QUARTER';
  readonly status: 'TRADING' | 'SETTLING';
  readonly onboardDateMs: number;
  /** `4133404800000` for live perpetuals; the delivery (or delisting) time otherwise. */
  readonly deliveryDateMs: number;
  /** When trading stopped (the delisted perpetual only): no history row after it. */
  readonly delistedAtMs?: number;
  readonly baseAsset: string;
  readonly quoteAsset: string;
  readonly marginAsset: string;
  readonly hasCmcSupply: boolean;
  readonly quantityPrecision: number;
  readonly pricePrecision: number;
  /** Centre of the open-interest series, in base units. */
  readonly typicalOpenInterest: number;
  /** Centre of the mark-price series, in the quote asset. */
  readonly typicalPrice: number;
  /** Typical 24h traded volume, in base units. */
  readonly typicalVolume24h: number;
  /** Circulating supply at 2026-01-01 (only meaningful with `hasCmcSupply`). */
  readonly cmcSupply: number;
}

/** The delivery date Binance gives perpetuals: 2100-12-25 08:00 UTC. */
export const PERPETUAL_DELIVERY_MS = 4133404800000;

const DAY_MS = 86_400_000;
const FIVE_MINUTES_MS = 300_000;

interface Preset {
  readonly base: string;
  readonly onboard: string;
  readonly price: number;
  readonly openInterest: number;
  readonly qp: number;
  readonly pp: number;
  /** Circulating supply, or 0 when CoinMarketCap supply is not reported for the symbol. */
  readonly supply: number;
}

// The 15 default symbols of the design, with magnitudes close to the real market so that value
// columns, precisions and string widths look like production data. Every one is listed before the
// archive's first day (2020-09-01), so a backfill from that day finds files for all of them.
const PRESETS: readonly Preset[] = [
  {
    base: 'BTC',
    onboard: '2019-09-25T08:00:00Z',
    price: 97_000,
    openInterest: 95_000,
    qp: 3,
    pp: 2,
    supply: 19_950_000,
  },
  {
    base: 'ETH',
    onboard: '2019-11-27T08:00:00Z',
    price: 3_400,
    openInterest: 2_500_000,
    qp: 3,
    pp: 2,
    supply: 120_700_000,
  },
  {
    base: 'BNB',
    onboard: '2020-02-10T08:00:00Z',
    price: 680,
    openInterest: 700_000,
    qp: 2,
    pp: 3,
    supply: 144_000_000,
  },
  {
    base: 'ADA',
    onboard: '2020-01-31T08:00:00Z',
    price: 0.72,
    openInterest: 480_000_000,
    qp: 0,
    pp: 5,
    supply: 35_800_000_000,
  },
  {
    base: 'XRP',
    onboard: '2020-01-06T08:00:00Z',
    price: 2.3,
    openInterest: 380_000_000,
    qp: 1,
    pp: 4,
    supply: 58_000_000_000,
  },
  {
    base: 'SOL',
    onboard: '2020-08-14T08:00:00Z',
    price: 185,
    openInterest: 8_000_000,
    qp: 0,
    pp: 4,
    supply: 480_000_000,
  },
  {
    base: 'DOT',
    onboard: '2020-08-20T08:00:00Z',
    price: 6.2,
    openInterest: 30_000_000,
    qp: 1,
    pp: 3,
    supply: 1_520_000_000,
  },
  {
    base: 'DOGE',
    onboard: '2020-07-10T08:00:00Z',
    price: 0.21,
    openInterest: 9_000_000_000,
    qp: 0,
    pp: 6,
    supply: 148_000_000_000,
  },
  {
    base: 'AVAX',
    onboard: '2020-08-24T08:00:00Z',
    price: 31,
    openInterest: 15_000_000,
    qp: 0,
    pp: 4,
    supply: 0,
  },
  {
    base: 'LTC',
    onboard: '2020-01-09T08:00:00Z',
    price: 102,
    openInterest: 2_000_000,
    qp: 3,
    pp: 2,
    supply: 75_500_000,
  },
  {
    base: 'BCH',
    onboard: '2019-12-27T08:00:00Z',
    price: 455,
    openInterest: 300_000,
    qp: 3,
    pp: 2,
    supply: 19_900_000,
  },
  {
    base: 'LINK',
    onboard: '2020-01-17T08:00:00Z',
    price: 18.5,
    openInterest: 40_000_000,
    qp: 2,
    pp: 3,
    supply: 0,
  },
  {
    base: 'UNI',
    onboard: '2020-08-18T08:00:00Z',
    price: 10.2,
    openInterest: 25_000_000,
    qp: 0,
    pp: 4,
    supply: 0,
  },
  {
    base: 'ALGO',
    onboard: '2020-03-05T08:00:00Z',
    price: 0.26,
    openInterest: 200_000_000,
    qp: 1,
    pp: 4,
    supply: 8_600_000_000,
  },
  {
    base: 'VET',
    onboard: '2020-02-14T08:00:00Z',
    price: 0.031,
    openInterest: 1_500_000_000,
    qp: 0,
    pp: 6,
    supply: 0,
  },
];

/** The symbols every simulator lists before its generated extras (the design's default list). */
export const DEFAULT_SYMBOLS: readonly string[] = PRESETS.map((preset) => `${preset.base}USDT`);

function fromPreset(preset: Preset, overrides: Partial<SimSymbol> = {}): SimSymbol {
  const symbol = overrides.symbol ?? `${preset.base}USDT`;
  const volumeFactor = 1.2 + 2 * hashUnit(hashString(symbol), 7);
  return {
    symbol,
    pair: overrides.pair ?? symbol,
    role: 'default',
    contractType: 'PERPETUAL',
    status: 'TRADING',
    onboardDateMs: Date.parse(preset.onboard),
    deliveryDateMs: PERPETUAL_DELIVERY_MS,
    baseAsset: preset.base,
    quoteAsset: 'USDT',
    marginAsset: 'USDT',
    hasCmcSupply: preset.supply > 0,
    quantityPrecision: preset.qp,
    pricePrecision: preset.pp,
    typicalOpenInterest: preset.openInterest,
    typicalPrice: preset.price,
    typicalVolume24h: preset.openInterest * volumeFactor,
    cmcSupply: preset.supply,
    ...overrides,
  };
}

/** The last Friday of a month at 08:00 UTC: Binance's quarterly delivery instant. */
function lastFridayAt8(year: number, monthIndex: number): number {
  const lastDay = new Date(Date.UTC(year, monthIndex + 1, 0));
  const back = (lastDay.getUTCDay() - 5 + 7) % 7;
  return Date.UTC(year, monthIndex, lastDay.getUTCDate() - back, 8);
}

/** The next quarterly delivery (last Friday of Mar/Jun/Sep/Dec, 08:00 UTC) strictly after `afterMs`. */
export function nextQuarterDeliveryMs(afterMs: number): number {
  const date = new Date(afterMs);
  let year = date.getUTCFullYear();
  let month = Math.floor(date.getUTCMonth() / 3) * 3 + 2;
  for (;;) {
    const delivery = lastFridayAt8(year, month);
    if (delivery > afterMs) return delivery;
    month += 3;
    if (month > 11) {
      month -= 12;
      year += 1;
    }
  }
}

function yymmdd(timeMs: number): string {
  return new Date(timeMs).toISOString().slice(2, 10).replaceAll('-', '');
}

/** Options of {@link buildUniverse}. */
export interface UniverseOptions {
  /** Server time at simulator start; listing, delisting and quarter dates are placed relative to it. */
  readonly startMs: number;
  readonly seed: number;
  readonly extraSymbols: number;
}

/** The simulated exchange's contracts: defaults, USDC, quarterly, new listing, delisted, extras. */
export function buildUniverse(options: UniverseOptions): readonly SimSymbol[] {
  const { startMs, seed } = options;
  const byBase = new Map(PRESETS.map((preset) => [preset.base, preset]));
  const btc = byBase.get('BTC')!;
  const symbols: SimSymbol[] = PRESETS.map((preset) => fromPreset(preset));

  symbols.push(
    fromPreset(btc, {
      symbol: 'BTCUSDC',
      role: 'usdc',
      onboardDateMs: Date.parse('2024-01-12T08:00:00Z'),
      quoteAsset: 'USDC',
      marginAsset: 'USDC',
      quantityPrecision: 3,
      pricePrecision: 1,
      typicalOpenInterest: 9_500,
      typicalVolume24h: 20_000,
    }),
  );

  const deliveryMs = nextQuarterDeliveryMs(startMs);
  symbols.push(
    fromPreset(btc, {
      symbol: `BTCUSDT_${yymmdd(deliveryMs)}`,
      pair: 'BTCUSDT',
      role: 'quarterly',
      contractType: 'CURRENT_QUARTER',
      onboardDateMs: deliveryMs - 180 * DAY_MS,
      deliveryDateMs: deliveryMs,
      quantityPrecision: 3,
      pricePrecision: 1,
      typicalOpenInterest: 4_200,
      typicalVolume24h: 6_000,
      typicalPrice: btc.price * 1.012,
    }),
  );

  const newListingMs = Math.floor((startMs - 3 * DAY_MS) / FIVE_MINUTES_MS) * FIVE_MINUTES_MS;
  symbols.push({
    ...fromPreset(
      {
        base: 'NEWLIST',
        onboard: '2020-01-01T00:00:00Z',
        price: 0.85,
        openInterest: 12_000_000,
        qp: 0,
        pp: 5,
        supply: 0,
      },
      { role: 'new-listing' },
    ),
    onboardDateMs: newListingMs,
  });

  const delistedMs = Math.floor((startMs - 2 * DAY_MS) / FIVE_MINUTES_MS) * FIVE_MINUTES_MS;
  symbols.push(
    fromPreset(
      {
        base: 'DELISTED',
        onboard: '2021-06-01T08:00:00Z',
        price: 0.043,
        openInterest: 90_000_000,
        qp: 0,
        pp: 6,
        supply: 2_000_000_000,
      },
      { role: 'delisted', status: 'SETTLING', deliveryDateMs: delistedMs, delistedAtMs: delistedMs },
    ),
  );

  for (let index = 1; index <= options.extraSymbols; index += 1) {
    const base = `SIM${String(index).padStart(4, '0')}`;
    const key = hashString(base);
    const price = 10 ** (-3 + 7 * hashUnit(seed, key, 1));
    const pricePrecision = Math.min(7, Math.max(1, Math.ceil(-Math.log10(price)) + 4));
    const quantityPrecision = Math.max(0, Math.min(3, Math.floor(Math.log10(price)) + 1));
    const notional = 10 ** (6 + 3 * hashUnit(seed, key, 2));
    const onboard = Date.parse('2021-01-01T08:00:00Z') + Math.floor(hashUnit(seed, key, 3) * 1500) * DAY_MS;
    symbols.push(
      fromPreset(
        {
          base,
          onboard: new Date(Math.min(onboard, startMs - 60 * DAY_MS)).toISOString(),
          price,
          openInterest: notional / price,
          qp: quantityPrecision,
          pp: pricePrecision,
          supply:
            hashUnit(seed, key, 4) < 0.6
              ? Math.round((notional / price) * (20 + 200 * hashUnit(seed, key, 5)))
              : 0,
        },
        { role: 'extra' },
      ),
    );
  }
  return symbols;
}
