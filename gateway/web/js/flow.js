// A draft's way down its chain of holders, as words: who passed it to whom, what the bank
// transfer carried, and whether the bank's record of each hop agrees. The drafts panel
// draws these steps; they carry the state in words, never in colour alone.

import { money } from './format.js';

/** What a hop's reconciliation means to a reader, and the class that marks it. */
export function hopCheck(hop) {
  switch (hop.check) {
    case 'reconciled':
      return { mark: '✓', text: 'reconciled with the bank', className: 'reconciled' };
    case 'missing_bank_record':
      return { mark: '…', text: 'awaiting the bank\'s record', className: 'missing' };
    case 'mismatch': {
      const fields = hop.disagreements.map((d) => (d.field === 'amount'
        ? `amount ${money(d.endorsed)} endorsed, ${money(d.bank)} at the bank`
        : `${d.field} ${d.endorsed} endorsed, ${d.bank} at the bank`));
      return { mark: '✗', text: `the bank's record disagrees: ${fields.join('; ')}`, className: 'mismatch' };
    }
    default:
      return { mark: '○', text: 'not endorsed yet', className: 'planned' };
  }
}

/** A party as the reader knows it: "you" for herself, else the address. */
export function party(address, me) {
  return address === me ? 'you' : address;
}

/**
 * The steps of `draft`'s flow for the reader `me`: the issuer, then for every hop the
 * transfer and the holder it reaches. A holder step says whether the draft is there now.
 */
export function flowSteps(draft, me) {
  const steps = [{ kind: 'holder', label: 'issuer', who: party(draft.issuer, me), here: draft.holder === draft.issuer && draft.endorsed === 0 }];
  for (const hop of draft.hops) {
    const endorsed = hop.endorsed_at != null;
    steps.push({
      kind: 'hop',
      index: hop.index,
      value: money(hop.value),
      release: money(hop.release),
      serial: hop.serial,
      ...hopCheck(hop),
    });
    steps.push({
      kind: 'holder',
      label: hop.label,
      who: party(hop.to, me),
      here: endorsed && hop.index + 1 === draft.endorsed,
    });
  }
  return steps;
}
