#!/usr/bin/env bash
# The whole test suite: unit, property, fixture, Wireshark (tshark) and dictionary tests of every
# crate, plus a one-iteration smoke run of the benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."

# Layering: the codec and the store never pull in an async runtime or the database.
for crate in codec store; do
    if cargo tree -p "$crate" -e normal --prefix none | grep -Eq '^(tokio|tokio-uring|rocksdb) '; then
        echo "layering: $crate depends on tokio or rocksdb" >&2
        exit 1
    fi
done

cargo test --workspace --all-features
# Benchmarks compile and run once each (tiny size); figures come from `cargo bench`.
cargo test --workspace --benches --all-features -q
