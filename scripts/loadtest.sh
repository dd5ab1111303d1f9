#!/usr/bin/env bash
# Measures hssd with hss-loadtest on loopback: release builds of both, a fresh store in a
# temporary directory, IMSIS subscribers provisioned over REST, a warm-up, then one closed-loop
# run per scenario (AIR, ULR, attach). Prints each report; JSON copies go to $OUT.
#
# Settings (environment): SHARDS (hssd shards, 0 = one per core), IMSIS, REQUESTS (per run),
# PEERS, WINDOW, VECTORS, THREADS (generator threads), DIAMETER and REST (loopback addresses),
# OUT (report directory), HSSD_FLAGS (extra hssd flags, e.g. --bench-echo for the canned-AIA
# ceiling), RUNS (scenarios to run after the warm-up, default "air ulr attach"; also pur, dwr).
set -euo pipefail
cd "$(dirname "$0")/.."

SHARDS=${SHARDS:-0}
IMSIS=${IMSIS:-10000}
REQUESTS=${REQUESTS:-200000}
PEERS=${PEERS:-2}
WINDOW=${WINDOW:-32}
VECTORS=${VECTORS:-1}
THREADS=${THREADS:-1}
DIAMETER=${DIAMETER:-127.0.0.1:13868}
REST=${REST:-127.0.0.1:18080}
TARGET_DIR=${CARGO_TARGET_DIR:-target}
OUT=${OUT:-$TARGET_DIR/loadtest}

cargo build --release --bins
mkdir -p "$OUT"
data=$(mktemp -d)
"$TARGET_DIR/release/hssd" --listen "$DIAMETER" --rest "$REST" --shards "$SHARDS" \
    --store-path "$data/store" ${HSSD_FLAGS:-} >"$OUT/hssd.log" 2>&1 &
hssd=$!
trap 'kill -TERM $hssd 2>/dev/null; wait $hssd 2>/dev/null; rm -rf "$data"' EXIT

# Wait for the start-up line (printed once every shard accepts).
for _ in $(seq 100); do
    grep -q 'listening on' "$OUT/hssd.log" && break
    kill -0 $hssd 2>/dev/null || { cat "$OUT/hssd.log"; exit 1; }
    sleep 0.1
done
head -1 "$OUT/hssd.log"

failed=0
load() { # name, extra flags...
    local name=$1
    shift
    "$TARGET_DIR/release/hss-loadtest" --target "$DIAMETER" --imsis "$IMSIS" --peers "$PEERS" \
        --window "$WINDOW" --threads "$THREADS" --vectors "$VECTORS" "$@" --json --quiet \
        >"$OUT/$name.json" || failed=1
    python3 - "$OUT/$name.json" "$name" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
l = r["latency_us"]
errors = sum(e["count"] for e in r["errors"])
print(f"{sys.argv[2]:>8}: {r['answers']} answers in {r['elapsed_secs']:.2f} s = "
      f"{r['throughput_per_sec']:.0f}/s; latency us p50 {l['p50']} p99 {l['p99']} "
      f"p99.9 {l['p99_9']} max {l['max']}; successes {r['successes']}, errors {errors}, "
      f"timeouts {r['timeouts']}")
PY
}

start=$(date +%s.%N)
"$TARGET_DIR/release/hss-loadtest" --target "$DIAMETER" --imsis "$IMSIS" --peers "$PEERS" \
    --provision "http://$REST" --requests 1 --quiet >/dev/null
end=$(date +%s.%N)
python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); print(f'provision: {int(sys.argv[3])} subscribers over REST in {s:.1f} s = {int(sys.argv[3])/s:.0f}/s')" "$start" "$end" "$IMSIS"

load warmup --scenario attach --requests "$((2 * IMSIS))"
for run in ${RUNS:-air ulr attach}; do
    load "$run" --scenario "$run" --requests "$REQUESTS"
done
exit $failed
