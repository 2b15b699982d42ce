#!/usr/bin/env bash
# HTTP benchmark: what serving /health and /metrics under load costs the checks, and what the
# HTTP and metrics bundles cost in memory.
#
# One Vigil daemon (a copy of the built distribution) supervises SERVICES (default 200) cheap
# services, `sleep 100000` each, each with an http check every 1 s (timeout 500ms) to one of
# ENDPOINTS local test endpoints (bench/HealthServer.java), as bench/scale.sh does; its own
# HTTP is on a free loopback port.
#
# Measured:
# - check punctuality: lateness p50/p99/max of check runs against their schedule
#   (`vigil ctl vigil:monitor`, the figures /metrics also exports), over a WINDOW s (30) window
#   idle, then under a steady PACED_RATE (20) scrapes/s of GET /metrics over one connection (its
#   client at LOAD_NICE, then again at nice 0), then
#   while `wrk -t2 -c16 -d30s --latency` hammers GET /health, then GET /metrics.
#   The monitor keeps the last 16384 runs (about 80 s at 200 checks/s), so each window is
#   preceded by the same condition (idle, or the same wrk load) long enough that those runs all
#   fall in it; the report says whether they did. Also checks skipped and the daemon's CPU;
# - wrk's requests/s and latency p50/p99 for /health and /metrics (the window's run), and
#   responses that were not 2xx/3xx;
# - the daemon's VmRSS SETTLE s (30) after all services are UP (median of the last 5 s): with
#   the http and metrics features as built and served, before any request; with
#   `"system": {"http": {"enabled": false}}`; and with features/http.json and
#   features/metrics.json removed from the distribution's copy (their bundles not installed).
#   Each is its own daemon from a fresh copy, one after the other.
#
# Results are printed and appended as a dated section to bench/RESULTS.md.
#
# Environment: SERVICES (200), ENDPOINTS (2), ENDPOINT_THREADS (4), SETTLE (s, 30), WINDOW (s, 30),
# WRK_THREADS (2), WRK_CONNECTIONS (16), PACED_RATE (20), LOAD_NICE (19, the load generators' nice value), HEALTHY_TIMEOUT (s, 180), QUIET_WAIT (s to wait for a
# quiet machine first, 60; 0 = do not wait), VIGIL_DIST (runtime/target/vigil), VIGIL_JAVA_OPTS
# (passed to the daemon by bin/vigil), JAVA (java for the endpoints), RESULTS (file),
# KEEP_TMP=1 keeps the scratch folder; LATENESS_RING (16384, the monitor's Lateness.SIZE: a smaller
# value makes a quick trial whose lateness figures mix phases; the report then says so).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
bench=http
# shellcheck source=lib.sh
source "$here/lib.sh"
dist_src="${VIGIL_DIST:-$root/runtime/target/vigil}"
services="${SERVICES:-200}"
endpoints="${ENDPOINTS:-2}"
endpoint_threads="${ENDPOINT_THREADS:-4}"
settle="${SETTLE:-30}"
window="${WINDOW:-30}"
wrk_threads="${WRK_THREADS:-2}"
wrk_conns="${WRK_CONNECTIONS:-16}"
healthy_timeout="${HEALTHY_TIMEOUT:-180}"
quiet_wait="${QUIET_WAIT:-60}"
results="${RESULTS:-$here/RESULTS.md}"
java_cmd="${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}"
paced_rate="${PACED_RATE:-20}" # scrapes/s of the steady phase
load_nice="${LOAD_NICE:-19}"   # nice value of the load generators (wrk, the paced client)
ring="${LATENESS_RING:-16384}" # runs the monitor's lateness figures cover (Lateness.SIZE in the monitor bundle)

for v in services endpoints endpoint_threads settle window wrk_threads wrk_conns healthy_timeout ring paced_rate; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "${v^^} must be a positive integer (got '${!v}')"
done
[[ $load_nice =~ ^[0-9]+$ ]] && ((load_nice <= 19)) || die "LOAD_NICE must be 0 to 19 (got '$load_nice')"
[[ $quiet_wait =~ ^[0-9]+$ ]] || die "QUIET_WAIT must be a non-negative integer (got '$quiet_wait')"
install_debian wrk:wrk
need_commands awk sort python3 wrk "$java_cmd"
ensure_dist "$dist_src" "$root"
hz=$(getconf CLK_TCK)

# ---------------------------------------------------------------- scratch + cleanup

