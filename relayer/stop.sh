#!/usr/bin/env bash
# Stops the relayer started by relayer/start.sh: SIGTERM, SIGKILL after RELAYER_STOP_TIMEOUT
# seconds (default 20). Packets sent meanwhile wait on their chains; the next start relays them
# or times them out (see relayer/README.md).
set -euo pipefail
RELAYER_SCRIPT=relayer/stop
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if ! pid="$(relayer_pid)"; then
  rsay "not running"
  exit 0
fi
kill -TERM "$pid" 2>/dev/null || true
deadline=$((SECONDS + ${RELAYER_STOP_TIMEOUT:-20}))
while is_alive "$pid"; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    rsay "pid $pid still running after SIGTERM; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  sleep 0.2
done
rm -f "$RELAYER_PIDFILE"
rsay "stopped (pid $pid)"
