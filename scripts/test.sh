#!/usr/bin/env bash
# The whole test suite: unit, property, fixture, Wireshark (tshark) and dictionary tests of every
# crate, plus a one-iteration smoke run of the benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."

# Layering: the codec has no async runtime and no database; the store has no async runtime.
forbidden() { # crate, regex of crate names it must not depend on
    if cargo tree -p "$1" -e normal --prefix none | grep -Eq "^($2) "; then
        echo "layering: $1 depends on one of: $2" >&2
        exit 1
    fi
}
forbidden codec 'tokio|tokio-uring|rocksdb|librocksdb-sys'
forbidden store 'tokio|tokio-uring'

cargo test --workspace --all-features
# Benchmarks compile and run once each (tiny size); figures come from `cargo bench`.
cargo test --workspace --benches --all-features -q
