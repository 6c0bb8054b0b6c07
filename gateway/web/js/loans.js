// Loan shares for lenders: the plans still taking confirmations and her own confirmations
// with how far the borrower's fields were disclosed to her. The gateway never sends a
// borrower's fields, sealed or open: a plan names those it seals, and the lender's own key
// (in the CLI) opens what was disclosed to her. Hidden for those who do not lend.

import { el, show } from './dom.js';
import { datetime, money, percent } from './format.js';
import { oneAtATime } from './redraw.js';
import { current, get, notForHer, num, pager } from './session.js';

const PAGE = 20;

/** A borrower field's name in words: `id_number` reads "id number". */
function fieldName(name) {
  return name.replaceAll('_', ' ');
}

function planRow(p) {
  const contributor = p.contributor === current.address ? 'you' : el('code', {}, p.contributor);
  return el('tr', { 'data-plan': String(p.plan_id) },
    el('td', {}, `${p.plan_id} (${p.asset_id})`),
    el('td', {}, contributor),
    el('td', {}, `${fieldName(p.loan_type)}, ${money(p.loan_amount)}; risk ${p.risk_score}`),
    num(`${money(p.confirmed)} of ${money(p.offered)}`),
    el('td', {}, `${percent(p.min_rate_bps)} to ${percent(p.max_rate_bps)}`),
    el('td', {}, `${p.participants} of ${p.max_participants}`),
    el('td', {}, `${p.state}, until ${datetime(p.end)}`),
    el('td', {}, p.sealed_fields.map(fieldName).join(', ')));
}

function confirmationRow(c) {
  const disclosed = c.fully_disclosed
    ? 'all disclosed'
    : `${c.disclosed.length} of ${c.fields.length} disclosed${c.disclosed.length ? ` (${c.disclosed.map(fieldName).join(', ')})` : ''}`;
  return el('tr', { 'data-confirmation': String(c.confirmation_id) },
    el('td', {}, String(c.confirmation_id)),
    el('td', {}, `${c.plan_id} (${c.asset_id})`),
    num(money(c.amount)),
    num(percent(c.rate_bps)),
    num(money(c.fee)),
    el('td', {}, disclosed),
    el('td', {}, datetime(c.confirmed_at)));
}

/** A paged table: rows into `tbody`, more with `button`; resolves to its redraw. */
function pagedTable(path, tbody, button, row, key, empty, columns) {
  const paged = pager(button, async (after) => {
    const page = await get(path, { start_after: after, limit: PAGE });
    tbody.append(...page.items.map(row));
    return { ...page, last: page.items.at(-1)?.[key] };
  });
  return oneAtATime(async () => {
    tbody.replaceChildren();
    await paged.restart();
    if (tbody.childElementCount === 0) tbody.append(el('tr', {}, el('td', { colspan: String(columns) }, empty)));
  });
}

/**
 * The loans panel; resolves to a function that redraws it, or null when the gateway shows
 * this participant no loan sharing.
 */
export async function loansPanel() {
  const plans = pagedTable('/api/loans/plans', document.getElementById('loan-plans-rows'),
    document.getElementById('loan-plans-more'), planRow, 'plan_id', 'No plan is taking confirmations.', 8);
  const confirmations = pagedTable('/api/loans/confirmations', document.getElementById('loan-confirmations-rows'),
    document.getElementById('loan-confirmations-more'), confirmationRow, 'confirmation_id', 'You have confirmed no share yet.', 7);
  const reload = async () => {
    await Promise.all([plans(), confirmations()]);
  };
  try {
    await reload();
  } catch (e) {
    if (notForHer(e)) return null;
    throw e;
  }
  show('loans');
  return reload;
}
