#!/usr/bin/env bash
# The benchmark matrix of issue 5 in one command: builds release binaries, runs every row
# against hssd on loopback (a fresh store in a temporary directory per configuration),
# keeps each hss-loadtest JSON report with a metadata file per row in $OUT, then runs
# bench-report, which writes docs/benchmarks.md and docs/plots/*.svg.
#
#   ./scripts/bench-matrix.sh            # the full matrix (~40 min here; most of it the
#                                        # 10M-subscriber import and cold pass)
#   QUICK=1 ./scripts/bench-matrix.sh    # tiny counts, about a minute: checks the script;
#                                        # writes into $OUT, never into docs/
#
# Rows (ROWS selects them by name; "scale" is the whole subscriber series):
#   canned               hssd --bench-echo: canned AIA, no store, no AuC (the AIR ceiling)
#   air, air5            AIR with 1 and 5 vectors, SUBS subscribers, warm cache
#   air-tls              row air over Diameter over TLS/TCP (RFC 6733 §13), same store, hssd
#                        and settings: the main hssd also listens on DIAMETER_TLS with a
#                        self-signed certificate (openssl, P-256, for 127.0.0.1) made in the
#                        run's temporary directory (the listener idles during the other main
#                        rows); the generator runs with --tls --tls-ca (no client
#                        certificates). bench-report shows AIR over TLS ÷ plain TCP
#   ulr, attach, dwr     ULR, attach (AIR then ULR per IMSI), DWR (base protocol only)
#   ecr                  ECR (S13, no EIR rules: the default status) on row air's store and
#                        subscribers, IMEI derived from the IMSI
#   swx-mar              SWx MAR (EAP-AKA', 1 item, ANID WLAN) from a 3GPP AAA server on row
#                        air's store and subscribers (warm cache)
#   air-open50           AIR open loop at half of row air's throughput: latency below peak
#   air-1conn            AIR over one connection, every shard serving (hand-off on)
#   air-1conn-1shard     AIR over one connection to hssd --shards 1
#   air-1conn-nohandoff  AIR over one connection, hssd --no-handoff (skipped when rejected)
#   mar, sar,            Cx on the main rows' store, hssd restarted after them, an IMS
#   ims-register         subscription per subscriber (bulk import), every IMPU
#                        registered twice first: MAR (Digest-AKAv1-MD5, 1 item), SAR
#                        (REGISTRATION, with User-Data), registration (UAR, MAR, SAR per IMSI)
#   udr                  Sh on the same store, after them: UDR RepositoryData (Service-
#                        Indication MMTEL-Services) per IMPU as an application server, the
#                        AS permission entry of the generator's realm and one piece of
#                        repository data per IMPU provisioned first
#   scale                per count in SCALE: bulk import, restart to serving, a cold pass of
#                        one AIR per subscriber (VmRSS before and after), then a warm run;
#                        each pass starts once hssd is idle (RocksDB compactions done)
#
# Settings (environment; defaults for this 2-core, 24 GiB machine, QUICK's in brackets):
#   SUBS=10000 [2000]               subscribers of the main rows
#   REQUESTS=2000000 [20000]        requests per closed-loop run
#   WARMUP_REQUESTS=200000 [2000]   generator warm-up per run (reported apart)
#   SCALE="10000 1000000 10000000" ["2000 20000 50000"]  subscriber counts of the scale rows
#   COLD_MAX=                       cap on the cold pass's requests (default: every subscriber)
#   PEERS=2 WINDOW=32 THREADS=1     generator connections, window per connection, threads
#   ONE_CONN_WINDOW=PEERS*WINDOW    window of the one-connection rows (same outstanding total)
#   SHARDS=0                        hssd shards (0 = one per core)
#   HSSD_FLAGS=                     extra flags for every hssd
#   GEN_CPUS=                       taskset CPU list for the generator
#   MICRO=1 [0]                     run `cargo bench -p benches` first (micro-benchmark table)
#   FD=0                            also run scripts/bench-freediameter.sh (OUT=$OUT/freediameter)
#   ROWS="canned air air-tls air5 ulr ecr swx-mar attach dwr air-open50 air-1conn
#         air-1conn-1shard air-1conn-nohandoff mar sar ims-register udr scale"
#   OUT=$TARGET_DIR/bench-matrix/<date>  results (must be new or empty)
#   DOC=docs/benchmarks.md [$OUT/benchmarks.md], PLOTS=docs/plots [$OUT/plots],
#   NOTES=docs/benchmarks.notes.md  the report, its plots, hand-written notes it includes
#   DATA_DIR=/tmp                   where the temporary stores go (10M subscribers: ~4 GB)
#   KEEP_DATA=0                     keep the stores
#   BUILD=1                         0: use the release binaries already built
#   DIAMETER=127.0.0.1:13868 REST=127.0.0.1:18080
#   DIAMETER_TLS=127.0.0.1:15658    hssd's Diameter TLS listener (row air-tls only)
#
# Regenerate the page from saved results: target/release/bench-report --input "$OUT".
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-common.sh

