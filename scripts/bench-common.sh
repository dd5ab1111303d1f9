# Shell functions shared by scripts/loadtest.sh and scripts/bench-matrix.sh (sourced, not run):
# start and stop a release hssd on loopback, run hss-loadtest against it, time provisioning,
# print a report's summary line.
#
# Expects: TARGET_DIR (cargo's target directory, release binaries built), DIAMETER and REST
# (loopback addresses). Optional: GEN_CPUS, a CPU list for `taskset -c` that pins the
# generator (e.g. GEN_CPUS=1 with hssd on --shards 1); HSSD_START_TIMEOUT (seconds, default
# 120: a large store takes a while to open).

HSSD_PID=
HSSD_SHARDS=
HSSD_LOG=

# Seconds since the epoch, nanosecond resolution.
now() { date +%s.%N; }

# Seconds from $1 to $2, three decimals.
secs_between() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

# hss-loadtest with the target address, pinned when GEN_CPUS is set.
loadtest() {
    local pin=()
    [ -n "${GEN_CPUS:-}" ] && pin=(taskset -c "$GEN_CPUS")
    "${pin[@]}" "$TARGET_DIR/release/hss-loadtest" --target "$DIAMETER" "$@"
}

# Spawns hssd in the background: log file, store directory, extra flags. Sets HSSD_PID,
# HSSD_LOG and HSSD_SPAWNED (the time of the spawn).
hssd_spawn() {
    local log=$1 store=$2
    shift 2
    HSSD_LOG=$log
    HSSD_SHARDS=
    HSSD_SPAWNED=$(now)
    "$TARGET_DIR/release/hssd" --listen "$DIAMETER" --rest "$REST" --store-path "$store" \
        --allow-any-peer "$@" \
        >"$log" 2>&1 &
    HSSD_PID=$!
}

# True once hssd printed its start-up line (printed once every shard accepts); also sets
# HSSD_SHARDS from it.
hssd_listening() {
    grep -q 'listening on' "$HSSD_LOG" || return 1
    HSSD_SHARDS=$(sed -n 's/.*listening on .* (\([0-9]*\) shards).*/\1/p' "$HSSD_LOG" | head -1)
}

# Waits for the start-up line; fails (printing the log) when hssd exits or takes too long.
hssd_wait() {
    local deadline
    deadline=$(awk -v t="$(now)" -v s="${HSSD_START_TIMEOUT:-120}" 'BEGIN { printf "%d", t + s }')
    until hssd_listening; do
        if ! kill -0 "$HSSD_PID" 2>/dev/null; then
            wait "$HSSD_PID" 2>/dev/null || true
            HSSD_PID=
            cat "$HSSD_LOG" >&2
            return 1
        fi
        if [ "$(date +%s)" -ge "$deadline" ]; then
            echo "hssd: no start-up line after ${HSSD_START_TIMEOUT:-120} s" >&2
            return 1
        fi
        sleep 0.01
    done
}

# Spawns hssd and waits until it listens: log file, store directory, extra flags.
hssd_start() {
    hssd_spawn "$@" && hssd_wait
}

# Stops hssd (SIGTERM: it disconnects its peers and closes the store) and waits for it.
hssd_stop() {
    if [ -n "$HSSD_PID" ]; then
        kill -TERM "$HSSD_PID" 2>/dev/null || true
        wait "$HSSD_PID" 2>/dev/null || true
        HSSD_PID=
    fi
}

# hssd's CPU time so far (user + system, all threads), in clock ticks (getconf CLK_TCK).
hssd_cpu_ticks() {
    awk '{ print $14 + $15 }' "/proc/$HSSD_PID/stat" 2>/dev/null || echo 0
}

# Waits until hssd is idle (under 5 % of a core over one second: RocksDB's flushes and
# compactions after an import or a cold pass are done), at most $1 seconds (default 300).
hssd_wait_idle() {
    local deadline=$(($(date +%s) + ${1:-300})) before after hz
    hz=$(getconf CLK_TCK)
    while [ "$(date +%s)" -lt "$deadline" ]; do
        before=$(hssd_cpu_ticks)
        sleep 1
        after=$(hssd_cpu_ticks)
        [ $((after - before)) -lt $((hz / 20 + 1)) ] && return 0
    done
    echo "bench: hssd still busy after ${1:-300} s; measuring anyway" >&2
}

# hssd's resident memory, KiB (VmRSS).
hssd_rss_kib() {
    awk '/^VmRSS:/ { print $2 }' "/proc/$HSSD_PID/status" 2>/dev/null || echo 0
}

# Provisions IMSIs 1..$1 over REST (bulk import) and sets PROVISION_SECS to the time it took
# (the import plus one AIR, which hss-loadtest sends after provisioning). Extra arguments go
# to hss-loadtest; its messages go to $2.
provision() {
    local imsis=$1 log=$2 start
    shift 2
    start=$(now)
    loadtest --imsis "$imsis" --provision "http://$REST" --requests 1 --quiet "$@" >/dev/null \
        2>"$log"
    PROVISION_SECS=$(secs_between "$start" "$(now)")
}

# One line from an hss-loadtest JSON report: file, name.
print_summary() {
    python3 - "$1" "$2" <<'PY'
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
