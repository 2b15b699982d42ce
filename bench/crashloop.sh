#!/usr/bin/env bash
# Crash-loop benchmark: a service that exits at once, forever, for CRASH_SECONDS (default
# 60), under Vigil, supervisord and monit, side by side in the same window.
#
# The service is `/bin/sh -c '...; exit 1'`: each start appends the time (/proc/uptime, 10 ms
# resolution, read by a shell builtin: no extra process) to a file and writes its pid to a
# pidfile (monit needs one), then exits 1 (the first start of the window only after 0.3 s:
# see crash_script). So the file counts the starts and gives their times. Variants, each its
# own daemon and scratch folder:
# - vigil-default:  no `restart` block, so Vigil's defaults apply (backoff 1s..60s,
#                   maxRestarts 5, window 10m, stableAfter 10s);
# - vigil-backoff:  "restart": {"backoff": "100ms..60s", "maxRestarts": 1000, "window": "10m"}
#                   (so that it backs off instead of giving up);
# - sup-default:    supervisord, `autorestart=true`, startsecs/startretries left at their
#                   defaults (1 s, 3);
# - sup-retries:    supervisord, `autorestart=true startsecs=1 startretries=1000`;
# - monit:          `set daemon 1`, `check process crash with pidfile ...` and a start
#                   program that runs the service in the foreground (monit's default start
#                   timeout, 30 s, unless MONIT_START_TIMEOUT is set).
# With IDLE=1 (the default) the same three daemons also run an idle `sleep` service in the
# same window (vigil-idle, sup-idle, monit-idle): the cost of the daemon doing nothing.
#
# The window: every daemon is started first (Vigil and supervisord with the service's
# autostart off, then WARM s to settle), the CPU counters read, then the service is started
# (`vigil ctl vigil:start`, `supervisorctl start`; monit: the daemon itself is started then,
# so its figure includes its own start-up). CRASH_SECONDS later the counters are read again.
# Measured per variant: starts in the window (restarts = starts - 1), the final state each
# tool reports, the daemon's own CPU (utime+stime delta of /proc/PID/stat) and the CPU of the
# children it reaped (cutime+cstime delta), and an estimate of the crashing children's CPU:
# starts x the CPU of one start, measured here by running the same command CAL_RUNS times.
#
# Results are printed and appended as a dated section to bench/RESULTS.md.
#
# Environment: CRASH_SECONDS (60), WARM (s, 5), IDLE (1|0, 1), CAL_RUNS (200),
# MONIT_START_TIMEOUT (s; empty = monit's default, 30), VIGIL_DIST (runtime/target/vigil),
# RESULTS (file), KEEP_TMP=1 keeps the scratch folder.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
bench=crashloop
# shellcheck source=lib.sh
source "$here/lib.sh"
dist_src="${VIGIL_DIST:-$root/runtime/target/vigil}"
crash_seconds="${CRASH_SECONDS:-60}"
warm="${WARM:-5}"
idle="${IDLE:-1}"
cal_runs="${CAL_RUNS:-200}"
monit_start_timeout="${MONIT_START_TIMEOUT:-}"
results="${RESULTS:-$here/RESULTS.md}"
backoff_policy='{ "backoff": "100ms..60s", "maxRestarts": 1000, "window": "10m" }'
idle_arg=86399 # `sleep 86399`: the idle service, recognised by its argument

# ---------------------------------------------------------------- prerequisites

[[ $crash_seconds =~ ^[1-9][0-9]*$ ]] || die "CRASH_SECONDS must be a positive integer (got '$crash_seconds')"
[[ $warm =~ ^[0-9]+$ ]] || die "WARM must be a non-negative integer (got '$warm')"
[[ $cal_runs =~ ^[1-9][0-9]*$ ]] || die "CAL_RUNS must be a positive integer (got '$cal_runs')"
[[ -z $monit_start_timeout || $monit_start_timeout =~ ^[1-9][0-9]*$ ]] || die "MONIT_START_TIMEOUT must be empty or a positive integer"

