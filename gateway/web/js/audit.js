// The audit log for the administrator and auditors: the ledger's contract events as the
// gateway's index holds them (who did what, when, in which transaction), on the main chain or
// a regional sub-chain, filtered, paged oldest first, and downloaded as CSV with the same
// filters.

import { busy, el, say, show } from './dom.js';
import { datetime } from './format.js';
import { save, size } from './files.js';
import { oneAtATime } from './redraw.js';
import { actionForm, get, getFile, pager, refusalText } from './session.js';

const PAGE = 30;

/** The filters the form holds, as the API's query parameters. */
function filters(form) {
  const value = (name) => form.elements[name].value.trim();
  return {
    region: value('region'),
    contract: value('contract'),
    action: value('action'),
    actor: value('actor'),
    tx: value('tx'),
    from_height: value('from_height'),
    to_height: value('to_height'),
  };
}

/** Attributes the row shows in its own columns, or that only say where in the transaction. */
const SHOWN = new Set(['action', '_contract_address', 'msg_index']);

/** An event's other attributes, as `key=value` words. */
function attributeText(event) {
  return event.attributes
    .filter((a) => !SHOWN.has(a.key))
    .map((a) => `${a.key}=${a.value}`)
    .join(', ');
}

function eventRow(e) {
  return el('tr', { 'data-cursor': e.cursor },
    el('td', { className: 'num' }, String(e.height)),
    el('td', { className: 'when' }, datetime(e.time)),
    el('td', {}, e.contract_name),
    el('td', {}, e.action ?? e.kind),
    el('td', {}, e.actor ? el('code', {}, e.actor) : ''),
    el('td', {}, el('code', { title: e.tx_hash }, `${e.tx_hash.slice(0, 12)}…`)),
    el('td', { className: 'attributes' }, attributeText(e)));
}

/**
 * How far the index of `region` (the main chain's when empty) has read its chain, in words;
 * offers the regions the gateway follows in `select` the first time.
 */
async function indexLine(region, select) {
  const s = await get('/api/index/status', { region });
  if (select.options.length === 1) {
    select.append(...s.regions.map((r) => el('option', { value: r }, `region ${r}`)));
  }
  const skipped = s.skipped.length ? `; not indexed (pruned by the node): ${s.skipped.map(([a, b]) => `${a}–${b}`).join(', ')}` : '';
  return `Indexed up to block ${s.indexed_height} of ${s.chain_height} (${s.lag} behind)${skipped}.`;
}

/**
 * The audit panel, for the administrator and auditors; resolves to a function that says
 * afresh how far the index has read (null when not shown). The rows stay as they are while
 * she pages; Show reads them again.
 */
export async function auditPanel(roles) {
  if (!roles.includes('admin') && !roles.includes('auditor')) return null;
  show('audit');
  const form = document.getElementById('audit-filter');
  const rows = document.getElementById('audit-rows');
  const status = document.getElementById('audit-index');
  const paged = pager(document.getElementById('audit-more'), async (after) => {
    const page = await get('/api/audit', { ...filters(form), after, limit: PAGE });
    rows.append(...page.items.map(eventRow));
    if (rows.childElementCount === 0) rows.append(el('tr', {}, el('td', { colspan: '7' }, 'No event matches.')));
    return { ...page, last: page.next };
  });
  const refreshStatus = oneAtATime(async () => {
    status.textContent = await indexLine(form.elements.region.value, form.elements.region);
  });
  const reload = oneAtATime(async () => {
    rows.replaceChildren();
    await Promise.all([refreshStatus(), paged.restart()]);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, () => reload().catch((e) => say(refusalText(e), true)));
  });
  actionForm('audit-export', async () => {
    const file = await getFile('/api/audit/export', filters(form));
    save(file);
    return `Downloaded ${file.fileName} (${size(file.blob.size)}).`;
  }, undefined, { reset: false, pending: 'Preparing the CSV…' });
  await reload();
  return refreshStatus;
}
