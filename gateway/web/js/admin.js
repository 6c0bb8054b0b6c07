// The administrator's and blacklisters' desk: blacklisting a participant with a reason and
// lifting it; registering participants and setting their roles; registering meters and
// setting their status. Signed by the organisation's
// gateway; the participants and meters lists show the result.

import { show } from './dom.js';
import { actionForm, inBlock, send } from './session.js';
import { minorUnits } from './tx.js';

/** The blacklist panel; `reloadParticipants` redraws the participants table after a change. */
export function blacklistPanel(roles, reloadParticipants) {
  if (!roles.includes('admin') && !roles.includes('blacklister')) return;
  show('blacklist');
  actionForm('blacklist-form', async (form) => {
    const address = form.elements.address.value.trim();
    const r = await send('POST', '/api/admin/blacklist', { address, reason: form.elements.reason.value });
    return `Blacklisted ${address} ${inBlock(r)}.`;
  }, reloadParticipants);
  actionForm('unblacklist-form', async (form) => {
    const address = form.elements.address.value.trim();
    const r = await send('DELETE', `/api/admin/blacklist/${encodeURIComponent(address)}`);
    return `Lifted the blacklisting of ${address} ${inBlock(r)}.`;
  }, reloadParticipants);
}

/** The roles ticked in `form`'s `roles` checkboxes. */
function tickedRoles(form) {
  return [...form.querySelectorAll('input[name="roles"]:checked')].map((box) => box.value);
}

/**
 * The participants desk, for the administrator: registering a participant with its roles and
 * replacing a participant's roles; `reloadParticipants` redraws the table after either.
 */
export function participantAdminPanel(roles, reloadParticipants) {
  if (!roles.includes('admin')) return;
  show('participant-register');
  show('participant-roles');
  actionForm('participant-register', async (form) => {
    const address = form.elements.address.value.trim();
    const r = await send('POST', '/api/admin/participants', {
      address, name: form.elements.name.value, roles: tickedRoles(form),
    });
    return `Registered ${address} ${inBlock(r)}.`;
  }, reloadParticipants);
  actionForm('participant-roles', async (form) => {
    const address = form.elements.address.value.trim();
    const ticked = tickedRoles(form);
    const r = await send('POST', `/api/admin/participants/${encodeURIComponent(address)}/roles`, { roles: ticked });
    return `${address} now holds ${ticked.length ? ticked.join(', ') : 'no role'}, ${inBlock(r)}.`;
  }, reloadParticipants);
}

/** The meters desk, for the administrator; `reloadMeters` redraws the meters list. */
export function meterAdminPanel(roles, reloadMeters) {
  if (!roles.includes('admin')) return;
  show('meter-admin');
  actionForm('register-meter-form', async (form) => {
    const f = form.elements;
    const initial = f.initial_register_wh.value.trim();
    if (!/^\d+$/.test(initial)) throw new Error('The register reading is a whole number of Wh.');
    const r = await send('POST', '/api/admin/meters', {
      meter_id: f.meter_id.value.trim(),
      owner: f.owner.value.trim(),
      retailer: f.retailer.value.trim(),
      public_key: f.public_key.value.trim(),
      tariff_id: f.tariff_id.value.trim(),
      initial_register_wh: Number(initial),
      contracted_monthly_amount: minorUnits(f.contracted_monthly_amount.value, 2),
      kind: f.kind.value,
      region: f.region.value.trim() || null,
    });
    const where = r.meter_contract ? ` (readings kept by ${r.meter_contract})` : '';
    return `Registered meter ${f.meter_id.value.trim()}${where} ${inBlock(r)}.`;
  }, reloadMeters);
  actionForm('meter-status-form', async (form) => {
    const meterId = form.elements.meter_id.value.trim();
    const status = form.elements.status.value;
    const r = await send('POST', `/api/admin/meters/${encodeURIComponent(meterId)}/status`, { status });
    return `Meter ${meterId} is now ${status} ${inBlock(r)}.`;
  }, reloadMeters);
}
