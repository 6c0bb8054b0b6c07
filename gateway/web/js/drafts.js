// Drafts of earmarked funds: where each one is now, drawn as its chain of holders with the
// bank's reconciliation of every hop. Shown to those the gateway lets see drafts (their
// issuers and holders, the bank, the administrator and auditors); hidden for the others.

import { el, show } from './dom.js';
import { datetime, money } from './format.js';
import { flowSteps } from './flow.js';
import { oneAtATime } from './redraw.js';
import { current, get, notForHer, pager } from './session.js';

const PAGE = 20;

/** The flow picture: an ordered list of holders and the hops between them. */
function flowPicture(draft) {
  const steps = flowSteps(draft, current.address);
  return el('ol', { className: 'flow', 'aria-label': `The way of draft ${draft.id}` }, ...steps.map((s) => {
    if (s.kind === 'holder') {
      return el('li', { className: `flow-holder${s.here ? ' here' : ''}` },
        el('strong', {}, s.label),
        el('span', { className: 'who' }, s.who),
        ...(s.here ? [el('span', { className: 'badge' }, 'holds it now')] : []));
    }
    return el('li', { className: `flow-hop ${s.className}` },
      el('span', { 'aria-hidden': 'true' }, `→ ${s.mark}`),
      el('span', {}, `hop ${s.index + 1}: ${s.value}${s.serial ? `, transfer ${s.serial}` : ''}`),
      el('span', { className: 'check' }, s.text));
  }));
}

function draftCard(d) {
  const counts = `${d.reconciled} reconciled, ${d.missing} awaiting the bank, ${d.mismatched} disagreeing`;
  return el('article', { className: 'card', 'data-draft': String(d.id) },
    el('h3', {}, `Draft ${d.id}: project ${d.project_id}, stage ${d.stage} (${d.status})`),
    el('p', {}, `${money(d.amount)} issued ${datetime(d.issued_at)}; ${money(d.locked)} locked, ${money(d.released)} released, ${money(d.clawed_back)} returned. Expires ${datetime(d.expires_at)}.`),
    el('p', { className: 'muted' }, `Hops: ${counts}.`),
    flowPicture(d));
}

/**
 * The drafts panel; resolves to a function that redraws it from the first page, or null
 * when the gateway shows this participant no drafts.
 */
export async function draftsPanel() {
  const list = document.getElementById('drafts-list');
  const paged = pager(document.getElementById('drafts-more'), async (after) => {
    const page = await get('/api/drafts', { start_after: after, limit: PAGE });
    list.append(...page.items.map(draftCard));
    // A page may show none of the drafts it looked through: go on from the last looked at.
    return { ...page, last: page.next_start_after };
  });
  const reload = oneAtATime(async () => {
    list.replaceChildren();
    await paged.restart();
    const more = document.getElementById('drafts-more');
    if (list.childElementCount === 0 && more.hidden) list.append(el('p', {}, 'No drafts for you yet.'));
  });
  try {
    await reload();
  } catch (e) {
    if (notForHer(e)) return null;
    throw e;
  }
  show('drafts');
  return reload;
}
