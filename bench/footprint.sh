#!/usr/bin/env bash
# Footprint benchmark: what a keeper costs for SERVICES (50) services, each checked over TCP
# once a second, Vigil against its peers in the same run.
#
# Every service is the same tiny listener (perl, accepts and closes; see write_tcp_listener).
# - launch: TRIALS times, supervisord (one program per service) from its start until every
#   port answers, then `vigil start -c` from the call until every port answers (polled while
#   it runs; when it returned, ready, is reported beside); each stopped
#   after (the last Vigil stays up for the window). Medians; supervisord's VmRSS once up.
# - window: Vigil (a `tcp` check per service, interval 1s, timeout 1s) and monit (`set daemon
#   1`, `check process` with a pidfile and `if failed port N with timeout 1 seconds then
#   alert`, on its own SERVICES listeners that this script starts, so monit never pauses a
#   test after a start of its own) run side by side; after SETTLE s (monit's first cycles,
#   the daemon's warm-up) both are measured over WINDOW s: VmRSS at the end (and peak),
#   CPU-seconds (utime+stime from /proc/PID/stat), threads; Vigil's CPU by thread.
# LAUNCH_ONLY=1 runs the launch trials alone (no monit, no window, nothing appended): for quick
# comparisons; each trial's Vigil timeline (from vigil.log) is printed beside its figures.
# NMT=1 adds -XX:NativeMemoryTracking=summary to the daemon and prints `jcmd VM.native_memory
# summary` after the window (NMT costs memory itself: its RSS figure is then not comparable).
# Results are printed and appended as a dated section to bench/RESULTS.md.
#
# Environment: SERVICES (50), TRIALS (3), SETTLE (s, 15), WINDOW (s, 60), PORT_BASE (19200:
# Vigil's services from there, monit's from +100, supervisord's from +200, Vigil's HTTP at
# +300..+309), NMT (0), VIGIL_DIST (runtime/target/vigil), VIGIL_JAVA_OPTS (passed to the
# daemon by bin/vigil and recorded), RESULTS (file), KEEP_TMP=1 keeps the scratch folder.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
bench=footprint
# shellcheck source=lib.sh
source "$here/lib.sh"
dist_src="${VIGIL_DIST:-$root/runtime/target/vigil}"
services="${SERVICES:-50}"
trials="${TRIALS:-3}"
settle="${SETTLE:-15}"
window="${WINDOW:-60}"
base="${PORT_BASE:-19200}"
nmt="${NMT:-0}"
launch_only="${LAUNCH_ONLY:-0}"
results="${RESULTS:-$here/RESULTS.md}"
for v in services trials settle window base; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "${v^^} must be a positive integer (got '${!v}')"
done
((services <= 100)) || die "SERVICES must be at most 100 (the port blocks are 100 apart)"
install_debian monit:monit supervisord:supervisor perl:perl
need_commands monit supervisord perl awk jcmd
ensure_dist "$dist_src" "$root"
hz=$(getconf CLK_TCK)
perl=$(command -v perl)

tmp="$(mktemp -d "${TMPDIR:-/tmp}/vigil-footprint.XXXXXX")"
vd="$tmp/vigil"
md="$tmp/monit"
sd="$tmp/supervisord"
listener="$tmp/listener.pl"
mkdir -p "$md" "$sd"
write_tcp_listener "$listener"
vigil_ports=() monit_ports=() sup_ports=()
for ((i = 0; i < services; i++)); do
  vigil_ports+=($((base + i))) monit_ports+=($((base + 100 + i))) sup_ports+=($((base + 200 + i)))
done
for p in "${vigil_ports[@]}" "${monit_ports[@]}" "${sup_ports[@]}"; do
  ! port_open "$p" || die "port $p is already in use; pick another PORT_BASE"
done
monit_pid='' sup_pid='' vigil_up=0
LISTENER_PIDS=()  # monit's listeners, started here

