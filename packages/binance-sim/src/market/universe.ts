import { nextQuarterDeliveryMs, yymmdd } from './quarter-calendar.ts';
import { hashString, hashUnit } from './seeded-hash.ts';

/** Why a symbol is in the simulated universe; tests pick their subjects by role. */
export type SymbolRole =
  | 'default'
  | 'usdc'
  | 'quarterly'
  | 'new-listing'
  | 'delisted'
  | 'extra'
  /** Listed at a configured instant (the `listings` option), in either market. */
  | 'listing'
  /** A COIN-M perpetual of the default set (`BTCUSD_PERP`, ...). */
  | 'coin-m'
  /** A COIN-M quarterly (`BTCUSD_260626`): it lists, rolls from NEXT_QUARTER to CURRENT_QUARTER and delivers. */
  | 'coin-m-quarterly'
  /** A generated COIN-M perpetual (`coinMExtraSymbols`). */
  | 'coin-m-extra';

/** The two futures markets: USDⓈ-M (`/fapi`) and COIN-M (`/dapi`). */
export type FuturesMarket = 'um' | 'cm';

/** A contract type; a COIN-M quarterly's changes with time, see `symbolStateAt`. */
export type SimContractType = 'PERPETUAL' | 'CURRENT_QUARTER' | 'NEXT_QUARTER';

/** A contract's status (`status` on /fapi, `contractStatus` on /dapi). */
export type SimSymbolStatus = 'PENDING_TRADING' | 'TRADING' | 'SETTLING' | 'DELIVERING' | 'DELIVERED';

/** One futures contract of the simulated exchange, with the parameters its series are drawn from. */
export interface SimSymbol {
  readonly symbol: string;
  readonly pair: string;
  readonly market: FuturesMarket;
  readonly role: SymbolRole;
  /** The type when the simulator starts (a quarterly listing later: its first role, NEXT_QUARTER). */
  readonly contractType: SimContractType;
  /** The status when the simulator starts; `symbolStateAt` gives it at any instant. */
  readonly status: SimSymbolStatus;
  readonly onboardDateMs: number;
  /** `4133404800000` for live perpetuals; the delivery (or delisting) time otherwise. */
  readonly deliveryDateMs: number;
  /**
   * The last instant of the contract's market: its series freeze there and no history row is
   * later. A delisted perpetual's delisting instant; a quarterly's delivery minus 1 ms, so the
   * snapshot at the delivery instant belongs to the contracts that roll into the roles.
   */
  readonly delistedAtMs?: number;
  /** From this instant the contract is gone from exchangeInfo and the live endpoints (-1121). */
  readonly removedAtMs?: number;
  /** COIN-M only: USD per contract (BTC 100, others 10). */
  readonly contractSize?: number;
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
    market: 'um',
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
      // It delivers like a COIN-M quarterly: trading stops at the delivery instant.
      delistedAtMs: deliveryMs - 1,
      removedAtMs: nextQuarterDeliveryMs(deliveryMs),
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
    const { onboardMs } = generatedMagnitudes(seed, base);
    symbols.push(generatedSymbol(seed, base, Math.min(onboardMs, startMs - 60 * DAY_MS), 'extra'));
  }
  return symbols;
}

/** Seeded magnitudes of a generated contract: its price, precisions, USD notional and a listing day. */
export interface GeneratedMagnitudes {
  readonly key: number;
  readonly price: number;
  readonly pricePrecision: number;
  readonly quantityPrecision: number;
  /** Open interest times price, in USD. */
  readonly notionalUsd: number;
  /** A listing day between 2021 and 2025. */
  readonly onboardMs: number;
}

/** The magnitudes of a generated base asset: a pure function of (seed, base). */
export function generatedMagnitudes(seed: number, base: string): GeneratedMagnitudes {
  const key = hashString(base);
  const price = 10 ** (-3 + 7 * hashUnit(seed, key, 1));
  return {
    key,
    price,
    pricePrecision: Math.min(7, Math.max(1, Math.ceil(-Math.log10(price)) + 4)),
    quantityPrecision: Math.max(0, Math.min(3, Math.floor(Math.log10(price)) + 1)),
    notionalUsd: 10 ** (6 + 3 * hashUnit(seed, key, 2)),
    onboardMs: Date.parse('2021-01-01T08:00:00Z') + Math.floor(hashUnit(seed, key, 3) * 1500) * DAY_MS,
  };
}

/** A generated USDⓈ-M perpetual `<base>USDT` (extras and configured listings). */
export function generatedSymbol(seed: number, base: string, onboardMs: number, role: SymbolRole): SimSymbol {
  const { key, price, pricePrecision, quantityPrecision, notionalUsd } = generatedMagnitudes(seed, base);
  return fromPreset(
    {
      base,
      onboard: new Date(onboardMs).toISOString(),
      price,
      openInterest: notionalUsd / price,
      qp: quantityPrecision,
      pp: pricePrecision,
      supply:
        hashUnit(seed, key, 4) < 0.6
          ? Math.round((notionalUsd / price) * (20 + 200 * hashUnit(seed, key, 5)))
          : 0,
    },
    { role },
  );
}
