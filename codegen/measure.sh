#!/usr/bin/env bash
# The daily loop, measured: generation time and code size per Fin document (the example
# `measure`, a debug build as `build.rs` runs the generator), then the rebuild of the
# crate after a one-line spec edit (a property's description in openapi/fin-helpdesk.yaml
# edited and put back, alternately, so every build regenerates and recompiles). Run from
# anywhere in the checkout; the spec is restored on exit.
# Usage: codegen/measure.sh [rebuilds, default 6]
set -euo pipefail
cd "$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
rebuilds="${1:-6}"
spec=openapi/fin-helpdesk.yaml
line="description: Kind of message; only comment is defined."
grep -q "$line" "$spec" || { echo "$spec: no line '$line' to edit" >&2; exit 1; }
backup="$(mktemp)"
cp "$spec" "$backup"
trap 'cp "$backup" "$spec"; rm -f "$backup"' EXIT

echo "## generation, per document"
cargo run --quiet -p fin-helpdesk-codegen --example measure

echo
echo "## rebuild after a one-line spec edit (cargo build, debug), load: $(cut -d' ' -f1-3 /proc/loadavg)"
cargo build --quiet
for run in $(seq 1 "$rebuilds"); do
  if [ $((run % 2)) -eq 1 ]; then
    sed -i "s/$line/$line (edited)/" "$spec"
  else
    cp "$backup" "$spec"
  fi
  start="$(date +%s.%N)"
  cargo build --quiet
  end="$(date +%s.%N)"
  printf 'rebuild %d: %.2f s\n' "$run" "$(echo "$end - $start" | bc)"
done
