// The park market's slots as its schedule defines them (packages/types/src/park/mod.rs):
// slot n starts at origin + n × slot_seconds, and its gate closes gate_closure_seconds
// before. Pure, so that the page tests check them against the SDK's numbers.

/** When `slot` starts, unix seconds. */
export function slotStart(schedule, slot) {
  return schedule.origin + slot * schedule.slot_seconds;
}

/** When `slot`'s gate closes: no orders from then on. */
export function gateCloses(schedule, slot) {
  return Math.max(0, slotStart(schedule, slot) - schedule.gate_closure_seconds);
}

/**
 * The first slot whose gate is still open `leadSeconds` after `now` (an order sent now lands
 * in a later block): the SDK's `first_open_slot`.
 */
export function firstOpenSlot(schedule, now, leadSeconds) {
  const at = now + leadSeconds;
  const length = Math.max(1, schedule.slot_seconds);
  const reach = Math.max(0, at + schedule.gate_closure_seconds - schedule.origin);
  let slot = Math.floor(reach / length);
  while (gateCloses(schedule, slot) <= at) slot += 1;
  return slot;
}
