#!/usr/bin/env bash
# Scale benchmark: one Vigil daemon with SERVICES (default 1,000) supervised services, each
# with an HTTP check every 1 s, for WINDOW seconds after warm-up.
#
# The services are real supervised processes but cheap: `sleep 100000` each. Their checks
# (interval 1s, timeout 500ms, failureThreshold 3) go to a few local test endpoints that this
# script starts: bench/HealthServer.java (com.sun.net.httpserver, ENDPOINTS ports, a pool of
# ENDPOINT_THREADS threads and a backlog of 1024 per port), run as a single-file program by
# the JDK's java. Service i is checked at http://127.0.0.1:<port i mod ENDPOINTS>/health?s=<name>.
#
# Measured:
# - `vigil start` (start to ready, on an empty felix-cache) with the 1,000 services, the time
#   until every service's health is UP, and `vigil stop` at the end;
# - over the window: checks per second (checksRun delta / s, from `vigil ctl vigil:monitor`),
#   requests per second the endpoints served (cross-check), checksSkipped, lateness p50/p99/max
#   (the monitor keeps the last 16384 runs, ~16 s at 1,000/s, so it is sampled every SAMPLE s
#   and the worst sample is reported too), the daemon's CPU share (utime+stime delta from
#   /proc/PID/stat over elapsed ticks, % of one core), VmRSS and threads at the end, and the
#   rest of the machine's CPU use over the same window (the figures are only as clean as the
#   machine is quiet);
# - where the daemon's CPU goes: per-thread CPU over the window (/proc/PID/task/*/stat,
#   grouped by thread name; CPU of threads that started and ended inside the window only
#   shows in the process total), new threads, and collections and safepoints from a
#   -Xlog:gc,safepoint file the script adds to the daemon's options (it runs without perf data).
# - the peer in the same run: monit (bench/lib.sh's monit peer, as bench/footprint.sh runs it)
#   with MONIT_SERVICES port tests each second on its own perl listeners, started when all of
#   Vigil's services are UP and measured over the same window: CPU per check of each.
# Targets (issue 11), printed MET/MISSED: CPU per check no higher than monit's, VmRSS at the
# end <= 150 MiB, check lateness p99 (worst sample) <= 50 ms.
# If a target is missed, or PROFILE=1, a JFR
# recording of PROFILE_SECS seconds follows the window and its summary is printed: who
# starts threads, the hottest Java frames.
#
# Results are printed and appended as a dated section to bench/RESULTS.md.
#
# Environment: SERVICES (1000), MONIT_SERVICES (50; monit's listeners on PORT_BASE+100..), ENDPOINTS (4), ENDPOINT_THREADS (8), WARMUP (s, 15),
# WINDOW (s, 60), SAMPLE (s, 15), PROFILE (auto|1|0, auto), PROFILE_SECS (20),
# HEALTHY_TIMEOUT (s, 300), QUIET_WAIT (s to wait for a quiet machine first, 300; 0 = do not wait), PORT_BASE (18611: endpoints use PORT_BASE..+ENDPOINTS-1),
# VIGIL_DIST (runtime/target/vigil), VIGIL_JAVA_OPTS (passed to the daemon by bin/vigil and
# recorded), JAVA (java for the endpoints), RESULTS (file), KEEP_TMP=1 keeps the scratch folder.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
bench=scale
# shellcheck source=lib.sh
source "$here/lib.sh"
dist_src="${VIGIL_DIST:-$root/runtime/target/vigil}"
services="${SERVICES:-1000}"
endpoints="${ENDPOINTS:-4}"
endpoint_threads="${ENDPOINT_THREADS:-8}"
warmup="${WARMUP:-15}"
window="${WINDOW:-60}"
sample="${SAMPLE:-15}"
profile="${PROFILE:-auto}"
profile_secs="${PROFILE_SECS:-20}"
healthy_timeout="${HEALTHY_TIMEOUT:-300}"
quiet_wait="${QUIET_WAIT:-300}"
port_base="${PORT_BASE:-18611}"
results="${RESULTS:-$here/RESULTS.md}"
java_cmd="${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}"
monit_services="${MONIT_SERVICES:-50}"
target_p99_ms=50
target_rss_mib=150

# ---------------------------------------------------------------- prerequisites