# The settings given on the command line, for the report's "reproduce" command.
given=()
for var in QUICK SUBS REQUESTS WARMUP_REQUESTS SCALE COLD_MAX PEERS WINDOW THREADS \
    ONE_CONN_WINDOW SHARDS HSSD_FLAGS GEN_CPUS MICRO FD ROWS; do
    [ -n "${!var+x}" ] || continue
    if [[ ${!var} =~ ^[A-Za-z0-9._,:/=-]*$ ]]; then given+=("$var=${!var}"); else given+=("$var='${!var}'"); fi
done

QUICK=${QUICK:-0}
if [ "$QUICK" = 1 ]; then
    SUBS=${SUBS:-2000}
    REQUESTS=${REQUESTS:-20000}
    WARMUP_REQUESTS=${WARMUP_REQUESTS:-2000}
    SCALE=${SCALE:-2000 20000 50000}
    MICRO=${MICRO:-0}
else
    SUBS=${SUBS:-10000}
    REQUESTS=${REQUESTS:-2000000}
    WARMUP_REQUESTS=${WARMUP_REQUESTS:-200000}
    SCALE=${SCALE:-10000 1000000 10000000}
    MICRO=${MICRO:-1}
fi
COLD_MAX=${COLD_MAX:-}
PEERS=${PEERS:-2}
WINDOW=${WINDOW:-32}
THREADS=${THREADS:-1}
ONE_CONN_WINDOW=${ONE_CONN_WINDOW:-$((PEERS * WINDOW))}
SHARDS=${SHARDS:-0}
HSSD_FLAGS=${HSSD_FLAGS:-}
FD=${FD:-0}
ROWS=${ROWS:-canned air air-tls air5 ulr ecr swx-mar attach dwr air-open50 air-1conn air-1conn-1shard air-1conn-nohandoff mar sar ims-register udr scale}
DIAMETER=${DIAMETER:-127.0.0.1:13868}
REST=${REST:-127.0.0.1:18080}
DIAMETER_TLS=${DIAMETER_TLS:-127.0.0.1:15658}
TARGET_DIR=${CARGO_TARGET_DIR:-target}
stamp=$(date -u +%Y%m%d-%H%M%S)
if [ "$QUICK" = 1 ]; then
    OUT=${OUT:-$TARGET_DIR/bench-matrix/$stamp-quick}
    DOC=${DOC:-$OUT/benchmarks.md}
    PLOTS=${PLOTS:-$OUT/plots}
else
    OUT=${OUT:-$TARGET_DIR/bench-matrix/$stamp}
    DOC=${DOC:-docs/benchmarks.md}
    PLOTS=${PLOTS:-docs/plots}
fi
NOTES=${NOTES:-docs/benchmarks.notes.md}
DATA_DIR=${DATA_DIR:-${TMPDIR:-/tmp}}

want() { [[ " $ROWS " == *" $1 "* ]]; }

