// The bank clerk's desk: the bank's running totals, crediting a deposit against its
// reference, settling what fell due, the overdue instalments oldest first, each with a
// button that pays it from the consumer's prepaid balance, and the redemption requests with
// recording their payout. Signed by the bank's gateway.

import { busy, el, show } from './dom.js';
import { datetime, money } from './format.js';
import { instalmentHead, instalmentRow } from './meters.js';
import { actionForm, get, inBlock, pager, refusalText, send } from './session.js';
import { oneAtATime } from './redraw.js';
import { minorUnits } from './tx.js';

const PAGE = 20;

async function totals() {
  const t = await get('/api/bank/totals');
  const rows = [['Minted', t.minted], ['Burned', t.burned], ['Prepaid', t.prepaid],
    ['Escrowed', t.escrowed], ['Paid to retailers', t.paid_out]];
  document.getElementById('bank-totals').replaceChildren(
    ...rows.flatMap(([label, amount]) => [el('dt', {}, label), el('dd', { 'data-total': label }, money(amount))]));
}

/** The unpaid rest of an instalment, minor units. */
function rest(i) {
  return (BigInt(i.amount) - BigInt(i.paid)).toString();
}

function overdueList() {
  const rows = document.getElementById('bank-overdue-rows');
  const line = document.getElementById('bank-overdue-outcome');
  const paged = pager(document.getElementById('bank-overdue-more'), async (after) => {
    const page = await get('/api/bank/overdue', { start_after: after, limit: PAGE });
    rows.append(...page.items.map((i) => {
      const pay = el('button', { type: 'button', className: 'secondary' }, `Pay ${money(rest(i))}`);
      pay.setAttribute('aria-label', `Pay instalment ${i.id} of meter ${i.meter_id} from the prepaid balance`);
      pay.onclick = () => busy(pay.parentElement, async () => {
        try {
          line.textContent = `Paying instalment ${i.id}…`;
          line.classList.remove('error');
          const receipt = await send('POST', '/api/bank/payments', { meter_id: i.meter_id, amount: rest(i) });
          line.textContent = `Paid ${money(rest(i))} of meter ${i.meter_id} ${inBlock(receipt)}.`;
          await Promise.all([reload(), totals()]);
        } catch (e) {
          line.textContent = refusalText(e);
          line.classList.add('error');
        }
      });
      return instalmentRow(i, el('td', {}, el('code', {}, i.consumer)), el('td', {}, pay));
    }));
    return { ...page, last: page.items.at(-1)?.key };
  });
  const reload = oneAtATime(async () => {
    rows.replaceChildren();
    await paged.restart();
  });
  return reload;
}

/** The redemption requests in id order; a requested one's button fills in the payout form. */
function redemptionList() {
  const rows = document.getElementById('bank-redemptions-rows');
  const form = document.getElementById('payout-form');
  const paged = pager(document.getElementById('bank-redemptions-more'), async (after) => {
    const page = await get('/api/bank/redemptions', { start_after: after, limit: PAGE });
    rows.append(...page.items.map((r) => {
      let action = r.payout_reference ? `paid out: ${r.payout_reference}` : '';
      if (r.status === 'requested') {
        action = el('button', { type: 'button', className: 'secondary' }, 'Pay out');
        action.setAttribute('aria-label', `Record the payout of redemption request ${r.id}`);
        action.onclick = () => {
          form.elements.request_id.value = String(r.id);
          form.elements.payout_reference.focus();
        };
      }
      return el('tr', { 'data-redemption': String(r.id) },
        el('td', {}, String(r.id)),
        el('td', {}, el('code', {}, r.holder)),
        el('td', { className: 'num' }, money(r.amount)),
        el('td', {}, r.payout_account),
        el('td', {}, datetime(r.requested_at)),
        el('td', { className: 'state' }, r.status),
        el('td', {}, action));
    }));
    if (rows.childElementCount === 0) rows.append(el('tr', {}, el('td', { colspan: '7' }, 'No redemption requests.')));
    return { ...page, last: page.items.at(-1)?.id };
  });
  return oneAtATime(async () => {
    rows.replaceChildren();
    await paged.restart();
  });
}

/** The bank panel, for bank operators; resolves to its refresh (null when not shown). */
export async function bankPanel(roles) {
  if (!roles.includes('bank_operator')) return null;
  show('bank');
  document.getElementById('bank-overdue-table').prepend(instalmentHead('Consumer', 'Action'));
  const reloadOverdue = overdueList();
  const reloadRedemptions = redemptionList();
  const refresh = oneAtATime(() => Promise.all([totals(), reloadOverdue(), reloadRedemptions()]));
  actionForm('deposit-form', async (form) => {
    const r = await send('POST', '/api/bank/deposits', {
      reference: form.elements.reference.value,
      recipient: form.elements.recipient.value.trim(),
      amount: minorUnits(form.elements.amount.value, 2),
      prepay: form.elements.prepay.checked,
    });
    return `Credited deposit "${r.normalised_reference}" ${inBlock(r)}.`;
  }, refresh);
  actionForm('settle-form', async () => {
    const r = await send('POST', '/api/bank/settle', {});
    return `Settled: ${r.paid ?? 0} paid, ${r.overdue ?? 0} became overdue, `
      + `${money(r.amount_paid ?? '0')} moved ${inBlock(r)}.`;
  }, refresh);
  actionForm('payout-form', async (form) => {
    const id = form.elements.request_id.value.trim();
    if (!/^\d+$/.test(id)) throw new Error('Give the request\'s number, as the list shows it.');
    const r = await send('POST', `/api/bank/redemptions/${id}/redeem`, {
      payout_reference: form.elements.payout_reference.value,
    });
    return `Recorded the payout of request ${id}: ${money(r.amount ?? '0')} burnt ${inBlock(r)}.`;
  }, refresh);
  await refresh();
  return refresh;
}
