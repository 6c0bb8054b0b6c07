#!/usr/bin/env bash
# Regenerates schema/ and fails when the committed schema differs from the code.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --quiet --locked -p ledger-types --bin schema -- schema >/dev/null
if ! git diff --exit-code --stat -- schema || [ -n "$(git ls-files --others --exclude-standard -- schema)" ]; then
  echo "check-schema: schema/ is stale; run 'make schema' and commit the result" >&2
  git ls-files --others --exclude-standard -- schema >&2
  exit 1
fi
echo "schema is fresh"