# 10000000 -> 10,000,000.
grouped() { echo "$1" | sed ':a; s/\B[0-9]\{3\}\>/,&/; ta'; }

if [ -d "$OUT" ] && [ -n "$(ls -A "$OUT")" ]; then
    echo "bench-matrix: $OUT is not empty; give a new OUT" >&2
    exit 2
fi
mkdir -p "$OUT/aux"

# Room for the largest store (about 400 bytes a subscriber on disk, doubled for compaction).
largest=0
if want scale; then
    for n in $SCALE; do [ "$n" -gt "$largest" ] && largest=$n; done
fi
need_kib=$((largest * 800 / 1024 + 1048576))
avail_kib=$(df -Pk "$DATA_DIR" | awk 'NR == 2 { print $4 }')
if [ "$avail_kib" -lt "$need_kib" ]; then
    echo "bench-matrix: $DATA_DIR has $((avail_kib / 1048576)) GiB free, needs about" \
        "$((need_kib / 1048576)) GiB for $largest subscribers; set DATA_DIR" >&2
    exit 2
fi

[ "${BUILD:-1}" = 1 ] && cargo build --release --bins
criterion_args=()
if [ "$MICRO" = 1 ]; then
    cargo bench -p benches
    criterion_args=(--criterion "$TARGET_DIR/criterion")
    # The store benchmarks leave gigabytes of dirty pages; let them reach the disk before
    # the first row, or their writeback runs during it.
    sync
    sleep 5
fi

data=$(mktemp -d -p "$DATA_DIR" hss-bench.XXXXXX)
cleanup() {
    hssd_stop
    if [ "${KEEP_DATA:-0}" = 1 ]; then echo "stores kept in $data"; else rm -rf "$data"; fi
}
trap cleanup EXIT

# Prints a JSON object: key=value (a string) or key:=value (JSON) pairs.
json_obj() {
    python3 - "$@" <<'PY'
import json, sys
obj = {}
for pair in sys.argv[1:]:
    key, value = pair.split("=", 1)
    if key.endswith(":"):
        obj[key[:-1]] = json.loads(value)
    elif value != "":
        obj[key] = value
print(json.dumps(obj, indent=1))
PY
}

# Writes a metadata file: path, then pairs as for json_obj.
write_meta() {
    local path=$1
    shift
    json_obj "$@" >"$path"
}

# Adds fields to a metadata file: path, then pairs as for json_obj.
add_meta() {
    local path=$1
    shift
    python3 - "$path" "$(json_obj "$@")" <<'PY'
import json, sys
meta = json.load(open(sys.argv[1]))
meta.update(json.loads(sys.argv[2]))
json.dump(meta, open(sys.argv[1], "w"), indent=1)
PY
}

# run.json: the run as a whole (loadavg_end is added at the end).
command="${given[*]} ./scripts/bench-matrix.sh"
quick=false
[ "$QUICK" = 1 ] && quick=true
write_meta "$OUT/run.json" date="$(date -u '+%Y-%m-%d %H:%M UTC')" command="${command# }" \
    quick:=$quick rustc="$(rustc --version)" \
    revision="$(git describe --always --dirty 2>/dev/null || echo unknown)" \
    uname="$(uname -srmo)" loadavg_start="$(cat /proc/loadavg)" \
    settings:="$(json_obj SUBS="$SUBS" REQUESTS="$REQUESTS" WARMUP_REQUESTS="$WARMUP_REQUESTS" \
        SCALE="$SCALE" COLD_MAX="$COLD_MAX" PEERS="$PEERS" WINDOW="$WINDOW" THREADS="$THREADS" \
        ONE_CONN_WINDOW="$ONE_CONN_WINDOW" SHARDS="$SHARDS" HSSD_FLAGS="$HSSD_FLAGS" \
        GEN_CPUS="${GEN_CPUS:-}" MICRO="$MICRO" ROWS="$ROWS")"

# The current hssd's flags beyond addresses and store, for the metadata.
hssd_flags=
seq=0
failed=0
LAST_META=