tmp="$(mktemp -d "${TMPDIR:-/tmp}/vigil-http.XXXXXX")"
sleep_pids_file="$tmp/sleep.pids" # the service processes (pids) our daemons started
: >"$sleep_pids_file"
dists=()    # the distribution copies whose daemon we started
wrk_pid=''
server_pid=''

# Stops the daemon of the distribution at VD, if it runs: `vigil stop`, then TERM/KILL by its pid.
stop_daemon() {
  local vd=$1 pid
  pid=$(cat "$vd/data/vigil.pid" 2>/dev/null) || return 0
  alive "$pid" || return 0
  "$vd/bin/vigil" stop >/dev/null 2>&1
  stop_pid "$pid" 30
}

cleanup() {
  local rc=$? vd left
  trap - EXIT INT TERM
  set +e
  alive "$wrk_pid" && stop_pid "$wrk_pid" 2
  for vd in "${dists[@]}"; do stop_daemon "$vd"; done
  # Vigil stops its services itself; sweep any it left (only the pids it started for us).
  left=$(live_sleepers "$sleep_pids_file")
  if [[ -n $left ]]; then
    log "killing $(wc -l <<<"$left") service processes left behind"
    # shellcheck disable=SC2086 # one pid per word
    kill -TERM $left 2>/dev/null
  fi
  if alive "$server_pid"; then
    stop_pid "$server_pid" 5
    wait "$server_pid" 2>/dev/null
  fi
  if [[ ${KEEP_TMP:-0} == 1 ]]; then log "scratch kept in $tmp"; else rm -rf "$tmp"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- helpers

# Starts a daemon from a fresh copy of the distribution at VD with config CFG, waits until all
# services are UP; sets DAEMON_PID. Every feature file named after CFG is removed from the copy.
boot_daemon() {
  local vd=$1 cfg=$2 t0 up f
  shift 2
  fresh_dist "$dist_src" "$vd"
  for f in "$@"; do rm -f "$vd/features/$f.json"; done
  dists+=("$vd")
  t0=$(now_ns)
  "$vd/bin/vigil" start -c "$cfg" >"$vd/start.out" 2>&1 || die "vigil start failed: $(cat "$vd/start.out")"
  DAEMON_PID=$(cat "$vd/data/vigil.pid")
  while :; do
    up=$(services_up "$vd")
    ((up >= services)) && break
    (($(now_ns) < t0 + healthy_timeout * 1000000000)) || die "only $up of $services services UP after ${healthy_timeout}s"
    sleep 1
  done
  sleep_children "$DAEMON_PID" >>"$sleep_pids_file"
  log "daemon $DAEMON_PID: all $services services UP after $((($(now_ns) - t0) / 1000000)) ms"
}

# Waits SETTLE s, reading VmRSS of PID each second over the last 5; prints their median in kB.
settled_rss() {
  local pid=$1 i
  sleep "$((settle > 5 ? settle - 5 : 0))"
  for ((i = 0; i < 5; i++)); do
    rss_kb "$pid"
    sleep 1
  done | median
}

# Bundles installed in the daemon of the distribution at VD (`lb` rows).
bundle_count() { "$1/bin/vigil" ctl lb -s 2>/dev/null | grep -c -E '^ *[0-9]+\|' || true; }

kib_to_mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }

