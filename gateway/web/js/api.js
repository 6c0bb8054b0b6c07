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
  /** The session's roles do not allow this. */
  FORBIDDEN: 'gateway.forbidden',
  /** The deployment has no such contract (drafts or loan sharing left out). */
  NOT_DEPLOYED: 'gateway.not_deployed',
  /** The gateway offers wallets no chain settings. */
  NO_WALLET_SETTINGS: 'gateway.no_wallet_settings',
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

/** `fetcher`'s answer to `path`, or ApiError `page.gateway_unreachable` when none came. */
async function request(path, init, fetcher) {
  try {
    return await fetcher(path, { ...init, credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, codes.UNREACHABLE, `the gateway does not answer (${e.message})`);
  }
}

/** The ApiError of a refused `response` whose body was read as `json` (null if not JSON). */
function refusal(response, json) {
  if (json && typeof json.code === 'string') {
    return new ApiError(response.status, json.code, json.message ?? json.code);
  }
  return new ApiError(response.status, codes.UNREACHABLE, `the gateway answered ${response.status} without a coded refusal`);
}

async function jsonOf(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/**
 * The JSON answer of `method path`, with `body` as JSON and the bearer `token` when given;
 * a refusal throws ApiError with the gateway's code.
 */
export async function call(path, { method = 'GET', body, token, fetcher = globalThis.fetch } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await request(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  }, fetcher);
  const json = await jsonOf(response);
  if (response.ok && json !== null) return json;
  throw refusal(response, json);
}

/**
 * A file the gateway sends at `path` (an XLSX workbook): `{blob, fileName}`, the name taken
 * from its Content-Disposition; a refusal throws ApiError with the gateway's code.
 */
export async function fetchFile(path, { token, fetcher = globalThis.fetch } = {}) {
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  const response = await request(path, { method: 'GET', headers }, fetcher);
  if (!response.ok) throw refusal(response, await jsonOf(response));
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'download';
  return { blob: await response.blob(), fileName };
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
