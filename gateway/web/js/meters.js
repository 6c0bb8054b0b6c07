// Meters, their bills line by line, and their instalments: a consumer's own, any meter's
// for the roles that see them all.

import { busy, el, say, show } from './dom.js';
import { datetime, kwh, money } from './format.js';
import { linesTable } from './lines.js';
import { get, num, pager, refusalText } from './session.js';
import { oneAtATime } from './redraw.js';
import { showUsage, showWhatIf } from './usage.js';

const PAGE = 20;

/** One bill: every line with quantity and unit price, then subtotal, tax and total. */
function billCard(bill) {
  return el('article', { className: 'card' },
    el('h3', {}, `Period ${bill.period}: ${datetime(bill.period_start)} to ${datetime(bill.period_end)}`),
    el('p', { className: 'muted' },
      `Tariff ${bill.tariff_id} version ${bill.tariff_version} · energy ${kwh(bill.energy_wh)} kWh`
      + (bill.late_energy_wh > 0 ? ` (+ ${kwh(bill.late_energy_wh)} kWh late)` : '')
      + ` · peak ${kwh(bill.max_power_w)} kW · closed ${datetime(bill.closed_at)}`),
    linesTable(bill.lines, [['Subtotal', bill.subtotal], ['Tax', bill.tax], ['Total', bill.total]],
      `Lines of the bill of period ${bill.period}`));
}

/** A meter's bills into `container`, paged. */
export async function showBills(meterId, container) {
  container.replaceChildren();
  const list = el('div');
  const more = el('button', { type: 'button' }, `More bills of ${meterId}`);
  container.append(el('div', {}, list, more));
  const bills = pager(more, async (after) => {
    const page = await get(`/api/meters/${encodeURIComponent(meterId)}/bills`, { start_after: after, limit: PAGE });
    list.append(...page.items.map(billCard));
    if (list.childElementCount === 0) list.append(el('p', { className: 'muted' }, 'No bills yet.'));
    return { ...page, last: page.items.at(-1)?.period };
  });
  await bills.restart();
}

/** An instalment's kind as words: "final" or "advance 2". */
function kindText(kind) {
  if (!kind.startsWith('{')) return kind;
  const advance = JSON.parse(kind).advance;
  return advance ? `advance ${advance.number}` : kind;
}

/** A row of an instalments table; `extra` cells after the status. */
export function instalmentRow(i, ...extra) {
  return el('tr', { 'data-instalment': String(i.id) },
    el('td', {}, String(i.id)),
    el('td', {}, i.meter_id),
    el('td', {}, `${i.period} (${kindText(i.kind)})`),
    el('td', {}, datetime(i.due)),
    num(money(i.amount)),
    num(money(i.paid)),
    el('td', { className: `state ${i.status}` }, i.status),
    ...extra);
}

/** The head of an instalments table, `extra` column names after the status. */
export function instalmentHead(...extra) {
  return el('thead', {}, el('tr', {},
    ...['Id', 'Meter', 'Period', 'Due'].map((h) => el('th', { scope: 'col' }, h)),
    el('th', { scope: 'col', className: 'num' }, 'Amount'),
    el('th', { scope: 'col', className: 'num' }, 'Paid'),
    el('th', { scope: 'col' }, 'Status'),
    ...extra.map((h) => el('th', { scope: 'col' }, h))));
}

/** A meter's instalments into `container`, paged. */
async function showInstalments(meterId, container) {
  const rows = el('tbody');
  const more = el('button', { type: 'button' }, `More instalments of ${meterId}`);
  container.replaceChildren(el('div', { className: 'scroll' }, el('table', {},
    el('caption', { className: 'visually-hidden' }, `Instalments of meter ${meterId}`),
    instalmentHead(), rows)), more);
  const paged = pager(more, async (after) => {
    const page = await get(`/api/meters/${encodeURIComponent(meterId)}/instalments`, { start_after: after, limit: PAGE });
    rows.append(...page.items.map((i) => instalmentRow(i)));
    return { ...page, last: page.items.at(-1)?.id };
  });
  await paged.restart();
}

