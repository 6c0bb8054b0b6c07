// The bank clerk's desk: the bank's running totals, crediting a deposit against its
// reference, settling what fell due, and the overdue instalments oldest first, each with
// a button that pays it from the consumer's prepaid balance. Signed by the bank's gateway.

import { busy, el, show } from './dom.js';
import { money } from './format.js';
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

/** The bank panel, for bank operators; resolves to its refresh (null when not shown). */
export async function bankPanel(roles) {
  if (!roles.includes('bank_operator')) return null;
  show('bank');
  document.getElementById('bank-overdue-table').prepend(instalmentHead('Consumer', 'Action'));
  const reloadOverdue = overdueList();
  const refresh = oneAtATime(() => Promise.all([totals(), reloadOverdue()]));
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
  await refresh();
  return refresh;
}
