#!/usr/bin/env bash
# The hostile-peers campaign (run by hand; results go in docs/reliability.md): one hssd on
# loopback, a legitimate load (hss-loadtest, open loop at RATE requests a second) measured
# alone, then again while scripts/hostile_peers.py attacks for the same time (connect floods,
# slowloris, one-byte writes, a peer that never reads, an oversized header, malformed AVPs, a
# spoofed Origin-Host, a forged ULR, a second CER for a connected host, a replayed AUTS).
# Prints the legitimate peers' latency alone and under attack (the p99 ratio must stay under
# 2), what each attack got, and whether hssd is still up; writes everything to $OUT.
#
# Settings (environment): PROFILE (release or debug binaries, default release; built
# beforehand with `cargo build [--release] --bins`), RATE (default 2000), SECS (default 30),
# IMSIS (default 1000), PEERS (default 2), DIAMETER and REST (loopback addresses), OUT;
# SHARDS (hssd --shards, default 0: one per core), HSSD_CPUS (a `taskset -c` CPU list for
# hssd, e.g. 0), GEN_CPUS (for the legitimate generator, e.g. 1), ATTACK_CPUS (for the
# attacker, default GEN_CPUS) and ATTACK_NICE (default 19: on a machine with few cores the
# attacker runs beside the generator, and a niced attacker stands in for one on another
# host, so that the p99 measured is hssd's).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-common.sh

PROFILE=${PROFILE:-release}
RATE=${RATE:-2000}
SECS=${SECS:-30}
IMSIS=${IMSIS:-1000}
PEERS=${PEERS:-2}
DIAMETER=${DIAMETER:-127.0.0.1:13868}
REST=${REST:-127.0.0.1:18080}
BUILD_DIR=${CARGO_TARGET_DIR:-target}
OUT=${OUT:-$BUILD_DIR/hostile}
mkdir -p "$OUT"

# bench-common.sh runs $TARGET_DIR/release/*: point it at the chosen profile.
TARGET_DIR=$(mktemp -d)
ln -s "$(realpath "$BUILD_DIR/$PROFILE")" "$TARGET_DIR/release"
data=$(mktemp -d)
trap 'hssd_stop; rm -rf "$data" "$TARGET_DIR"' EXIT

hssd_start "$OUT/hssd.log" "$data/store" --shards "${SHARDS:-0}"
if [ -n "${HSSD_CPUS:-}" ]; then
    # Every thread of hssd (shards, slow lane, REST).
    for task in /proc/"$HSSD_PID"/task/*; do taskset -pc "$HSSD_CPUS" "${task##*/}" >/dev/null; done
fi
ATTACK_CPUS=${ATTACK_CPUS:-${GEN_CPUS:-}}
attack_pin=(nice -n "${ATTACK_NICE:-19}")
[ -n "$ATTACK_CPUS" ] && attack_pin+=(taskset -c "$ATTACK_CPUS")
head -1 "$OUT/hssd.log"
rss() { awk '/VmRSS/ { print $2 }' "/proc/$HSSD_PID/status"; }

run() { # name, seconds, extra flags...
    local name=$1 secs=$2
    shift 2
    loadtest --imsis "$IMSIS" --peers "$PEERS" --rate "$RATE" --duration "$secs" --threads 1 \
        --scenario air "$@" --json --quiet >"$OUT/$name.json"
    print_summary "$OUT/$name.json" "$name"
}

run warmup 5 --provision "http://$REST"
rss_before=$(rss)
run alone "$SECS"
first_imsi=001010000000001
"${attack_pin[@]}" python3 scripts/hostile_peers.py "$DIAMETER" "$SECS" "$first_imsi" \
    "loadtest-0.loadtest.example" >"$OUT/attacks.json" &
attacker=$!
run attacked "$SECS"
wait "$attacker"
rss_after=$(rss)
curl -s "http://$REST/metrics" >"$OUT/metrics.txt" || true

alive=no
kill -0 "$HSSD_PID" 2>/dev/null && alive=yes
python3 - "$OUT" "$rss_before" "$rss_after" "$alive" <<'PY'
import json, sys
out, before, after, alive = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
alone = json.load(open(f"{out}/alone.json"))
hit = json.load(open(f"{out}/attacked.json"))
attacks = json.load(open(f"{out}/attacks.json"))
p99a, p99b = alone["latency_us"]["p99"], hit["latency_us"]["p99"]
ratio = p99b / max(p99a, 1)
errors = lambda r: sum(e["count"] for e in r["errors"]) + r["timeouts"]
print(f"legitimate AIR p99: alone {p99a} us, under attack {p99b} us, ratio {ratio:.2f} "
      f"({'pass' if ratio <= 2 else 'FAIL'}: at most 2)")
print(f"legitimate errors/timeouts: alone {errors(alone)}, under attack {errors(hit)}")
print(f"hssd RSS: {before} kB before, {after} kB after; still up: {alive}")
for name, a in attacks.items():
    state = "ok" if a["as_expected"] else "UNEXPECTED"
    print(f"  {name:15} {state:10} sent {a['sent']:6} answers {a['answers']} "
          f"closed {a['closed_by_server']} {a['note']} {'; '.join(a['problems'])}")
summary = {"p99_alone_us": p99a, "p99_attacked_us": p99b, "ratio": ratio,
           "rss_before_kb": before, "rss_after_kb": after, "alive": alive,
           "attacks_as_expected": all(a["as_expected"] for a in attacks.values())}
json.dump(summary, open(f"{out}/summary.json", "w"), indent=1)
PY
grep -E '^hss_panics_total|^hss_slow_lane_shed_total' "$OUT/metrics.txt" || true