# Runs one row against the running hssd: key, group, label, metadata pairs..., --, then the
# hss-loadtest arguments. Records VmRSS before and after, hssd's CPU time and the wall time
# of the whole hss-loadtest run (warm-up included); sets LAST_META and LAST_REPORT.
run_row() {
    local key=$1 group=$2 label=$3
    shift 3
    local meta=()
    while [ "$1" != -- ]; do meta+=("$1"); shift; done
    shift
    seq=$((seq + 1))
    local base
    base=$OUT/$(printf '%02d' "$seq")-$key
    LAST_META=$base.meta.json
    LAST_REPORT=$base.json
    local rss_before rss_after cpu_before cpu_after started status=0
    rss_before=$(hssd_rss_kib)
    cpu_before=$(hssd_cpu_ticks)
    started=$(now)
    loadtest "$@" --json --quiet >"$LAST_REPORT" 2>"$OUT/aux/$key.stderr" || status=$?
    local wall
    wall=$(secs_between "$started" "$(now)")
    cpu_after=$(hssd_cpu_ticks)
    rss_after=$(hssd_rss_kib)
    if [ "$status" -ge 2 ] || [ ! -s "$LAST_REPORT" ]; then
        rm -f "$LAST_REPORT"
        failed=1
        echo "$key: hss-loadtest could not run: $(head -1 "$OUT/aux/$key.stderr")" >&2
        write_meta "$LAST_META" row="$key" group="$group" label="$label" \
            hssd_flags="$hssd_flags" skipped="hss-loadtest could not run (see aux/$key.stderr)"
        return 0
    fi
    [ "$status" -ne 0 ] && failed=1
    write_meta "$LAST_META" row="$key" group="$group" label="$label" hssd_flags="$hssd_flags" \
        shards:="${HSSD_SHARDS:-null}" command="hss-loadtest --target $DIAMETER $*" \
        rss_before_kib:="$rss_before" rss_after_kib:="$rss_after" \
        hssd_cpu_secs:="$(awk -v t=$((cpu_after - cpu_before)) -v hz="$(getconf CLK_TCK)" \
            'BEGIN { printf "%.2f", t / hz }')" run_secs:="$wall" "${meta[@]}"
    print_summary "$LAST_REPORT" "$key"
}

# A row that could not run: key, group, label, reason.
skip_row() {
    seq=$((seq + 1))
    write_meta "$OUT/$(printf '%02d' "$seq")-$1.meta.json" row="$1" group="$2" label="$3" \
        hssd_flags="$hssd_flags" skipped="$4"
    echo "$1: skipped: $4" >&2
}

# Starts hssd for a set of rows: name (for the log), store directory, flags.
start() {
    local name=$1 store=$2
    shift 2
    hssd_flags="$* $HSSD_FLAGS"
    # shellcheck disable=SC2086 # HSSD_FLAGS is a list of flags.
    hssd_start "$OUT/aux/hssd-$name.log" "$store" "$@" $HSSD_FLAGS || return 1
    head -1 "$HSSD_LOG"
}

# The generator's usual arguments: connections, window, threads.
gen=(--peers "$PEERS" --window "$WINDOW" --threads "$THREADS")
one=(--peers 1 --window "$ONE_CONN_WINDOW" --threads "$THREADS")
warm=(--warmup-requests "$WARMUP_REQUESTS")

# Attach over every IMSI (twice), so each subscriber is cached and has a serving MME.
warm_up() { # imsis
    loadtest --imsis "$1" "${gen[@]}" --scenario attach --requests "$((2 * $1))" --json --quiet \
        >"$OUT/aux/warmup-$seq.json" || failed=1
}

if want canned; then
    start canned "$data/canned" --shards "$SHARDS" --bench-echo --benchmark-only
    run_row canned main "canned AIA ceiling: hssd --bench-echo (no store, no AuC)" plot:=true \
        -- "${gen[@]}" --scenario air --imsis "$SUBS" --requests "$REQUESTS" "${warm[@]}"
    hssd_stop