cleanup() {
  local rc=$? pid
  trap - EXIT INT TERM
  set +e
  ((vigil_up)) && "$vd/bin/vigil" stop >/dev/null 2>&1
  alive "$monit_pid" && stop_pid "$monit_pid" 5
  alive "$sup_pid" && stop_pid "$sup_pid" 60 # it stops its programs itself
  for pid in "${LISTENER_PIDS[@]}"; do alive "$pid" && kill -TERM "$pid" 2>/dev/null; done
  if [[ ${KEEP_TMP:-0} == 1 ]]; then log "scratch kept in $tmp"; else rm -rf "$tmp"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- configs

cp -a "$dist_src" "$vd"
rm -rf "$vd/data"/* "$vd/logs"/*
cfg="$vd/config/footprint.json"
{
  printf '{\n  "system": { "name": "footprint", "http": { "port": { "preferred": %s, "range": "%s-%s" } } },\n  "services": {\n' $((base + 300)) $((base + 300)) $((base + 309))
  for ((i = 0; i < services; i++)); do
    printf '    "%s": { "command": ["%s", "%s", "${port.tcp}"], "ports": { "tcp": %s }, "stopTimeout": "2s",\n' \
      "$(printf 'svc-%03d' "$i")" "$perl" "$listener" "${vigil_ports[$i]}"
    printf '      "checks": [ { "type": "tcp", "interval": "1s", "timeout": "1s" } ] }%s\n' "$( ((i < services - 1)) && echo ,)"
  done
  printf '  }\n}\n'
} >"$cfg"
"$vd/bin/vigil" check-config "$cfg" >"$tmp/check-config.out" 2>&1 || die "Vigil rejects $cfg: $(cat "$tmp/check-config.out")"

supervisord_conf "$sd" "$services" $((base + 200)) "$perl $listener" >"$sd/supervisord.conf"

monit_peer_config "$md" "$services" $((base + 100))

# ---------------------------------------------------------------- launch

# LOG T0: ms from T0 (ns) to the marks of the last boot in vigil.log: first line, config loaded,
# first and last service launched, ready.
launch_timeline() {
  local log=$1 t0=$2 mark ts out=''
  local -a marks=('first line:.' 'config:ConfigPublisher - Loaded' 'first launch:Launcher - Started'
    'last launch:Launcher - Started' 'ready:Vigil ready')
  for mark in "${marks[@]}"; do
    case $mark in
      last*) ts=$(awk -v p="${mark#*:}" 'index($0, p) {t = $1} END {print t}' "$log") ;;
      ready*) ts=$(awk -v p="${mark#*:}" 'index($0, p) {print t; exit} /^20[0-9][0-9]-/ {t = $1}' "$log") ;;
      *) ts=$(awk -v p="${mark#*:}" 'index($0, p) && /^20[0-9][0-9]-/ {print $1; exit}' "$log") ;;
    esac
    [[ -n $ts ]] && out+="${mark%%:*} $((($(date -d "$ts" +%s%N) - t0) / 1000000)) ms, "
  done
  echo "${out%, } (vigil.log)"
}

[[ $nmt == 1 ]] && export VIGIL_JAVA_OPTS="${VIGIL_JAVA_OPTS:+$VIGIL_JAVA_OPTS }-XX:NativeMemoryTracking=summary"
sup_ms=() vigil_ms=() ready_ms=() sup_rss_kb=''
for ((t = 1; t <= trials; t++)); do
  t0=$(now_ns)
  supervisord -c "$sd/supervisord.conf" >"$sd/stdout.log" 2>&1 </dev/null &
  sup_pid=$!
  sup_ms+=("$(wait_ports "$t0" 60 "${sup_ports[@]}")") || die "supervisord's programs did not all answer within 60 s"
  sleep 1
  sup_rss_kb=$(proc_status "$sup_pid" VmRSS)
  stop_pid "$sup_pid" 60 # it stops its programs one after the other, ~0.5 s each
  wait "$sup_pid" 2>/dev/null || true
  sup_pid=''
  for p in "${sup_ports[@]}"; do ! port_open "$p" || die "supervisord left its program on port $p running"; done

  # Polled while `vigil start` runs, as supervisord's are: it returns once the daemon is ready,
  # which may be before or after its services answer.
  : >"$vd/logs/vigil.log" # (the scratch copy's: its timeline is this trial's alone)
  t0=$(now_ns)
  "$vd/bin/vigil" start -c "$cfg" >"$tmp/start.out" 2>&1 &
  start_pid=$!
  vigil_up=1
  vigil_ms+=("$(wait_ports "$t0" 60 "${vigil_ports[@]}")") || die "Vigil's services did not all answer within 60 s"
  wait "$start_pid" || die "vigil start failed: $(cat "$tmp/start.out")"
  ready_ms+=($((($(now_ns) - t0) / 1000000)))
  log "launch $t/$trials: supervisord ${sup_ms[-1]} ms, Vigil ${vigil_ms[-1]} ms (vigil start returned by ${ready_ms[-1]} ms)"
  ((launch_only)) && log "  Vigil timeline: $(launch_timeline "$vd/logs/vigil.log" "$t0")"
  if ((t < trials)); then
    "$vd/bin/vigil" stop >/dev/null 2>&1 || die "vigil stop failed"
    vigil_up=0
  fi
done
sup_med=$(printf '%s\n' "${sup_ms[@]}" | median)
vigil_med=$(printf '%s\n' "${vigil_ms[@]}" | median)
if ((launch_only)); then
  log "launch medians: supervisord $sup_med ms, Vigil $vigil_med ms ($(ratio "$vigil_med" "$sup_med") x; target <= 0.70)"
  exit 0
fi
daemon_pid=$(cat "$vd/data/vigil.pid")
daemon_jvm=$(tr '\0' '\n' <"/proc/$daemon_pid/cmdline" |
  awk 'NR > 1 && $0 == "-cp" {exit} NR > 1 && !/^-Dvigil\.home=/ {printf "%s%s", sep, $0; sep = " "}')

# ---------------------------------------------------------------- window

start_monit_peer "$md" "$services" $((base + 100)) "$perl" "$listener"
monit_pid=$MONIT_PID
log "settling ${settle} s (Vigil pid $daemon_pid, monit pid $monit_pid)"
sleep "$settle"
alive "$monit_pid" || die "monit exited: $(cat "$md/stdout.log" "$md/monit.log" 2>/dev/null | tail -n 5)"

thread_ticks "$daemon_pid" >"$tmp/threads.0"
w0=$(now_ns)
v0=$(proc_ticks "$daemon_pid")
m0=$(proc_ticks "$monit_pid")
log "measuring for ${window} s"
sleep "$window"
v1=$(proc_ticks "$daemon_pid")
m1=$(proc_ticks "$monit_pid")
w1=$(now_ns)
thread_ticks "$daemon_pid" >"$tmp/threads.1"
secs=$(awk -v n="$((w1 - w0))" 'BEGIN {printf "%.2f", n / 1e9}')
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
cpu_s() { awk -v t="$1" -v hz="$hz" 'BEGIN {printf "%.2f", t / hz}'; }
vigil_rss=$(mib "$(proc_status "$daemon_pid" VmRSS)")
vigil_hwm=$(mib "$(proc_status "$daemon_pid" VmHWM)")
vigil_threads=$(proc_status "$daemon_pid" Threads)
monit_rss=$(mib "$(proc_status "$monit_pid" VmRSS)")
monit_threads=$(proc_status "$monit_pid" Threads)
sup_rss=$(mib "$sup_rss_kb")
vigil_cpu=$(cpu_s $((v1 - v0)))
monit_cpu=$(cpu_s $((m1 - m0)))
by_thread=$(cpu_by_thread "$tmp/threads.0" "$tmp/threads.1" "$((v1 - v0))" "$secs" "$hz")
# Live threads by name (digits folded), the most numerous first: where the stacks go.
thread_names=$(awk '{n[$3]++} END {for (k in n) print n[k], k}' "$tmp/threads.1" | sort -rn |
  awk 'NR <= 12 {printf "%s%s x%s", sep, $2, $1; sep = ", "}')
top_threads=$(awk 'NR <= 8 {printf "%s%s %s%% %s", sep, $2, $1, $3; sep = "; "}' <<<"$by_thread")
checks_up=$("$vd/bin/vigil" ctl vigil:health 2>/dev/null | awk '$1 ~ /^svc-/ && $2 == "UP" {n++} END {print n + 0}')
nmt_summary=''
[[ $nmt == 1 ]] && nmt_summary=$(jcmd "$daemon_pid" VM.native_memory summary 2>&1 |
  awk '/^Total:/ || /^-/ {sub(/^-[ ]*/, ""); print "    " $0}' | awk 'NF')

