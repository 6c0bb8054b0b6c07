// Bar charts as inline SVG, drawn with DOM calls only (no library, nothing from elsewhere):
// a role="img" picture with its own title, and the same numbers as a table for screen
// readers and for copying.

import { el } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';

/**
 * The bars of `values` (numbers, any scale, none negative) in a `width` × `height` box with
 * `gap` between bars: `[{x, y, width, height}]`, the tallest reaching the top. An all-zero
 * series has bars of height 0.
 */
export function layout(values, width, height, gap = 2) {
  if (values.length === 0) return [];
  const top = Math.max(...values);
  const step = width / values.length;
  return values.map((v, i) => {
    const h = top > 0 ? (v / top) * height : 0;
    return { x: i * step + gap / 2, y: height - h, width: Math.max(step - gap, 1), height: h };
  });
}

function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  node.append(...children);
  return node;
}

/**
 * A figure of `points` ([{label, value, text}]: the bar's label, its number, and how the
 * number reads) titled `title`, with the values as a hidden table.
 */
export function barChart(title, points, { width = 640, height = 160 } = {}) {
  const bars = layout(points.map((p) => p.value), width, height);
  const picture = svg('svg', {
    viewBox: `0 0 ${width} ${height + 18}`, role: 'img', 'aria-label': title, class: 'chart',
  }, svg('title', {}, title));
  bars.forEach((b, i) => {
    const rect = svg('rect', { x: b.x, y: b.y, width: b.width, height: b.height, class: 'bar' },
      svg('title', {}, `${points[i].label}: ${points[i].text}`));
    picture.append(rect);
  });
  // First and last labels under the axis, so the reader knows the span.
  if (points.length > 0) {
    picture.append(svg('text', { x: 0, y: height + 14, class: 'axis' }, points[0].label));
    picture.append(svg('text', { x: width, y: height + 14, 'text-anchor': 'end', class: 'axis' }, points.at(-1).label));
  }
  const table = el('table', { className: 'visually-hidden' },
    el('caption', {}, title),
    el('tbody', {}, ...points.map((p) => el('tr', {}, el('th', { scope: 'row' }, p.label), el('td', {}, p.text)))));
  return el('figure', { className: 'chart' }, picture, el('figcaption', { className: 'muted' }, title), table);
}