# Sends GET URL at RATE requests/s for SECS s over one kept-alive connection (a steady stream of
# scrapes, not a flood), in the background, at nice NICE (default LOAD_NICE); its report in OUT,
# in the form of wrk's.
run_paced() {
  local url=$1 rate=$2 secs=$3 out=$4 niceness=${5:-$load_nice}
  nice -n "$niceness" python3 - "$url" "$rate" "$secs" >"$out" 2>&1 <<'PY' &
import http.client, sys, time, urllib.parse
url, rate, secs = urllib.parse.urlsplit(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
lat, bad, err = [], 0, 0
start = time.monotonic()
n = 0
while True:
    due = start + n / rate
    now = time.monotonic()
    if due - start >= secs:
        break
    if due > now:
        time.sleep(due - now)
    t = time.monotonic()
    try:
        conn.request("GET", url.path)
        r = conn.getresponse()
        r.read()
        bad += not (200 <= r.status < 400)
    except OSError:
        err += 1
        conn.close()
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    lat.append((time.monotonic() - t) * 1000)
    n += 1
lat.sort()
print("Requests/sec: %.2f" % (n / (time.monotonic() - start)))
print("     50%% %.2fms" % lat[len(lat) // 2])
print("     99%% %.2fms" % lat[min(len(lat) - 1, int(len(lat) * 0.99))])
if bad:
    print("  Non-2xx or 3xx responses: %d" % bad)
print("  Socket errors: connect 0, read %d, write 0, timeout 0" % err)
PY
  wrk_pid=$!
  wait "$wrk_pid" || die "the paced client failed: $(cat "$out")"
  wrk_pid=''
}

# Runs wrk on URL for SECS s in the background (so that a signal to this script stops it at
# once), its report in OUT.
run_wrk() {
  local url=$1 secs=$2 out=$3
  nice -n "$load_nice" wrk -t"$wrk_threads" -c"$wrk_conns" -d"${secs}s" --latency "$url" >"$out" 2>&1 &
  wrk_pid=$!
  wait "$wrk_pid" || die "wrk failed: $(cat "$out")"
  wrk_pid=''
}

# From a wrk report: requests/s, latency p50 and p99 in ms, responses not 2xx/3xx, socket errors.
wrk_figures() {
  awk '
    function ms(v) {
      if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
      if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
      if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000
      return v
    }
    /^Requests\/sec:/ {rps = $2}
    $1 == "50%" {p50 = ms($2)}
    $1 == "99%" {p99 = ms($2)}
    /Non-2xx or 3xx responses:/ {bad = $NF}
    /Socket errors:/ {gsub(/,/, ""); err = $4 + $6 + $8 + $10}
    END {printf "%s %.2f %.2f %d %d\n", rps, p50, p99, bad, err}' "$1"
}

# One measured phase, NAME, under LOAD (a URL for wrk, or "idle"); RUNS_BEGUN: checksRun when
# the condition began (default: now). Keeps the condition until the monitor's last $ring runs
# fall in it, then measures a WINDOW s window. Sets PHASE_* figures.
phase() {
  local name=$1 load=$2 begun=${3:-} pnice=$load_nice prime now m0 m1 t0 t1 d0 d1 b0 tt0 b1 tt1 secs
  [[ $load == paced0:* ]] && pnice=0 # "paced0:URL": the steady client at nice 0
  now=$(field "$(monitor_stats "$vd")" checksRun)
  begun=${begun:-$now}
  # Runs since the condition began must cover the ring by the end of the window (5 s margin).
  prime=$(awk -v r="$ring" -v rate="$rate" -v w="$window" -v done="$((now - begun))" \
    'BEGIN {x = (r - done) / rate - w + 5; printf "%d", x < 0 ? 0 : x + 0.999}')
  log "$name: ${prime}s to fill the monitor's window with this condition, then a ${window}s window"
  if ((prime > 0)); then
    case $load in
      idle) sleep "$prime" ;;
      paced*) run_paced "${load#*:}" "$paced_rate" "$prime" "$tmp/$name.prime.txt" "$pnice" ;;
      *) run_wrk "$load" "$prime" "$tmp/$name.prime.txt" ;;
    esac
  fi
  m0=$(monitor_stats "$vd")
  t0=$(now_ns); d0=$(proc_ticks "$daemon_pid"); read -r b0 tt0 _ < <(machine_ticks)
  if [[ $load == idle ]]; then
    sleep "$window"
    PHASE_WRK='- - - 0 0'
  elif [[ $load == paced* ]]; then
    run_paced "${load#*:}" "$paced_rate" "$window" "$tmp/$name.txt" "$pnice"
    PHASE_WRK=$(wrk_figures "$tmp/$name.txt")
  else
    run_wrk "$load" "$window" "$tmp/$name.txt"
    PHASE_WRK=$(wrk_figures "$tmp/$name.txt")
  fi
  t1=$(now_ns); d1=$(proc_ticks "$daemon_pid"); read -r b1 tt1 _ < <(machine_ticks)
  m1=$(monitor_stats "$vd")
  secs=$(awk -v n="$((t1 - t0))" 'BEGIN {printf "%.2f", n / 1e9}')
  PHASE_LATE="$(field "$m1" latenessP50Ms) $(field "$m1" latenessP99Ms) $(field "$m1" latenessMaxMs)"
  PHASE_SKIPPED=$(($(field "$m1" checksSkipped) - $(field "$m0" checksSkipped)))
  PHASE_RATE=$(awk -v a="$(field "$m0" checksRun)" -v b="$(field "$m1" checksRun)" -v s="$secs" 'BEGIN {printf "%.1f", (b - a) / s}')
  PHASE_COVERED=$(awk -v a="$begun" -v b="$(field "$m1" checksRun)" -v r="$ring" \
    'BEGIN {printf "%s", (b - a >= r) ? "yes" : sprintf("%.0f%%", (b - a) / r * 100)}')
  PHASE_CPU=$(awk -v t="$((d1 - d0))" -v s="$secs" -v hz="$hz" 'BEGIN {printf "%.1f", t / (s * hz) * 100}')
  PHASE_BUSY=$(awk -v b="$((b1 - b0))" -v t="$((tt1 - tt0))" 'BEGIN {printf "%.0f", t ? b / t * 100 : 0}')
  log "$name: lateness p50/p99/max ${PHASE_LATE// //} ms, skipped $PHASE_SKIPPED, daemon CPU $PHASE_CPU%, wrk (rps p50 p99 bad err) $PHASE_WRK"
}

