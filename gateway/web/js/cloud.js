// The cloud federation for its members: the organisation she acts for (a user's, or the one
// a provider administers); for a provider, the
// requests and running leases of its hosts, each accepted, rejected with a reason or
// released; for a user, the instance types on offer now, a request of a host, and her
// organisation's bills. Read through the federation's own queries
// (`/api/contracts/cloud_federation/query`), acted on through the organisation's gateway.

import { el, show } from './dom.js';
import { datetime, money } from './format.js';
import { oneAtATime } from './redraw.js';
import { actionForm, inBlock, notForHer, num, send } from './session.js';

const PAGE = 50;

function ask(query) {
  return send('POST', '/api/contracts/cloud_federation/query', query);
}

/**
 * The organisation `me` administers (a provider's), or null: the federation keeps no index of
 * administrators, so its organisations are read in pages until one names her.
 */
async function administered(me) {
  let after = null;
  for (;;) {
    const page = await ask({ organisations: { start_after: after, limit: PAGE } });
    const found = page.organisations.find((o) => o.admin === me);
    if (found) return found.id;
    if (!page.has_more || page.organisations.length === 0) return null;
    after = page.organisations.at(-1).id;
  }
}

/** A lease id typed in a form. */
function leaseId(form) {
  const text = form.elements.lease_id.value.trim();
  if (!/^\d+$/.test(text)) throw new Error('A lease id is a whole number.');
  return text;
}

function leaseRow(l, onAccept) {
  const accept = el('button', { type: 'button' }, 'Accept');
  accept.addEventListener('click', () => onAccept(l.id, accept));
  return el('tr', { 'data-lease': String(l.id) },
    el('td', {}, String(l.id)),
    el('td', {}, l.consumer),
    el('td', {}, l.instance_type ? l.instance_type.name : `${l.resources.vcpus} vCPU, ${l.resources.memory_mib} MiB`),
    num(`${Math.round(l.holding_seconds / 3600)} h`),
    num(money(l.escrow)),
    el('td', {}, l.status),
    el('td', {}, l.status === 'requested' ? accept : ''));
}

function priceRows(prices) {
  return prices.flatMap((v) => v.instance_types.map((t) => el('tr', {},
    el('td', {}, v.provider),
    el('td', {}, t.name),
    el('td', {}, `${t.resources.vcpus} vCPU, ${t.resources.memory_mib} MiB`),
    num(`${money(String(t.per_hour))} per hour`),
    el('td', {}, `version ${v.version}, since ${datetime(v.effective_from)}`))));
}

function billRow(b) {
  return el('tr', {},
    el('td', {}, String(b.lease_id)),
    el('td', {}, b.provider),
    el('td', {}, b.instance_type ?? 'resources'),
    el('td', {}, `${datetime(b.started_at)} to ${datetime(b.charged_until)}`),
    num(money(b.amount)));
}

/**
 * The cloud panel for cloud users and providers; resolves to a function that redraws it, or
 * null for anyone else or without a federation.
 */
export async function cloudPanel(roles, me) {
  const provider = roles.includes('cloud_provider');
  const user = roles.includes('cloud_user');
  if (!provider && !user) return null;
  // A user acts for the organisation she is a user of; a provider for the one she runs.
  let org;
  try {
    ({ org } = await ask({ member_of: { address: me } }));
    if (!org && provider) org = await administered(me);
  } catch (e) {
    if (notForHer(e)) return null;
    throw e;
  }
  document.getElementById('cloud-org').textContent = org
    ? `You act for the organisation ${org}.`
    : 'You are neither a user nor the administrator of an organisation of the federation yet.';
  const say = (text) => { document.getElementById('cloud-leases-status').textContent = text; };
  const leases = document.getElementById('cloud-leases-rows');
  const prices = document.getElementById('cloud-prices-rows');
  const bills = document.getElementById('cloud-bills-rows');
  const accept = async (id, button) => {
    button.disabled = true;
    try {
      const r = await send('POST', `/api/cloud/leases/${id}/accept`);
      say(`Accepted lease ${id} ${inBlock(r)}.`);
      await reload();
    } catch (e) {
      say(`Lease ${id}: ${e.message}${e.code ? ` (${e.code})` : ''}`);
      button.disabled = false;
    }
  };
  const reload = oneAtATime(async () => {
    if (provider && org) {
      const open = await ask({ open_leases: { provider: org, start_after: null, limit: PAGE } });
      leases.replaceChildren(...(open.leases.length ? open.leases.map((l) => leaseRow(l, accept))
        : [el('tr', {}, el('td', { colspan: '7' }, 'No request or running lease.'))]));
    }
    if (user) {
      const now = await ask({ current_prices: { start_after: null, limit: PAGE } });
      const offered = priceRows(now.prices);
      prices.replaceChildren(...(offered.length ? offered
        : [el('tr', {}, el('td', { colspan: '5' }, 'No provider sells an instance type now.'))]));
      if (org) {
        const billed = await ask({ consumer_bills: { consumer: org, start_after: null, limit: PAGE } });
        bills.replaceChildren(...(billed.bills.length ? billed.bills.map(billRow)
          : [el('tr', {}, el('td', { colspan: '5' }, 'No bill yet.'))]));
      }
    }
  });
  show('cloud-provider', provider);
  show('cloud-user', user);
  actionForm('cloud-reject', async (form) => {
    const id = leaseId(form);
    const r = await send('POST', `/api/cloud/leases/${id}/reject`, { reason: form.elements.reason.value });
    return `Rejected lease ${id} ${inBlock(r)}.`;
  }, reload);
  actionForm('cloud-request', async (form) => {
    const hours = form.elements.hours.value.trim();
    if (!/^\d+$/.test(hours) || Number(hours) === 0) throw new Error('The holding time is a whole number of hours above zero.');
    const escrow = form.elements.escrow.value.trim();
    if (!/^\d+$/.test(escrow)) throw new Error('The escrow is a whole number of minor units.');
    const r = await send('POST', '/api/cloud/leases', {
      provider: form.elements.provider.value.trim(),
      instance_type: form.elements.instance_type.value.trim(),
      holding_seconds: Number(hours) * 3600,
      escrow,
    });
    return `Requested lease ${r.lease_id} ${inBlock(r)}; the provider accepts or rejects it.`;
  }, reload);
  actionForm('cloud-release', async (form) => {
    const id = leaseId(form);
    const r = await send('POST', `/api/cloud/leases/${id}/release`);
    return `Released lease ${id} ${inBlock(r)}.`;
  }, reload);
  await reload();
  show('cloud');
  return reload;
}
