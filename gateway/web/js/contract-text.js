// A contract as the contracts panel words it and a query as the panel sends it: pure, so
// the page tests check them without a browser.

import { datetime } from './format.js';

/** A contract's pause status in words: `null` for a contract without an emergency pause. */
export function pauseText(pause, me) {
  if (!pause) return 'no emergency pause';
  if (!pause.paused) return 'running';
  const by = pause.by === me ? 'you' : pause.by;
  const parts = ['paused'];
  if (pause.since != null) parts.push(`since ${datetime(pause.since)}`);
  if (by) parts.push(`by ${by}`);
  return pause.reason ? `${parts.join(' ')}: ${pause.reason}` : parts.join(' ');
}

/** The query form's target: `[path, body]` for `name`, `meterId`, `region` and the JSON text. */
export function queryRequest(name, { meterId = '', region = '', text }) {
  const body = JSON.parse(text);
  const params = new URLSearchParams();
  if (name === 'meter') params.set('meter', meterId.trim());
  else if (region) params.set('region', region);
  const query = params.toString();
  return [`/api/contracts/${encodeURIComponent(name)}/query${query ? `?${query}` : ''}`, body];
}