# ---------------------------------------------------------------- endpoints, configs

wait_for_quiet "$quiet_wait"
ports=()
for ((i = 0; i < endpoints; i++)); do ports+=("$(free_port)"); done
http_port=$(free_port)
start_health_server "$java_cmd" "$endpoint_threads" "$tmp/endpoints.out" "${ports[@]}"
server_pid=$HEALTH_SERVER_PID
log "scratch $tmp; test endpoints on ${ports[*]} (pid $server_pid); Vigil HTTP on $http_port"

sleep_services_config "\"name\": \"http-bench\", \"http\": { \"port\": $http_port }" "$services" "${ports[@]}" >"$tmp/served.json"
sleep_services_config '"name": "http-bench", "http": { "enabled": false }' "$services" "${ports[@]}" >"$tmp/unserved.json"

# ---------------------------------------------------------------- the served daemon

vd="$tmp/served"
boot_daemon "$vd" "$tmp/served.json"
daemon_pid=$DAEMON_PID
m_a=$(monitor_stats "$vd"); t_a=$(now_ns)
rss_served=$(settled_rss "$daemon_pid")
m_b=$(monitor_stats "$vd"); t_b=$(now_ns)
rate=$(awk -v a="$(field "$m_a" checksRun)" -v b="$(field "$m_b" checksRun)" -v n="$((t_b - t_a))" 'BEGIN {printf "%.1f", (b - a) / (n / 1e9)}')
configured=$(field "$m_b" checksConfigured)
log "settled: VmRSS $(kib_to_mib "$rss_served") MiB, $rate checks/s"
http_up "$http_port" || die "Vigil's HTTP does not answer on $http_port: $(tail -5 "$vd"/logs/*.log 2>/dev/null)"
status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$http_port/health")
[[ $status == 200 ]] || die "GET /health answered $status, not 200"

phase idle idle "$(field "$m_a" checksRun)"
read -r idle_p50 idle_p99 idle_max <<<"$PHASE_LATE"
idle=("$PHASE_LATE" "$PHASE_SKIPPED" "$PHASE_RATE" "$PHASE_COVERED" "$PHASE_CPU" "$PHASE_BUSY" "$PHASE_WRK")
phase paced "paced:http://127.0.0.1:$http_port/metrics"
paced=("$PHASE_LATE" "$PHASE_SKIPPED" "$PHASE_RATE" "$PHASE_COVERED" "$PHASE_CPU" "$PHASE_BUSY" "$PHASE_WRK")
phase paced0 "paced0:http://127.0.0.1:$http_port/metrics"
paced0=("$PHASE_LATE" "$PHASE_SKIPPED" "$PHASE_RATE" "$PHASE_COVERED" "$PHASE_CPU" "$PHASE_BUSY" "$PHASE_WRK")
phase health "http://127.0.0.1:$http_port/health"
health=("$PHASE_LATE" "$PHASE_SKIPPED" "$PHASE_RATE" "$PHASE_COVERED" "$PHASE_CPU" "$PHASE_BUSY" "$PHASE_WRK")
phase metrics "http://127.0.0.1:$http_port/metrics"
metrics=("$PHASE_LATE" "$PHASE_SKIPPED" "$PHASE_RATE" "$PHASE_COVERED" "$PHASE_CPU" "$PHASE_BUSY" "$PHASE_WRK")
rss_loaded=$(rss_kb "$daemon_pid")
hwm_loaded=$(awk '/^VmHWM:/ {print $2}' "/proc/$daemon_pid/status")
metrics_bytes=$(curl -s "http://127.0.0.1:$http_port/metrics" | wc -c)
health_bytes=$(curl -s "http://127.0.0.1:$http_port/health" | wc -c)
bundles_served=$(bundle_count "$vd")
stop_daemon "$vd"

