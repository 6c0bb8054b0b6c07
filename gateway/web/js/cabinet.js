// The signed-in participant's cabinet: who she is, then the panels her roles in the
// registry allow (and, for drafts and loan shares, her roles in those contracts, as the
// gateway answers). Each panel's module renders and acts on its own part of the page.

import { blacklistPanel, meterAdminPanel, participantAdminPanel } from './admin.js';
import { auditPanel } from './audit.js';
import { bankPanel } from './bank.js';
import { cloudPanel } from './cloud.js';
import { contractsPanel } from './contracts.js';
import { el, say, show } from './dom.js';
import { downloadsPanel } from './downloads.js';
import { draftsPanel } from './drafts.js';
import { datetime } from './format.js';
import { meterBills, meters } from './meters.js';
import { moneyPanel } from './money.js';
import { concerns, follow } from './live.js';
import { loansPanel } from './loans.js';
import { parkPanel } from './park.js';
import { oneAtATime } from './redraw.js';
import { tariffsPanel } from './tariffs.js';
import { current, get, leave, pager, refusalText } from './session.js';

const PAGE = 20;

/** The participants table; resolves to a function that redraws it from the first page. */
async function participants(roles) {
  if (!roles.includes('admin') && !roles.includes('auditor') && !roles.includes('blacklister')) {
    return null;
  }
  show('participants');
  const rows = document.getElementById('participants-rows');
  const paged = pager(document.getElementById('participants-more'), async (after) => {
    const page = await get('/api/participants', { start_after: after, limit: PAGE });
    rows.append(...page.items.map((p) => el('tr', { 'data-address': p.address },
      el('td', {}, p.name),
      el('td', {}, el('code', {}, p.address)),
      el('td', {}, p.roles.join(', ')),
      el('td', { className: 'standing' }, p.blacklisted ? `blacklisted: ${p.blacklisted}` : p.status),
      el('td', {}, datetime(p.registered_at)))));
    return { ...page, last: page.items.at(-1)?.address };
  });
  const reload = oneAtATime(async () => {
    rows.replaceChildren();
    await paged.restart();
  });
  await reload();
  return reload;
}

async function main() {
  if (!current) {
    leave({});
    return;
  }
  document.getElementById('sign-out').addEventListener('click', () => leave({}));
  const { participant } = await get('/api/me');
  const { roles } = participant;
  document.getElementById('me-address').textContent = participant.address;
  document.getElementById('me-name').textContent = participant.name;
  document.getElementById('me-roles').textContent = roles.join(', ') || 'none';
  document.getElementById('me-status').textContent = participant.status;
  show('me');
  meterBills(roles);
  downloadsPanel(roles);
  const [reloadParticipants, reloadMeters, refreshMoney, refreshBank, reloadTariffs, reloadDrafts, reloadLoans, refreshAudit, reloadContracts, reloadCloud, reloadPark] = await Promise.all([
    participants(roles), meters(roles), moneyPanel(roles), bankPanel(roles), tariffsPanel(roles),
    draftsPanel(), loansPanel(), auditPanel(roles), contractsPanel(roles, participant.address),
    cloudPanel(roles, participant.address), parkPanel(participant.address),
  ]);
  blacklistPanel(roles, reloadParticipants ?? (async () => {}));
  meterAdminPanel(roles, reloadMeters ?? (async () => {}));
  participantAdminPanel(roles, reloadParticipants ?? (async () => {}));
  say('');
  liveUpdates([
    [['registry'], reloadParticipants],
    [['registry'], reloadMeters],
    [['bank', 'token'], refreshMoney],
    [['bank', 'token'], refreshBank],
    [['tariff'], reloadTariffs],
    [['draft'], reloadDrafts],
    [['loan_share'], reloadLoans],
    [['cloud_federation'], reloadCloud],
    [['park_market'], reloadPark],
    [['*'], refreshAudit],
    // any contract may be paused or resumed
    [['*'], reloadContracts],
  ]);
}

/**
 * Reloads a panel when a new block holds events of the contracts it shows: `panels` is
 * `[[contract names, or '*' for any], refresh or null]`, each refresh one at a time already
 * (`oneAtATime`), so that one asked for while it runs runs once more after it.
 */
function liveUpdates(panels) {
  const line = document.getElementById('live');
  const watched = panels.filter(([, refresh]) => refresh).map(([contracts, refresh]) => ({
    contracts,
    run: () => refresh().catch((e) => say(refusalText(e), true)),
  }));
  follow(current.token, {
    onReady: () => {},
    onIndexed: (indexed) => {
      for (const panel of watched) {
        if (concerns(panel.contracts, indexed)) panel.run();
      }
    },
    onState: (text) => { line.textContent = text; },
  });
}

main().catch((e) => say(refusalText(e), true));