for v in services monit_services endpoints endpoint_threads window sample profile_secs healthy_timeout port_base; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "${v^^} must be a positive integer (got '${!v}')"
done
[[ $quiet_wait =~ ^[0-9]+$ ]] || die "QUIET_WAIT must be a non-negative integer (got '$quiet_wait')"
[[ $warmup =~ ^[0-9]+$ ]] || die "WARMUP must be a non-negative integer (got '$warmup')"
[[ $profile =~ ^(auto|0|1)$ ]] || die "PROFILE must be auto, 0 or 1 (got '$profile')"
for cmd in awk sort jcmd jfr; do
  command -v "$cmd" >/dev/null 2>&1 || die "$cmd not found (jcmd and jfr come with the JDK)"
done
command -v "$java_cmd" >/dev/null 2>&1 || die "java not found ($java_cmd)"
((monit_services <= 100)) || die "MONIT_SERVICES must be at most 100 (got $monit_services)"
((endpoints <= 100)) || die "ENDPOINTS must be at most 100 (monit's listeners start at PORT_BASE+100; got $endpoints)"
install_debian monit:monit perl:perl
need_commands monit perl
perl=$(command -v perl)

ensure_dist "$dist_src" "$root"

hz=$(getconf CLK_TCK)

# ---------------------------------------------------------------- helpers

# Every process: pid, utime+stime ticks, name (for the biggest other consumers in the window).
all_procs() {
  cat /proc/[0-9]*/stat 2>/dev/null | awk '{
    line = $0; rest = $0; sub(/^.*\) /, "", rest)
    name = substr(line, index(line, "(") + 1); name = substr(name, 1, length(name) - length(rest) - 2)
    gsub(/ /, "_", name); split(rest, f, " "); print $1, f[12] + f[13], name
  }' || true
}

# CPU (user+sys, ms) of this script's finished children so far (ctl clients, awk, ...), into
# CHILDREN_MS. Not in $(...): a subshell would report its own children only.
children_ms() {
  times >"$tmp/times.txt"
  CHILDREN_MS=$(awk 'END {
    ms = 0
    for (i = 1; i <= NF; i++) { m = $i; sub(/s$/, "", m); split(m, p, "m"); ms += (p[1] * 60 + p[2]) * 1000 }
    printf "%d\n", ms }' "$tmp/times.txt")
}

# The daemon runs without perf data (bin/vigil: -XX:-UsePerfData), so its collections and
# safepoints come from a log this script asks the JVM for, and the window is bounded by the
# daemon's uptime (jcmd VM.uptime, which needs no perf data).
jvm_uptime() { jcmd "$1" VM.uptime 2>/dev/null | awk '$1 ~ /^[0-9.]+$/ {print $1; exit}'; }
# LOG FROM TO (uptime s): "collections ms-in-collections safepoints ms-at-safepoints" between the two.
jvm_window() {
  awk -v a="$2" -v b="$3" '
    {t = substr($1, 2) + 0}
    t < a || t > b {next}
    / Pause / && match($NF, /^[0-9.]+ms$/) {gc++; gcms += substr($NF, 1, length($NF) - 2)}
    /Safepoint "/ && match($0, /Total: [0-9]+ ns/) {sp++; spns += substr($0, RSTART + 7, RLENGTH - 10)}
    END {printf "%d %.0f %d %.0f\n", gc, gcms, sp, spns / 1e6}' "$1"
}

# `vigil ctl vigil:monitor` as KEY VALUE lines.
monitor() { monitor_stats "$vd"; }

# ---------------------------------------------------------------- scratch + cleanup

tmp="$(mktemp -d "${TMPDIR:-/tmp}/vigil-scale.XXXXXX")"
vd="$tmp/dist"
cfg="$tmp/scale.json"
server_pid=''
monit_pid=''
LISTENER_PIDS=()  # monit's listeners
md="$tmp/monit"
daemon_pid=''
vigil_started=0
sleep_pids_file="$tmp/sleep.pids"  # the service processes (pids) Vigil started for us
: >"$sleep_pids_file"

# Our service processes still alive.
our_sleepers() { live_sleepers "$sleep_pids_file"; }

