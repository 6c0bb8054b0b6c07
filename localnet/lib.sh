# shellcheck shell=bash
# Shared code of start.sh, stop.sh and node.sh. Sourced by them (they set -euo pipefail first);
# not meant for users, who source env.sh instead.

# shellcheck source-path=SCRIPTDIR source=env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

say() { printf 'localnet: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

command -v curl >/dev/null 2>&1 ||
  die "curl is not installed; it polls the nodes' RPC. Install it with 'apt-get install curl'."

# Seconds to wait for blocks after a start, and for a node to exit after SIGTERM.
START_TIMEOUT="${LOCALNET_START_TIMEOUT:-60}"
STOP_TIMEOUT="${LOCALNET_STOP_TIMEOUT:-30}"

# Ports of node i: the layout of `testnet init-files --single-host`, set again explicitly in
# configure_node so that it does not depend on that command's defaults, every one of them
# LOCALNET_PORT_SHIFT higher (0 on the main chain; 100 x k on region k; see env.sh).
rpc_port() { echo $((26657 + LOCALNET_PORT_SHIFT + $1)); }
p2p_port() { echo $((16656 + LOCALNET_PORT_SHIFT + $1)); }
api_port() { echo $((1317 + LOCALNET_PORT_SHIFT + $1)); }
grpc_port() { echo $((9090 + LOCALNET_PORT_SHIFT + $1)); }
# Listeners that are off (Prometheus; pprof unless LOCALNET_PPROF=1) or never opened (CometBFT's
# proxy_app, only dialled when the app runs out of process) still get addresses of their own per
# chain, so that turning one on cannot make two chains collide.
prometheus_port() { echo $((26670 + LOCALNET_PORT_SHIFT + $1)); }
pprof_port() { echo $((6060 + LOCALNET_PORT_SHIFT + $1)); }
proxy_app_port() { echo $((26658 + LOCALNET_PORT_SHIFT)); }

node_home() { echo "$LOCALNET_DATA/node$1"; }
node_log() { echo "$LOCALNET_DATA/node$1.log"; }
node_pidfile() { echo "$LOCALNET_DATA/node$1.pid"; }

# The file written last when a network is created: its presence means "a complete network
# exists", so an interrupted creation is never mistaken for one.
network_file() { echo "$LOCALNET_DATA/network.json"; }
network_exists() { [ -f "$(network_file)" ]; }

check_node_index() {
  if ! [[ "${1:-}" =~ ^[0-9]+$ ]] || [ "$1" -ge "$LOCALNET_NODES" ]; then
    die "node index must be 0..$((LOCALNET_NODES - 1)), got '${1:-}'"
  fi
}

# TOML edits, queued then applied to one file in a single pass (a per-key rewrite costs a few
# processes each, and a network needs ~100 edits):
#   toml_edit SECTION KEY VALUE    queue `KEY = VALUE` inside [SECTION] ("" = top level); VALUE is
#                                  written as given, so strings carry their quotes
#   toml_apply FILE                rewrite FILE with the queued edits and clear the queue
# Comments and layout are kept. Every key must occur exactly once in its section, so a key
# renamed in a new wasmd version is reported instead of silently ignored.
TOML_EDITS=()
toml_edit() { TOML_EDITS+=("$1"$'\x1f'"$2"$'\x1f'"$3"); }
toml_apply() {
  local file="$1" tmp spec missing
  spec="$(printf '%s\n' "${TOML_EDITS[@]}")"
  TOML_EDITS=()
  tmp="$(mktemp "$file.XXXXXX")"
  # The edits go through the environment, not `awk -v`, which would interpret backslashes.
  if ! missing="$(TOML_SPEC="$spec" awk '
    BEGIN {
      n = split(ENVIRON["TOML_SPEC"], lines, "\n")
      for (j = 1; j <= n; j++) {
        if (lines[j] == "") continue
        split(lines[j], f, "\037")
        want[f[1] SUBSEP f[2]] = f[3]
        hits[f[1] SUBSEP f[2]] = 0
      }
      current = ""
    }
    /^[[:space:]]*\[[^]]+\][[:space:]]*$/ {
      current = $0
      sub(/^[[:space:]]*\[/, "", current)
      sub(/\][[:space:]]*$/, "", current)
    }
    /^[[:space:]]*[A-Za-z0-9_.-]+[[:space:]]*=/ {
      k = $0
      sub(/^[[:space:]]*/, "", k)
      sub(/[[:space:]]*=.*$/, "", k)
      if ((current SUBSEP k) in want) {
        print k " = " want[current SUBSEP k] > out
        hits[current SUBSEP k]++
        next
      }
    }
    { print > out }
    END {
      bad = 0
      for (id in hits) if (hits[id] != 1) {
        split(id, p, SUBSEP)
        printf "[%s] %s (found %d times) ", p[1], p[2], hits[id]
        bad = 1
      }
      exit bad
    }
  ' out="$tmp" "$file")"; then
    rm -f "$tmp"
    die "could not edit $file: $missing"
  fi
  mv "$tmp" "$file"
}

