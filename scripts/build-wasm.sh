#!/usr/bin/env bash
# Builds every contract for the chain with the pinned toolchain into artifacts/<contract>.wasm
# (crate ledger-bank -> artifacts/bank.wasm: deployers name contracts, not crates),
# shrinks them with wasm-opt when binaryen is installed, enforces the size budget and writes
# artifacts/checksums.txt.
#
# `build-wasm.sh --bench` builds instead what only the benchmark deploys, beside the real
# artifacts (in artifacts/bench/): the meter contract with its records in postcard, which
# `make bench` weighs against the hand-written codec, and cw20-base as it is, the reference
# transfer its gas targets are set against.
set -euo pipefail
cd "$(dirname "$0")/.."

# ibc-probe is no part of the ledger: the regional chain tests' instrument for packets no region
# would send (contracts/testing/ibc-probe); nothing deploys it but e2e/tests/regions_chain.rs.
CONTRACTS=(admin meter tariff bank settlement-token draft loan-share multisig router region-endpoint cloud-federation park-market park-certificates park-credits park-footprints ibc-probe)
MAX_BYTES=$((800 * 1024))
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
OUT=artifacts
# wasm-opt flags: rustc 1.86 emits sign-extension opcodes (which the VM accepts); binaryen 108
# must be told to allow them, and is given no other feature so it cannot introduce any.
OPT=(-Os --enable-sign-ext --strip-debug --strip-producers)

if [ "${1:-}" = "--bench" ]; then
  # A target folder of its own, so that the feature does not rebuild the real meter artifact.
  RUSTFLAGS="-C link-arg=-s" cargo build --release --lib --target wasm32-unknown-unknown \
    -p ledger-meter --features postcard-records --target-dir "$TARGET_DIR/bench-postcard"
  mkdir -p "$OUT/bench"
  src="$TARGET_DIR/bench-postcard/wasm32-unknown-unknown/release/ledger_meter.wasm"
  if command -v wasm-opt >/dev/null 2>&1; then
    wasm-opt "${OPT[@]}" "$src" -o "$OUT/bench/meter-postcard.wasm"
  else
    cp "$src" "$OUT/bench/meter-postcard.wasm"
  fi
  RUSTFLAGS="-C link-arg=-s" cargo build --release --lib --target wasm32-unknown-unknown \
    -p ledger-cw20-reference
  src="$TARGET_DIR/wasm32-unknown-unknown/release/ledger_cw20_reference.wasm"
  if command -v wasm-opt >/dev/null 2>&1; then
    wasm-opt "${OPT[@]}" "$src" -o "$OUT/bench/cw20_reference.wasm"
  else
    cp "$src" "$OUT/bench/cw20_reference.wasm"
  fi
  for f in meter-postcard cw20_reference; do
    printf '%-28s %7d bytes\n' "bench/$f.wasm" "$(stat -c %s "$OUT/bench/$f.wasm")"
  done
  exit 0
fi

pkgs=()
for c in "${CONTRACTS[@]}"; do pkgs+=(-p "ledger-$c"); done
# Stripping symbols at link time keeps names out of the artifact; the VM needs none of them.
RUSTFLAGS="-C link-arg=-s" cargo build --release --lib --target wasm32-unknown-unknown "${pkgs[@]}"

mkdir -p "$OUT"
rm -f "$OUT"/*.wasm "$OUT/checksums.txt"
if command -v wasm-opt >/dev/null 2>&1; then
  shrink=1
else
  shrink=0
  echo "build-wasm: wasm-opt not found; artifacts are not shrunk (Debian: apt-get install binaryen)" >&2
fi

# wasm-opt is single-threaded at -Os: one per core.
cores=$(nproc 2>/dev/null || echo 2)
for c in "${CONTRACTS[@]}"; do
  file="${c//-/_}.wasm"
  src="$TARGET_DIR/wasm32-unknown-unknown/release/ledger_$file"
  if [ "$shrink" = 1 ]; then
    while [ "$(jobs -rp | wc -l)" -ge "$cores" ]; do wait -n; done
    wasm-opt "${OPT[@]}" "$src" -o "$OUT/$file" &
  else
    cp "$src" "$OUT/$file"
  fi
done
while [ -n "$(jobs -rp)" ]; do wait -n; done

too_big=0
for c in "${CONTRACTS[@]}"; do
  file="${c//-/_}.wasm"
  size=$(stat -c %s "$OUT/$file")
  printf '%-24s %7d bytes\n' "$file" "$size"
  if [ "$size" -gt "$MAX_BYTES" ]; then
    echo "build-wasm: $file is $size bytes, over the budget of $MAX_BYTES" >&2
    too_big=1
  fi
done
(cd "$OUT" && sha256sum ./*.wasm | sed 's| \./| |' >checksums.txt)
[ "$too_big" = 0 ] || exit 1
