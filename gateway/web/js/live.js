// Live updates: the gateway's server-sent events (`GET /api/live`) read through fetch, so
// that the session token travels in a header rather than in the address. Each `indexed`
// event names the contracts that changed; the page reloads what it shows of them. A broken
// stream is opened again after a pause.

/** Seconds before the stream is opened again after it broke. */
const RETRY_SECONDS = 5;

/** The events of an SSE text stream's complete blocks, and the unfinished rest. */
export function parseEvents(text) {
  const blocks = text.split('\n\n');
  const rest = blocks.pop();
  const events = [];
  for (const block of blocks) {
    let name = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') name = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length > 0) events.push({ name, data: data.join('\n') });
  }
  return { events, rest };
}

/**
 * Whether a panel showing the contracts `watched` (`'*'`: anything) reloads for the `indexed`
 * event `{contracts, region}`. The panels show the main chain, so a regional sub-chain's
 * blocks reload only those that show any chain (the audit log, the contracts).
 */
export function concerns(watched, { contracts, region }) {
  if (watched.includes('*')) return true;
  if (region) return false;
  return contracts.includes('*') || contracts.some((c) => watched.includes(c));
}

/**
 * Follows `/api/live` with `token`: `onReady(height)` once per connection, `onIndexed({height,
 * contracts, region})` for each batch of the main chain or (with `region`) a sub-chain, `onState(text)` as the connection comes and goes. Stops when
 * `stop()` of the returned handle is called or the session is refused (401/403).
 */
export function follow(token, { onReady, onIndexed, onState }) {
  const controller = new AbortController();
  let stopped = false;
  async function connect() {
    while (!stopped) {
      try {
        const response = await fetch('/api/live', {
          headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
          signal: controller.signal,
        });
        if (response.status === 401 || response.status === 403) {
          onState('Live updates stopped: sign in again.');
          return;
        }
        if (!response.ok || !response.body) throw new Error(`the gateway answered ${response.status}`);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          const { events, rest } = parseEvents(buffer + value);
          buffer = rest;
          for (const e of events) {
            const data = JSON.parse(e.data);
            if (e.name === 'ready') {
              onState(`Live: block ${data.height}`);
              onReady(data.height);
            } else if (e.name === 'indexed') {
              if (!data.region) onState(`Live: block ${data.height}`);
              onIndexed(data);
            }
          }
        }
      } catch (e) {
        if (stopped) return;
        onState(`Live updates paused (${e.message}); trying again`);
      }
      await new Promise((resolve) => { setTimeout(resolve, RETRY_SECONDS * 1000); });
    }
  }
  connect();
  return {
    stop() {
      stopped = true;
      controller.abort();
    },
  };
}
