// A meter's period running now: what it would cost if it closed now, line by line (under
// another tariff for a what-if), its hours so far and the last month's days as charts.

import { barChart } from './chart.js';
import { el } from './dom.js';
import { datetime, kwh } from './format.js';
import { linesTable } from './lines.js';
import { get } from './session.js';

/** The quote's lines as a table with subtotal, tax and total. */
function quoteTable(now, caption) {
  const sums = [['Subtotal', now.subtotal], ['Tax', now.tax], ['Total if closed now', now.total]];
  return linesTable(now.lines, sums, caption, 'quote');
}

/** The period so far of a meter, with charts, into `container`. */
export async function showUsage(meterId, container) {
  const now = await get(`/api/meters/${encodeURIComponent(meterId)}/period`);
  const days = now.recent_days.map((d) => ({
    label: datetime(d.day_start).slice(0, 10),
    value: d.energy_wh,
    text: `${kwh(d.energy_wh)} kWh`,
  }));
  const hours = (profile) => profile.map((wh, hour) => ({
    label: `${String(hour).padStart(2, '0')}:00`, value: wh, text: `${kwh(wh)} kWh`,
  }));
  // A chart of nothing but zeros says less than a sentence.
  const chart = (title, points) => (points.some((p) => p.value > 0)
    ? barChart(title, points)
    : el('p', { className: 'muted' }, `${title}: no energy yet.`));
  container.replaceChildren(
    el('p', {}, `Period ${now.period}, ${datetime(now.start)} to ${datetime(now.end)}: `
      + `${kwh(now.energy_wh)} kWh from ${now.readings} readings so far, peak ${kwh(now.max_power_w)} kW. `
      + `Priced by tariff ${now.tariff_id} version ${now.tariff_version}.`),
    quoteTable(now, `What period ${now.period} would cost if it closed now`),
    chart('Energy per day, the last 31 days', days),
    chart('Energy by hour of the day so far, weekdays', hours(now.weekday_hourly_wh)),
    chart('Energy by hour of the day so far, weekends', hours(now.weekend_hourly_wh)));
}

/** What-if: the period so far of a meter priced under another tariff, into `container`. */
export async function showWhatIf(meterId, tariffId, container) {
  const now = await get(`/api/meters/${encodeURIComponent(meterId)}/period`, { tariff: tariffId });
  container.replaceChildren(
    el('p', {}, `Period ${now.period} of meter ${meterId} so far (${kwh(now.energy_wh)} kWh) `
      + `under tariff ${now.tariff_id} version ${now.tariff_version}:`),
    quoteTable(now, `Period ${now.period} of ${meterId} under tariff ${now.tariff_id}`));
}