/** A button that shows and hides what `fill(container)` puts under it. */
function toggle(label, fill) {
  const container = el('div');
  const button = el('button', { type: 'button', className: 'secondary', 'aria-expanded': 'false' }, `Show ${label}`);
  button.onclick = () => busy(button.parentElement, async () => {
    const open = button.getAttribute('aria-expanded') === 'true';
    button.setAttribute('aria-expanded', String(!open));
    button.textContent = `${open ? 'Show' : 'Hide'} ${label}`;
    if (open) container.replaceChildren();
    else await fill(container).catch((e) => say(refusalText(e), true));
  });
  return [button, container];
}

function meterCard(meter) {
  return el('article', { className: 'card' },
    el('h3', {}, `Meter ${meter.meter_id}`),
    el('dl', { className: 'record' },
      el('dt', {}, 'Owner'), el('dd', {}, el('code', {}, meter.owner)),
      el('dt', {}, 'Retailer'), el('dd', {}, el('code', {}, meter.retailer)),
      el('dt', {}, 'Tariff'), el('dd', {}, meter.tariff_id),
      el('dt', {}, 'Kind'), el('dd', {}, meter.kind),
      el('dt', {}, 'Status'), el('dd', {}, meter.status),
      el('dt', {}, 'Registered'), el('dd', {}, datetime(meter.registered_at))),
    ...toggle('usage', (c) => showUsage(meter.meter_id, c)),
    ...toggle('bills', (c) => showBills(meter.meter_id, c)),
    ...toggle('instalments', (c) => showInstalments(meter.meter_id, c)));
}

/**
 * The meters panel: a consumer's own, or everyone's (with an owner filter); resolves to a
 * function that redraws it from the first page (null when not shown).
 */
export async function meters(roles) {
  const seesAll = roles.includes('admin') || roles.includes('auditor');
  if (!seesAll && !roles.includes('consumer')) return null;
  document.getElementById('meters-title').textContent = seesAll ? 'Meters' : 'My meters';
  show('meters');
  show('meters-filter', seesAll);
  const list = document.getElementById('meters-list');
  let owner;
  const paged = pager(document.getElementById('meters-more'), async (after) => {
    const page = await get('/api/meters', { owner, start_after: after, limit: PAGE });
    list.append(...page.items.map(meterCard));
    if (list.childElementCount === 0) list.append(el('p', { className: 'muted' }, 'No meters.'));
    return { ...page, last: page.items.at(-1)?.meter_id };
  });
  const reload = oneAtATime(async () => {
    list.replaceChildren();
    await paged.restart();
  });
  document.getElementById('meters-filter').addEventListener('submit', (event) => {
    event.preventDefault();
    owner = event.currentTarget.elements.owner.value.trim() || undefined;
    busy(event.currentTarget, () => reload().catch((e) => say(refusalText(e), true)));
  });
  await reload();
  return reload;
}

/**
 * Bills by meter id, and the what-if quote of a meter's period under another tariff, for the
 * roles that may read any meter's or their customers'.
 */
export function meterBills(roles) {
  if (!['admin', 'auditor', 'bank_operator', 'retailer'].some((r) => roles.includes(r))) return;
  show('meter-bills');
  document.getElementById('meter-bills-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const container = document.getElementById('meter-bills-list');
    busy(form, () => showBills(form.elements.meter_id.value.trim(), container)
      .catch((e) => {
        container.replaceChildren(el('p', { className: 'status error' }, refusalText(e)));
      }));
  });
  document.getElementById('what-if-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const container = document.getElementById('what-if-result');
    busy(form, () => showWhatIf(form.elements.meter_id.value.trim(), form.elements.tariff.value.trim(), container)
      .catch((e) => {
        container.replaceChildren(el('p', { className: 'status error' }, refusalText(e)));
      }));
  });
}
