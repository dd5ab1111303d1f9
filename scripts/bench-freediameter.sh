#!/usr/bin/env bash
# Compares hssd with freeDiameterd (1.2.1, the Diameter stack under Open5GS) on one machine in
# one run: freeDiameterd answering hss-loadtest's pipelined DWR load, then hssd answering the
# same DWR load and an AIR load. Debian's freeDiameter ships no test_app extension, so DWR is
# the one request both serve. Prints each run and the ratios hssd DWR / freeDiameterd DWR and
# hssd AIR / freeDiameterd DWR.
#
# Everything runs inside one private network namespace (unshare --net), the servers one after
# the other, never together: freeDiameterd (DWR warm-up, DWR run), stopped; then hssd (DWR
# warm-up, DWR run, subscribers bulk-imported over REST, AIR warm-up, AIR run). freeDiameterd
# 1.2.1 will not start with only loopback addresses, so the namespace also gets a dummy
# interface (a veth pair where the kernel has no dummy module) with a private address; the
# load itself goes over 127.0.0.1, and no port can clash with anything outside.
#
# Settings (environment): PEERS, WINDOW, REQUESTS (per measured run), WARMUP (requests of each
# DWR warm-up), THREADS (generator threads), SHARDS (hssd shards, 0 = one per core), IMSIS
# (subscribers for AIR; the AIR warm-up sends two AIR per subscriber), OUT (report directory).
#
# Output in $OUT: fd-dwr.json, hssd-dwr.json, hssd-air.json (hss-loadtest --json), each with
# <name>.meta.json: {"row", "server", "scenario", "subscribers"} and what was measured around
# the run (server version, its threads, CPU seconds of the server and of the generator); the
# servers' logs and the text reports of the warm-ups and the provisioning. Needs root (or
# unprivileged user namespaces); installs the Debian package freediameter when freeDiameterd
# is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PEERS=${PEERS:-2}
WINDOW=${WINDOW:-32}
REQUESTS=${REQUESTS:-1000000}
WARMUP=${WARMUP:-$((REQUESTS / 10))}
THREADS=${THREADS:-1}
SHARDS=${SHARDS:-0}
IMSIS=${IMSIS:-10000}
TARGET_DIR=${CARGO_TARGET_DIR:-target}
OUT=${OUT:-$TARGET_DIR/bench-freediameter}
# Inside the namespace nothing else listens: the standard ports.
DIAMETER=127.0.0.1:3868
REST=127.0.0.1:8080

if [[ -z ${BENCH_FD_NETNS:-} ]]; then
    # Outside the namespace: what needs the network or the host.
    if ! command -v freeDiameterd >/dev/null; then
        if [[ $(id -u) -ne 0 ]]; then
            echo "freeDiameterd missing: apt-get install freediameter" >&2
            exit 1
        fi
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y freediameter >/dev/null ||
            { apt-get update >/dev/null && apt-get install -y freediameter >/dev/null; }
    fi
    cargo build --release --bins
    mkdir -p "$OUT"
    ns=(unshare --net)
    [[ $(id -u) -eq 0 ]] || ns=(unshare --user --map-root-user --net)
    export PEERS WINDOW REQUESTS WARMUP THREADS SHARDS IMSIS
    exec "${ns[@]}" env BENCH_FD_NETNS=1 CARGO_TARGET_DIR="$(realpath "$TARGET_DIR")" \
        OUT="$(realpath "$OUT")" "$0"
fi

# Inside the namespace.
ip link set lo up
if ! ip link add bench0 type dummy 2>/dev/null; then
    ip link add bench0 type veth peer name bench1
    ip link set bench1 up
fi
ip addr add 10.213.0.1/24 dev bench0
ip link set bench0 up

loadtest="$TARGET_DIR/release/hss-loadtest"
work=$(mktemp -d)
server=
cleanup() {
    [[ -n $server ]] && { kill -TERM "$server" 2>/dev/null; wait "$server" 2>/dev/null; }
    rm -rf "$work"
}
trap cleanup EXIT

# Waits up to 10 s for the server $1 to print $2 into its log $3.
wait_for() {
    for _ in $(seq 100); do
        grep -q "$2" "$3" && return 0
        kill -0 "$1" 2>/dev/null || { cat "$3"; exit 1; }
        sleep 0.1
    done
    cat "$3"
    echo "no '$2' within 10 s" >&2
    exit 1
}

stop_server() {
    kill -TERM "$server"
    wait "$server" 2>/dev/null || true
    server=
}

failed=0
common=(--target "$DIAMETER" --peers "$PEERS" --window "$WINDOW" --threads "$THREADS"
    --imsis "$IMSIS" --quiet)
# Runs hss-loadtest against the server with the common settings and the flags given.
generate() {
    "$loadtest" "${common[@]}" "$@"
}

