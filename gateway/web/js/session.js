// The cabinet's session: the token of sign-in, calls to the gateway that leave for the
// sign-in page when the session ends or the participant is refused, and paged lists.

import { ApiError, actionFor, call, codes, endSession, fetchFile, session, withQuery } from './api.js';
import { busy, el, say } from './dom.js';

/** The open session `{token, address, roles, ...}` of this tab, or null. */
export const current = session(sessionStorage);

/** Leaves the cabinet for the sign-in page, saying why by `params`. */
export function leave(params) {
  endSession(sessionStorage);
  window.location.replace(withQuery('/', params));
}

async function guarded(work) {
  try {
    return await work();
  } catch (e) {
    if (e instanceof ApiError && actionFor(e.code) === 'sign_in') leave({ ended: 1 });
    if (e instanceof ApiError && actionFor(e.code) === 'refused') leave({ refused: e.code });
    throw e;
  }
}

/** The gateway's answer to `GET path?params`. */
export function get(path, params = {}) {
  return guarded(() => call(withQuery(path, params), { token: current.token }));
}

/** The file the gateway sends for `GET path?params`: `{blob, fileName}`. */
export function getFile(path, params = {}) {
  return guarded(() => fetchFile(withQuery(path, params), { token: current.token }));
}

/** The gateway's answer to `method path` with the JSON `body`. */
export function send(method, path, body) {
  return guarded(() => call(path, { method, body, token: current.token }));
}

/** A "more" button over a paged list: `load(startAfter)` fetches and renders one page. */
export function pager(button, load) {
  let after;
  const next = async () => {
    const page = await load(after);
    if (page.last != null) after = page.last;
    button.hidden = !page.has_more;
  };
  button.onclick = () => busy(button.parentElement, () => next().catch((e) => say(e.message, true)));
  return {
    async restart() {
      after = undefined;
      await next();
    },
  };
}

/**
 * Whether `error` says a panel is not for this participant here (refused to her, or its
 * contract not deployed): the panel then stays hidden.
 */
export function notForHer(error) {
  return error.code === codes.FORBIDDEN || error.code === codes.NOT_DEPLOYED;
}

/** A right-aligned table cell. */
export function num(text) {
  return el('td', { className: 'num' }, text);
}

/** Says the outcome of a form's action in its own live line (`output` element). */
export function outcome(form, text, error = false) {
  const line = form.querySelector('output');
  line.textContent = text;
  line.classList.toggle('error', error);
}

/** `error` as a person reads it, with the gateway's code for support. */
export function refusalText(error) {
  return error.code ? `${error.message} (${error.code})` : error.message;
}

/** Where a signed action landed, as a sentence's end. */
export function inBlock(receipt) {
  return `in block ${receipt.height} (transaction ${receipt.tx_hash})`;
}

/**
 * A form that acts on submit: `act(form, progress)` does the work and resolves to what to
 * say; the form is then cleared (unless `reset` is false) and `after()` runs (a refresh).
 * Refusals are said in the form's own `output` line with their code.
 */
export function actionForm(id, act, after = async () => {}, { reset = true, pending = 'Signing and waiting for the block…' } = {}) {
  const form = document.getElementById(id);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, async () => {
      try {
        outcome(form, pending);
        const said = await act(form, (text) => outcome(form, text));
        if (reset) form.reset();
        outcome(form, said);
        await after();
      } catch (e) {
        outcome(form, refusalText(e), true);
      }
    });
  });
}