rss_ratio=$(ratio "$vigil_rss" "$monit_rss")
cpu_ratio=$(ratio "$vigil_cpu" "$monit_cpu")
launch_ratio=$(ratio "$vigil_med" "$sup_med")
verdict() { awk -v v="$1" -v t="$2" 'BEGIN {print (v <= t) ? "met" : "MISSED"}'; }
t_rss=$(verdict "$vigil_rss" 64)
t_cpu=$(verdict "$cpu_ratio" 1)
t_launch=$(verdict "$launch_ratio" 0.7)

# ---------------------------------------------------------------- report

table="| figure | Vigil | peer, same run | Vigil / peer | target |
|---|---:|---:|---:|---|
| VmRSS at the end of the window (peak) | $vigil_rss MiB ($vigil_hwm) | monit $monit_rss MiB | $rss_ratio | <= 64 MiB: $t_rss |
| CPU-seconds over $secs s, $services TCP checks/s | $vigil_cpu | monit $monit_cpu | $cpu_ratio | <= 1.00: $t_cpu |
| launch of $services until all answer (median of $trials) | $vigil_med ms | supervisord $sup_med ms | $launch_ratio | <= 0.70: $t_launch |
| threads | $vigil_threads | monit $monit_threads | | |"
printf '\n%s\n' "$table"
printf '  launch samples (ms): Vigil %s (vigil start returned: %s); supervisord %s; supervisord VmRSS once up (no checks) %s MiB\n' \
  "${vigil_ms[*]}" "${ready_ms[*]}" "${sup_ms[*]}" "$sup_rss"
