#!/usr/bin/env bash
# Scale-out with real parts: N `docstruct serve` replicas on 127.0.0.1 behind
# HAProxy (health-checking /readyz), a bounded load through ocr-client with
# retries on, and one replica SIGTERMed in the middle of it.
#
#   scripts/scale-out.sh [REPLICAS=2] [REQUESTS=60] [CONCURRENCY=4]
#
# SCALE_OUT_KILL_AFTER=SECONDS (default 4) or `none` to measure without a failure.
#
# Prints the load's summary (sent, succeeded, failed, throughput, p50/p99)
# and what happened to the terminated replica. Installs HAProxy (Debian's
# package) when missing; stops everything it started, by PID.
set -euo pipefail
cd "$(dirname "$0")/.."

replicas=${1:-2}
requests=${2:-60}
concurrency=${3:-4}
base_port=${SCALE_OUT_BASE_PORT:-18080}
lb_port=${SCALE_OUT_LB_PORT:-18000}
image=samples/front.jpg
work=$(mktemp -d)
pids=()

cleanup() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

if ! command -v haproxy >/dev/null; then
    echo "scale-out: installing haproxy (Debian package)" >&2
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd=sudo
    $sudo_cmd apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q haproxy >/dev/null
fi

cargo build -q --release -p docstruct
cargo build -q --release -p docstruct-examples --example load_test
bin=target/release/docstruct
"$bin" models fetch >/dev/null

# each replica gets an equal share of the cores
cores=$(nproc)
threads=$(( cores / replicas )); [ "$threads" -lt 1 ] && threads=1
for i in $(seq 0 $((replicas - 1))); do
    port=$((base_port + i))
    "$bin" serve --addr "127.0.0.1:$port" --threads "$threads" --workers "$threads" \
        --queue-limit 16 --drain-seconds 3 --log-format json 2>"$work/replica$i.log" &
    pids+=($!)
    echo "scale-out: replica $i pid ${pids[-1]} on 127.0.0.1:$port ($threads thread(s))" >&2
done

ready() { curl -fsS "http://127.0.0.1:$1/readyz" >/dev/null 2>&1; }
for i in $(seq 0 $((replicas - 1))); do
    for _ in $(seq 1 600); do ready $((base_port + i)) && break; sleep 0.1; done
    ready $((base_port + i)) || { echo "scale-out: replica $i never became ready" >&2; cat "$work/replica$i.log" >&2; exit 1; }
done

{
    cat <<EOF
global
    maxconn 512
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    retries 3
    option redispatch
    retry-on conn-failure empty-response response-timeout
frontend ocr
    bind 127.0.0.1:$lb_port
    default_backend replicas
backend replicas
    balance leastconn
    option httpchk GET /readyz
    http-check expect status 200
    default-server inter 500ms fall 1 rise 2
EOF
    for i in $(seq 0 $((replicas - 1))); do
        echo "    server r$i 127.0.0.1:$((base_port + i)) check"
    done
} > "$work/haproxy.cfg"
haproxy -f "$work/haproxy.cfg" -db 2>"$work/haproxy.log" &
pids+=($!)
for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$lb_port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

echo "scale-out: $replicas replicas behind HAProxy on 127.0.0.1:$lb_port; $requests requests at concurrency $concurrency" >&2
target/release/examples/load_test "http://127.0.0.1:$lb_port/ocr/general" "$image" "$requests" "$concurrency" \
    > "$work/load.txt" &
load_pid=$!
pids+=($load_pid)

# terminate replica 0 once the load is well under way (SCALE_OUT_KILL_AFTER=none: never)
kill_after=${SCALE_OUT_KILL_AFTER:-4}
victim=${pids[0]}
victim_status=none
rss() { awk '/VmRSS/ {printf "%.0f MiB", $2 / 1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }
if [ "$kill_after" != none ]; then
    sleep "$kill_after"
    for i in $(seq 0 $((replicas - 1))); do
        echo "scale-out: replica $i RSS under load: $(rss "${pids[$i]}")" >&2
    done
    echo "scale-out: SIGTERM to replica 0 (pid $victim)" >&2
    kill -TERM "$victim"
fi
set +e
if [ "$kill_after" = none ]; then
    sleep 5
    for i in $(seq 0 $((replicas - 1))); do
        echo "scale-out: replica $i RSS under load: $(rss "${pids[$i]}")" >&2
    done
fi
wait "$load_pid"
load_status=$?
if [ "$kill_after" != none ]; then
    wait "$victim"
    victim_status=$?
fi
set -e

cat "$work/load.txt"
served=$(grep -c '"message":"request"' "$work/replica0.log" || true)
echo "replica 0: exit status $victim_status (none: not terminated); it answered $served requests"
for i in $(seq 1 $((replicas - 1))); do
    echo "replica $i: answered $(grep -c '"message":"request"' "$work/replica$i.log" || true) requests"
done
exit "$load_status"
