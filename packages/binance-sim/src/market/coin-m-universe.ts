import { nextQuarterDeliveryMs, previousQuarterDeliveryMs, yymmdd } from './quarter-calendar.ts';
import { generatedMagnitudes, PERPETUAL_DELIVERY_MS, type SimSymbol, type SymbolRole } from './universe.ts';

const DAY_MS = 86_400_000;

/** USD per contract: 100 for BTC, 10 for every other coin (binance-api.md 3). */
export function contractSizeOf(base: string): number {
  return base === 'BTC' ? 100 : 10;
}

interface CoinMPreset {
  readonly base: string;
  readonly onboard: string;
  readonly price: number;
  /** Typical open interest of the perpetual, in contracts. */
  readonly contracts: number;
  readonly pp: number;
  /** Typical open interest of each quarterly, in contracts; 0 when the pair has no quarterlies. */
  readonly quarterlyContracts: number;
}

// BTCUSD and ETHUSD keep the parameters the archive served before the COIN-M API existed, so the
// same seed still serves the same perpetual series. Only they have quarterlies, as the benchmark
// needs perpetuals in number and tests need one pair that rolls.
const PRESETS: readonly CoinMPreset[] = [
  {
    base: 'BTC',
    onboard: '2020-08-10T08:00:00Z',
    price: 97_000,
    contracts: 3_000_000,
    pp: 1,
    quarterlyContracts: 600_000,
  },
  {
    base: 'ETH',
    onboard: '2020-08-14T08:00:00Z',
    price: 3_400,
    contracts: 3_500_000,
    pp: 1,
    quarterlyContracts: 500_000,
  },
  {
    base: 'BNB',
    onboard: '2020-11-05T08:00:00Z',
    price: 680,
    contracts: 400_000,
    pp: 3,
    quarterlyContracts: 0,
  },
  {
    base: 'ADA',
    onboard: '2020-11-26T08:00:00Z',
    price: 0.72,
    contracts: 3_000_000,
    pp: 5,
    quarterlyContracts: 0,
  },
  {
    base: 'XRP',
    onboard: '2020-12-04T08:00:00Z',
    price: 2.3,
    contracts: 4_000_000,
    pp: 4,
    quarterlyContracts: 0,
  },
  {
    base: 'LINK',
    onboard: '2020-10-30T08:00:00Z',
    price: 18.5,
    contracts: 1_500_000,
    pp: 3,
    quarterlyContracts: 0,
  },
  {
    base: 'DOT',
    onboard: '2020-10-16T08:00:00Z',
    price: 6.2,
    contracts: 1_200_000,
    pp: 3,
    quarterlyContracts: 0,
  },
  {
    base: 'LTC',
    onboard: '2020-10-09T08:00:00Z',
    price: 102,
    contracts: 900_000,
    pp: 2,
    quarterlyContracts: 0,
  },
  {
    base: 'BCH',
    onboard: '2020-10-02T08:00:00Z',
    price: 455,
    contracts: 600_000,
    pp: 2,
    quarterlyContracts: 0,
  },
  {
    base: 'SOL',
    onboard: '2021-09-10T08:00:00Z',
    price: 185,
    contracts: 2_000_000,
    pp: 2,
    quarterlyContracts: 0,
  },
  {
    base: 'DOGE',
    onboard: '2021-05-07T08:00:00Z',
    price: 0.21,
    contracts: 3_000_000,
    pp: 6,
    quarterlyContracts: 0,
  },
];

interface ContractSpec {
  readonly symbol: string;
  readonly base: string;
  readonly role: SymbolRole;
  readonly onboardDateMs: number;
  readonly price: number;
  readonly contracts: number;
  readonly pp: number;
}

function coinMContract(spec: ContractSpec, quarterly?: { deliveryMs: number; nextMs: number }): SimSymbol {
  const { base } = spec;
  return {
    symbol: spec.symbol,
    pair: `${base}USD`,
    market: 'cm',
    role: spec.role,
    contractType: quarterly === undefined ? 'PERPETUAL' : 'NEXT_QUARTER',
    status: 'TRADING',
    onboardDateMs: spec.onboardDateMs,
    deliveryDateMs: quarterly?.deliveryMs ?? PERPETUAL_DELIVERY_MS,
    // Trading stops just before the delivery instant: the 08:00 snapshot is the next holder's.
    ...(quarterly === undefined
      ? {}
      : { delistedAtMs: quarterly.deliveryMs - 1, removedAtMs: quarterly.nextMs }),
    contractSize: contractSizeOf(base),
    baseAsset: base,
    quoteAsset: 'USD',
    marginAsset: base,
    hasCmcSupply: false,
    quantityPrecision: 0,
    pricePrecision: spec.pp,
    typicalOpenInterest: spec.contracts,
    typicalPrice: spec.price,
    typicalVolume24h: spec.contracts * 2,
    cmcSupply: 0,
  };
}