install_debian supervisord:supervisor supervisorctl:supervisor monit:monit
need_commands supervisord supervisorctl monit awk sleep

ensure_dist "$dist_src" "$root"
sleep_bin=$(command -v sleep)
clk_tck=$(getconf CLK_TCK)

# ---------------------------------------------------------------- helpers

uptime_s() { local up _; read -r up _ </proc/uptime; echo "$up"; }

# "UTIME+STIME CUTIME+CSTIME" of PID in clock ticks (fields 14-17 of /proc/PID/stat).
cpu_ticks() {
  local stat rest
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  rest=${stat##*) } # past the command name, which may hold spaces
  awk '{print $12 + $13, $14 + $15}' <<<"$rest"
}
secs() { awk -v t="$1" -v h="$clk_tck" 'BEGIN {printf "%.2f", t / h}'; }

# The crashing service's shell script: record the start, write the pid, exit 1. The very
# first start waits 0.3 s before it exits (still a failed start for every tool: under
# Vigil's 1 s to RUNNING and supervisord's startsecs): a process that exits within
# microseconds of `vigil:start` can be left in BACKOFF for good (see RESULTS.md, 2026-12-02).
crash_script() { # DIR
  # shellcheck disable=SC2016 # expanded by the service's shell, not here
  printf 'read -r up _ </proc/uptime; [ -s %s/starts ] || first=1; echo "$up" >>%s/starts; echo $$ >%s/crash.pid; [ -z "$first" ] || sleep 0.3; exit 1' "$1" "$1" "$1"
}

# ---------------------------------------------------------------- scratch + cleanup

tmp="$(mktemp -d "${TMPDIR:-/tmp}/vigil-crashloop.XXXXXX")"
variants=(vigil-default vigil-backoff sup-default sup-retries monit)
[[ $idle == 1 ]] && variants+=(vigil-idle sup-idle monit-idle)
declare -A label=(
  [vigil-default]='Vigil, default restart policy'
  [vigil-backoff]='Vigil, backoff 100ms..60s, maxRestarts 1000'
  [sup-default]='supervisord, startretries 3 (default)'
  [sup-retries]='supervisord, startsecs=1 startretries=1000'
  [monit]='monit, set daemon 1'
  [vigil-idle]='Vigil, idle (one sleep)'
  [sup-idle]='supervisord, idle (one sleep)'
  [monit-idle]='monit, idle (one sleep)'
)
declare -A dpid # variant -> daemon pid (for monit: monit's own pid)
started_vigil=()
bg_pids=() # supervisord and monit daemons we started

# True when PID is the idle `sleep` of one of our monit variants.
is_our_sleep() {
  local cmdline
  alive "$1" || return 1
  cmdline=$(tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline") || return 1
  [[ $cmdline == "$sleep_bin $idle_arg " ]]
}

cleanup() {
  local rc=$? d pid
  trap - EXIT INT TERM
  set +e
  for d in "${started_vigil[@]}"; do
    pid=$(cat "$d/data/vigil.pid" 2>/dev/null)
    if alive "$pid"; then
      "$d/bin/vigil" stop >/dev/null 2>&1
      stop_pid "$pid" 5
    fi
  done
  for pid in "${bg_pids[@]}"; do
    stop_pid "$pid" 10 # supervisord stops its programs; monit leaves them: swept below
    wait "$pid" 2>/dev/null
  done
  pid=$(cat "$tmp/monit-idle/crash.pid" 2>/dev/null) && is_our_sleep "$pid" && stop_pid "$pid" 3
  if [[ ${KEEP_TMP:-0} == 1 ]]; then log "scratch kept in $tmp"; else rm -rf "$tmp"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- the tools

# The service's argv as a JSON array (Vigil) for variant V.
service_json() {
  if [[ $1 == *-idle ]]; then
    printf '["%s", "%s"]' "$sleep_bin" "$idle_arg"
  else
    printf '["/bin/sh", "-c", "%s"]' "$(crash_script "$tmp/$1" | sed 's/"/\\"/g')"
  fi
}

setup_vigil() { # VARIANT
  local v=$1 d="$tmp/$1/dist" restart=''
  mkdir -p "$tmp/$v"
  cp -a "$dist_src" "$d"
  rm -rf "$d/data/felix-cache" "$d"/data/vigil.{pid,lock,sock} "$d"/data/ports.json "$d"/logs/*.log "$d"/logs/*.out
  [[ $v == vigil-backoff ]] && restart=$',\n      "restart": '"$backoff_policy"
  cat >"$tmp/$v/bench.json" <<EOF
{
  "system": { "name": "crashloop-$v" },
  "services": {
    "crash": {
      "command": $(service_json "$v"),
      "autostart": false$restart
    }
  }
}
EOF
  "$d/bin/vigil" check-config "$tmp/$v/bench.json" >"$tmp/$v/check-config.out" 2>&1 ||
    die "$v: config refused: $(cat "$tmp/$v/check-config.out")"
  started_vigil+=("$d")
  "$d/bin/vigil" start -c "$tmp/$v/bench.json" >"$tmp/$v/start.out" 2>&1 ||
    die "$v: vigil start failed: $(cat "$tmp/$v/start.out")"
  dpid[$v]=$(cat "$d/data/vigil.pid")
}

setup_supervisord() { # VARIANT
  local v=$1 d="$tmp/$1" command extra=''
  mkdir -p "$d"
  if [[ $v == sup-idle ]]; then
    command="$sleep_bin $idle_arg"
  else
    command="/bin/sh -c '$(crash_script "$d")'"
  fi
  [[ $v == sup-retries ]] && extra=$'startsecs=1\nstartretries=1000'
  cat >"$d/supervisord.conf" <<EOF
[unix_http_server]
file=$d/supervisor.sock
chmod=0700

[supervisord]
logfile=$d/supervisord.log
pidfile=$d/supervisord.pid
childlogdir=$d
nodaemon=true
loglevel=info

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://$d/supervisor.sock

[program:crash]
command=$command
directory=$d
autostart=false
autorestart=true
$extra
stopwaitsecs=3
redirect_stderr=true
stdout_logfile=$d/crash.log
EOF
  supervisord -c "$d/supervisord.conf" -n >"$d/stdout.log" 2>&1 &
  dpid[$v]=$!
  bg_pids+=("$!")
}

write_monit_conf() { # VARIANT
  local v=$1 d="$tmp/$1" timeout=''
  mkdir -p "$d"
  if [[ $v == monit-idle ]]; then
    printf '#!/bin/sh\n%s %s >/dev/null 2>&1 </dev/null &\necho $! >%s/crash.pid\n' "$sleep_bin" "$idle_arg" "$d" >"$d/start"
  else
    printf '#!/bin/sh\n%s\n' "$(crash_script "$d")" >"$d/start"
  fi
  chmod 0755 "$d/start"
  [[ -n $monit_start_timeout ]] && timeout=" with timeout $monit_start_timeout seconds"
  cat >"$d/monitrc" <<EOF
set daemon 1
set log $d/monit.log
set pidfile $d/monit.pid
set idfile $d/monit.id
set statefile $d/monit.state
set httpd unixsocket $d/monit.sock
  allow localhost

check process crash with pidfile $d/crash.pid
  start program = "$d/start"$timeout
EOF
  chmod 0600 "$d/monitrc"
  monit -t -c "$d/monitrc" >"$d/syntax.out" 2>&1 || die "monit rejects $d/monitrc: $(cat "$d/syntax.out")"
}

# Starts the service of VARIANT (monit: its daemon); the window begins.
trigger() {
  local v=$1 d="$tmp/$1"
  case $v in
    vigil-*) "$d/dist/bin/vigil" ctl vigil:start crash >"$d/trigger.out" 2>&1 || true ;;
    sup-*) supervisorctl -c "$d/supervisord.conf" start crash >"$d/trigger.out" 2>&1 & ;; # blocks while it retries
    monit*)
      monit -c "$d/monitrc" -I >"$d/stdout.log" 2>&1 </dev/null &
      dpid[$v]=$!
      bg_pids+=("$!") ;;
  esac
}

# The state each tool reports for the service at the end.
final_state() {
  local v=$1 d="$tmp/$1"
  case $v in
    vigil-*)
      { "$d/dist/bin/vigil" status --json 2>/dev/null || true; } | python3 -c '
import json, sys
try:
    doc = json.load(sys.stdin)
except ValueError:
    print("? (no answer)"); sys.exit(0)
for s in doc.get("services", []):
    if s.get("name") == "crash":
        print("%s, %s restarts: %s" % (s.get("state"), s.get("restarts"), (s.get("message") or "").replace("|", "/")[:160]))
' || echo '?' ;;
    sup-*) { supervisorctl -c "$d/supervisord.conf" status crash 2>/dev/null || true; } | awk '{$1 = ""; sub(/^ +/, ""); print}' || true ;;
    monit*)
      { monit -c "$d/monitrc" status crash 2>/dev/null || true; } | awk '$1 == "status" {$1 = ""; sub(/^ +/, ""); s = $0} END {print (s == "" ? "?" : s)}' || echo '?' ;;
  esac
}

# ---------------------------------------------------------------- calibration

# The CPU of one start of the crashing command, run directly CAL_RUNS times (children's CPU
# from bash's `times`), in ms.
mkdir -p "$tmp/cal"
echo 0 >"$tmp/cal/starts" # not a first start: no 0.3 s wait
cal_script=$(crash_script "$tmp/cal")
# (`times` runs in the same subshell as the loop: its second line is that loop's children.)
cal_times=$(
  for ((i = 0; i < cal_runs; i++)); do /bin/sh -c "$cal_script" || true; done
  times
)
cal_ms=$(awk -v n="$cal_runs" 'NR == 2 {
    split($1, u, /[ms]/); split($2, s, /[ms]/)
    printf "%.2f", (u[1] * 60 + u[2] + s[1] * 60 + s[2]) * 1000 / n }' <<<"$cal_times")
log "one start of the crashing command costs ${cal_ms} ms of CPU (mean of $cal_runs direct runs)"

# ---------------------------------------------------------------- the window

log "scratch: $tmp; window: ${crash_seconds}s; variants: ${variants[*]}"
for v in "${variants[@]}"; do
  case $v in
    vigil-*) setup_vigil "$v" ;;
    sup-*) setup_supervisord "$v" ;;
    monit*) write_monit_conf "$v" ;;
  esac
done
for v in "${variants[@]}"; do # supervisord is up once it reports the program
  [[ $v == sup-* ]] || continue
  for ((i = 0; i < 100; i++)); do
    out=$(supervisorctl -c "$tmp/$v/supervisord.conf" status crash 2>&1 || true)
    [[ $out == crash*STOPPED* ]] && break
    sleep 0.1
  done
  [[ $out == crash*STOPPED* ]] || die "$v: supervisord not ready: $out"
done
sleep "$warm"

declare -A t0 c0 cc0 c1 cc1 t1
for v in "${variants[@]}"; do
  if [[ $v == monit* ]]; then
    c0[$v]=0; cc0[$v]=0 # monit starts now: its whole life is in the window
  else
    read -r "c0[$v]" "cc0[$v]" <<<"$(cpu_ticks "${dpid[$v]}")" || die "$v: daemon pid ${dpid[$v]} is gone"
  fi
  t0[$v]=$(uptime_s)
  trigger "$v"
  log "$v: window started (daemon pid ${dpid[$v]})"
done
for v in "${variants[@]}"; do
  wait_s=$(awk -v a="${t0[$v]}" -v n="$crash_seconds" -v b="$(uptime_s)" 'BEGIN {d = a + n - b; printf "%.2f", (d > 0 ? d : 0)}')
  sleep "$wait_s"
  t1[$v]=$(uptime_s)
  read -r "c1[$v]" "cc1[$v]" <<<"$(cpu_ticks "${dpid[$v]}")" || die "$v: daemon pid ${dpid[$v]} is gone at the end"
done
declare -A state
for v in "${variants[@]}"; do state[$v]=$(final_state "$v"); done

# ---------------------------------------------------------------- figures

declare -A starts last gaps dcpu ccpu est tot
for v in "${variants[@]}"; do
  f="$tmp/$v/starts"
  [[ -f $f ]] || : >"$f"
  read -r "starts[$v]" "last[$v]" "gaps[$v]" <<<"$(awk -v a="${t0[$v]}" -v b="${t1[$v]}" '
    $1 >= a - 0.01 && $1 <= b {n++; if (n > 1) g = g sprintf("%s%.1f", (n > 2 ? "," : ""), $1 - p); p = $1; l = $1 - a}
    END {printf "%d %s %s\n", n, (n ? sprintf("%.1f", l) : "-"), (g == "" ? "-" : g)}' "$f")"
  dcpu[$v]=$(secs $((c1[$v] - c0[$v])))
  ccpu[$v]=$(secs $((cc1[$v] - cc0[$v])))
  est[$v]=$(awk -v n="${starts[$v]}" -v c="$cal_ms" 'BEGIN {printf "%.2f", n * c / 1000}')
  tot[$v]=$(awk -v a="${dcpu[$v]}" -v b="${est[$v]}" 'BEGIN {printf "%.2f", a + b}')
done
idle_of() { case $1 in vigil-*) echo vigil-idle ;; sup-*) echo sup-idle ;; monit*) echo monit-idle ;; esac; }
over_idle() { # VARIANT: daemon CPU minus its idle twin's, or "-"
  local i
  i=$(idle_of "$1")
  if [[ $idle == 1 && $1 != *-idle ]]; then awk -v a="${dcpu[$1]}" -v b="${dcpu[$i]}" 'BEGIN {printf "%+.2f", a - b}'; else echo -; fi
}

mem_mib=$(awk '/^MemTotal:/ {printf "%d", $2 / 1024}' /proc/meminfo)
machine="$(nproc) CPUs, ${mem_mib} MiB RAM, $(uname -sr)"
os=$(awk -F= '$1 == "PRETTY_NAME" {gsub(/"/, "", $2); print $2}' /etc/os-release 2>/dev/null) || true
os=${os:-?}
java_v=$(java -version 2>&1 | head -n1 | sed 's/"//g') || java_v='?'
dist_built=$(date -u -r "$dist_src/lib/vigil-runtime.jar" +%FT%TZ 2>/dev/null) || dist_built='?'
head_rev=$(git -C "$root" rev-parse --short HEAD 2>/dev/null) || head_rev='?'
git -C "$root" diff --quiet HEAD -- ':(exclude)bench' 2>/dev/null || head_rev+=' + uncommitted changes'
sup_v=$(supervisord -v 2>/dev/null) || sup_v='?'
monit_v=$(monit -V 2>/dev/null | head -n1 | awk '{print $NF}') || monit_v='?'
load=$(cut -d' ' -f1-3 /proc/loadavg)
monit_timeout_text=${monit_start_timeout:+$monit_start_timeout s}
monit_timeout_text=${monit_timeout_text:-30 s, its default}

# shellcheck disable=SC2016 # the backticks are literal
printf '\nCrash loop (`sh -c ... exit 1`) for %s s; CPU in seconds; one start of the command = %s ms CPU\n' "$crash_seconds" "$cal_ms"
printf '%-46s %6s %8s %8s %9s %8s %8s %8s  %s\n' variant starts 'last(s)' daemon 'over idle' reaped 'est.kids' total 'final state'
for v in "${variants[@]}"; do
  printf '%-46s %6s %8s %8s %9s %8s %8s %8s  %s\n' "${label[$v]}" "${starts[$v]}" "${last[$v]}" "${dcpu[$v]}" "$(over_idle "$v")" \
    "${ccpu[$v]}" "${est[$v]}" "${tot[$v]}" "${state[$v]}"
done
printf 'Gaps between starts (s):\n'
for v in "${variants[@]}"; do
  [[ $v == *-idle ]] || printf '  %-14s %s\n' "$v" "${gaps[$v]}"
done

if [[ ! -f $results ]]; then
  printf '# Vigil benchmarks\n\nEach benchmark script under bench/ appends a dated section below.\n' >"$results"
fi
# shellcheck disable=SC2016 # the backticks are markdown
{
  printf '\n## %s — crash loop (a service that exits at once, %s s)\n\n' "$(date -u +%F)" "$crash_seconds"
  printf -- '- Machine: %s (%s); %s; supervisord %s; monit %s; Vigil distribution built %s (repo HEAD %s);\n' \
    "$machine" "$os" "$java_v" "$sup_v" "$monit_v" "$dist_built" "$head_rev"
  printf '  load average %s at the end.\n' "$load"
  printf -- '- `bench/crashloop.sh`: the service is `/bin/sh -c '"'"'...; exit 1'"'"'` (each start appends its time, a shell builtin,\n'
  printf '  and exits 1); every variant is its own daemon, all in the same %s s window, which starts at `vigil ctl vigil:start`\n' "$crash_seconds"
  printf '  / `supervisorctl start` (daemons up and settled %s s before; the service has `autostart` off) or, for monit, at the\n' "$warm"
  printf '  start of the monit daemon itself. Vigil default: no `restart` block (backoff 1s..60s, maxRestarts 5, window 10m,\n'
  printf '  stableAfter 10s); Vigil backoff: `"restart": %s`. supervisord: `autorestart=true`, defaults\n' "$backoff_policy"
  printf '  (startsecs 1, startretries 3) or `startsecs=1 startretries=1000`. monit: `set daemon 1`, `check process ... with\n'
  printf '  pidfile`, `start program` running the service in the foreground (start timeout %s).\n' "$monit_timeout_text"
  printf -- '- starts = process starts in the window (restarts = starts - 1); the first start waits 0.3 s before it exits\n'
  printf '  (see the operator-start race in the notes of 2026-12-02); last start = seconds into the window.\n'
  printf -- '- CPU: daemon = utime+stime delta of the daemon (/proc/PID/stat); reaped = cutime+cstime delta (children it waited\n'
  printf '  for); est. children = starts x %s ms (one start of the command, mean of %s direct runs). Idle = the same daemon\n' "$cal_ms" "$cal_runs"
  printf '  with one `sleep` service, same window; over idle = daemon - idle daemon.\n\n'
  printf '| variant | starts | last start (s) | daemon CPU s | over idle | reaped children CPU s | est. children CPU s | daemon + est. children | final state |\n'
  printf '|---|---:|---:|---:|---:|---:|---:|---:|---|\n'
  for v in "${variants[@]}"; do
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "${label[$v]}" "${starts[$v]}" "${last[$v]}" "${dcpu[$v]}" \
      "$(over_idle "$v")" "${ccpu[$v]}" "${est[$v]}" "${tot[$v]}" "${state[$v]}"
  done
  printf '\n- Gaps between starts (s):'
  sep=' '
  for v in "${variants[@]}"; do
    [[ $v == *-idle ]] || { printf '%s%s %s' "$sep" "$v" "${gaps[$v]}"; sep='; '; }
  done
  printf '.\n'
} >>"$results"
log "appended to $results"
