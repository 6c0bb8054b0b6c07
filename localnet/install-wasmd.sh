#!/usr/bin/env bash
# Puts the pinned wasmd in a cache outside the repository, building it from source through the
# Go module proxy when it is missing. A second run finds the cached binary and returns at once.
#
# Why from source: `go install github.com/CosmWasm/wasmd/cmd/wasmd@vX` is refused because wasmd's
# go.mod has `replace` lines, so the module is downloaded, copied somewhere writable and built
# there. Go 1.26 fails on wasmd 0.61's sonic dependency and 1.24.0 fails to link, so the build
# uses a Go 1.25 toolchain, which the `go` command fetches through the module proxy.
set -euo pipefail

WASMD_VERSION="${WASMD_VERSION:-v0.61.14}"
GO_TOOLCHAIN="${WASMD_GO_TOOLCHAIN:-go1.25.5}"
CACHE_ROOT="${LEDGER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/obligation-ledger}"
DEST="$CACHE_ROOT/wasmd-$WASMD_VERSION"
BIN="$DEST/wasmd"

say() { printf 'install-wasmd: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

if [ -x "$BIN" ] && LD_LIBRARY_PATH="$DEST" "$BIN" version >/dev/null 2>&1; then
  echo "$BIN"
  exit 0
fi

# A Go toolchain fetched by scripts/setup.sh (for machines whose own Go is too old).
[ -x "$CACHE_ROOT/$GO_TOOLCHAIN/bin/go" ] && export PATH="$CACHE_ROOT/$GO_TOOLCHAIN/bin:$PATH"

command -v go >/dev/null 2>&1 ||
  die "Go is not installed. Install Go 1.22 or newer (Debian: 'apt-get install golang', or see go.dev/doc/install); the build fetches the Go 1.25 toolchain it needs by itself."
command -v gcc >/dev/null 2>&1 ||
  die "gcc is not installed; wasmd links the wasm VM through cgo. Install it with 'apt-get install build-essential'."

say "building wasmd $WASMD_VERSION into $DEST (first run only; takes several minutes)"
mkdir -p "$DEST"
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

export GOTOOLCHAIN="$GO_TOOLCHAIN"
export GOFLAGS="-mod=mod"
(
  cd "$work"
  go mod init scratch >/dev/null 2>&1
  go mod download -json "github.com/CosmWasm/wasmd@$WASMD_VERSION" >download.json
) || die "could not download github.com/CosmWasm/wasmd@$WASMD_VERSION through the Go module proxy (is GOPROXY reachable?)"

src_dir=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' "$work/download.json")
[ -d "$src_dir" ] || die "the module download did not report a source directory"
cp -r "$src_dir" "$work/wasmd"
chmod -R u+w "$work/wasmd"

(
  cd "$work/wasmd"
  unset GOFLAGS
  CGO_ENABLED=1 go build -mod=readonly -tags netgo -trimpath \
    -ldflags "-X github.com/cosmos/cosmos-sdk/version.Name=wasm -X github.com/cosmos/cosmos-sdk/version.AppName=wasmd -X github.com/cosmos/cosmos-sdk/version.Version=${WASMD_VERSION#v}" \
    -o "$BIN.tmp" ./cmd/wasmd
) || die "go build of wasmd failed (see the output above)"

# The binary loads libwasmvm from the Go module cache by rpath; keep a copy beside it so the
# binary keeps working if that cache is cleaned.
wasmvm_dir=$(cd "$work/wasmd" && GOFLAGS='' go list -m -f '{{.Dir}}' github.com/CosmWasm/wasmvm/v3 2>/dev/null || true)
if [ -n "$wasmvm_dir" ] && [ -f "$wasmvm_dir/internal/api/libwasmvm.x86_64.so" ]; then
  cp "$wasmvm_dir/internal/api/libwasmvm.x86_64.so" "$DEST/"
fi
mv "$BIN.tmp" "$BIN"
LD_LIBRARY_PATH="$DEST" "$BIN" version >/dev/null || die "the built wasmd does not start"
say "installed $("$BIN" version 2>&1) at $BIN"
echo "$BIN"
