// The gateway's JSON API from a page: the session token in sessionStorage, refusals as
// errors carrying the gateway's stable code, and what the page does about each code.

/** The sessionStorage entry of the open session. */
export const SESSION_KEY = 'ledger.session';

/** A refusal: the gateway's `{code, message}`, or a code of the page's own. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/** The gateway's codes the pages act on (gateway/src/error.rs). */
export const codes = {
  UNAUTHENTICATED: 'gateway.unauthenticated',
  NOT_A_PARTICIPANT: 'gateway.not_a_participant',
  SUSPENDED: 'gateway.suspended',
  BLACKLISTED: 'gateway.blacklisted',
  RATE_LIMITED: 'gateway.rate_limited',
  /** The page's own: no answer, or one that is not the gateway's JSON. */
  UNREACHABLE: 'page.gateway_unreachable',
};

/**
 * What a page does about a refusal: `sign_in` (the session is gone: sign in again),
 * `refused` (the participant may not use the ledger: the refusal page), `show` (say it
 * where the action was asked).
 */
export function actionFor(code) {
  switch (code) {
    case codes.UNAUTHENTICATED:
      return 'sign_in';
    case codes.NOT_A_PARTICIPANT:
    case codes.SUSPENDED:
    case codes.BLACKLISTED:
      return 'refused';
    default:
      return 'show';
  }
}

/** The open session `{token, expires_at, address, roles}` of `storage`, or null. */
export function session(storage) {
  try {
    const s = JSON.parse(storage.getItem(SESSION_KEY) ?? 'null');
    return s && typeof s.token === 'string' ? s : null;
  } catch {
    return null;
  }
}

/** Keeps the answer of `POST /auth/login` for this tab. */
export function keepSession(storage, login) {
  storage.setItem(SESSION_KEY, JSON.stringify(login));
}

/** Ends the tab's session (the token simply expires on the gateway's side). */
export function endSession(storage) {
  storage.removeItem(SESSION_KEY);
}

/**
 * The JSON answer of `method path`, with `body` as JSON and the bearer `token` when given;
 * a refusal throws ApiError with the gateway's code.
 */
export async function call(path, { method = 'GET', body, token, fetcher = globalThis.fetch } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetcher(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch (e) {
    throw new ApiError(0, codes.UNREACHABLE, `the gateway does not answer (${e.message})`);
  }
  let json = null;
  try {
    json = await response.json();
  } catch {
    // Not JSON: judged below by the status alone.
  }
  if (response.ok && json !== null) return json;
  if (json && typeof json.code === 'string') {
    throw new ApiError(response.status, json.code, json.message ?? json.code);
  }
  throw new ApiError(response.status, codes.UNREACHABLE, `the gateway answered ${response.status} without a coded refusal`);
}

/** `path` with the query parameters of `params` that are set. */
export function withQuery(path, params) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(name, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