/** A generated COIN-M perpetual `<base>USD_PERP` (extras and configured listings). */
export function generatedCoinMPerpetual(
  seed: number,
  base: string,
  onboardMs: number,
  role: SymbolRole,
): SimSymbol {
  const magnitudes = generatedMagnitudes(seed, base);
  // COIN-M books are a fraction of the USDⓈ-M ones: about a quarter of the notional.
  const contracts = Math.max(1_000, Math.round(magnitudes.notionalUsd / contractSizeOf(base) / 4));
  return coinMContract({
    symbol: `${base}USD_PERP`,
    base,
    role,
    onboardDateMs: onboardMs,
    price: magnitudes.price,
    contracts,
    pp: magnitudes.pricePrecision,
  });
}

/** Options of {@link buildCoinMUniverse}. */
export interface CoinMUniverseOptions {
  /** Server time at simulator start: the quarterly schedule is placed around it. */
  readonly startMs: number;
  readonly seed: number;
  readonly extraSymbols: number;
  /** Quarterlies that list later than start + this are not built. */
  readonly horizonMs: number;
}

/** Quarterly deliveries: from two before the last one at or before start, until past the horizon. */
function deliverySchedule(startMs: number, horizonMs: number): number[] {
  const delivered = previousQuarterDeliveryMs(startMs);
  const listedIt = previousQuarterDeliveryMs(delivered - 1);
  const deliveries = [previousQuarterDeliveryMs(listedIt - 1), listedIt, delivered];
  while (deliveries.at(-3)! < startMs + horizonMs) deliveries.push(nextQuarterDeliveryMs(deliveries.at(-1)!));
  return deliveries;
}

/**
 * The COIN-M contracts: a perpetual per pair, and for BTCUSD and ETHUSD every quarterly from the
 * one delivered last before start to the last one listing within the horizon. A quarterly lists
 * (as NEXT_QUARTER) at the delivery two before its own, is CURRENT_QUARTER from the delivery
 * before its own, and leaves exchangeInfo at the delivery after its own.
 */
export function buildCoinMUniverse(options: CoinMUniverseOptions): SimSymbol[] {
  const { startMs, seed } = options;
  const contracts: SimSymbol[] = PRESETS.map((preset) =>
    coinMContract({
      symbol: `${preset.base}USD_PERP`,
      base: preset.base,
      role: 'coin-m',
      onboardDateMs: Date.parse(preset.onboard),
      price: preset.price,
      contracts: preset.contracts,
      pp: preset.pp,
    }),
  );
  const deliveries = deliverySchedule(startMs, options.horizonMs);
  for (const preset of PRESETS.filter((entry) => entry.quarterlyContracts > 0)) {
    for (let index = 2; index < deliveries.length - 1; index += 1) {
      const deliveryMs = deliveries[index]!;
      contracts.push(
        coinMContract(
          {
            symbol: `${preset.base}USD_${yymmdd(deliveryMs)}`,
            base: preset.base,
            role: 'coin-m-quarterly',
            onboardDateMs: deliveries[index - 2]!,
            // Futures trade at a premium to the perpetual.
            price: preset.price * 1.012,
            contracts: preset.quarterlyContracts,
            pp: preset.pp,
          },
          { deliveryMs, nextMs: deliveries[index + 1]! },
        ),
      );
    }
  }
  for (let index = 1; index <= options.extraSymbols; index += 1) {
    const base = `SIM${String(index).padStart(4, '0')}`;
    const onboardMs = Math.min(generatedMagnitudes(seed, base).onboardMs, startMs - 60 * DAY_MS);
    contracts.push(generatedCoinMPerpetual(seed, base, onboardMs, 'coin-m-extra'));
  }
  return contracts;
}
