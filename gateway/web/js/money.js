// A consumer's money: her tokens in the wallet and prepaid, her instalments across her
// meters with what the prepaid balance covers and when it runs out, and her own actions
// signed in this browser: prepaying and asking the bank for a redemption.

import { el, show } from './dom.js';
import { forecast } from './forecast.js';
import { datetime, money } from './format.js';
import { instalmentHead, instalmentRow } from './meters.js';
import { actionForm, get, inBlock } from './session.js';
import { oneAtATime } from './redraw.js';
import { minorUnits } from './tx.js';
import { signOwn, signsWithWallet } from './wallet.js';

/** Pages of meters and of each meter's instalments read for the forecast, at most. */
const MAX_PAGES = 5;
const PAGE = 100;

/** Every page of `path` (to MAX_PAGES), keyed by `keyOf` for `start_after`. */
async function pages(path, keyOf, params = {}) {
  const items = [];
  let after;
  for (let n = 0; n < MAX_PAGES; n += 1) {
    const page = await get(path, { ...params, start_after: after, limit: PAGE });
    items.push(...page.items);
    if (!page.has_more || page.items.length === 0) return { items, complete: !page.has_more };
    after = keyOf(page.items.at(-1));
  }
  return { items, complete: false };
}

/** The instalments of all her meters, in due order. */
async function instalmentsOfHerMeters() {
  const meters = await pages('/api/meters', (m) => m.meter_id);
  const lists = await Promise.all(meters.items.map((m) => pages(
    `/api/meters/${encodeURIComponent(m.meter_id)}/instalments`, (i) => i.id)));
  const items = lists.flatMap((l) => l.items).sort((a, b) => a.due - b.due || a.id - b.id);
  return { items, complete: meters.complete && lists.every((l) => l.complete) };
}

function describe(outlook, complete) {
  const partial = complete ? '' : ' (from the first instalments only: you have many)';
  if (outlook.runsOutAt === null) {
    if (outlook.covered === 0) return `Nothing is left to pay${partial}.`;
    const count = outlook.covered === 1 ? 'your unpaid instalment' : `all ${outlook.covered} of your unpaid instalments`;
    return `Your prepaid balance pays ${count}${partial}.`;
  }
  const before = outlook.covered === 0 ? ''
    : ` It pays the ${outlook.covered === 1 ? 'one' : outlook.covered} before it.`;
  return `Your prepaid balance runs out at the instalment due ${datetime(outlook.runsOutAt)}: `
    + `${money(outlook.shortfall)} short${partial}.${before}`;
}

async function draw() {
  const [holdings, instalments] = await Promise.all([get('/api/me/holdings'), instalmentsOfHerMeters()]);
  document.getElementById('money-wallet').textContent = money(holdings.wallet);
  document.getElementById('money-prepaid').textContent = money(holdings.prepaid);
  const outlook = forecast(instalments.items, holdings.prepaid, Math.floor(Date.now() / 1000));
  document.getElementById('money-forecast').textContent = describe(outlook, instalments.complete);
  show('money-warning', outlook.warn);
  const table = document.getElementById('money-instalments');
  table.replaceChildren(
    el('caption', { className: 'visually-hidden' }, 'Your instalments in due order'),
    instalmentHead(),
    el('tbody', {}, ...instalments.items.map((i) => instalmentRow(i))));
}

const refresh = oneAtATime(draw);

/** The consumer's money panel; resolves to its refresh (null when not shown). */
export async function moneyPanel(roles) {
  if (!roles.includes('consumer')) return null;
  show('money');
  if (signsWithWallet()) {
    // Her wallet signs: no passphrase of a key in this page to ask for.
    for (const id of ['prepay-passphrase', 'redeem-passphrase']) {
      const input = document.getElementById(id);
      input.required = false;
      input.hidden = true;
      document.querySelector(`label[for="${id}"]`).hidden = true;
    }
  }
  actionForm('prepay-form', async (form, progress) => {
    const amount = minorUnits(form.elements.amount.value, 2);
    const r = await signOwn({ prepay: { amount } }, form.elements.passphrase.value, progress);
    return `Prepaid ${money(amount)} ${inBlock(r)}.`;
  }, refresh);
  actionForm('redeem-form', async (form, progress) => {
    const amount = minorUnits(form.elements.amount.value, 2);
    const payout = form.elements.payout_account.value.trim();
    const action = { request_redemption: { amount, payout_account: payout } };
    const r = await signOwn(action, form.elements.passphrase.value, progress);
    return `Asked the bank to redeem ${money(amount)} to ${payout} ${inBlock(r)}.`;
  }, refresh);
  await refresh();
  return refresh;
}
