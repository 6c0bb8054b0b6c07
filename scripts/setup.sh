#!/usr/bin/env bash
# Installs what `make demo` and `make test` need and a fresh Debian machine lacks, then
# returns at once on a machine that has it all. `make demo`, `make test` and .ci/run call it.
#
#   Debian packages: binaryen (wasm-opt shrinks the contracts), jq and curl (localnet scripts),
#     gcc-aarch64-linux-gnu and libc6-dev-arm64-cross (the meter client for a Raspberry Pi),
#     build-essential (cgo, when wasmd must be built), golang and unzip (when Go is missing and
#     wasmd or the relayer is not cached yet), nodejs and npm (the cabinets' browser modules'
#     tests), chromium (the cabinets' browser tests, headless)
#   playwright-core in e2e/browser (npm ci, from its lock file), which drives that Chromium
#   the pinned Rust toolchain from rust-toolchain.toml (rustup does not install it by itself
#     on machines with RUSTUP_AUTO_INSTALL=0)
#   a Go 1.25 toolchain, when wasmd or the relayer is not cached and the machine's Go is too old
#     to fetch one
#     (Debian's golang is 1.19): taken from the Go module proxy that `go env GOPROXY` names
#     into the cache, where localnet/install-wasmd.sh finds it
set -euo pipefail
cd "$(dirname "$0")/.."

GO_TOOLCHAIN="${WASMD_GO_TOOLCHAIN:-go1.25.5}"
CACHE_ROOT="${LEDGER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/obligation-ledger}"
WASMD_VERSION="${WASMD_VERSION:-v0.61.14}"

say() { printf 'setup: %s\n' "$*" >&2; }

# wasmd and the IBC relayer are built from Go sources once, into the cache; Go is needed until
# both are there (the relayer is built by scripts/chain-test.sh through relayer/install.sh).
RELAYER_VERSION="${RELAYER_VERSION:-v2.6.0}"
go_builds_cached=false
[ -x "$CACHE_ROOT/wasmd-$WASMD_VERSION/wasmd" ] && [ -x "$CACHE_ROOT/relayer-$RELAYER_VERSION/relayer" ] &&
  go_builds_cached=true

need=()
command -v wasm-opt >/dev/null 2>&1 || need+=(binaryen)
command -v jq >/dev/null 2>&1 || need+=(jq)
command -v curl >/dev/null 2>&1 || need+=(curl ca-certificates)
command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || need+=(gcc-aarch64-linux-gnu)
[ -d /usr/aarch64-linux-gnu/include ] || need+=(libc6-dev-arm64-cross)
command -v cc >/dev/null 2>&1 || need+=(build-essential)
# The web cabinets' browser modules are unit-tested with Node.js (`node --test`); the chain
# tests drive the cabinets in Debian's Chromium through playwright-core, which npm installs.
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ "$go_builds_cached" = false ]; then
  command -v go >/dev/null 2>&1 || need+=(golang)
  command -v unzip >/dev/null 2>&1 || need+=(unzip)
fi

if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    say "missing: ${need[*]}; install them with: apt-get install ${need[*]}"
    exit 1
  fi
  say "installing ${need[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
fi

# The pinned Rust toolchain, with the targets and components rust-toolchain.toml lists.
rustup toolchain install >/dev/null 2>&1 || rustup toolchain install >&2

# wasmd 0.61 builds with Go 1.25. A Go of 1.21 or newer fetches that toolchain by itself
# (localnet/install-wasmd.sh sets GOTOOLCHAIN); an older one (Debian bookworm's 1.19) cannot,
# so take the toolchain the way `go` itself does: the module golang.org/toolchain from the
# module proxy the machine's Go is configured with.
go_minor() { go env GOVERSION 2>/dev/null | sed -n 's/^go1\.\([0-9]*\).*/\1/p'; }
if [ "$go_builds_cached" = false ] && [ "$(go_minor || echo 0)" -lt 21 ] 2>/dev/null; then
  go_dir="$CACHE_ROOT/$GO_TOOLCHAIN"
  if [ ! -x "$go_dir/bin/go" ]; then
    proxy=""
    IFS=',|' read -r -a proxies <<<"$(go env GOPROXY)"
    for p in "${proxies[@]}"; do
      case "$p" in direct | off | "") ;; *) proxy="${p%/}"; break ;; esac
    done
    [ -n "$proxy" ] || { say "go env GOPROXY names no module proxy; set GOPROXY"; exit 1; }
    say "fetching the $GO_TOOLCHAIN toolchain from the Go module proxy"
    zip="$(mktemp --suffix=.zip)"
    curl -sSfL -o "$zip" "$proxy/golang.org/toolchain/@v/v0.0.1-$GO_TOOLCHAIN.linux-amd64.zip"
    rm -rf "$go_dir.tmp"
    mkdir -p "$go_dir.tmp"
    unzip -q "$zip" -d "$go_dir.tmp"
    rm -f "$zip"
    rm -rf "$go_dir"
    mv "$go_dir.tmp/golang.org/toolchain@v0.0.1-$GO_TOOLCHAIN.linux-amd64" "$go_dir"
    rm -rf "$go_dir.tmp"
  fi
fi

# playwright-core for the browser tests, as e2e/browser/package-lock.json pins it (no browser
# download: it drives Debian's Chromium); again only when the lock file changed.
browser_dir=e2e/browser
if [ ! -f "$browser_dir/node_modules/.package-lock.json" ] ||
  [ "$browser_dir/package-lock.json" -nt "$browser_dir/node_modules/.package-lock.json" ]; then
  say "installing playwright-core for the browser tests (npm ci in $browser_dir)"
  npm ci --prefix "$browser_dir" --no-audit --no-fund >/dev/null
fi
