// The contracts' integer units as people read them, exactly as the CLI renders them
// (cli/src/units.rs): money in minor units (hundredths), energy in Wh, prices of energy
// lines in minor units per MWh. BigInt throughout: amounts are 128-bit integers as text.

function fixed(value, decimals) {
  const n = BigInt(value);
  const scale = 10n ** BigInt(decimals);
  return `${n / scale}.${(n % scale).toString().padStart(decimals, '0')}`;
}

/** Minor units as currency with two decimals: "1234" is "12.34". */
export function money(minor) {
  return fixed(minor, 2);
}

/** Watt-hours as kWh with three decimals: 12345 is "12.345". */
export function kwh(wh) {
  return fixed(wh, 3);
}

/** Watts as kW with three decimals. */
export function kw(w) {
  return fixed(w, 3);
}

/** Minor units per MWh as currency per kWh with five decimals: "23450" is "0.23450". */
export function pricePerKwh(minorPerMwh) {
  return fixed(minorPerMwh, 5);
}

/** Basis points as a percentage with two decimals: 2000 is "20.00%". */
export function percent(bps) {
  return `${fixed(bps, 2)}%`;
}

/**
 * The name of a bill line's kind as the API sends it: `fixed_charge`, or for kinds with
 * fields their JSON (`{"tier":{"index":0}}`), whose one key is the name.
 */
export function kindName(kind) {
  if (!kind.startsWith('{')) return kind;
  try {
    return Object.keys(JSON.parse(kind))[0] ?? kind;
  } catch {
    return kind;
  }
}

const PER_PERIOD = new Set(['fixed_charge', 'minimum_top_up']);

/** A bill line's quantity with its unit (Wh for energy lines, W for demand, 1 for charges). */
export function lineQuantity(kind, quantity) {
  const name = kindName(kind);
  if (PER_PERIOD.has(name)) return String(quantity);
  if (name === 'demand') return `${kw(quantity)} kW`;
  return `${kwh(quantity)} kWh`;
}

/** A bill line's unit price with its unit. */
export function linePrice(kind, unitPrice) {
  const name = kindName(kind);
  if (PER_PERIOD.has(name)) return money(unitPrice);
  if (name === 'demand') return `${money(unitPrice)}/kW`;
  return `${pricePerKwh(unitPrice)}/kWh`;
}

/** Unix seconds as `2026-11-21 10:30:00 UTC`, as the CLI writes times. */
export function datetime(unix) {
  return `${new Date(Number(unix) * 1000).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