# ---------------------------------------------------------------- memory without HTTP

boot_daemon "$tmp/disabled" "$tmp/unserved.json"
rss_disabled=$(settled_rss "$DAEMON_PID")
! http_up "$http_port" || log "warning: port $http_port answers HTTP with http disabled"
log "http disabled: VmRSS $(kib_to_mib "$rss_disabled") MiB"
stop_daemon "$tmp/disabled"

boot_daemon "$tmp/removed" "$tmp/unserved.json" http metrics
rss_removed=$(settled_rss "$DAEMON_PID")
bundles_removed=$(bundle_count "$tmp/removed")
log "http and metrics features removed: VmRSS $(kib_to_mib "$rss_removed") MiB ($bundles_removed bundles, $bundles_served served)"
stop_daemon "$tmp/removed"

# ---------------------------------------------------------------- report

read -r health_p50 health_p99 health_max <<<"${health[0]}"
read -r metrics_p50 metrics_p99 metrics_max <<<"${metrics[0]}"
read -r paced_p50 paced_p99 paced_max <<<"${paced[0]}"
read -r _ paced0_p99 paced0_max <<<"${paced0[0]}"
mib() { kib_to_mib "$1"; }
diff_mib() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", (a - b) / 1024}'; }
machine_note "$java_cmd" "$dist_src" "$root"
loadavg=$(cut -d' ' -f1-3 /proc/loadavg)

# Daemon CPU ms per request from a phase's figures (CPU % of a core and wrk's requests/s).
cpu_per_request() {
  local rps
  read -r rps _ <<<"$7"
  awk -v c="$5" -v r="$rps" 'BEGIN {printf "%.1f", (r > 0) ? c * 10 / r : 0}'
}

# One table row per phase: name, the phase's figures array (lateness, skipped, rate, covered, cpu, busy, wrk).
row() {
  local name=$1 late=$2 skipped=$3 rate=$4 covered=$5 cpu=$6 busy=$7 wrk=$8 p50 p99 max rps w50 w99 bad err
  read -r p50 p99 max <<<"$late"
  read -r rps w50 w99 bad err <<<"$wrk"
  printf '| %s | %s / %s / %s | %s | %s | %s | %s | %s | %s / %s | %s / %s | %s, %s%% |\n' \
    "$name" "$p50" "$p99" "$max" "$(ratio "$p99" "$idle_p99")" "$skipped" "$rate" "$covered" "$rps" "$w50" "$w99" "$bad" "$err" "$cpu" "$busy"
}
table=$(
  printf '| phase | lateness p50 / p99 / max (ms) | p99 / idle p99 | checks skipped | checks/s | window all this phase | wrk req/s | wrk p50 / p99 (ms) | non-2xx / socket errors | daemon CPU (%% of a core), all CPUs busy |\n'
  printf '|---|---:|---:|---:|---:|---|---:|---:|---:|---:|\n'
  row idle "${idle[@]}"
  row "GET /metrics, $paced_rate/s" "${paced[@]}"
  row "GET /metrics, $paced_rate/s, client at nice 0" "${paced0[@]}"
  row 'GET /health' "${health[@]}"
  row 'GET /metrics' "${metrics[@]}"
)
printf '\nHTTP under load: %s services, http check each every 1 s; wrk -t%s -c%s -d%ss --latency\n\n%s\n\n' \
  "$services" "$wrk_threads" "$wrk_conns" "$window" "$table"
printf 'VmRSS %s s after all UP: served %s MiB; http disabled %s MiB (%s MiB less); http+metrics features removed %s MiB (%s MiB less)\n' \
  "$settle" "$(mib "$rss_served")" "$(mib "$rss_disabled")" "$(diff_mib "$rss_served" "$rss_disabled")" \
  "$(mib "$rss_removed")" "$(diff_mib "$rss_served" "$rss_removed")"
printf 'Served daemon after the load: VmRSS %s MiB (peak %s MiB); /metrics is %s bytes\n' "$(mib "$rss_loaded")" "$(mib "$hwm_loaded")" "$metrics_bytes"

