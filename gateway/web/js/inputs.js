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
