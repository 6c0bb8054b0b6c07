// What people type into the cabinet's forms, read into what the API takes; pure, so the
// tests run it without a browser.

/**
 * The query of a readings download from what was typed: a billing period's number, or a
 * month as YYYY-MM; null for anything else.
 */
export function spanQuery(text) {
  const span = text.trim();
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(span)) return { month: span };
  if (/^\d{1,10}$/.test(span)) return { period: Number(span) };
  return null;
}

/** The meter ids typed in a list field, separated by commas or spaces. */
export function meterList(text) {
  return text.split(/[\s,]+/).filter((id) => id.length > 0);
}

/**
 * A UTC minute typed as `YYYY-MM-DD HH:MM` (a `T` also separates them), as unix seconds;
 * null when it is not one (a date that does not exist included).
 */
export function utcMinute(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number);
  const ms = Date.UTC(year, month - 1, day, hour, minute);
  const back = new Date(ms);
  if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day || hour > 23 || minute > 59) return null;
  return ms / 1000;
}
