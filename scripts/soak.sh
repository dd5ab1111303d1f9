#!/usr/bin/env bash
# The soak (run by hand; results go in docs/reliability.md, plots in docs/plots/soak-*.svg):
# one hssd on loopback with a cache budget smaller than its subscribers (so entries are
# evicted and filled again all along), its peak measured with a mixed load (S6a, S13, SWx,
# Cx, Sh), then SECS seconds of that mix open loop at half the peak. Every SAMPLE seconds:
# hssd's resident memory and its queue, cache and error gauges. At the end: RSS and p99 per
# minute, whether RSS stayed flat after the warm-up, whether any queue grew, and the error
# answers (there must be none); scripts/soak_report.py draws the plots.
#
# Settings (environment): PROFILE (release or debug, default release; built beforehand with
# `cargo build [--release] --bins`), SECS (default 3600), WARMUP (seconds of the soak left
# out of the flatness check, default 300), IMSIS (default 200000), CACHE_MB (hssd
# --cache-mb, default 64: about 60,000 of the subscribers), MIX (default
# air=5,ulr=2,pur=1,ecr=1,swx-mar=1,mar=1,sar=1,udr=1), PEERS (default 2), PEAK_SECS (the
# closed-loop run that measures the peak, default 30), SAMPLE (default 5), SHARDS (default
# 0), HSSD_CPUS and GEN_CPUS (taskset CPU lists), DIAMETER and REST (loopback), OUT,
# PLOTS (default docs/plots; empty: none).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-common.sh

PROFILE=${PROFILE:-release}
SECS=${SECS:-3600}
WARMUP=${WARMUP:-300}
IMSIS=${IMSIS:-200000}
CACHE_MB=${CACHE_MB:-64}
MIX=${MIX:-air=5,ulr=2,pur=1,ecr=1,swx-mar=1,mar=1,sar=1,udr=1}
PEERS=${PEERS:-2}
PEAK_SECS=${PEAK_SECS:-30}
SAMPLE=${SAMPLE:-5}
DIAMETER=${DIAMETER:-127.0.0.1:13868}
REST=${REST:-127.0.0.1:18080}
BUILD_DIR=${CARGO_TARGET_DIR:-target}
OUT=${OUT:-$BUILD_DIR/soak}
PLOTS=${PLOTS-docs/plots}
mkdir -p "$OUT"

TARGET_DIR=$(mktemp -d)
ln -s "$(realpath "$BUILD_DIR/$PROFILE")" "$TARGET_DIR/release"
data=$(mktemp -d)
sampler=
trap '[ -n "$sampler" ] && kill "$sampler" 2>/dev/null; hssd_stop; rm -rf "$data" "$TARGET_DIR"' EXIT

hssd_start "$OUT/hssd.log" "$data/store" --shards "${SHARDS:-0}" --cache-mb "$CACHE_MB"
if [ -n "${HSSD_CPUS:-}" ]; then
    for task in /proc/"$HSSD_PID"/task/*; do taskset -pc "$HSSD_CPUS" "${task##*/}" >/dev/null; done
fi
head -1 "$OUT/hssd.log"

gen=(--imsis "$IMSIS" --peers "$PEERS" --mix "$MIX" --threads 1 --json --quiet)
echo "provisioning $IMSIS subscribers and measuring the peak (${PEAK_SECS} s, closed loop)"
loadtest "${gen[@]}" --provision "http://$REST" --warmup 10 --duration "$PEAK_SECS" >"$OUT/peak.json"
rate=$(python3 -c 'import json,sys; print(int(json.load(open(sys.argv[1]))["throughput_per_sec"] / 2))' "$OUT/peak.json")
echo "peak $(python3 -c 'import json,sys; print(int(json.load(open(sys.argv[1]))["throughput_per_sec"]))' "$OUT/peak.json")/s; soaking at $rate/s for $SECS s"

# The sampler: time, VmRSS (kB), then the gauges and counters named below, from /metrics.
gauges='hss_slow_lane_queue_depth hss_handoff_queue_depth hss_cache_bytes hss_cache_evictions_total hss_slow_lane_shed_total hss_panics_total hss_peer_connections'
echo "time rss_kb $gauges" >"$OUT/samples.txt"
(
    while kill -0 "$HSSD_PID" 2>/dev/null; do
        rss=$(awk '/VmRSS/ { print $2 }' "/proc/$HSSD_PID/status" 2>/dev/null || echo 0)
        metrics=$(curl -s "http://$REST/metrics" || true)
        line="$(date +%s) $rss"
        for g in $gauges; do
            v=$(printf '%s\n' "$metrics" | awk -v g="$g" '$1 == g || index($1, g "{") == 1 { s += $2 } END { printf "%d", s }')
            line="$line $v"
        done
        echo "$line" >>"$OUT/samples.txt"
        sleep "$SAMPLE"
    done
) &
sampler=$!

loadtest "${gen[@]}" --rate "$rate" --duration "$SECS" >"$OUT/soak.json"
kill "$sampler" 2>/dev/null || true
sampler=
curl -s "http://$REST/metrics" >"$OUT/metrics.txt" || true
python3 scripts/soak_report.py "$OUT" "$WARMUP" "$PLOTS"
