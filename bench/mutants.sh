#!/usr/bin/env bash
# Mutation testing of the domain (BENCHMARKS.md, "Mutation testing (domain)"): how many small
# changes of fahrplan-domain's code its own tests notice. Installs cargo-mutants from crates.io if
# it is missing, runs it on the domain crate only, and prints the counts and the caught share of
# viable mutants. Viable means caught + missed: unviable mutants do not build and say nothing, and a
# timeout (a mutant that makes a test loop forever) is counted apart, as cargo-mutants does.
# Run from anywhere; extra arguments go to cargo mutants (e.g. `-- --jobs 2`). Results go to
# mutants.out/ (git-ignored). Exits 2 when some mutant was missed, 0 when none was (a timeout is a
# mutant the tests noticed by hanging, so it does not fail the run).
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=${CARGO_MUTANTS_VERSION:-27.1.0}

if ! cargo mutants --version >/dev/null 2>&1; then
  cargo install cargo-mutants --locked --version "$VERSION"
fi
cargo mutants --version

status=0
cargo mutants --package fahrplan-domain "$@" || status=$?
# 0: all caught, 2: some missed, 3: some timed out; anything else means no result.
case $status in
  0 | 2 | 3) ;;
  *) echo "cargo mutants failed with status $status" >&2; exit "$status" ;;
esac

count() { if [ -f "mutants.out/$1.txt" ]; then grep -c . "mutants.out/$1.txt" || true; else echo 0; fi; }
caught=$(count caught)
missed=$(count missed)
unviable=$(count unviable)
timeout=$(count timeout)
viable=$((caught + missed))
echo
echo "caught:   $caught"
echo "missed:   $missed"
echo "unviable: $unviable"
echo "timeout:  $timeout"
if [ "$viable" -gt 0 ]; then
  awk -v c="$caught" -v v="$viable" \
    'BEGIN { printf "caught share of viable mutants: %d of %d = %.1f %%\n", c, v, 100 * c / v }'
fi
if [ "$missed" -gt 0 ]; then
  echo
  echo "missed mutants (mutants.out/missed.txt):"
  cat mutants.out/missed.txt
fi
[ "$missed" -eq 0 ] || exit 2
