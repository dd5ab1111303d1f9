#!/usr/bin/env bash
# The whole test suite: formatting and lints, then unit, property, fixture, Wireshark (tshark)
# and dictionary tests of every crate, plus a one-iteration smoke run of the benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo fmt --all --check
cargo clippy --workspace --all-targets --all-features -- -D warnings

# Layering: the codec has no async runtime and no database; the store has no async runtime; the
# control plane never touches the data plane's I/O; the load generator speaks Diameter through
# the codec only (no store, no engine); the test kit stays below the engine, whose own unit
# tests use it (an engine dependency would build a second engine).
forbidden() { # crate, regex of crate names it must not depend on
    if cargo tree -p "$1" -e normal --prefix none | grep -Eq "^($2) "; then
        echo "layering: $1 depends on one of: $2" >&2
        exit 1
    fi
}
forbidden codec 'tokio|tokio-uring|rocksdb|librocksdb-sys'
forbidden store 'tokio|tokio-uring'
forbidden api 'engine|tokio-uring'
forbidden loadtest 'store|engine|api|rocksdb|librocksdb-sys|tokio-uring'
forbidden testkit 'engine|api|tokio|tokio-uring'
forbidden ctl 'store|engine|api|rocksdb|librocksdb-sys|tokio-uring'

# The engine's middle layer names no application: applications live in engine/src/apps/ only
# (docs/ARCHITECTURE.md, "Architecture invariants").
if grep -rnE --exclude-dir=tests 'apps::(s6a|s13|cx|sh|swx)|(build|view|dict)::(s6a|s13|cx|sh|swx)' \
    engine/src/server engine/src/lanes engine/src/outbound engine/src/io; then
    echo "layering: engine/src/{server,lanes,outbound,io} name an application (above)" >&2
    exit 1
fi

# The benchmark scripts parse (they run only by hand: scripts/bench-matrix.sh takes minutes).
for script in scripts/*.sh; do bash -n "$script"; done

# Includes the benchmark report generator: bench-report on the fixture run in
# benches/tests/fixtures (document, ratios and SVG plots), library and binary.
cargo test --workspace --all-features
# Benchmarks compile and run once each (tiny size); figures come from `cargo bench`.
cargo test --workspace --benches --all-features -q