if [[ ! -f $results ]]; then
  printf '# Vigil benchmarks\n\nEach benchmark script under bench/ appends a dated section below.\n' >"$results"
fi
# shellcheck disable=SC2016 # the backticks are markdown
{
  printf '\n## %s — http: /health and /metrics under load, %s services\n\n' "$(date -u +%F)" "$services"
  printf -- '- Machine: %s; load average %s at the end.\n' "$MACHINE_NOTE" "$loadavg"
  printf -- '- Noise: the 2 cores are shared with other work (the last column says how busy they were in each window)\n'
  printf '  and wrk itself takes up to %s threads of CPU beside the daemon: read the ratios, not the absolute figures.\n' "$wrk_threads"
  printf -- '- The load generators (wrk, the paced client) run at nice %s. A scraper is another host in real use (a\n' "$load_nice"
  printf '  central Prometheus); on these 2 cores a generator at nice 0 competes with the checks for CPU itself. The row\n'
  printf '  "client at nice 0" is the steady phase again with its client at nice 0, to show that part.\n'
  printf -- '- `bench/http.sh`: %s services, each `sleep 100000` with an `http` check every 1 s (timeout 500ms) to %s local\n' "$services" "$endpoints"
  printf '  endpoints (`bench/HealthServer.java`), %s checks configured; Vigil HTTP on a loopback port. Lateness: `vigil ctl\n' "$configured"
  printf '  vigil:monitor` at the end of each %s s window (the last %s runs; "window all this phase" says whether they all\n' "$window" "$ring"
  printf '  ran under that phase'"'"'s condition, which was held ~%s s before the window for that). Load: `wrk -t%s -c%s -d%ss\n' \
    "$(awk -v r="$ring" -v rate="$rate" -v w="$window" 'BEGIN {printf "%.0f", r / rate - w + 5}')" "$wrk_threads" "$wrk_conns" "$window"
  printf '  --latency` on GET /health (%s bytes), then on GET /metrics (%s bytes), the same load before each window.\n\n' \
    "$health_bytes" "$metrics_bytes"
  printf '%s\n\n' "$table"
  printf -- '- Lateness under load / idle: p99 %s (GET /health), %s (GET /metrics); p50 %s and %s. At a steady %s\n' \
    "$(ratio "$health_p99" "$idle_p99")" "$(ratio "$metrics_p99" "$idle_p99")" \
    "$(ratio "$health_p50" "$idle_p50")" "$(ratio "$metrics_p50" "$idle_p50")" "$paced_rate"
  printf '  scrapes of /metrics a second over one connection (a busy Prometheus setup; wrk floods): p99 %s, max %s ms.\n' \
    "$(ratio "$paced_p99" "$idle_p99")" "$paced_max"
  printf '  The same with the client at nice 0: p99 %s, max %s ms.\n' "$(ratio "$paced0_p99" "$idle_p99")" "$paced0_max"
  printf -- '- Daemon CPU per request (its CPU in the window / requests served): %s ms for GET /health, %s ms for\n' \
    "$(cpu_per_request "${health[@]}")" "$(cpu_per_request "${metrics[@]}")"
  printf '  GET /metrics; it grows with the body, which holds every service.\n'
  printf -- '- Daemon VmRSS %s s after all UP (median of 5 s): %s MiB with HTTP and metrics as built (no request yet);\n' "$settle" "$(mib "$rss_served")"
  printf '  %s MiB with `"system": {"http": {"enabled": false}}` (%s MiB less); %s MiB with features/http.json and\n' \
    "$(mib "$rss_disabled")" "$(diff_mib "$rss_served" "$rss_disabled")" "$(mib "$rss_removed")"
  printf '  features/metrics.json removed from the distribution (%s MiB less; %s bundles installed instead of %s). After the\n' \
    "$(diff_mib "$rss_served" "$rss_removed")" "$bundles_removed" "$bundles_served"
  printf '  load: %s MiB (peak %s MiB).\n' "$(mib "$rss_loaded")" "$(mib "$hwm_loaded")"
  printf '  Each is a fresh daemon with the same %s services (JVM: bin/vigil'"'"'s defaults%s).\n' "$services" \
    "${VIGIL_JAVA_OPTS:+ plus \`$VIGIL_JAVA_OPTS\`}"
} >>"$results"
log "appended to $results"
