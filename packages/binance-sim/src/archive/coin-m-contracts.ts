import { PERPETUAL_DELIVERY_MS, type SimSymbol } from '../market/universe.ts';

/** A COIN-M contract of the archive: its series parameters and its contract size in USD. */
export interface CoinMContract {
  readonly symbol: SimSymbol;
  /** USD per contract (binance-api.md 3: BTC 100, others 10). */
  readonly contractSizeUsd: number;
}

function perpetual(
  base: string,
  onboard: string,
  price: number,
  contracts: number,
  contractSizeUsd: number,
): CoinMContract {
  const name = `${base}USD_PERP`;
  return {
    contractSizeUsd,
    symbol: {
      symbol: name,
      pair: `${base}USD`,
      role: 'coin-m',
      contractType: 'PERPETUAL',
      status: 'TRADING',
      onboardDateMs: Date.parse(onboard),
      deliveryDateMs: PERPETUAL_DELIVERY_MS,
      baseAsset: base,
      quoteAsset: 'USD',
      marginAsset: base,
      hasCmcSupply: false,
      quantityPrecision: 0,
      pricePrecision: 1,
      typicalOpenInterest: contracts,
      typicalPrice: price,
      typicalVolume24h: contracts * 2,
      cmcSupply: 0,
    },
  };
}

/**
 * The COIN-M perpetuals whose daily metrics the archive serves under `data/futures/cm/`. The
 * simulator has no COIN-M REST API, so these exist in the archive only.
 */
export const COIN_M_CONTRACTS: readonly CoinMContract[] = [
  perpetual('BTC', '2020-08-10T08:00:00Z', 97_000, 3_000_000, 100),
  perpetual('ETH', '2020-08-14T08:00:00Z', 3_400, 3_500_000, 10),
];