# is_alive PID: the process exists and is not a zombie waiting to be reaped.
is_alive() {
  local state
  [ -r "/proc/$1/stat" ] || return 1
  state="$(sed 's/^.*) //' "/proc/$1/stat" | cut -d' ' -f1)"
  [ "$state" != "Z" ]
}

# is_our_node PID I: PID runs `wasmd start --home <node i's home>`; guards against a pid file whose
# pid has been reused by an unrelated process.
is_our_node() {
  local pid="$1" home
  home="$(node_home "$2")"
  is_alive "$pid" || return 1
  tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qxF -- "$home" &&
    tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qx -- start
}

# node_pid I: print the pid of node i when it runs. The pid file is the normal source; when it is
# missing (deleted by hand, or a crash between start and write) the node is found by the exact
# home directory on its command line, so a second start never runs two processes on one home.
node_pid() {
  local i="$1" pidfile pid cmd
  pidfile="$(node_pidfile "$i")"
  if [ -f "$pidfile" ]; then
    pid="$(cat "$pidfile")"
    if [[ "$pid" =~ ^[0-9]+$ ]] && is_our_node "$pid" "$i"; then
      echo "$pid"
      return 0
    fi
  fi
  # One grep over all command lines narrows the candidates; is_our_node then checks exactly.
  while read -r cmd; do
    pid="${cmd#/proc/}"
    pid="${pid%/cmdline}"
    if is_our_node "$pid" "$i" 2>/dev/null; then
      echo "$pid" >"$pidfile"
      echo "$pid"
      return 0
    fi
  done < <(grep -lsaF -- "$(node_home "$i")" /proc/[0-9]*/cmdline)
  rm -f "$pidfile"
  return 1
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# rpc_status PORT: the CometBFT /status of the node on that RPC port, or failure.
rpc_status() {
  curl -sf --max-time 2 "http://127.0.0.1:$1/status"
}

rpc_height() {
  local status
  status="$(rpc_status "$1")" || return 1
  jq -r '.result.sync_info.latest_block_height' <<<"$status"
}

log_tail() {
  local i="$1" log
  log="$(node_log "$i")"
  if [ -f "$log" ]; then
    printf -- '--- last lines of %s ---\n' "$log" >&2
    tail -n "${2:-20}" "$log" >&2
  fi
}

# check_ports_free I: a foreign process on one of node i's ports would make the node exit with a
# bind error deep in its log; name the port instead. Call only for a node that is not running.
check_ports_free() {
  local port
  local -a ports=("$(rpc_port "$1")" "$(p2p_port "$1")" "$(api_port "$1")" "$(grpc_port "$1")")
  [ "${LOCALNET_PPROF:-0}" != 1 ] || ports+=("$(pprof_port "$1")")
  for port in "${ports[@]}"; do
    if port_in_use "$port"; then
      die "port $port (node$1) is already in use by another process on 127.0.0.1"
    fi
  done
}

start_node() {
  local i="$1" home log pid
  home="$(node_home "$i")"
  log="$(node_log "$i")"
  if pid="$(node_pid "$i")"; then
    say "node$i already running (pid $pid)"
    return 0
  fi
  [ -d "$home/config" ] || die "node$i has no home at $home; run localnet/start.sh to create the network"
  check_ports_free "$i"
  printf '\n=== %s: starting node%s ===\n' "$(date -u +%FT%TZ)" "$i" >>"$log"
  # setsid: the node gets its own session, so a Ctrl-C in the terminal that ran start.sh (or make)
  # does not reach it; only stop.sh/node.sh stop it. The background job of a non-interactive shell
  # is not a process-group leader, so setsid execs in place and $! is the node's own pid.
  setsid "$WASMD" start --home "$home" --log_no_color </dev/null >>"$log" 2>&1 &
  pid=$!
  echo "$pid" >"$(node_pidfile "$i")"
  say "node$i started (pid $pid, rpc 127.0.0.1:$(rpc_port "$i"), log $log)"
}

# signal_node I SIGNAL: send SIGNAL to node i if it runs; print its pid.
signal_node() {
  local pid
  pid="$(node_pid "$1")" || return 1
  kill "-$2" "$pid" 2>/dev/null || true
  echo "$pid"
}

# wait_gone I PID DEADLINE: wait until PID has exited; SIGKILL it once SECONDS passes DEADLINE.
wait_gone() {
  local i="$1" pid="$2" deadline="$3"
  while is_alive "$pid"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      say "node$i (pid $pid) did not exit within ${STOP_TIMEOUT}s of SIGTERM; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      while is_alive "$pid"; do sleep 0.1; done
      break
    fi
    sleep 0.2
  done
  rm -f "$(node_pidfile "$i")"
}

# stop_nodes I...: SIGTERM all of them first (they shut down in parallel, each flushing its
# databases), then wait for each; SIGKILL what is still there after STOP_TIMEOUT.
stop_nodes() {
  local i pid deadline
  local -a pids=() idx=()
  for i in "$@"; do
    if pid="$(signal_node "$i" TERM)"; then
      pids+=("$pid")
      idx+=("$i")
    else
      say "node$i is not running"
    fi
  done
  deadline=$((SECONDS + STOP_TIMEOUT))
  for i in "${!pids[@]}"; do
    wait_gone "${idx[$i]}" "${pids[$i]}" "$deadline"
    say "node${idx[$i]} stopped"
  done
}

# fail_start MESSAGE: report a start that did not produce blocks, with every node's log tail.
fail_start() {
  local i
  say "error: $1"
  for ((i = 0; i < LOCALNET_NODES; i++)); do
    log_tail "$i" 15
  done
  say "the nodes that did start are left running for inspection; stop them with localnet/stop.sh"
  exit 1
}

# wait_for_blocks: wait until node 0 reports a height that proves consensus is live: at least 2
# on a new chain, and two above the first height it reports on a resumed one (a restarted node
# answers /status with its stored height before the network has agreed on anything new). Two,
# because the first block after a restart carries the time of the commit before the stop: only
# from the second on does the chain's clock show the current time again.
wait_for_blocks() {
  local deadline=$((SECONDS + START_TIMEOUT)) first="" target h i pid
  while :; do
    for ((i = 0; i < LOCALNET_NODES; i++)); do
      pid="$(cat "$(node_pidfile "$i")" 2>/dev/null)" || pid=""
      if [ -z "$pid" ] || ! is_alive "$pid"; then
        fail_start "node$i exited during start (see its log below)"
      fi
    done
    if h="$(rpc_height "$(rpc_port 0)")" && [[ "$h" =~ ^[0-9]+$ ]]; then
      [ -n "$first" ] || first="$h"
      target=$((first + 2))
      if [ "$h" -ge "$target" ]; then
        say "chain $CHAIN_ID is producing blocks (height $h)"
        return 0
      fi
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      fail_start "no new block within ${START_TIMEOUT}s (node0 height: ${h:-no answer})"
    fi
    sleep 0.5
  done
}

# wait_node_synced I: after a single node restarts, wait until it answers and has caught up with
# the highest height reported by the other running nodes.
wait_node_synced() {
  local i="$1" deadline=$((SECONDS + START_TIMEOUT)) status h best j oh pid
  while :; do
    pid="$(cat "$(node_pidfile "$i")" 2>/dev/null)" || pid=""
    if [ -z "$pid" ] || ! is_alive "$pid"; then
      log_tail "$i" 30
      die "node$i exited during start (see its log above)"
    fi
    best=0
    for ((j = 0; j < LOCALNET_NODES; j++)); do
      [ "$j" -eq "$i" ] && continue
      if oh="$(rpc_height "$(rpc_port "$j")")" && [[ "$oh" =~ ^[0-9]+$ ]] && [ "$oh" -gt "$best" ]; then
        best="$oh"
      fi
    done
    if status="$(rpc_status "$(rpc_port "$i")")"; then
      h="$(jq -r '.result.sync_info.latest_block_height' <<<"$status")"
      if [ "$(jq -r '.result.sync_info.catching_up' <<<"$status")" = "false" ] && [ "$h" -ge $((best - 1)) ] &&
        [ "$h" -gt 0 ]; then
        say "node$i is in sync (height $h, others at $best)"
        return 0
      fi
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      log_tail "$i" 30
      die "node$i did not catch up within ${START_TIMEOUT}s (its height: ${h:-no answer}, others: $best)"
    fi
    sleep 0.5
  done
}

# ensure_client_home: a wasmd home holding only the test accounts' keys (keyring-backend test,
# i.e. unencrypted files: acceptable for public test-only mnemonics, for nothing else), so that
# `wasmd_cli tx ... --from admin` finds them. Addresses are checked against the set in use.
ensure_client_home() {
  local name address mnemonic got have tmp pid failed=false
  local -A want=() phrase=()
  local -a missing=() pids=()
  while IFS=$'\t' read -r name address mnemonic; do
    want[$name]="$address"
    phrase[$name]="$mnemonic"
  done < <(jq -r '.accounts[] | [.name, .address, .mnemonic] | @tsv' "$LOCALNET_ACCOUNTS")

  # One listing instead of a `keys show` per account: every wasmd call costs ~0.5 s (it builds
  # a whole app in memory before running any command).
  have="$(client_keys_json)"
  for name in "${!want[@]}"; do
    got="$(jq -r --arg n "$name" '.[] | select(.name == $n) | .address' <<<"$have")"
    [ -n "$got" ] || missing+=("$name")
  done

  if [ "${#missing[@]}" -gt 0 ]; then
    # Import in parallel, each key into its own scratch home (two processes writing one keyring
    # could race), then gather the files: the test backend keeps a key in <name>.info plus
    # <address hex>.address, nothing shared.
    mkdir -p "$LOCALNET_CLIENT_HOME/keyring-test"
    tmp="$(mktemp -d "$LOCALNET_DATA/.keys.XXXXXX")"
    for name in "${missing[@]}"; do
      printf '%s\n' "${phrase[$name]}" |
        "$WASMD" keys add "$name" --recover --keyring-backend test --home "$tmp/$name" \
          >"$tmp/$name.log" 2>&1 &
      pids+=("$!")
    done
    for pid in "${pids[@]}"; do
      wait "$pid" || failed=true
    done
    if [ "$failed" = true ]; then
      cat "$tmp"/*.log >&2
      rm -rf "$tmp"
      die "could not import the test keys into $LOCALNET_CLIENT_HOME"
    fi
    for name in "${missing[@]}"; do
      cp "$tmp/$name/keyring-test/"* "$LOCALNET_CLIENT_HOME/keyring-test/"
    done
    rm -rf "$tmp"
    have="$(client_keys_json)"
  fi

  for name in "${!want[@]}"; do
    got="$(jq -r --arg n "$name" '.[] | select(.name == $n) | .address' <<<"$have")"
    [ "$got" = "${want[$name]}" ] ||
      die "key '$name' derives to '${got:-nothing}' but $(basename "$LOCALNET_ACCOUNTS") says ${want[$name]}; fix it"
  done
}

client_keys_json() {
  "$WASMD" keys list --keyring-backend test --home "$LOCALNET_CLIENT_HOME" --output json 2>/dev/null || echo "[]"
}