fi

main_rows=(air air-tls air5 ulr ecr swx-mar attach dwr air-open50 air-1conn)
ims_rows=(mar sar ims-register udr)
any_main=0
any_ims=0
for r in "${main_rows[@]}" air-1conn-1shard air-1conn-nohandoff; do want "$r" && any_main=1; done
for r in "${ims_rows[@]}"; do want "$r" && any_main=1 && any_ims=1; done
if [ "$any_main" = 1 ]; then
    main=$data/main
    tls_flags=()
    if want air-tls; then
        # Row air-tls: hssd also listens for Diameter over TLS, with a self-signed
        # certificate for the listener's address (an end-entity certificate, CA:FALSE, which
        # the generator takes as its trust anchor).
        mkdir -p "$data/tls"
        tls_host=${DIAMETER_TLS%:*}
        tls_host=${tls_host#[}
        tls_host=${tls_host%]}
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 7 \
            -subj /CN=hssd.bench -addext "subjectAltName=IP:$tls_host,DNS:localhost" \
            -addext "basicConstraints=critical,CA:FALSE" \
            -addext "keyUsage=critical,digitalSignature" -addext "extendedKeyUsage=serverAuth" \
            -keyout "$data/tls/key.pem" -out "$data/tls/cert.pem" 2>"$OUT/aux/openssl.log"
        tls_flags=(--diameter-tls-listen "$DIAMETER_TLS" --diameter-tls-cert "$data/tls/cert.pem"
            --diameter-tls-key "$data/tls/key.pem")
    fi
    start main "$main" --shards "$SHARDS" "${tls_flags[@]}"
    # Only row air-tls uses the TLS listener: the other rows' metadata leave it out.
    plain_flags="--shards $SHARDS $HSSD_FLAGS"
    hssd_flags=$plain_flags
    provision "$SUBS" "$OUT/aux/provision-main.log" --peers "$PEERS"
    warm_up "$SUBS"
    sub=(subscribers:="$SUBS" cache=warm)
    air=(--imsis "$SUBS" --requests "$REQUESTS" "${warm[@]}")
    if want air; then
        run_row air main "AIR, 1 vector, $PEERS connections" plot:=true "${sub[@]}" \
            -- "${gen[@]}" --scenario air --vectors 1 "${air[@]}"
        air_report=$LAST_REPORT
    fi
    if want air-tls; then
        # The same run as row air, to hssd's TLS port (loadtest passes --target $DIAMETER).
        hssd_flags="--shards $SHARDS --diameter-tls-listen $DIAMETER_TLS $HSSD_FLAGS"
        DIAMETER=$DIAMETER_TLS run_row air-tls main "AIR, 1 vector, $PEERS connections, TLS" \
            plot:=true "${sub[@]}" \
            note="TLS 1.3 (rustls, ring), self-signed P-256 certificate, no client certificates" \
            -- "${gen[@]}" --scenario air --vectors 1 "${air[@]}" \
            --tls --tls-ca "$data/tls/cert.pem"
        hssd_flags=$plain_flags
    fi
    want air5 && run_row air5 main "AIR, 5 vectors" plot:=true "${sub[@]}" \
        -- "${gen[@]}" --scenario air --vectors 5 "${air[@]}"
    if want air-open50; then
        if [ -s "${air_report:-}" ]; then
            rate=$(python3 -c "import json,sys; print(round(json.load(open(sys.argv[1]))['throughput_per_sec'] / 2))" "$air_report")
            run_row air-open50 main "AIR, open loop at 50 % of row air's throughput" \
                "${sub[@]}" note="rate $rate/s = half the closed-loop AIR throughput" \
                -- "${gen[@]}" --scenario air --rate "$rate" --imsis "$SUBS" \
                --requests "$((REQUESTS / 2))" "${warm[@]}"
        else
            skip_row air-open50 main "AIR, open loop at 50 % of peak" "needs row air"
        fi
    fi
    want air-1conn && run_row air-1conn main "AIR, one connection, all shards" plot:=true \
        "${sub[@]}" -- "${one[@]}" --scenario air "${air[@]}"
    want ulr && run_row ulr main "ULR (full Subscription-Data)" plot:=true "${sub[@]}" \
        -- "${gen[@]}" --scenario ulr "${air[@]}"
    want ecr && run_row ecr main "ECR (S13, no rules: the default)" plot:=true "${sub[@]}" \
        -- "${gen[@]}" --scenario ecr "${air[@]}"
    want swx-mar && run_row swx-mar main "SWx MAR (EAP-AKA', 1 item)" plot:=true "${sub[@]}" \
        -- "${gen[@]}" --scenario swx-mar --vectors 1 "${air[@]}"
    want attach && run_row attach main "attach (AIR then ULR per IMSI)" plot:=true \
        "${sub[@]}" -- "${gen[@]}" --scenario attach "${air[@]}"
    want dwr && run_row dwr main "DWR (base protocol only)" \
        -- "${gen[@]}" --scenario dwr --requests "$REQUESTS" "${warm[@]}"
    hssd_stop

    if want air-1conn-1shard; then
        start 1shard "$main" --shards 1
        warm_up "$SUBS"
        run_row air-1conn-1shard main "AIR, one connection, one shard" "${sub[@]}" \
            -- "${one[@]}" --scenario air "${air[@]}"
        hssd_stop
    fi
    if want air-1conn-nohandoff; then
        if start nohandoff "$main" --shards "$SHARDS" --no-handoff 2>/dev/null; then
            warm_up "$SUBS"
            run_row air-1conn-nohandoff main "AIR, one connection, no hand-off" "${sub[@]}" \
                -- "${one[@]}" --scenario air "${air[@]}"
            hssd_stop
        else
            skip_row air-1conn-nohandoff main "AIR, one connection, no hand-off" \
                "this hssd does not start with --no-handoff: $(head -1 "$HSSD_LOG")"
        fi
    fi
    if [ "$any_ims" = 1 ]; then
        # After every row above, so that their store is the one they always had: an IMS
        # subscription per subscriber (the import finds the subscribers there), then every
        # IMPU registered twice (UAR, MAR, SAR: cached, with SQNs in memory, at the load's
        # S-CSCF), as warm_up attaches every IMSI twice before the S6a rows. Row udr adds
        # the Sh data: the AS permission entry of the generator's realm and one piece of
        # repository data per IMPU (a mix with udr provisions both).
        start ims "$main" --shards "$SHARDS"
        ims_scenario=(--scenario ims-register)
        want udr && ims_scenario=(--mix ims-register=1,udr=1)
        provision "$SUBS" "$OUT/aux/provision-ims.log" --peers "$PEERS" "${ims_scenario[@]}"
        loadtest --imsis "$SUBS" "${gen[@]}" --scenario ims-register \
            --requests "$((2 * 3 * SUBS))" --json --quiet >"$OUT/aux/warmup-ims-$seq.json" ||
            failed=1
        want mar && run_row mar main "MAR (Digest-AKAv1-MD5, 1 item)" plot:=true "${sub[@]}" \
            -- "${gen[@]}" --scenario mar --vectors 1 "${air[@]}"
        want sar && run_row sar main "SAR (REGISTRATION, with User-Data)" plot:=true \
            "${sub[@]}" -- "${gen[@]}" --scenario sar "${air[@]}"
        want ims-register && run_row ims-register main \
            "IMS registration (UAR, MAR, SAR per IMSI)" plot:=true "${sub[@]}" \
            -- "${gen[@]}" --scenario ims-register --vectors 1 "${air[@]}"
        want udr && run_row udr main "UDR RepositoryData" plot:=true "${sub[@]}" \
            -- "${gen[@]}" --scenario udr "${air[@]}"
        hssd_stop
    fi
    [ "${KEEP_DATA:-0}" = 1 ] || rm -rf "$main"
