// The administrator's and blacklisters' desk: blacklisting a participant with a reason and
// lifting it, signed by the organisation's gateway. The participants table shows the result.

import { show } from './dom.js';
import { actionForm, inBlock, send } from './session.js';

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
