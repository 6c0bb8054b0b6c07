#!/usr/bin/env bash
# Starts the relayer (`relayer start`, every configured path) in the background, pid in
# relayer/data/relayer.pid and output appended to relayer/data/relayer.log; returns once the
# process is up. A running relayer is left as it is.
#
# On start the relayer reads the last RELAYER_BLOCK_HISTORY blocks (default 20) of each chain,
# then flushes: it asks each chain for the packets committed but not received or acknowledged and
# looks up each one's send (or acknowledgement) through the nodes' tx index (send_packet.* and
# write_acknowledgement.* attributes, which localnet indexes), so packets sent while it was down
# are relayed, or timed out and refunded, whatever their age. Its debug and metrics servers stay
# off (their defaults in v2.6.0).
#
# RELAYER_MAX_MSGS (default 25) packets go in one transaction. v2.6.0's default of 5 left a
# burst of 500 meter registrations' acknowledgements to its flush, 5 every few seconds, after
# its event path had relayed a few dozen; 25 registrations (about 1M gas each) still fit a
# block of the localnet's 100M gas several times over.
set -euo pipefail
RELAYER_SCRIPT=relayer/start
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if pid="$(relayer_pid)"; then
  rsay "already running (pid $pid)"
  exit 0
fi
[ -f "$RELAYER_HOME/config/config.yaml" ] || rdie "no relayer configuration; run relayer/configure.sh (or relayer/regions.sh up)"
bin="$(relayer_bin)"
mkdir -p "$RELAYER_DATA"
printf '\n=== %s: starting the relayer ===\n' "$(date -u +%FT%TZ)" >>"$RELAYER_LOG"
# setsid: its own session, so a Ctrl-C in the calling terminal does not reach it (stop.sh does).
setsid "$bin" start --home "$RELAYER_HOME" --block-history "${RELAYER_BLOCK_HISTORY:-20}" \
  --max-msgs "${RELAYER_MAX_MSGS:-25}" --log-format logfmt </dev/null >>"$RELAYER_LOG" 2>&1 &
pid=$!
echo "$pid" >"$RELAYER_PIDFILE"
sleep 1
is_alive "$pid" || {
  tail -n 20 "$RELAYER_LOG" >&2
  rm -f "$RELAYER_PIDFILE"
  rdie "the relayer exited at once (log above)"
}
rsay "started (pid $pid, log $RELAYER_LOG)"
