#!/usr/bin/env bash
# Puts the pinned Go relayer (cosmos/relayer v2.6.0, binary `relayer`) in a cache outside the
# repository, building it from source through the Go module proxy when it is missing; prints the
# binary's path. A second run finds the cached binary and returns at once.
#
# Why this recipe: `go install github.com/cosmos/relayer/v2@v2.6.0` is refused because the proxy
# does not serve that module's version list, so the module is required from a scratch module
# (`go get ...@v2.6.0`) and built there. The first build takes about 9 minutes on two cores.
# The build uses the same Go 1.25 toolchain as wasmd (localnet/install-wasmd.sh); the `go`
# command fetches it through the module proxy that `go env GOPROXY` names.
#
# Note: the relayer's own dependency graph pulls github.com/cosmos/ibc-go/v8 v8.2.0, a version its
# authors retracted; `go get` prints a warning about it. It is the relayer's pin, not ours, and
# the relayer talks to our ibc-go v10 chains over RPC only (see relayer/README.md).
set -euo pipefail

RELAYER_VERSION="${RELAYER_VERSION:-v2.6.0}"
GO_TOOLCHAIN="${RELAYER_GO_TOOLCHAIN:-${WASMD_GO_TOOLCHAIN:-go1.25.5}}"
CACHE_ROOT="${LEDGER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/obligation-ledger}"
DEST="$CACHE_ROOT/relayer-$RELAYER_VERSION"
BIN="$DEST/relayer"

say() { printf 'relayer/install: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

if [ -x "$BIN" ] && "$BIN" version >/dev/null 2>&1; then
  echo "$BIN"
  exit 0
fi

# A Go toolchain fetched by scripts/setup.sh (for machines whose own Go is too old).
[ -x "$CACHE_ROOT/$GO_TOOLCHAIN/bin/go" ] && export PATH="$CACHE_ROOT/$GO_TOOLCHAIN/bin:$PATH"
command -v go >/dev/null 2>&1 ||
  die "Go is not installed (Debian: 'apt-get install golang', or run scripts/setup.sh)"

say "building cosmos/relayer $RELAYER_VERSION into $DEST (first run only; about 9 minutes on two cores)"
mkdir -p "$DEST"
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

export GOTOOLCHAIN="$GO_TOOLCHAIN"
export GOFLAGS="-mod=mod"
(
  cd "$work"
  go mod init scratch >/dev/null 2>&1
  go get "github.com/cosmos/relayer/v2@$RELAYER_VERSION"
  CGO_ENABLED=1 go build -trimpath \
    -ldflags "-X github.com/cosmos/relayer/v2/cmd.Version=${RELAYER_VERSION#v}" \
    -o "$BIN.tmp" github.com/cosmos/relayer/v2
) || die "could not build github.com/cosmos/relayer/v2@$RELAYER_VERSION through the Go module proxy (see above)"

mv "$BIN.tmp" "$BIN"
"$BIN" version >/dev/null 2>&1 || die "the built relayer does not start"
say "installed $BIN"
echo "$BIN"
