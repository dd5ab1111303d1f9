#!/usr/bin/env bash
# Measures hssd with hss-loadtest on loopback: release builds of both, a fresh store in a
# temporary directory, IMSIS subscribers provisioned over REST, a warm-up, then one closed-loop
# run per scenario (AIR, ULR, attach). Prints each report; JSON copies go to $OUT.
# (scripts/bench-matrix.sh runs the whole benchmark matrix and writes docs/benchmarks.md.)
#
# Settings (environment): SHARDS (hssd shards, 0 = one per core), IMSIS, REQUESTS (per run),
# PEERS, WINDOW, VECTORS, THREADS (generator threads), DIAMETER and REST (loopback addresses),
# OUT (report directory), HSSD_FLAGS (extra hssd flags, e.g. "--bench-echo --benchmark-only" for the canned-AIA
# ceiling), RUNS (scenarios to run after the warm-up, default "air ulr attach"; also pur, dwr,
# the Cx ones ims-register, uar, mar, sar, lir: with any of those, provisioning adds an IMS
# subscription per IMSI and the warm-up registers every IMPU once; and the Sh one udr: with it,
# provisioning adds an IMS subscription per IMSI, the AS permission entry of the generator's
# realm and one piece of MMTEL-Services repository data per IMPU), GEN_CPUS (taskset CPU list
# for the generator).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-common.sh

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
trap 'hssd_stop; rm -rf "$data"' EXIT

# shellcheck disable=SC2086 # HSSD_FLAGS is a list of flags.
hssd_start "$OUT/hssd.log" "$data/store" --shards "$SHARDS" ${HSSD_FLAGS:-}
head -1 "$OUT/hssd.log"

failed=0
load() { # name, extra flags...
    local name=$1
    shift
    loadtest --imsis "$IMSIS" --peers "$PEERS" --window "$WINDOW" --threads "$THREADS" \
        --vectors "$VECTORS" "$@" --json --quiet >"$OUT/$name.json" || failed=1
    print_summary "$OUT/$name.json" "$name"
}

# The Cx scenarios need an IMS subscription per IMSI; the Sh one (udr) that, the AS
# permissions and the repository data it reads. Provisioning for a scenario of each provisions
# for both.
cx=0
sh=0
for run in ${RUNS:-air ulr attach}; do
    case $run in
        ims-register | uar | mar | sar | lir) cx=1 ;;
        udr) sh=1 ;;
    esac
done
ims=()
what=subscribers
if [ "$cx" = 1 ] && [ "$sh" = 1 ]; then
    ims=(--mix ims-register=1,udr=1)
    what="subscribers (and IMS subscriptions, Sh data)"
elif [ "$cx" = 1 ]; then
    ims=(--scenario ims-register)
    what="subscribers (and IMS subscriptions)"
elif [ "$sh" = 1 ]; then
    ims=(--scenario udr)
    what="subscribers (and IMS subscriptions, Sh data)"
fi
provision "$IMSIS" "$OUT/provision.log" --peers "$PEERS" "${ims[@]}"
python3 -c "import sys; s=float(sys.argv[1]); print(f'provision: {int(sys.argv[2])} {sys.argv[3]} over REST in {s:.1f} s = {int(sys.argv[2])/s:.0f}/s')" "$PROVISION_SECS" "$IMSIS" "$what"

load warmup --scenario attach --requests "$((2 * IMSIS))"
if [ "$cx" = 1 ]; then
    load warmup-ims --scenario ims-register --requests "$((3 * IMSIS))"
fi
for run in ${RUNS:-air ulr attach}; do
    load "$run" --scenario "$run" --requests "$REQUESTS"
done
exit $failed
