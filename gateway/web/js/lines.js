// A bill's or a quote's lines as a table: each line's quantity and unit price with their
// units, then the sums below.

import { el } from './dom.js';
import { linePrice, lineQuantity, money } from './format.js';
import { num } from './session.js';

/**
 * The table of `lines` (the API's line items) with `sums` ([[label, minor units]]) in its
 * foot, captioned for screen readers with `caption`.
 */
export function linesTable(lines, sums, caption, className = '') {
  const rows = lines.map((line) => el('tr', {},
    el('td', {}, line.description),
    num(lineQuantity(line.kind, line.quantity)),
    num(linePrice(line.kind, line.unit_price)),
    num(money(line.amount))));
  const foot = sums.map(([label, amount]) => el('tr', {},
    el('th', { scope: 'row', colspan: '3' }, label), num(money(amount))));
  return el('div', { className: 'scroll' }, el('table', { className },
    el('caption', { className: 'visually-hidden' }, caption),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col' }, 'Line'),
      el('th', { scope: 'col', className: 'num' }, 'Quantity'),
      el('th', { scope: 'col', className: 'num' }, 'Unit price'),
      el('th', { scope: 'col', className: 'num' }, 'Amount'))),
    el('tbody', {}, ...rows),
    el('tfoot', {}, ...foot)));
}
