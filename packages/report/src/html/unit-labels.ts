import type { ContractUnits } from '../model/report-model.ts';

// A COIN-M contract's numbers are not in a USDⓈ-M symbol's units: open interest counts contracts and
// its value is in the base coin. The page names those units wherever it shows a COIN-M number, so
// nobody reads them as the base asset and USDT, or adds them to a USDⓈ-M figure.

/** The unit of a COIN-M contract's open interest: `contracts of 100 USD` (`contracts` when no row states the size). */
export function openInterestUnit(units: ContractUnits): string {
  const sizes = units.contractSizes;
  return sizes.length === 0 ? 'contracts' : `contracts of ${sizes.join(' or ')} USD`;
}

/** The unit of a COIN-M contract's open interest value: its coin, `BTC` (`the base coin` when no row states it). */
export function valueUnit(units: ContractUnits): string {
  const assets = units.valueAssets;
  return assets.length === 0 ? 'the base coin' : assets.join(' or ');
}

/** The sentence under a COIN-M contract's chart title. */
export function describeUnits(units: ContractUnits): string {
  return (
    `COIN-M contract: open interest in ${openInterestUnit(units)}, its value in ${valueUnit(units)}; ` +
    'not comparable with USDⓈ-M figures.'
  );
}
