// Redraws run one at a time. A panel is redrawn after its own form's action and when a new
// block touches its contracts, often both at once; two redraws of a paged list that
// interleave would each clear it and then both append their rows, listing everything twice.

/**
 * `work` wrapped so that it never runs twice at once: a call while it runs makes it run once
 * more afterwards (the calls meanwhile share that run), so the last state is always drawn.
 * Each call resolves when the run that serves it ends.
 */
export function oneAtATime(work) {
  let running = null;
  let queued = null;
  const run = () => {
    if (!running) {
      running = Promise.resolve().then(work).finally(() => { running = null; });
      return running;
    }
    if (!queued) {
      queued = running.catch(() => {}).then(() => {
        queued = null;
        return run();
      });
    }
    return queued;
  };
  return run;
}
