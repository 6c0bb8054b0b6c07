// The signed-in participant's cabinet: the panels the roles of `/api/me` allow, each list
// paged with a "more" button while the gateway answers `has_more`.

import { ApiError, actionFor, call, endSession, session, withQuery } from './api.js';
import { busy, el, say, show } from './dom.js';
import { datetime, kwh, linePrice, lineQuantity, money } from './format.js';

const PAGE = 20;
const current = session(sessionStorage);

/** Leaves the cabinet for the sign-in page, saying why by `params`. */
function leave(params) {
  endSession(sessionStorage);
  window.location.replace(withQuery('/', params));
}

/** The gateway's answer to `GET path`; a lost session or a refused participant leaves. */
async function get(path, params = {}) {
  try {
    return await call(withQuery(path, params), { token: current.token });
  } catch (e) {
    if (e instanceof ApiError && actionFor(e.code) === 'sign_in') leave({ ended: 1 });
    if (e instanceof ApiError && actionFor(e.code) === 'refused') leave({ refused: e.code });
    throw e;
  }
}

/** A "more" button over a paged list: `load(startAfter)` fetches and renders one page. */
function pager(button, load) {
  let after;
  const next = async () => {
    const page = await load(after);
    if (page.items.length > 0) after = page.last;
    button.hidden = !page.has_more;
  };
  button.onclick = () => busy(button.parentElement, () => next().catch((e) => say(e.message, true)));
  return {
    async restart() {
      after = undefined;
      await next();
    },
  };
}

function num(text) {
  return el('td', { className: 'num' }, text);
}

/** One bill: every line with quantity and unit price, then subtotal, tax and total. */
function billCard(bill) {
  const rows = bill.lines.map((line) => el('tr', {},
    el('td', {}, line.description),
    num(lineQuantity(line.kind, line.quantity)),
    num(linePrice(line.kind, line.unit_price)),
    num(money(line.amount))));
  const foot = [['Subtotal', bill.subtotal], ['Tax', bill.tax], ['Total', bill.total]]
    .map(([label, amount]) => el('tr', {}, el('th', { scope: 'row', colspan: '3' }, label), num(money(amount))));
  return el('article', { className: 'card' },
    el('h3', {}, `Period ${bill.period}: ${datetime(bill.period_start)} to ${datetime(bill.period_end)}`),
    el('p', { className: 'muted' },
      `Tariff ${bill.tariff_id} version ${bill.tariff_version} · energy ${kwh(bill.energy_wh)} kWh`
      + (bill.late_energy_wh > 0 ? ` (+ ${kwh(bill.late_energy_wh)} kWh late)` : '')
      + ` · peak ${kwh(bill.max_power_w)} kW · closed ${datetime(bill.closed_at)}`),
    el('div', { className: 'scroll' }, el('table', {},
      el('caption', { className: 'visually-hidden' }, `Lines of the bill of period ${bill.period}`),
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col' }, 'Line'),
        el('th', { scope: 'col', className: 'num' }, 'Quantity'),
        el('th', { scope: 'col', className: 'num' }, 'Unit price'),
        el('th', { scope: 'col', className: 'num' }, 'Amount'))),
      el('tbody', {}, ...rows),
      el('tfoot', {}, ...foot))));
}

/** A meter's bills into `container`, paged. */
async function showBills(meterId, container) {
  container.replaceChildren();
  const list = el('div');
  const more = el('button', { type: 'button' }, `More bills of ${meterId}`);
  const holder = el('div', {}, list, more);
  container.append(holder);
  const bills = pager(more, async (after) => {
    const page = await get(`/api/meters/${encodeURIComponent(meterId)}/bills`, { start_after: after, limit: PAGE });
    list.append(...page.items.map(billCard));
    if (list.childElementCount === 0) list.append(el('p', { className: 'muted' }, 'No bills yet.'));
    return { ...page, last: page.items.at(-1)?.period };
  });
  await bills.restart();
}

function meterCard(meter) {
  const bills = el('div');
  const toggle = el('button', { type: 'button', className: 'secondary', 'aria-expanded': 'false' }, 'Show bills');
  toggle.onclick = () => busy(toggle.parentElement, async () => {
    const open = toggle.getAttribute('aria-expanded') === 'true';
    toggle.setAttribute('aria-expanded', String(!open));
    toggle.textContent = open ? 'Show bills' : 'Hide bills';
    if (open) bills.replaceChildren();
    else await showBills(meter.meter_id, bills).catch((e) => say(e.message, true));
  });
  return el('article', { className: 'card' },
    el('h3', {}, `Meter ${meter.meter_id}`),
    el('dl', { className: 'record' },
      el('dt', {}, 'Owner'), el('dd', {}, el('code', {}, meter.owner)),
      el('dt', {}, 'Retailer'), el('dd', {}, el('code', {}, meter.retailer)),
      el('dt', {}, 'Tariff'), el('dd', {}, meter.tariff_id),
      el('dt', {}, 'Kind'), el('dd', {}, meter.kind),
      el('dt', {}, 'Status'), el('dd', {}, meter.status),
      el('dt', {}, 'Registered'), el('dd', {}, datetime(meter.registered_at))),
    toggle,
    bills);
}

async function meters(roles) {
  const seesAll = roles.includes('admin') || roles.includes('auditor');
  if (!seesAll && !roles.includes('consumer')) return;
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
  document.getElementById('meters-filter').addEventListener('submit', (event) => {
    event.preventDefault();
    owner = event.currentTarget.elements.owner.value.trim() || undefined;
    list.replaceChildren();
    busy(event.currentTarget, () => paged.restart().catch((e) => say(e.message, true)));
  });
  await paged.restart();
}

/** Bills by meter id, for the roles that may read any meter's bills or their customers'. */
function meterBills(roles) {
  if (!['admin', 'auditor', 'bank_operator', 'retailer'].some((r) => roles.includes(r))) return;
  show('meter-bills');
  document.getElementById('meter-bills-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const container = document.getElementById('meter-bills-list');
    busy(form, () => showBills(form.elements.meter_id.value.trim(), container)
      .catch((e) => {
        container.replaceChildren(el('p', { className: 'status error' }, `${e.message} (${e.code ?? 'error'})`));
      }));
  });
}

async function participants(roles) {
  if (!roles.includes('admin') && !roles.includes('auditor')) return;
  show('participants');
  const rows = document.getElementById('participants-rows');
  const paged = pager(document.getElementById('participants-more'), async (after) => {
    const page = await get('/api/participants', { start_after: after, limit: PAGE });
    rows.append(...page.items.map((p) => el('tr', {},
      el('td', {}, p.name),
      el('td', {}, el('code', {}, p.address)),
      el('td', {}, p.roles.join(', ')),
      el('td', {}, p.blacklisted ? `blacklisted: ${p.blacklisted}` : p.status),
      el('td', {}, datetime(p.registered_at)))));
    return { ...page, last: page.items.at(-1)?.address };
  });
  await paged.restart();
}

async function main() {
  if (!current) {
    leave({});
    return;
  }
  document.getElementById('sign-out').addEventListener('click', () => leave({}));
  const { participant } = await get('/api/me');
  document.getElementById('me-address').textContent = participant.address;
  document.getElementById('me-name').textContent = participant.name;
  document.getElementById('me-roles').textContent = participant.roles.join(', ') || 'none';
  document.getElementById('me-status').textContent = participant.status;
  show('me');
  say('');
  await Promise.all([meters(participant.roles), participants(participant.roles)]);
  meterBills(participant.roles);
}

main().catch((e) => say(e.message, true));
