// The park's energy market for its companies: the next slot still taking orders and its
// order book, an offer of a generation meter's energy, a bid, and withdrawing an order. The
// book is read through the market's own queries (`/api/contracts/park_market/query`); the
// orders are signed by the company's gateway. Hidden where the ledger has no park market.

import { el, show } from './dom.js';
import { datetime, money } from './format.js';
import { oneAtATime } from './redraw.js';
import { actionForm, inBlock, notForHer, num, send } from './session.js';
import { firstOpenSlot, gateCloses, slotStart } from './slots.js';

/** Seconds an order may take to reach a block: the slot offered must stay open that long. */
const LEAD_SECONDS = 30;

function ask(query) {
  return send('POST', '/api/contracts/park_market/query', query);
}

function orderRow(o, me) {
  const what = o.side === 'offer'
    ? `offer from ${o.meter_id} (${o.energy_type ?? 'energy'}, ${o.carbon_g_per_kwh ?? '?'} g CO2e/kWh)`
    : 'bid';
  return el('tr', { 'data-order': String(o.id) },
    el('td', {}, String(o.id)),
    el('td', {}, what),
    el('td', {}, o.owner === me ? 'you' : el('code', {}, o.owner)),
    num(`${o.energy_wh} Wh`),
    num(`${money(String(o.price))} per kWh`));
}

/** Whole positive number of a form field, or an error naming it. */
function whole(form, name, label) {
  const text = form.elements[name].value.trim();
  if (!/^\d+$/.test(text) || Number(text) === 0) throw new Error(`${label} is a whole number above zero.`);
  return Number(text);
}

/**
 * The park panel; resolves to a function that redraws it, or null without a market. `me`:
 * her address, whose orders read "you".
 */
export async function parkPanel(me) {
  let config;
  try {
    config = await ask({ config: {} });
  } catch (e) {
    if (notForHer(e)) return null;
    throw e;
  }
  const { schedule } = config;
  const rows = document.getElementById('park-book-rows');
  const slotLine = document.getElementById('park-slot');
  const reload = oneAtATime(async () => {
    const slot = firstOpenSlot(schedule, Math.floor(Date.now() / 1000), LEAD_SECONDS);
    slotLine.textContent = `Slot ${slot} starts ${datetime(slotStart(schedule, slot))}; its gate closes ${datetime(gateCloses(schedule, slot))}.`;
    for (const id of ['park-offer-slot', 'park-bid-slot']) {
      const input = document.getElementById(id);
      if (!input.value) input.value = String(slot);
    }
    const [offers, bids] = await Promise.all(['offer', 'bid'].map((side) => ask({
      order_book: { slot, side, start_after: null, limit: 50 },
    })));
    const orders = [...offers.orders, ...bids.orders];
    rows.replaceChildren(...(orders.length ? orders.map((o) => orderRow(o, me))
      : [el('tr', {}, el('td', { colspan: '5' }, 'No order in this slot yet.'))]));
  });
  actionForm('park-offer', async (form) => {
    const r = await send('POST', '/api/park/offers', {
      slot: whole(form, 'slot', 'The slot'),
      meter_id: form.elements.meter_id.value.trim(),
      energy_wh: whole(form, 'energy_wh', 'The energy'),
      min_price: whole(form, 'price', 'The price'),
    });
    return `Offer ${r.order_id} posted ${inBlock(r)}.`;
  }, reload);
  actionForm('park-bid', async (form) => {
    const carbon = form.elements.max_carbon.value.trim();
    const r = await send('POST', '/api/park/bids', {
      slot: whole(form, 'slot', 'The slot'),
      energy_wh: whole(form, 'energy_wh', 'The energy'),
      max_price: whole(form, 'price', 'The price'),
      requirements: carbon ? { max_carbon_g_per_kwh: whole(form, 'max_carbon', 'The carbon limit') } : {},
    });
    return `Bid ${r.order_id} posted ${inBlock(r)}.`;
  }, reload);
  actionForm('park-cancel', async (form) => {
    const id = whole(form, 'order_id', 'The order');
    const r = await send('DELETE', `/api/park/orders/${id}`);
    return `Order ${id} withdrawn ${inBlock(r)}.`;
  }, reload);
  await reload();
  show('park');
  return reload;
}
