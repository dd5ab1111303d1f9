#!/usr/bin/env bash
# Runs every fuzz target of codec/fuzz (or those named) for SECONDS_PER_TARGET seconds each, by
# hand: CI only checks that they compile. Needs the nightly toolchain and cargo-fuzz
# (`cargo install cargo-fuzz --locked`).
#
#   scripts/fuzz.sh [--seed] [--keep-seeds] [target...]
#
# Each target fuzzes its working corpus codec/fuzz/corpus/<target> (not committed), which starts
# from the committed seeds in codec/fuzz/seeds/<target>. Afterwards the corpus is minimized
# (`cargo fuzz cmin`) and copied back into the seeds, unless --keep-seeds or the target crashed.
# --seed first adds one file per codec::samples message to every target's seeds (written by the
# codec's view_props test). A crash leaves its input in codec/fuzz/artifacts/<target>/ (`cargo
# fuzz tmin` shrinks it); it belongs in a regression test next to the code it breaks.
#
# Prints one line per target (seconds, executions, coverage before and after, corpus size,
# crashes) and exits non-zero if any target crashed or overran its time.
#
# Settings (environment): SECONDS_PER_TARGET (default 600), RSS_LIMIT_MB (default 2048),
# INPUT_TIMEOUT (seconds one input may take, default 10), TOOLCHAIN (default nightly),
# FUZZ_TARGET_DIR (where the instrumented builds go; default codec/fuzz/target), FUZZ_ARGS
# (more libFuzzer options, e.g. "-max_len=65536 -dict=...").
set -euo pipefail
cd "$(dirname "$0")/../codec"

SECONDS_PER_TARGET=${SECONDS_PER_TARGET:-600}
RSS_LIMIT_MB=${RSS_LIMIT_MB:-2048}
INPUT_TIMEOUT=${INPUT_TIMEOUT:-10}
TOOLCHAIN=${TOOLCHAIN:-nightly}
# The fuzz builds (nightly, sanitizers) keep their own target dir, not the codec's.
fuzz=(env -u CARGO_TARGET_DIR cargo "+$TOOLCHAIN" fuzz)
build_opts=()
if [ -n "${FUZZ_TARGET_DIR:-}" ]; then
    build_opts=(--target-dir "$FUZZ_TARGET_DIR")
fi

seed=0
keep_seeds=0
targets=()
for arg in "$@"; do
    case "$arg" in
        --seed) seed=1 ;;
        --keep-seeds) keep_seeds=1 ;;
        -*) echo "usage: $0 [--seed] [--keep-seeds] [target...]" >&2; exit 2 ;;
        *) targets+=("$arg") ;;
    esac
done
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <("${fuzz[@]}" list)
fi

if [ "$seed" = 1 ]; then
    samples=$(mktemp -d)
    CODEC_WRITE_SAMPLES="$samples" cargo test -q -p codec --all-features --test view_props \
        write_samples >/dev/null
    for t in "${targets[@]}"; do
        mkdir -p "fuzz/seeds/$t"
        cp "$samples"/* "fuzz/seeds/$t/"
    done
    rm -r "$samples"
fi

# Built first, so that the timed runs below only fuzz.
for t in "${targets[@]}"; do
    "${fuzz[@]}" build "${build_opts[@]}" "$t"
done

logs=$(mktemp -d)
failed=0
summary=()
# A run that takes far longer than asked (a hung input, a starved machine) is stopped.
limit=$((SECONDS_PER_TARGET * 3 / 2 + 120))
for t in "${targets[@]}"; do
    corpus="fuzz/corpus/$t"
    artifacts="fuzz/artifacts/$t"
    mkdir -p "$corpus" "fuzz/seeds/$t" "$artifacts"
    cp -r "fuzz/seeds/$t"/. "$corpus"/
    before=$(find "$artifacts" -type f | wc -l)
    log="$logs/$t.log"
    start=$SECONDS
    rc=0
    timeout --signal=INT --kill-after=60 "$limit" \
        "${fuzz[@]}" run "${build_opts[@]}" "$t" "$corpus" -- \
        -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb="$RSS_LIMIT_MB" \
        -timeout="$INPUT_TIMEOUT" -print_final_stats=1 ${FUZZ_ARGS:-} >"$log" 2>&1 || rc=$?
    took=$((SECONDS - start))
    execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$' || true)
    cov0=$(grep -m1 'INITED' "$log" | grep -o 'cov: [0-9]*' | grep -o '[0-9]*$' || true)
    cov1=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*$' || true)
    crashes=$(($(find "$artifacts" -type f | wc -l) - before))
    status=ok
    if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
        status="stopped after ${limit}s"
        failed=1
    elif [ "$rc" != 0 ] || [ "$crashes" -gt 0 ]; then
        status="CRASH (exit $rc), see $artifacts and $log"
        failed=1
    fi
    if [ "$status" = ok ] && [ "$keep_seeds" = 0 ] \
        && "${fuzz[@]}" cmin "${build_opts[@]}" "$t" "$corpus" -- -rss_limit_mb="$RSS_LIMIT_MB" \
            >"$logs/$t.cmin.log" 2>&1; then
        rm -rf "fuzz/seeds/$t"
        mkdir -p "fuzz/seeds/$t"
        cp "$corpus"/* "fuzz/seeds/$t/" 2>/dev/null || true
    fi
    units=$(find "$corpus" -type f | wc -l)
    summary+=("$(printf '%-16s %6ss %12s execs  cov %6s -> %-6s %6s units  %s crashes  %s' \
        "$t" "$took" "${execs:-?}" "${cov0:-?}" "${cov1:-?}" "$units" "$crashes" "$status")")
    echo "${summary[-1]}"
done

echo
printf '%s\n' "${summary[@]}"
seeds_size=$(du -sh --apparent-size fuzz/seeds 2>/dev/null | cut -f1)
echo "seeds: codec/fuzz/seeds, ${seeds_size:-0}; logs: $logs"
exit "$failed"
