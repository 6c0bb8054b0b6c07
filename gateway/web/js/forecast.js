// What a consumer's prepaid balance will cover, from her open instalments in due order:
// the instalments it pays in full, the first one it cannot (its due date is when the
// balance runs out), and whether to warn her.

/** Days before an uncovered instalment falls due when the page warns of a low balance. */
export const WARN_DAYS = 14;

/**
 * `instalments` (the API's, any order) against `prepaid` minor units at `now` (unix
 * seconds): `{covered, runsOutAt, shortfall, warn}`. `runsOutAt` is the due date of the
 * first unpaid instalment the balance cannot pay in full (null when it pays them all),
 * `shortfall` what is missing then, `warn` true when that date is within WARN_DAYS.
 */
export function forecast(instalments, prepaid, now) {
  let left = BigInt(prepaid);
  const unpaid = instalments
    .filter((i) => i.status === 'open' || i.status === 'overdue')
    .sort((a, b) => a.due - b.due || a.id - b.id);
  let covered = 0;
  for (const i of unpaid) {
    const owed = BigInt(i.amount) - BigInt(i.paid);
    if (owed > left) {
      return {
        covered,
        runsOutAt: i.due,
        shortfall: (owed - left).toString(),
        warn: i.due - now <= WARN_DAYS * 86400,
      };
    }
    left -= owed;
    covered += 1;
  }
  return { covered, runsOutAt: null, shortfall: '0', warn: false };
}