# One measured run: name, row, server label, server version, scenario, subscribers, then
# hss-loadtest flags. Runs hss-loadtest (report in $OUT/<name>.json) while sampling the CPU
# time of the server and of each of its threads every 0.1 s, writes $OUT/<name>.meta.json and
# prints one line. "busy" threads used 10 % of a core or more over the run; the generator's
# CPU time is its rusage.
measure() {
    local name=$1 row=$2 label=$3 version=$4 scenario=$5 subscribers=$6
    shift 6
    python3 - "$server" "$OUT" "$name" "$row" "$label" "$version" "$scenario" "$subscribers" \
        "$loadtest" "${common[@]}" --json --scenario "$scenario" --requests "$REQUESTS" "$@" \
        <<'PY' || failed=1
import glob, json, os, resource, subprocess, sys, time
pid, out, name, row, label, version, scenario, subscribers, *cmd = sys.argv[1:]
tick = os.sysconf("SC_CLK_TCK")
def cpu(stat):
    with open(stat) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / tick  # utime + stime
def threads():
    seen = {}
    for stat in glob.glob(f"/proc/{pid}/task/*/stat"):
        try:
            seen[stat.split("/")[4]] = cpu(stat)
        except (OSError, IndexError):
            pass  # the thread ended
    return seen
first, base = threads(), cpu(f"/proc/{pid}/stat")
last, most, start = dict(first), len(first), time.monotonic()
with open(f"{out}/{name}.json", "w") as report:
    gen = subprocess.Popen(cmd, stdout=report)
    while True:
        done = gen.poll() is not None
        now = threads()
        most = max(most, len(now))
        last.update(now)
        total = cpu(f"/proc/{pid}/stat")
        if done:
            break
        time.sleep(0.1)
wall = time.monotonic() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
used = sorted((t - first.get(tid, 0.0) for tid, t in last.items()), reverse=True)
meta = {
    "row": row, "server": label, "scenario": scenario, "subscribers": int(subscribers),
    "server_version": version, "server_threads": most,
    "server_busy_threads": sum(1 for u in used if u >= 0.1 * wall),
    "server_cpu_secs": round(total - base, 2),
    "server_thread_cpu_secs": [round(u, 2) for u in used[:8]],
    "generator_cpu_secs": round(usage.ru_utime + usage.ru_stime, 2), "wall_secs": round(wall, 2),
}
json.dump(meta, open(f"{out}/{name}.meta.json", "w"), indent=1)
r = json.load(open(f"{out}/{name}.json"))
l = r["latency_us"]
errors = sum(e["count"] for e in r["errors"])
print(f"{row:>18}: {r['answers']} answers in {r['elapsed_secs']:.2f} s = "
      f"{r['throughput_per_sec']:.0f}/s; latency us p50 {l['p50']} p99 {l['p99']} "
      f"max {l['max']}; successes {r['successes']}, errors {errors}, timeouts {r['timeouts']}, "
      f"{'PASS' if r['passed'] else 'FAIL'}")
print(f"{'':>20}server {meta['server_cpu_secs'] / wall:.2f} cores, {most} threads "
      f"({meta['server_busy_threads']} busy: {meta['server_thread_cpu_secs']} s); "
      f"generator {meta['generator_cpu_secs'] / wall:.2f} cores; over {wall:.2f} s")
sys.exit(gen.returncode)
PY
}

echo "settings: $PEERS peers x window $WINDOW, $REQUESTS requests per run (DWR warm-up" \
    "$WARMUP), $THREADS generator threads, hssd shards $SHARDS, $IMSIS subscribers for AIR," \
    "$(nproc) cores"

# freeDiameterd.
sed -e "s|@IDENTITY@|hss.freediameter.test|; s|@REALM@|freediameter.test|" \
    -e "s|@PORT@|${DIAMETER##*:}|; s|@EXTDIR@|/usr/lib/freeDiameter|" \
    -e "s|@ACL@|$PWD/scripts/freediameter/acl_wl.conf|" \
    scripts/freediameter/freeDiameter.conf.in >"$work/freeDiameter.conf"
freeDiameterd -c "$work/freeDiameter.conf" >"$OUT/freediameterd.log" 2>&1 &
server=$!
wait_for "$server" 'freeDiameterd daemon initialized' "$OUT/freediameterd.log"
fd_version="$(freeDiameterd --version | head -1 | sed 's/.*version //')"
fd_version="$fd_version (Debian $(dpkg-query -W -f '${Version}' freediameterd || echo '?'))"
fd_threads=$(grep -o 'Number of [a-z]* thr.*' "$OUT/freediameterd.log" | tr -s ' .' ' ' |
    paste -sd ';')
echo "freeDiameterd $fd_version: $fd_threads"
generate --scenario dwr --requests "$WARMUP" >"$OUT/fd-warmup.txt" || failed=1
measure fd-dwr "freeDiameterd DWR" freeDiameterd "$fd_version" dwr 0
stop_server

# hssd.
data="$work/hssd"
"$TARGET_DIR/release/hssd" --listen "$DIAMETER" --rest "$REST" --shards "$SHARDS" --allow-any-peer \
    --store-path "$data/store" >"$OUT/hssd.log" 2>&1 &
server=$!
wait_for "$server" 'listening on' "$OUT/hssd.log"
hssd_version="$(git describe --always --dirty 2>/dev/null || echo '?')"
echo "hssd $hssd_version: $(head -1 "$OUT/hssd.log")"
generate --scenario dwr --requests "$WARMUP" >"$OUT/hssd-warmup.txt" || failed=1
measure hssd-dwr "hssd DWR" hssd "$hssd_version" dwr 0
generate --provision "http://$REST" --requests 1 >"$OUT/hssd-provision.txt" || failed=1
generate --scenario air --requests "$((2 * IMSIS))" >"$OUT/hssd-air-warmup.txt" || failed=1
measure hssd-air "hssd AIR" hssd "$hssd_version" air "$IMSIS"
stop_server

python3 - "$OUT" <<'PY'
import json, sys
rate = {n: json.load(open(f"{sys.argv[1]}/{n}.json"))["throughput_per_sec"]
        for n in ("fd-dwr", "hssd-dwr", "hssd-air")}
fd = rate["fd-dwr"] or float("nan")
print(f"ratios: hssd DWR / freeDiameterd DWR = {rate['hssd-dwr'] / fd:.2f}; "
      f"hssd AIR / freeDiameterd DWR = {rate['hssd-air'] / fd:.2f}")
PY
echo "reports in $OUT"
exit $failed
