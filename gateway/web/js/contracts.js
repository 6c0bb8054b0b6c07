// The ledger's contracts: for everyone, which are deployed on the main chain or a region
// and whether any is paused (a paused contract refuses every change, so a participant sees
// why her payment did not go through); and the queries of those she may ask (the
// administrator and auditors: all), typed by the gateway against each contract's messages.

import { busy, el, say, show } from './dom.js';
import { pauseText, queryRequest } from './contract-text.js';
import { oneAtATime } from './redraw.js';
import { actionForm, get, inBlock, outcome, refusalText, send } from './session.js';

function contractRow(c, me) {
  const paused = c.pause?.paused === true;
  return el('tr', { 'data-contract': c.name, className: paused ? 'paused' : '' },
    el('td', {}, c.name),
    el('td', {}, c.about),
    el('td', {}, el('code', {}, c.address)),
    el('td', { className: 'standing' }, pauseText(c.pause, me)));
}

/** The query console: any query of the contracts `select` lists (those she may ask). */
function queryConsole(select, chain) {
  const form = document.getElementById('contract-query');
  const meterRow = document.getElementById('contract-query-meter-row');
  const schema = document.getElementById('contract-query-schema');
  const answer = document.getElementById('contract-query-answer');
  const sync = () => {
    meterRow.hidden = select.value !== 'meter';
    schema.href = `/api/contracts/${encodeURIComponent(select.value)}/schema`;
    schema.textContent = `the ${select.value} contract's queries (JSON schema)`;
  };
  select.addEventListener('change', sync);
  sync();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, async () => {
      answer.textContent = '';
      try {
        const [path, body] = queryRequest(select.value, {
          meterId: form.elements.meter.value,
          region: chain.value,
          text: form.elements.query.value,
        });
        outcome(form, 'Asking the chain…');
        answer.textContent = JSON.stringify(await send('POST', path, body), null, 2);
        outcome(form, 'The contract answered.');
      } catch (e) {
        outcome(form, e instanceof SyntaxError ? `The query is not JSON: ${e.message}` : refusalText(e), true);
      }
    });
  });
}

/** Fills `select` with `names`, keeping the choice when it is still there. */
function choices(select, names) {
  const chosen = select.value;
  select.replaceChildren(...names.map((n) => el('option', { value: n }, n)));
  if (names.includes(chosen)) select.value = chosen;
}

/**
 * The pause and resume forms, for guardians and the administrator (resuming: the
 * administrator), on the main chain; `reload` redraws the panel after either.
 */
function emergencyForms(roles, reload) {
  const pausing = roles.includes('guardian') || roles.includes('admin');
  const resuming = roles.includes('admin');
  actionForm('contract-pause', async (form) => {
    const name = form.elements.name.value;
    const r = await send('POST', `/api/admin/contracts/${encodeURIComponent(name)}/pause`, { reason: form.elements.reason.value });
    return `Paused the ${name} contract ${inBlock(r)}.`;
  }, reload);
  actionForm('contract-resume', async (form) => {
    const name = form.elements.name.value;
    const r = await send('POST', `/api/admin/contracts/${encodeURIComponent(name)}/resume`);
    return `Resumed the ${name} contract ${inBlock(r)}.`;
  }, reload);
  /** Shows the forms that apply to the main chain's `contracts`. */
  return (contracts, onMain) => {
    const running = contracts.filter((c) => c.pause && !c.pause.paused).map((c) => c.name);
    const paused = contracts.filter((c) => c.pause?.paused).map((c) => c.name);
    choices(document.getElementById('contract-pause-name'), running);
    choices(document.getElementById('contract-resume-name'), paused);
    // Kept in view while empty, so that the outcome of the last action stays readable.
    show('contract-pause', pausing && onMain);
    show('contract-resume', resuming && onMain);
  };
}

/**
 * The contracts panel; resolves to a function that redraws it. The query console lists the
 * contracts the gateway says she may ask, and is hidden when there are none; `roles` decide
 * the pause and resume forms.
 */
export async function contractsPanel(roles, me) {
  const rows = document.getElementById('contracts-rows');
  const chain = document.getElementById('contracts-chain');
  const warning = document.getElementById('contracts-paused');
  const select = document.getElementById('contract-query-name');
  let emergency = () => {};
  const reload = oneAtATime(async () => {
    const found = await get('/api/contracts', chain.value ? { region: chain.value } : {});
    if (chain.options.length === 1) {
      chain.append(...found.regions.map((r) => el('option', { value: r }, `region ${r}`)));
    }
    rows.replaceChildren(...found.contracts.map((c) => contractRow(c, me)));
    const paused = found.contracts.filter((c) => c.pause?.paused);
    warning.hidden = paused.length === 0;
    warning.textContent = paused.length === 0 ? ''
      : `Paused: ${paused.map((c) => `the ${c.name} contract (${pauseText(c.pause, me)})`).join('; ')}. A paused contract refuses every change until the administrator resumes it.`;
    const names = found.contracts.filter((c) => c.queryable).map((c) => c.name);
    if (found.meters_queryable) names.push('meter');
    show('contract-query', names.length > 0);
    choices(select, names);
    select.dispatchEvent(new Event('change'));
    emergency(found.contracts, !chain.value);
  });
  chain.addEventListener('change', () => reload().catch((e) => say(refusalText(e), true)));
  queryConsole(select, chain);
  emergency = emergencyForms(roles, reload);
  await reload();
  show('contracts');
  return reload;
}