fi

if want scale; then
    for n in $SCALE; do
        store=$data/scale-$n
        cold=$n
        [ -n "$COLD_MAX" ] && [ "$COLD_MAX" -lt "$n" ] && cold=$COLD_MAX
        start "import-$n" "$store" --shards "$SHARDS"
        provision "$n" "$OUT/aux/provision-$n.log" --peers "$PEERS"
        import_secs=$PROVISION_SECS
        hssd_stop

        # Restart on the filled store: time to the start-up line and to the first AIA.
        hssd_flags="--shards $SHARDS $HSSD_FLAGS"
        # shellcheck disable=SC2086 # HSSD_FLAGS is a list of flags.
        hssd_spawn "$OUT/aux/hssd-scale-$n.log" "$store" --shards "$SHARDS" $HSSD_FLAGS
        listening=
        deadline=$(($(date +%s) + ${HSSD_START_TIMEOUT:-120}))
        until loadtest --peers 1 --window 1 --imsis 1 --requests 1 --timeout-ms 1000 --quiet \
            >/dev/null 2>&1; do
            [ -z "$listening" ] && hssd_listening && listening=$(now)
            kill -0 "$HSSD_PID" 2>/dev/null || { cat "$HSSD_LOG" >&2; exit 1; }
            if [ "$(date +%s)" -ge "$deadline" ]; then
                echo "bench-matrix: no AIA from the restarted hssd within ${HSSD_START_TIMEOUT:-120} s" >&2
                exit 1
            fi
            sleep 0.005
        done
        serving=$(now)
        hssd_listening || true
        [ -z "$listening" ] && listening=$serving
        head -1 "$HSSD_LOG"

        # One AIR per subscriber on an empty cache, then a warm run over the same ones; each
        # once the background work left by the import (or the cold pass) is done.
        label="AIR, $(grouped "$n") subscribers"
        hssd_wait_idle
        run_row "scale-$n-cold" scale "$label, cold cache" \
            subscribers:="$n" cache=cold imported:="$n" import_secs:="$import_secs" \
            restart_listening_secs:="$(secs_between "$HSSD_SPAWNED" "$listening")" \
            restart_serving_secs:="$(secs_between "$HSSD_SPAWNED" "$serving")" \
            cached_subscribers:="$cold" \
            -- "${gen[@]}" --scenario air --imsis "$cold" --requests "$cold"
        add_meta "$LAST_META" note="one AIR per subscriber after a restart (first AIR of each)"
        hssd_wait_idle
        run_row "scale-$n-warm" scale "$label, warm cache" \
            subscribers:="$n" cache=warm \
            -- "${gen[@]}" --scenario air --imsis "$cold" --requests "$REQUESTS" "${warm[@]}"
        hssd_stop
        [ "${KEEP_DATA:-0}" = 1 ] || rm -rf "$store"
    done
fi

if [ "$FD" = 1 ]; then
    if [ -f scripts/bench-freediameter.sh ]; then
        mkdir -p "$OUT/freediameter"
        OUT=$OUT/freediameter bash scripts/bench-freediameter.sh || failed=1
        # Every report of that script becomes a row, unless it wrote its own metadata.
        for report in "$OUT"/freediameter/*.json; do
            [ -e "$report" ] || continue
            case $report in *.meta.json) continue ;; esac
            stem=$(basename "$report" .json)
            [ -e "${report%.json}.meta.json" ] ||
                write_meta "${report%.json}.meta.json" row="freediameter/$stem" \
                    group=freediameter label="freeDiameter comparison: $stem"
        done
    else
        echo "bench-matrix: FD=1 but scripts/bench-freediameter.sh is missing; no FD rows" >&2
    fi
fi

add_meta "$OUT/run.json" loadavg_end="$(cat /proc/loadavg)"
"$TARGET_DIR/release/bench-report" --input "$OUT" --doc "$DOC" --plots "$PLOTS" \
    --notes "$NOTES" "${criterion_args[@]}"
echo "bench-matrix: results in $OUT; report $DOC, plots in $PLOTS"
exit $failed