printf '  Vigil services UP at the end: %s/%s; daemon JVM: %s\n  Vigil CPU by thread (%% of one core, threads):\n' \
  "$checks_up" "$services" "$daemon_jvm"
awk 'NR <= 10 {printf "    %6s%%  %s %s\n", $1, $2, $3}' <<<"$by_thread"
printf '  Vigil threads by name: %s\n' "$thread_names"
[[ -n $nmt_summary ]] && printf '  NMT (committed):\n%s\n' "$nmt_summary"

head_rev=$(git -C "$root" rev-parse --short HEAD 2>/dev/null) || head_rev='?'
git -C "$root" diff --quiet HEAD -- ':(exclude)bench' 2>/dev/null || head_rev+=' + uncommitted changes'
# shellcheck disable=SC2016 # the backticks are markdown
{
  printf '\n## %s — footprint: %s services, a TCP check each every 1 s\n\n' "$(date -u +%F)" "$services"
  printf -- '- Machine: %s CPUs, %s; %s; monit %s; supervisord %s; repo HEAD %s.\n' "$(nproc)" "$(uname -sr)" \
    "$(java -version 2>&1 | head -n1 | tr -d '"')" "$(monit -V | awk 'NR == 1 {print $NF}')" "$(supervisord -v)" "$head_rev"
  printf -- '- Setup: `bench/footprint.sh`; every service a perl listener that accepts and closes. Vigil: `tcp` check interval 1s,\n'
  printf '  timeout 1s; daemon JVM `%s`%s. monit: `set daemon 1`, `check process` + `if failed port N with timeout 1 seconds\n' \
    "$daemon_jvm" "$([[ $nmt == 1 ]] && echo ' (NMT on: RSS includes its cost)')"
  printf '  then alert` on its own listeners, side by side with Vigil; %s s settle, then a %s s window.\n\n' "$settle" "$secs"
  printf '%s\n\n' "$table"
  printf -- '- Launch samples (ms): Vigil %s (`vigil start` returned, ready: %s); supervisord %s. supervisord VmRSS once up\n' \
    "${vigil_ms[*]}" "${ready_ms[*]}" "${sup_ms[*]}"
  printf '  (no checks): %s MiB.\n' "$sup_rss"
  printf -- '- Vigil services UP at the end: %s/%s. Vigil CPU by thread (%% of one core): %s.\n' "$checks_up" "$services" "$top_threads"
  printf -- '- Vigil threads by name: %s.\n' "$thread_names"
  [[ -n $nmt_summary ]] && printf -- '- NMT (committed):\n\n```\n%s\n```\n' "$nmt_summary"
} >>"$results"
log "appended to $results"
