// XLSX downloads: a meter's readings by day over a billing period or a month, and bills with
// their instalments and payments (a consumer's own, every meter's for the bank, the
// administrator and auditors, the named meters of her consumers for a retailer).

import { show } from './dom.js';
import { save, size } from './files.js';
import { meterList, spanQuery } from './inputs.js';
import { actionForm, getFile } from './session.js';

/** Download forms keep what was typed, to fetch another span of the same meter. */
const KEEP = { reset: false, pending: 'Preparing the workbook…' };

/** The downloads panel, for the roles that read meters. */
export function downloadsPanel(roles) {
  const seesAll = ['bank_operator', 'admin', 'auditor'].some((r) => roles.includes(r));
  const retailer = roles.includes('retailer');
  if (!seesAll && !retailer && !roles.includes('consumer')) return;
  show('downloads');
  const meters = document.getElementById('bills-meters');
  meters.required = !seesAll && !roles.includes('consumer');
  document.getElementById('bills-meters-hint').textContent = seesAll
    ? 'Empty for every meter.'
    : (meters.required ? 'The meters of your consumers.' : 'Empty for all your meters.');
  actionForm('readings-form', async (form) => {
    const span = spanQuery(form.elements.span.value);
    if (!span) throw new Error('Give a billing period\'s number (e.g. 12) or a month as YYYY-MM.');
    const file = await getFile('/api/exports/readings.xlsx', { meter: form.elements.meter.value.trim(), ...span });
    save(file);
    return `Downloaded ${file.fileName} (${size(file.blob.size)}).`;
  }, undefined, KEEP);
  actionForm('bills-form', async (form) => {
    const list = meterList(form.elements.meters.value);
    const file = await getFile('/api/exports/bills.xlsx', list.length ? { meters: list.join(',') } : {});
    save(file);
    return `Downloaded ${file.fileName} (${size(file.blob.size)}).`;
  }, undefined, KEEP);
}
