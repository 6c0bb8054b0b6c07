// Tariffs and their versions: every tariff with its retailer ("you" for hers) and its
// versions' dates; a version's prices in words, and its time-of-use hours month by month.

import { busy, el, say, show } from './dom.js';
import { datetime } from './format.js';
import { MONTHS, componentRows } from './prices.js';
import { oneAtATime } from './redraw.js';
import { utcMinute } from './inputs.js';
import { actionForm, current, get, inBlock, pager, refusalText, send } from './session.js';

const PAGE = 20;

/** A time-of-use table: months by hours, each cell the band's number (1 for the first). */
function bandTable(caption, rows, bands) {
  const head = el('tr', {}, el('th', { scope: 'col' }, 'Month'),
    ...Array.from({ length: 24 }, (_, h) => el('th', { scope: 'col', className: 'num' }, String(h))));
  return el('div', { className: 'scroll' }, el('table', { className: 'bands' },
    el('caption', {}, caption),
    el('thead', {}, head),
    el('tbody', {}, ...rows.map((hours, m) => el('tr', {},
      el('th', { scope: 'row' }, MONTHS[m]),
      ...hours.map((band) => el('td', { className: `num band-${band}`, title: bands[band]?.name ?? '' }, String(band + 1))))))));
}

/** One version's prices into `container`. */
async function showVersion(tariffId, version, container) {
  const v = await get(`/api/tariffs/${encodeURIComponent(tariffId)}/versions/${version}`);
  const rows = componentRows(v);
  const parts = [
    el('h3', {}, `Tariff ${v.tariff_id}, version ${v.version}, from ${datetime(v.effective_from)}`),
    el('dl', { className: 'record' }, ...rows.flatMap(([label, text]) => [el('dt', {}, label), el('dd', {}, text)])),
  ];
  const tou = v.time_of_use;
  if (tou) {
    const legend = tou.bands.map((b, i) => `${i + 1} ${b.name}`).join(', ');
    parts.push(el('p', { className: 'muted' }, `Bands by hour: ${legend}.`),
      bandTable(`Weekdays of tariff ${v.tariff_id} version ${v.version}`, tou.weekday, tou.bands),
      bandTable(`Weekends of tariff ${v.tariff_id} version ${v.version}`, tou.weekend, tou.bands));
  }
  container.replaceChildren(el('article', { className: 'card' }, ...parts));
}

/**
 * The tariffs panel, for retailers, the administrator and auditors; resolves to a function
 * that redraws it from the first page (null when not shown).
 */
export async function tariffsPanel(roles) {
  if (!['retailer', 'admin', 'auditor'].some((r) => roles.includes(r))) return null;
  show('tariffs');
  const rows = document.getElementById('tariffs-rows');
  const detail = document.getElementById('tariff-version');
  const paged = pager(document.getElementById('tariffs-more'), async (after) => {
    const page = await get('/api/tariffs', { start_after: after, limit: PAGE });
    rows.append(...page.items.map((t) => el('tr', { 'data-tariff': t.tariff_id },
      el('td', {}, t.tariff_id),
      el('td', {}, t.name),
      el('td', {}, t.owner === current.address ? 'you' : (t.owner ? el('code', {}, t.owner) : 'not recorded')),
      el('td', {}, ...t.versions.map((v) => {
        const open = el('button', { type: 'button', className: 'secondary' }, `Version ${v.version} from ${datetime(v.effective_from)}`);
        open.setAttribute('aria-label', `Show version ${v.version} of tariff ${t.tariff_id}`);
        open.onclick = () => busy(open.parentElement, () => showVersion(t.tariff_id, v.version, detail)
          .catch((e) => say(refusalText(e), true)));
        return open;
      })))));
    if (rows.childElementCount === 0) rows.append(el('tr', {}, el('td', { colspan: '4' }, 'No tariffs yet.')));
    return { ...page, last: page.items.at(-1)?.tariff_id };
  });
  const reload = oneAtATime(async () => {
    rows.replaceChildren();
    await paged.restart();
  });
  if (roles.includes('retailer') || roles.includes('admin')) publishForm(reload);
  await reload();
  return reload;
}

/** Defines a tariff (a name given) or adds a version to one; `reload` redraws the list. */
function publishForm(reload) {
  show('tariff-publish');
  actionForm('tariff-publish', async (form) => {
    const f = form.elements;
    const effective = utcMinute(f.effective_from.value);
    if (effective == null) throw new Error('The start is a UTC minute written YYYY-MM-DD HH:MM.');
    let components;
    try {
      components = JSON.parse(f.components.value);
    } catch (e) {
      throw new Error(`The parts are not JSON: ${e.message}`);
    }
    const tariffId = f.tariff_id.value.trim();
    const name = f.name.value.trim();
    if (name) {
      const offset = f.utc_offset_minutes.value.trim();
      if (!/^-?\d+$/.test(offset)) throw new Error('The UTC offset is a whole number of minutes.');
      const r = await send('POST', '/api/tariffs', {
        tariff_id: tariffId, name, utc_offset_minutes: Number(offset), components, effective_from: effective,
      });
      return `Defined tariff ${tariffId} ${inBlock(r)}.`;
    }
    const r = await send('POST', `/api/tariffs/${encodeURIComponent(tariffId)}/versions`, { components, effective_from: effective });
    return `Added a version to tariff ${tariffId}, in force from ${datetime(effective)}, ${inBlock(r)}.`;
  }, reload, { reset: false });
}
