// A tariff version's prices in words, one row per component, as the CLI's `ledger query
// tariff` lists them (cli/src/render/metering.rs).

import { kwh, money, percent, pricePerKwh } from './format.js';

/** `[label, text]` rows of the components `version` (the API's TariffVersionView) charges. */
export function componentRows(version) {
  const rows = [];
  if (version.fixed_charge) rows.push(['Fixed charge', `${money(version.fixed_charge)} per period`]);
  if (version.flat_rate_per_mwh) rows.push(['Flat rate', `${pricePerKwh(version.flat_rate_per_mwh)}/kWh`]);
  let from = 0;
  version.tiers.forEach((tier, i) => {
    const span = tier.up_to_wh === null
      ? `above ${kwh(from)} kWh`
      : `${kwh(from)} to ${kwh(tier.up_to_wh)} kWh`;
    rows.push([`Tier ${i + 1}, ${span}`, `${pricePerKwh(tier.price_per_mwh)}/kWh`]);
    if (tier.up_to_wh !== null) from = tier.up_to_wh;
  });
  for (const band of version.time_of_use?.bands ?? []) {
    rows.push([`Time of use, ${band.name}`, `${pricePerKwh(band.price_per_mwh)}/kWh`]);
  }
  if (version.demand_charge_per_kw) rows.push(['Demand', `${money(version.demand_charge_per_kw)}/kW of the period's peak`]);
  if (version.minimum_charge) rows.push(['Minimum charge', `${money(version.minimum_charge)} per period`]);
  if (version.tax_bps !== null && version.tax_bps !== undefined) rows.push(['Tax', percent(version.tax_bps)]);
  return rows;
}

/** Month names for the time-of-use tables' rows. */
export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
