//! Benchmarks of the HSS: the Criterion micro-benchmarks live in `benches/`; this library
//! holds the benchmark report generator ([`report`], the `bench-report` binary), which turns
//! the end-to-end runs of `scripts/bench-matrix.sh` into `docs/benchmarks.md` and its plots.

pub mod report;