cleanup() {
  local rc=$? pid left
  trap - EXIT INT TERM
  set +e
  if ((vigil_started)); then
    pid=$(cat "$vd/data/vigil.pid" 2>/dev/null)
    [[ -n $pid ]] || pid=$daemon_pid
    if alive "$pid"; then
      log "stopping the Vigil daemon (pid $pid)"
      "$vd/bin/vigil" stop >/dev/null 2>&1
      stop_pid "$pid" 30
    fi
  fi
  # Vigil stops its services itself; sweep any it left (only the pids it started for us).
  left=$(our_sleepers)
  if [[ -n $left ]]; then
    log "killing $(wc -l <<<"$left") service processes left behind"
    # shellcheck disable=SC2086 # one pid per word
    kill -TERM $left 2>/dev/null
  fi
  alive "$monit_pid" && stop_pid "$monit_pid" 5
  for pid in "${LISTENER_PIDS[@]}"; do alive "$pid" && kill -TERM "$pid" 2>/dev/null; done
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

ports=()
for ((i = 0; i < endpoints; i++)); do
  ports+=($((port_base + i)))
  ! port_open "${ports[-1]}" || die "port ${ports[-1]} is already in use; free it (or pick another PORT_BASE)"
done
for ((i = 0; i < monit_services; i++)); do
  ! port_open $((port_base + 100 + i)) || die "port $((port_base + 100 + i)) (monit's) is already in use; pick another PORT_BASE"
done

# ---------------------------------------------------------------- a quiet machine

# Other work on the machine skews every figure here; the window's report says how busy it was.
wait_for_quiet "$quiet_wait"

# ---------------------------------------------------------------- endpoints, config, dist

log "scratch: $tmp; $services services, $endpoints endpoints (${ports[*]}), warm-up ${warmup}s, window ${window}s"
start_health_server "$java_cmd" "$endpoint_threads" "$tmp/endpoints.out" "${ports[@]}"
server_pid=$HEALTH_SERVER_PID
log "test endpoints up (pid $server_pid)"

sleep_services_config '"name": "scale-bench"' "$services" "${ports[@]}" >"$cfg"

fresh_dist "$dist_src" "$vd"

# ---------------------------------------------------------------- start

log "vigil start with $services services"
vigil_started=1
user_java_opts=${VIGIL_JAVA_OPTS:-}
export VIGIL_JAVA_OPTS="$user_java_opts -Xlog:gc,safepoint:file=$tmp/jvm-%p.log:uptime"
t0=$(now_ns)
"$vd/bin/vigil" start -c "$cfg" >"$tmp/start.out" 2>&1 || die "vigil start failed: $(cat "$tmp/start.out")"
t1=$(now_ns)
start_ms=$(((t1 - t0) / 1000000))
daemon_pid=$(cat "$vd/data/vigil.pid")
# The daemon's JVM options as it really runs (bin/vigil's plus VIGIL_JAVA_OPTS).
daemon_jvm=$(tr '\0' '\n' <"/proc/$daemon_pid/cmdline" |
  awk 'NR > 1 && $0 == "-cp" {exit} NR > 1 && !/^-Dvigil\.home=/ {printf "%s%s", sep, $0; sep = " "}')
start_cpu_s=$(awk -v t="$(proc_ticks "$daemon_pid")" -v hz="$hz" 'BEGIN {printf "%.1f", t / hz}')
log "vigil start returned after $start_ms ms (daemon pid $daemon_pid, ${start_cpu_s} s of CPU so far)"

# Remember the service processes Vigil started (its direct children running sleep).
sleep_children "$daemon_pid" >"$sleep_pids_file"
log "$(wc -l <"$sleep_pids_file") service processes running"

deadline=$((t0 + healthy_timeout * 1000000000))
up=0
while :; do
  up=$(services_up "$vd")
  ((up >= services)) && break
  (($(now_ns) < deadline)) || die "only $up of $services services UP after ${healthy_timeout}s"
  sleep 1
done
healthy_ms=$((($(now_ns) - t0) / 1000000))
log "all $services services UP $healthy_ms ms after vigil start"
# The list again: services that were still starting when it was first taken.
sleep_children "$daemon_pid" >>"$sleep_pids_file"
sort -u -o "$sleep_pids_file" "$sleep_pids_file"

# monit beside it from now on: the warm-up is its settling time too.
mkdir -p "$md"
write_tcp_listener "$tmp/listener.pl"
monit_peer_config "$md" "$monit_services" $((port_base + 100))
start_monit_peer "$md" "$monit_services" $((port_base + 100)) "$perl" "$tmp/listener.pl"
monit_pid=$MONIT_PID
log "monit up (pid $monit_pid) with $monit_services port tests each second"

log "warm-up ${warmup}s"
sleep "$warmup"
alive "$monit_pid" || die "monit exited: $(tail -n 5 "$md/monit.log" "$md/stdout.log" 2>/dev/null)"

# ---------------------------------------------------------------- measurement window

# Each count is paired with the instant it was read (a `vigil ctl` call takes a fraction of a
# second: its midpoint), so the rates divide by the time between the two reads.
up0=$(jvm_uptime "$daemon_pid")
tids0=$(ls "/proc/$daemon_pid/task")
ta=$(now_ns); m0=$(monitor); tm0=$((ta / 2 + $(now_ns) / 2))
[[ -n $(field "$m0" checksRun) ]] || die "vigil ctl vigil:monitor gave no figures: $m0"
served0=$(curl -s "http://127.0.0.1:${ports[0]}/count" 2>/dev/null || echo ''); ts0=$(now_ns)
children_ms
c0=$CHILDREN_MS
thread_ticks "$daemon_pid" >"$tmp/threads.0"
w0=$(now_ns)
d0=$(proc_ticks "$daemon_pid")
e0=$(proc_ticks "$server_pid")
n0=$(proc_ticks "$monit_pid")
read -r mb0 mt0 mi0 < <(machine_ticks)
all_procs >"$tmp/procs.0"

log "measuring for ${window}s (vigil:monitor every ${sample}s)"
samples=()
next=$((w0 + sample * 1000000000))
end=$((w0 + window * 1000000000))
while :; do
  t=$(now_ns)
  ((t < end)) || break
  wake=$((next < end ? next : end))
  sleep "$(awk -v n="$((wake - t))" 'BEGIN {printf "%.3f", n / 1e9}')"
  if (($(now_ns) >= next)); then
    m=$(monitor)
    samples+=("$(field "$m" latenessP50Ms) $(field "$m" latenessP99Ms) $(field "$m" latenessMaxMs)")
    log "sample at +$((($(now_ns) - w0) / 1000000000))s: p50/p99/max ${samples[-1]// //} ms, skipped $(field "$m" checksSkipped), queue $(field "$m" dispatchQueue)"
    next=$((next + sample * 1000000000))
  fi
done

w1=$(now_ns)
d1=$(proc_ticks "$daemon_pid")
e1=$(proc_ticks "$server_pid")
n1=$(proc_ticks "$monit_pid")
read -r mb1 mt1 mi1 < <(machine_ticks)
all_procs >"$tmp/procs.1"
thread_ticks "$daemon_pid" >"$tmp/threads.1"
children_ms
c1=$CHILDREN_MS
served1=$(curl -s "http://127.0.0.1:${ports[0]}/count" 2>/dev/null || echo ''); ts1=$(now_ns)
ta=$(now_ns); m1=$(monitor); tm1=$((ta / 2 + $(now_ns) / 2))
up1=$(jvm_uptime "$daemon_pid")
tids1=$(ls "/proc/$daemon_pid/task")
rss_kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$daemon_pid/status")
hwm_kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$daemon_pid/status")
threads=$(awk '/^Threads:/ {print $2}' "/proc/$daemon_pid/status")
loadavg=$(cut -d' ' -f1-3 /proc/loadavg)

secs=$(awk -v n="$((w1 - w0))" 'BEGIN {printf "%.2f", n / 1e9}')
pct() { awk -v t="$1" -v s="$secs" -v hz="$hz" 'BEGIN {printf "%.1f", t / (s * hz) * 100}'; }
cpu_pct=$(pct $((d1 - d0)))
server_pct=$(pct $((e1 - e0)))
helpers_pct=$(awk -v ms="$((c1 - c0))" -v s="$secs" 'BEGIN {printf "%.1f", ms / 10 / s}')
irq_pct=$(pct $((mi1 - mi0)))
others_pct=$(awk -v b="$((mb1 - mb0 - (mi1 - mi0)))" -v d="$((d1 - d0))" -v e="$((e1 - e0 + n1 - n0))" -v c="$((c1 - c0))" -v s="$secs" -v hz="$hz" \
  'BEGIN {x = (b - d - e - c * hz / 1000) / (s * hz) * 100; printf "%.1f", x < 0 ? 0 : x}')
# The biggest other consumers in the window (processes alive at both ends; not ours).
top_others=$(awk -v s="$secs" -v hz="$hz" -v skip=" $daemon_pid $server_pid $monit_pid " '
  NR == FNR {before[$1] = $2; next}
  ($1 in before) && index(skip, " " $1 " ") == 0 {d = $2 - before[$1]; if (d > 0) use[$3] += d}
  END {for (k in use) printf "%.1f %s\n", use[k] / (s * hz) * 100, k}' "$tmp/procs.0" "$tmp/procs.1" |
  sort -rn | awk 'NR <= 4 {printf "%s%s %s%%", sep, $2, $1; sep = ", "}')
top_others=${top_others:-none}
machine_pct=$(awk -v b="$((mb1 - mb0))" -v t="$((mt1 - mt0))" 'BEGIN {printf "%.1f", t ? b / t * 100 : 0}')
run0=$(field "$m0" checksRun); run1=$(field "$m1" checksRun)
skip0=$(field "$m0" checksSkipped); skip1=$(field "$m1" checksSkipped)
rate=$(awk -v a="$run0" -v b="$run1" -v n="$((tm1 - tm0))" 'BEGIN {printf "%.1f", (b - a) / (n / 1e9)}')
served_rate='?'
[[ $served0 =~ ^[0-9]+$ && $served1 =~ ^[0-9]+$ ]] &&
  served_rate=$(awk -v a="$served0" -v b="$served1" -v n="$((ts1 - ts0))" 'BEGIN {printf "%.1f", (b - a - 1) / (n / 1e9)}')
skipped=$((skip1 - skip0))
p50=$(field "$m1" latenessP50Ms); p99=$(field "$m1" latenessP99Ms); pmax=$(field "$m1" latenessMaxMs)
configured=$(field "$m1" checksConfigured)
worst_p99=$(printf '%s\n' "${samples[@]}" | awk '$2 > w {w = $2} END {print w + 0}')
worst_max=$(printf '%s\n' "${samples[@]}" | awk '$3 > w {w = $3} END {print w + 0}')
all_p99=$(printf '%s\n' "${samples[@]}" | awk '{printf "%s%s", sep, $2; sep = ", "}')
rss_mib=$(awk -v k="$rss_kb" 'BEGIN {printf "%.1f", k / 1024}')
hwm_mib=$(awk -v k="$hwm_kb" 'BEGIN {printf "%.1f", k / 1024}')

# JVM figures over the window: threads alive at its end that were not at its start (one that
# came and went inside it is not seen), collections and safepoints from the JVM's log.
new_threads=$(comm -13 <(sort <<<"$tids0") <(sort <<<"$tids1") | wc -l)
threads_rate=$(awk -v n="$new_threads" -v s="$secs" 'BEGIN {printf "%.0f", n / s}')
jvm_log="$tmp/jvm-$daemon_pid.log"
if [[ -n $up0 && -n $up1 && -s $jvm_log ]]; then
  read -r gc_n gc_ms sp_n sp_ms < <(jvm_window "$jvm_log" "$up0" "$up1")
else
  gc_n='?' gc_ms='?' sp_n='?' sp_ms='?'
fi

# Per-thread CPU over the window, by thread name (threads new in the window count from 0).
# What the process used beyond its live threads went to threads that ended in the window.
by_thread=$(cpu_by_thread "$tmp/threads.0" "$tmp/threads.1" "$((d1 - d0))" "$secs" "$hz")
top_threads=$(awk 'NR <= 8 {printf "%s%s %s%% %s", sep, $2, $1, $3; sep = "; "}' <<<"$by_thread")

t_lat=$(awk -v p="$worst_p99" -v t="$target_p99_ms" 'BEGIN {print (p <= t) ? "MET" : "MISSED"}')
# CPU per check (ms): Vigil's over the checks it ran, monit's over its nominal tests (one each per second).
monit_pct=$(pct $((n1 - n0)))
vigil_ms_check=$(awk -v t="$((d1 - d0))" -v hz="$hz" -v r="$rate" -v s="$secs" 'BEGIN {printf "%.3f", (r > 0) ? t / hz * 1000 / (r * s) : 0}')
monit_ms_check=$(awk -v t="$((n1 - n0))" -v hz="$hz" -v n="$monit_services" -v s="$secs" 'BEGIN {printf "%.3f", t / hz * 1000 / (n * s)}')
cpu_ratio=$(ratio "$vigil_ms_check" "$monit_ms_check")
t_cpu=$(awk -v r="$cpu_ratio" 'BEGIN {print (r != "inf" && r <= 1) ? "MET" : "MISSED"}')
t_rss=$(awk -v m="$rss_mib" -v t="$target_rss_mib" 'BEGIN {print (m <= t) ? "MET" : "MISSED"}')
lat_by=$(awk -v p="$worst_p99" -v t="$target_p99_ms" 'BEGIN {printf "%.1f ms over (%.1fx the target)", p - t, p / t}')
cpu_by="$cpu_ratio x monit's per check"
rss_by=$(awk -v m="$rss_mib" -v t="$target_rss_mib" 'BEGIN {printf "%.1f MiB over", m - t}')

# ---------------------------------------------------------------- profile (when missed)

do_profile=0
if [[ $profile == 1 || ($profile == auto && ($t_lat == MISSED || $t_cpu == MISSED || $t_rss == MISSED)) ]]; then do_profile=1; fi
prof_summary=''
if ((do_profile)); then
  log "profiling the daemon with JFR for ${profile_secs}s (after the window: it does not disturb the figures)"
  jfr_file="$tmp/daemon.jfr"
  if jcmd "$daemon_pid" JFR.start name=scale settings=profile filename="$jfr_file" >/dev/null 2>&1; then
    sleep "$profile_secs"
    jcmd "$daemon_pid" JFR.stop name=scale >/dev/null 2>&1 || true
  fi
  if [[ -s $jfr_file ]]; then
    jfr summary "$jfr_file" >"$tmp/jfr-summary.txt" 2>/dev/null || true
    jstarts=$(awk '$1 == "jdk.ThreadStart" {print $2}' "$tmp/jfr-summary.txt")
    # Who starts the threads: parent thread, the first frame and the first frames outside
    # java.util.concurrent (the code that asked), most frequent first.
    starters=$(jfr print --events jdk.ThreadStart --stack-depth 24 "$jfr_file" 2>/dev/null | awk '
      /^jdk\.ThreadStart/ {ev = 1; parent = ""; key = ""; nf = 0; outside = 0; next}
      ev && /parentThread = / {parent = $0; sub(/.*parentThread = "/, "", parent); sub(/".*/, "", parent)}
      ev && /stackTrace = \[/ {st = 1; next}
      st && /^[ \t]*(\]|\.\.\.)/ {st = 0; next}
      st {f = $0; gsub(/^[ \t]+/, "", f); sub(/\(.*$/, "", f); nf++
          if (nf == 1) key = f
          else if (f !~ /^java\.util\.concurrent\./ && outside < 2) {key = key " < " f; outside++}}
      ev && /^}/ {c[parent ": " key]++; ev = 0}
      END {for (k in c) print c[k] "\t" k}' | sort -rn | awk -F'\t' 'NR <= 3 {print "    " $1 " x " $2}')
    hot=$(jfr print --events jdk.ExecutionSample --stack-depth 1 "$jfr_file" 2>/dev/null | awk '
      /stackTrace = \[/ {getline f; gsub(/^[ \t]+/, "", f); sub(/[ \t]+line:.*$/, "", f); c[f]++; n++}
      END {for (k in c) printf "%d\t%.0f%%\t%s\n", c[k], c[k] / n * 100, k}' | sort -rn | awk -F'\t' 'NR <= 8 {print "    " $2 " " $3}')
    prof_summary=$(
      printf '  JFR %ss: %s threads started (%s/s); top thread starters (parent: first frame < caller frames):\n' \
        "$profile_secs" "${jstarts:-?}" "$(awk -v n="${jstarts:-0}" -v s="$profile_secs" 'BEGIN {printf "%.0f", n / s}')"
      printf '%s\n' "${starters:-    (none)}"
      printf '  hottest Java frames (share of execution samples):\n%s\n' "${hot:-    (no samples)}"
    )
    [[ ${KEEP_TMP:-0} == 1 ]] && log "JFR recording: $jfr_file"
  else
    prof_summary='  (JFR recording failed)'
  fi
fi

# ---------------------------------------------------------------- stop

log "vigil stop"
t0=$(now_ns)
"$vd/bin/vigil" stop >"$tmp/stop.out" 2>&1 || log "warning: vigil stop failed: $(cat "$tmp/stop.out")"
stop_ms=$((($(now_ns) - t0) / 1000000))
for ((i = 0; i < 100; i++)); do alive "$daemon_pid" || break; sleep 0.1; done
left=$(our_sleepers | wc -l)
vigil_started=0
((left == 0)) || log "warning: $left service processes outlived vigil stop (the cleanup kills them)"
((left == 0)) || vigil_started=1

# ---------------------------------------------------------------- report

mem_mib=$(awk '/^MemTotal:/ {printf "%d", $2 / 1024}' /proc/meminfo)
machine="$(nproc) CPUs, ${mem_mib} MiB RAM, $(uname -sr)"
os=$(awk -F= '$1 == "PRETTY_NAME" {gsub(/"/, "", $2); print $2}' /etc/os-release 2>/dev/null) || true
os=${os:-?}
java_v=$("$java_cmd" -version 2>&1 | head -n1 | sed 's/"//g') || java_v='?'
dist_built=$(date -u -r "$dist_src/lib/vigil-runtime.jar" +%FT%TZ 2>/dev/null) || dist_built='?'
head_rev=$(git -C "$root" rev-parse --short HEAD 2>/dev/null) || head_rev='?'
git -C "$root" diff --quiet HEAD -- ':(exclude)bench' 2>/dev/null || head_rev+=' + uncommitted changes'
opts_note=''
[[ -n $user_java_opts ]] && opts_note=" VIGIL_JAVA_OPTS=\`$user_java_opts\`."

printf '\nScale: %s services, HTTP check each every 1 s, %s s window after %s s warm-up\n' "$services" "$secs" "$warmup"
printf '  vigil start (to ready):      %s ms (%s s CPU); all %s UP after %s ms; vigil stop: %s ms\n' \
  "$start_ms" "$start_cpu_s" "$services" "$healthy_ms" "$stop_ms"
printf '  checks per second:           %s (configured %s, incl. the daemon'"'"'s own system check); endpoints served %s/s\n' \
  "$rate" "$configured" "$served_rate"
printf '  checks skipped in window:    %s\n' "$skipped"
printf '  lateness (last 16384 runs):  p50 %s ms, p99 %s ms, max %s ms\n' "$p50" "$p99" "$pmax"
printf '  lateness, worst of %s samples: p99 %s ms, max %s ms (p99 samples: %s)\n' "${#samples[@]}" "$worst_p99" "$worst_max" "$all_p99"
printf '  daemon CPU:                  %s%% of one core; VmRSS %s MiB (peak %s MiB); %s threads\n' "$cpu_pct" "$rss_mib" "$hwm_mib" "$threads"
printf '  JVM in window:               %s new threads alive at its end (%s/s); %s GCs, %s ms; %s safepoints, %s ms\n' \
  "$new_threads" "$threads_rate" "$gc_n" "$gc_ms" "$sp_n" "$sp_ms"
printf '  rest of the machine:         endpoints %s%%, this script'"'"'s clients %s%%, irq/softirq %s%%, other processes %s%% of one core\n' \
  "$server_pct" "$helpers_pct" "$irq_pct" "$others_pct"
printf '                               (biggest: %s); all CPUs %s%% busy; load average %s\n' "$top_others" "$machine_pct" "$loadavg"
printf '  daemon CPU by thread (%% of one core, threads):\n'
awk 'NR <= 12 {printf "    %6s%%  %s %s\n", $1, $2, $3}' <<<"$by_thread"
printf '  monit, same window:          %s port tests each second, %s%% of one core\n' "$monit_services" "$monit_pct"
printf '  CPU per check:               Vigil %s ms, monit %s ms (Vigil / monit %s)\n' "$vigil_ms_check" "$monit_ms_check" "$cpu_ratio"
printf 'Target CPU per check <= monit'"'"'s (%s tests, same run): %s (%s)\n' "$monit_services" "$t_cpu" "$cpu_ratio"
printf 'Target VmRSS <= %s MiB: %s (%s MiB' "$target_rss_mib" "$t_rss" "$rss_mib"
[[ $t_rss == MISSED ]] && printf ', %s' "$rss_by"
printf ')\nTarget p99 lateness <= %s ms: %s (%s ms' "$target_p99_ms" "$t_lat" "$worst_p99"
[[ $t_lat == MISSED ]] && printf ', %s' "$lat_by"
printf ')\n'
[[ -n $prof_summary ]] && printf '%s\n' "$prof_summary"

if [[ ! -f $results ]]; then
  printf '# Vigil benchmarks\n\nEach benchmark script under bench/ appends a dated section below.\n' >"$results"
fi
# shellcheck disable=SC2016 # the backticks are markdown
{
  printf '\n## %s — scale: %s services, HTTP checks every 1 s\n\n' "$(date -u +%F)" "$services"
  printf -- '- Machine: %s (%s); %s; Vigil distribution built %s (repo HEAD %s).%s\n' \
    "$machine" "$os" "$java_v" "$dist_built" "$head_rev" "$opts_note"
  printf -- '- Setup: `bench/scale.sh`: %s services, each `sleep 100000` supervised by one Vigil daemon (JVM options\n' "$services"
  printf '  `%s`),\n' "$daemon_jvm"
  printf '  each with an `http` check (interval 1s, timeout 500ms, failureThreshold 3) to one of\n'
  printf '  %s local endpoints (`bench/HealthServer.java`, com.sun.net.httpserver, %s threads per port); %s s warm-up after all\n' \
    "$endpoints" "$endpoint_threads" "$warmup"
  printf '  are UP, then a %s s window; `vigil ctl vigil:monitor` sampled every %s s (its figures cover the last 16384 runs).\n' "$secs" "$sample"
  printf '  Beside it, in the same window: monit %s, `set daemon 1`, %s `check process` entries with `if failed port N with\n' \
    "$(monit -V | awk 'NR == 1 {print $NF}')" "$monit_services"
  printf '  timeout 1 seconds then alert` on perl listeners (bench/lib.sh, as bench/footprint.sh runs it).\n\n'
  printf '| figure | value | target |\n|---|---:|---|\n'
  printf '| checks per second (checksRun delta / s) | %s | ~1 per service (%s checks configured) |\n' "$rate" "$configured"
  printf '| requests per second the endpoints served | %s | |\n' "$served_rate"
  printf '| checks skipped in the window | %s | 0 |\n' "$skipped"
  printf '| lateness p50 / p99 / max, last 16384 runs (ms) | %s / %s / %s | |\n' "$p50" "$p99" "$pmax"
  printf '| lateness p99 / max, worst of %s samples (ms) | %s / %s | p99 <= %s: %s |\n' "${#samples[@]}" "$worst_p99" "$worst_max" "$target_p99_ms" "$t_lat"
  printf '| daemon CPU (%% of one core) | %s | |\n' "$cpu_pct"
  printf '| monit, same window: %s port tests/s (%% of one core) | %s | |\n' "$monit_services" "$monit_pct"
  printf '| CPU per check, Vigil / monit (ms) | %s / %s = %s | <= 1.00: %s |\n' "$vigil_ms_check" "$monit_ms_check" "$cpu_ratio" "$t_cpu"
  printf '| daemon VmRSS at the end (peak) | %s MiB (%s MiB) | <= %s MiB: %s |\n' "$rss_mib" "$hwm_mib" "$target_rss_mib" "$t_rss"
  printf '| daemon threads at the end | %s | |\n' "$threads"
  printf '| `vigil start` to ready / to all UP | %s ms / %s ms | |\n' "$start_ms" "$healthy_ms"
  printf '| `vigil stop` (%s services) | %s ms | |\n\n' "$services" "$stop_ms"
  [[ $t_lat == MISSED ]] && printf -- '- Lateness target missed by %s.\n' "$lat_by"
  [[ $t_cpu == MISSED ]] && printf -- '- CPU per check target missed: %s.\n' "$cpu_by"
  [[ $t_rss == MISSED ]] && printf -- '- RSS target missed by %s.\n' "$rss_by"
  printf -- '- p99 samples (ms): %s. JVM in the window: %s new threads alive at its end (%s/s), %s GCs (%s ms), %s safepoints (%s ms).\n' \
    "$all_p99" "$new_threads" "$threads_rate" "$gc_n" "$gc_ms" "$sp_n" "$sp_ms"
  printf -- '- Daemon CPU by thread (%% of one core): %s.\n' "$top_threads"
  printf -- '- Rest of the machine in the window (%% of one core): endpoints %s, the script'"'"'s `vigil ctl` clients %s, irq/softirq %s,\n' \
    "$server_pct" "$helpers_pct" "$irq_pct"
  printf '  other processes %s (biggest: %s); all CPUs %s%% busy, load average %s at the end.\n' \
    "$others_pct" "$top_others" "$machine_pct" "$loadavg"
  if [[ -n $prof_summary ]]; then
    printf -- '- Profile after the window:\n\n```\n%s\n```\n' "$prof_summary"
  fi
} >>"$results"
log "appended to $results"
