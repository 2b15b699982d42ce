#!/usr/bin/env bash
# Hang benchmark: a HUNG service (SIGSTOP) until it answers again, Vigil vs monit, side by
# side in the same run.
#
# Each tool supervises its own `python3 -m http.server` on loopback, on its own port:
# - Vigil (one daemon per retryInterval in RETRY_INTERVALS, default "100ms 50ms"): an `http`
#   check, interval 250ms, timeout 200ms, failureThreshold 3, retryInterval R; restart
#   {"backoff": "100ms..10s", "maxRestarts": 1000, "window": "10m", "stableAfter": "2s"};
#   stopTimeout 3s; the default recovery list (evict-squatter, reassign-port, restart: only
#   restart handles an unhealthy service).
# - monit: `set daemon 1` (its fastest cycle), `check process` with a pidfile, a start
#   program that backgrounds the server and writes its pid, a stop program that sends it
#   TERM then CONT (a frozen process only acts on TERM once continued, as Vigil does), and
#   `if failed port N protocol http with timeout 1 seconds then restart`; run under a
#   minimal subreaper so that the orphaned server is reaped at once (as in recovery.sh).
# supervisord is not measured: it only watches process exit, so it never sees a hang.
#
# A trial sends SIGSTOP to the server and measures the time (ms, `date +%s%N`) until its
# port answers HTTP again with a real status line (bash /dev/tcp probe every ~10 ms); the
# frozen process must then be gone (a new process answered, not the old one thawed).
# Trials are interleaved (each Vigil, then monit, then again) and a service is only frozen
# once it has answered for SETTLE seconds (plus 0-1 s of random jitter) and, for Vigil, its
# state is RUNNING and its health UP; monit pauses a process's connection tests for its
# start timeout (10 s) after every start, so its service is frozen only 11 s (+ 0-1 s) after
# it answered. Every trial starts from a stable, watched service and lands at a random
# phase of the checks and of monit's cycle. A split is reported too: for Vigil (from its
# log) SIGSTOP -> health DOWN and SIGSTOP -> new process launched; for monit SIGSTOP -> its
# stop program runs and SIGSTOP -> its start program runs (each stamps `date +%s%N`).
# A trial without an answer within TIMEOUT s is a failure: Vigil's recovery log lines and
# status are kept and printed, then the frozen process is killed to go on.
#
# Results are printed and appended as a dated section to bench/RESULTS.md.
#
# Environment: TRIALS (default 10), SETTLE (s, default 4), TIMEOUT (s, default 30),
# RETRY_INTERVALS (default "100ms 50ms"), VIGIL_DIST (default runtime/target/vigil), PYTHON,
# PORT_MONIT (default 18630), PORT_VIGIL (default 18631; the i-th Vigil uses PORT_VIGIL+i),
# RESULTS (file), KEEP_TMP=1 keeps the scratch folder.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
bench=hang
# shellcheck source=lib.sh
source "$here/lib.sh"
dist_src="${VIGIL_DIST:-$root/runtime/target/vigil}"
trials="${TRIALS:-10}"
settle="${SETTLE:-4}"
timeout="${TIMEOUT:-30}"
read -r -a retries <<<"${RETRY_INTERVALS:-100ms 50ms}"
results="${RESULTS:-$here/RESULTS.md}"
port_monit="${PORT_MONIT:-18630}"
port_vigil0="${PORT_VIGIL:-18631}"
check_interval=250ms
check_timeout=200ms
check_failures=3
# monit's start program timeout; monit also pauses a process's connection tests for this
# long after each start, so its trials are spaced by at least this + 1 s.
monit_pause=10
restart_policy='{ "backoff": "100ms..10s", "maxRestarts": 1000, "window": "10m", "stableAfter": "2s" }'

# ---------------------------------------------------------------- prerequisites

[[ $trials =~ ^[1-9][0-9]*$ ]] || die "TRIALS must be a positive integer (got '$trials')"
[[ $settle =~ ^[0-9]+$ ]] || die "SETTLE must be a non-negative integer (got '$settle')"
[[ $timeout =~ ^[1-9][0-9]*$ ]] || die "TIMEOUT must be a positive integer (got '$timeout')"
((${#retries[@]} > 0)) || die "RETRY_INTERVALS is empty"
for r in "${retries[@]}"; do [[ $r =~ ^[0-9]+(ms|s)$ ]] || die "bad retryInterval '$r' (e.g. 100ms)"; done

install_debian monit:monit
need_commands monit awk date

ensure_dist "$dist_src" "$root"
[[ -f $dist_src/bundles/vigil-recovery-coordinator.jar ]] ||
  die "$dist_src has no recovery coordinator (bundles/vigil-recovery-coordinator.jar): hangs are not repaired"

py=$(real_python)

# ---------------------------------------------------------------- helpers

# The process state letter (R, S, T, Z...) of PID, empty when it is gone.
proc_state() { awk '{print $3}' "/proc/$1/stat" 2>/dev/null || true; }

sleep_ns() { (($1 > 0)) && sleep "$(awk -v n="$1" 'BEGIN {printf "%.3f", n / 1e9}')"; return 0; }

# ---------------------------------------------------------------- scratch + cleanup

tmp="$(mktemp -d "${TMPDIR:-/tmp}/vigil-hang.XXXXXX")"
md="$tmp/monit"
monit_conf="$md/monitrc"
monit_pidfile="$md/web.pid"
monit_daemon_pid=''
vigils=()        # tool keys vigil0, vigil1, ...
declare -A vdir vport vretry label
started_vigil=() # dist folders whose daemon we started
service_pids=()  # every server pid we saw, for the last sweep
all_ports=("$port_monit")
for i in "${!retries[@]}"; do
  t=vigil$i
  vigils+=("$t")
  vdir[$t]="$tmp/$t/dist"
  vport[$t]=$((port_vigil0 + i))
  vretry[$t]=${retries[$i]}
  label[$t]="vigil (retryInterval ${retries[$i]})"
  all_ports+=("${vport[$t]}")
done
label[monit]=monit
tools=("${vigils[@]}" monit)

cleanup() {
  local rc=$? d pid port
  trap - EXIT INT TERM
  set +e
  for pid in "${service_pids[@]}"; do # thaw whatever a trial left frozen
    for port in "${all_ports[@]}"; do
      if is_our_server "$pid" "$port"; then kill -CONT "$pid" 2>/dev/null; fi
    done
  done
  for d in "${started_vigil[@]}"; do
    pid=$(cat "$d/data/vigil.pid" 2>/dev/null)
    if alive "$pid"; then
      "$d/bin/vigil" stop >/dev/null 2>&1
      stop_pid "$pid" 5
    fi
  done
  if alive "$monit_daemon_pid"; then
    stop_pid "$monit_daemon_pid" 5 # monit leaves its services running: swept below
    wait "$monit_daemon_pid" 2>/dev/null
  fi
  pid=$(cat "$monit_pidfile" 2>/dev/null) && service_pids+=("$pid")
  for pid in "${service_pids[@]}"; do
    for port in "${all_ports[@]}"; do
      if is_our_server "$pid" "$port"; then stop_pid "$pid" 3; fi
    done
  done
  if [[ ${KEEP_TMP:-0} == 1 ]]; then log "scratch kept in $tmp"; else rm -rf "$tmp"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for port in "${all_ports[@]}"; do
  ! port_open "$port" || die "port $port is already in use; free it (or pick other PORT_* values)"
done

# ---------------------------------------------------------------- the tools

setup_vigil() { # TOOL
  local t=$1 d=${vdir[$1]}
  mkdir -p "$tmp/$t"
  cp -a "$dist_src" "$d"
  rm -rf "$d/data/felix-cache" "$d"/data/vigil.{pid,lock,sock} "$d"/data/ports.json "$d"/logs/*.log "$d"/logs/*.out
  cat >"$tmp/$t/bench.json" <<EOF
{
  "system": { "name": "hang-bench-$t" },
  "services": {
    "web": {
      "command": ["$py", "-m", "http.server", "--bind", "127.0.0.1", "\${port.http}"],
      "ports": { "http": ${vport[$t]} },
      "stopTimeout": "3s",
      "restart": $restart_policy,
      "checks": [ { "type": "http", "url": "http://127.0.0.1:\${port.http}/",
                    "interval": "$check_interval", "timeout": "$check_timeout",
                    "failureThreshold": $check_failures, "retryInterval": "${vretry[$t]}" } ]
    }
  }
}
EOF
  "$d/bin/vigil" check-config "$tmp/$t/bench.json" >"$tmp/$t/check-config.out" 2>&1 ||
    die "$t: config refused: $(cat "$tmp/$t/check-config.out")"
  started_vigil+=("$d")
  "$d/bin/vigil" start -c "$tmp/$t/bench.json" >"$tmp/$t/start.out" 2>&1 ||
    die "$t: vigil start failed: $(cat "$tmp/$t/start.out")"
}

setup_monit() {
  mkdir -p "$md"
  # Start program: starts the server in the background, writes its pid, returns at once
  # (monit blocks its cycle until a start program exits, up to its timeout).
  cat >"$md/web-start" <<EOF
#!/bin/sh
date +%s%N >>'$md/start.stamps'
cd '$md' || exit 1
'$py' -m http.server --bind 127.0.0.1 $port_monit >>'$md/web.log' 2>&1 </dev/null &
echo \$! >'$monit_pidfile'
EOF
  # Stop program: TERM, then CONT so that a frozen server acts on it (monit then waits for
  # the pid to be gone, up to its stop timeout).
  cat >"$md/web-stop" <<EOF
#!/bin/sh
date +%s%N >>'$md/stop.stamps'
pid=\$(cat '$monit_pidfile' 2>/dev/null) || exit 0
kill -TERM "\$pid" 2>/dev/null
kill -CONT "\$pid" 2>/dev/null
exit 0
EOF
  chmod 0755 "$md/web-start" "$md/web-stop"
  cat >"$monit_conf" <<EOF
set daemon 1
set log $md/monit.log
set pidfile $md/monit.pid
set idfile $md/monit.id
set statefile $md/monit.state

check process web with pidfile $monit_pidfile
  start program = "$md/web-start" with timeout $monit_pause seconds
  stop program = "$md/web-stop"
  if failed port $port_monit protocol http with timeout 1 seconds then restart
EOF
  chmod 0600 "$monit_conf"
  monit -t -c "$monit_conf" >"$md/syntax.out" 2>&1 || die "monit rejects $monit_conf: $(cat "$md/syntax.out")"
  # The server outlives its start program, so it is an orphan: run monit under a minimal
  # init that reaps at once (as systemd does on a normal host), as recovery.sh does.
  cat >"$md/reaper.py" <<'PYEOF'
import ctypes, os, signal, sys
ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
child = os.fork()
if child == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
def forward(sig, _frame):
    try:
        os.kill(child, sig)
    except ProcessLookupError:
        pass
signal.signal(signal.SIGTERM, forward)
signal.signal(signal.SIGINT, forward)
while True:
    try:
        pid, _status = os.wait()
    except ChildProcessError:
        break
    if pid == child:
        break
PYEOF
  "$py" "$md/reaper.py" monit -c "$monit_conf" -I >"$md/stdout.log" 2>&1 </dev/null &
  monit_daemon_pid=$!
}

# Vigil's view of web as "STATE HEALTH PID HTTP_PORT" (empty when the daemon does not answer).
vigil_view() {
  "${vdir[$1]}/bin/vigil" status --json 2>/dev/null | "$py" -c '
import json, sys
try:
    doc = json.load(sys.stdin)
except ValueError:
    sys.exit(0)
for s in doc.get("services", []):
    if s.get("name") == "web":
        print(s.get("state"), s.get("health"), s.get("pid") or 0, (s.get("ports") or {}).get("http", 0))
' || true
}

# The pid each tool reports for its server (empty when it has none).
service_pid() {
  local pid=''
  case $1 in
    vigil*) pid=$(vigil_view "$1" | awk '{print $3}') ;;
    monit) pid=$(cat "$monit_pidfile" 2>/dev/null || true) ;;
  esac
  [[ $pid =~ ^[0-9]+$ && $pid != 0 ]] && echo "$pid"
  return 0
}

tool_port() { if [[ $1 == monit ]]; then echo "$port_monit"; else echo "${vport[$1]}"; fi; }

# Waits (up to 20 s) for the tool to report a live server pid other than OLD; prints it.
wait_pid() {
  local tool=$1 old=${2:-} port pid i
  port=$(tool_port "$tool")
  for ((i = 0; i < 200; i++)); do
    pid=$(service_pid "$tool")
    if [[ -n $pid && $pid != "$old" ]] && is_our_server "$pid" "$port"; then
      service_pids+=("$pid")
      echo "$pid"
      return 0
    fi
    sleep 0.1
  done
  return 1
}

# Waits (up to SECONDS) until Vigil says RUNNING and UP.
wait_vigil_stable() {
  local deadline=$(($(now_ns) + $2 * 1000000000)) v
  while :; do
    v=$(vigil_view "$1")
    [[ $v == "RUNNING UP "* ]] && return 0
    (($(now_ns) < deadline)) || { log "$1: not RUNNING and UP: $v"; return 1; }
    sleep 0.1
  done
}

# From a Vigil log: "DOWN_MS LAUNCH_MS" after T0_NS (first health DOWN of web, first launch of
# web at or after T0), "- -" for what is not there.
vigil_split() {
  "$py" - "$1" "$2" <<'PYEOF'
import sys
from datetime import datetime, timezone
path, t0 = sys.argv[1], int(sys.argv[2])
down = launch = None
def ns(line):
    try:
        ts = datetime.strptime(line[:24], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
    except ValueError:
        return None
    return int(ts.timestamp() * 1000) * 1000000
with open(path, errors="replace") as f:
    for line in f:
        t = ns(line)
        if t is None or t < t0 - 1000000:
            continue
        if down is None and "Health of web: " in line and "-> DOWN" in line:
            down = (t - t0) // 1000000
        if launch is None and "Launcher - Started web (pid" in line:
            launch = (t - t0) // 1000000
print("-" if down is None else max(down, 0), "-" if launch is None else max(launch, 0))
PYEOF
}

# From monit's stamp files: "STOP_MS START_MS", its stop and start programs' first runs after T0_NS.
monit_split() {
  local f out=''
  for f in "$md/stop.stamps" "$md/start.stamps"; do
    out+="$(awk -v t0="$1" '$1 >= t0 {printf "%d", ($1 - t0) / 1000000; found = 1; exit} END {if (!found) printf "-"}' "$f" 2>/dev/null || echo -) "
  done
  echo "${out% }"
}

# ---------------------------------------------------------------- trials

log "scratch: $tmp; python: $py; trials: $trials per tool; settle: ${settle}s; timeout: ${timeout}s"
for t in "${vigils[@]}"; do setup_vigil "$t"; done
setup_monit

declare -A cur_pid up_since samples fails thawed detect launch
for tool in "${tools[@]}"; do
  t0=$(now_ns)
  port=$(tool_port "$tool")
  wait_http "$port" "$t0" 30 >/dev/null || die "$tool: port $port never answered"
  cur_pid[$tool]=$(wait_pid "$tool") || die "$tool: no server pid"
  up_since[$tool]=$(now_ns)
  samples[$tool]=''
  fails[$tool]=0
  thawed[$tool]=0
  detect[$tool]=''
  launch[$tool]=''
  log "${label[$tool]}: server pid ${cur_pid[$tool]} on port $port"
done
failure_notes="$tmp/failures.txt"
: >"$failure_notes"

for ((trial = 1; trial <= trials; trial++)); do
  for tool in "${tools[@]}"; do
    port=$(tool_port "$tool")
    # Answering for SETTLE s (monit: past its connection-test pause), plus 0-999 ms at
    # random, and (Vigil) RUNNING and UP.
    gap=$settle
    [[ $tool == monit ]] && ((gap < monit_pause + 1)) && gap=$((monit_pause + 1))
    sleep_ns $((up_since[$tool] + gap * 1000000000 + RANDOM % 1000 * 1000000 - $(now_ns)))
    if [[ $tool == vigil* ]]; then
      wait_vigil_stable "$tool" 60 || die "${label[$tool]}: not stable before trial $trial"
      pid=$(service_pid "$tool")
      [[ $pid == "${cur_pid[$tool]}" ]] || log "note: ${label[$tool]} server pid changed ${cur_pid[$tool]} -> $pid between trials"
      cur_pid[$tool]=$pid
    fi
    pid=${cur_pid[$tool]}
    is_our_server "$pid" "$port" || die "$tool: pid $pid is not our server on port $port"
    http_up "$port" || die "$tool: port $port not answering before trial $trial"
    if [[ $tool == vigil* ]]; then log_mark=$(wc -l <"${vdir[$tool]}/logs/vigil.log"); fi
    t0=$(now_ns)
    kill -STOP "$pid"
    if ms=$(wait_http "$port" "$t0" "$timeout"); then
      st=$(proc_state "$pid")
      if [[ -n $st && $st != T && $st != Z ]] && is_our_server "$pid" "$port"; then
        # The frozen process was thawed and answered: not a restart.
        thawed[$tool]=$((thawed[$tool] + 1))
        fails[$tool]=$((fails[$tool] + 1))
        log "trial $trial/$trials ${label[$tool]}: answered after ${ms} ms, but by the OLD process $pid (thawed, state $st)"
        printf '%s trial %s: the old process %s answered after %s ms (thawed, not restarted)\n' \
          "${label[$tool]}" "$trial" "$pid" "$ms" >>"$failure_notes"
      else
        samples[$tool]+="$ms "
        extra=''
        if [[ $tool == vigil* ]]; then
          read -r d l <<<"$(vigil_split "${vdir[$tool]}/logs/vigil.log" "$t0")"
          detect[$tool]+="$d "
          launch[$tool]+="$l "
          extra=" (DOWN at $d ms, new process launched at $l ms)"
        else
          read -r d l <<<"$(monit_split "$t0")"
          detect[$tool]+="$d "
          launch[$tool]+="$l "
          extra=" (stop program at $d ms, start program at $l ms)"
        fi
        log "trial $trial/$trials ${label[$tool]}: ${ms} ms$extra"
      fi
    else
      fails[$tool]=$((fails[$tool] + 1))
      log "trial $trial/$trials ${label[$tool]}: NO ANSWER within ${timeout} s"
      {
        printf '%s trial %s: no answer within %s s after SIGSTOP of pid %s (state now: %s)\n' \
          "${label[$tool]}" "$trial" "$timeout" "$pid" "$(proc_state "$pid")"
        if [[ $tool == vigil* ]]; then
          printf '  status: %s\n' "$(vigil_view "$tool")"
          printf '  vigil.log since the SIGSTOP (recovery, health, supervisor lines):\n'
          tail -n +$((log_mark + 1)) "${vdir[$tool]}/logs/vigil.log" |
            grep -E 'Coordinator|Incident|Recovery|Health of web|ProcessSupervisor|Launcher|Strategy|ERROR|WARN' |
            head -n 40 | sed 's/^/    /'
        else
          printf '  monit.log tail:\n'
          tail -n 15 "$md/monit.log" | sed 's/^/    /'
        fi
      } >>"$failure_notes"
      # Go on: kill the frozen process (a crash each tool handles), wait for an answer.
      is_our_server "$pid" "$port" && kill -KILL "$pid" 2>/dev/null
      wait_http "$port" "$(now_ns)" 60 >/dev/null || die "${label[$tool]}: port $port did not answer after the frozen process was killed"
    fi
    up_since[$tool]=$(now_ns)
    cur_pid[$tool]=$(wait_pid "$tool" "$pid") || die "${label[$tool]}: no new server pid after trial $trial"
  done
done

declare -A med mn mx n dmed lmed
for tool in "${tools[@]}"; do
  read -r -a vals <<<"${samples[$tool]}"
  n[$tool]=${#vals[@]}
  if ((n[$tool] > 0)); then
    med[$tool]=$(printf '%s\n' "${vals[@]}" | median)
    mn[$tool]=$(printf '%s\n' "${vals[@]}" | minimum)
    mx[$tool]=$(printf '%s\n' "${vals[@]}" | maximum)
  else
    med[$tool]=-; mn[$tool]=-; mx[$tool]=-
  fi
  # shellcheck disable=SC2086 # word splitting wanted
  d=$(printf '%s\n' ${detect[$tool]} | grep -E '^[0-9]+$' | median || true)
  # shellcheck disable=SC2086
  l=$(printf '%s\n' ${launch[$tool]} | grep -E '^[0-9]+$' | median || true)
  dmed[$tool]=${d:--}; lmed[$tool]=${l:--}
done

# Vigil restarts that waited for backoff (should be none: every trial follows a stable run).
declare -A delayed
for t in "${vigils[@]}"; do
  delayed[$t]=$(grep -c 'restarted after [1-9][0-9]* ms' "${vdir[$t]}/logs/vigil.log" 2>/dev/null || true)
done

# ---------------------------------------------------------------- report

ratio_of() { # TOOL: its median / monit's, or "-"
  if [[ ${med[$1]} == - || ${med[monit]} == - ]]; then echo -; else ratio "${med[$1]}" "${med[monit]}"; fi
}
target_of() { awk -v r="$1" 'BEGIN {print (r != "-" && r != "inf" && r <= 0.33) ? "met" : "MISSED"}'; }

mem_mib=$(awk '/^MemTotal:/ {printf "%d", $2 / 1024}' /proc/meminfo)
machine="$(nproc) CPUs, ${mem_mib} MiB RAM, $(uname -sr)"
os=$(awk -F= '$1 == "PRETTY_NAME" {gsub(/"/, "", $2); print $2}' /etc/os-release 2>/dev/null) || true
os=${os:-?}
java_v=$(java -version 2>&1 | head -n1 | sed 's/"//g') || java_v='?'
py_v=$("$py" -c 'import platform; print(platform.python_version())')
dist_built=$(date -u -r "$dist_src/lib/vigil-runtime.jar" +%FT%TZ 2>/dev/null) || dist_built='?'
head_rev=$(git -C "$root" rev-parse --short HEAD 2>/dev/null) || head_rev='?'
git -C "$root" diff --quiet HEAD -- ':(exclude)bench' 2>/dev/null || head_rev+=' + uncommitted changes'
monit_v=$(monit -V 2>/dev/null | head -n1 | awk '{print $NF}') || monit_v='?'
load=$(cut -d' ' -f1-3 /proc/loadavg)

printf '\nHang (SIGSTOP) to answering again (ms until the port answers HTTP from a new process), %s trials per tool\n' "$trials"
printf '%-28s %8s %6s %6s %4s %5s %10s %12s\n' tool median min max n fail vs_monit 'split ms'
for tool in "${tools[@]}"; do
  r=$(ratio_of "$tool")
  [[ $tool == monit ]] && r=1.00
  split="${dmed[$tool]}/${lmed[$tool]}"
  printf '%-28s %8s %6s %6s %4s %5s %10s %12s\n' "${label[$tool]}" "${med[$tool]}" "${mn[$tool]}" "${mx[$tool]}" \
    "${n[$tool]}" "${fails[$tool]}" "$r" "$split"
done
for t in "${vigils[@]}"; do
  r=$(ratio_of "$t")
  printf '%s / monit median ratio: %s (target <= 0.33: %s)\n' "${label[$t]}" "$r" "$(target_of "$r")"
done
printf 'supervisord: not measured: it only watches process exit, so it never sees a hung process.\n'
if [[ -s $failure_notes ]]; then
  printf '\nFailed trials:\n'
  cat "$failure_notes"
fi
for t in "${vigils[@]}"; do
  ((delayed[$t] == 0)) || log "note: ${label[$t]}: ${delayed[$t]} restarts waited for backoff"
done

if [[ ! -f $results ]]; then
  printf '# Vigil benchmarks\n\nEach benchmark script under bench/ appends a dated section below.\n' >"$results"
fi
# shellcheck disable=SC2016 # the backticks are markdown
{
  printf '\n## %s — hang (SIGSTOP) to answering again\n\n' "$(date -u +%F)"
  printf -- '- Machine: %s (%s); %s; Python %s; monit %s; Vigil distribution built %s (repo HEAD %s);\n' \
    "$machine" "$os" "$java_v" "$py_v" "$monit_v" "$dist_built" "$head_rev"
  printf '  load average %s at the end.\n' "$load"
  printf -- '- `bench/hang.sh`: each tool supervises its own `python3 -m http.server` on loopback; a trial sends SIGSTOP to the\n'
  printf '  server and measures the time until its port answers HTTP again (a status line, from a new process: the frozen one\n'
  printf '  must be gone). %s trials per tool, interleaved, each after >= %s s answering (+ 0-1 s random) and, for Vigil,\n' "$trials" "$settle"
  printf '  RUNNING and UP; monit'"'"'s after >= %s s (it pauses connection tests for the start timeout after each start).\n' "$((monit_pause + 1))"
  printf -- '- Vigil: one daemon per retryInterval; `http` check `"interval": "%s", "timeout": "%s", "failureThreshold": %s,\n' \
    "$check_interval" "$check_timeout" "$check_failures"
  printf '  "retryInterval": R` (R = %s); `"restart": %s`; `"stopTimeout": "3s"`;\n' "${retries[*]}" "$restart_policy"
  printf '  default recovery list.\n'
  printf -- '- monit: `set daemon 1`; `check process web with pidfile`, start program (backgrounds the server, writes the pid, timeout\n'
  printf '  %s s), stop program (TERM then CONT), `if failed port %s protocol http with timeout 1 seconds then restart`;\n' \
    "$monit_pause" "$port_monit"
  printf '  under a minimal subreaper so orphans are reaped at once.\n'
  printf -- '- split ms (medians, from SIGSTOP): Vigil: health DOWN / new process launched (vigil.log); monit: its stop program\n'
  printf '  run / its start program run (each program stamps `date +%%s%%N`).\n'
  printf -- '- supervisord is not measured: it only watches process exit, so it never sees a hung process.\n\n'
  printf '| tool | median ms | min ms | max ms | trials ok | vs monit | split ms |\n|---|---:|---:|---:|---:|---:|---:|\n'
  for tool in "${tools[@]}"; do
    r=$(ratio_of "$tool")
    [[ $tool == monit ]] && r=1.00
    split="${dmed[$tool]} / ${lmed[$tool]}"
    printf '| %s | %s | %s | %s | %s/%s | %s | %s |\n' "${label[$tool]}" "${med[$tool]}" "${mn[$tool]}" "${mx[$tool]}" \
      "${n[$tool]}" "$trials" "$r" "$split"
  done
  printf '\n- Samples (ms):'
  sep=' '
  for tool in "${tools[@]}"; do printf '%s%s %s' "$sep" "${label[$tool]}" "${samples[$tool]% }"; sep='; '; done
  printf '.\n'
  for t in "${vigils[@]}"; do
    r=$(ratio_of "$t")
    printf -- '- Target Vigil <= 0.33 x monit: %s / monit = %s (%s).\n' "${label[$t]}" "$r" "$(target_of "$r")"
  done
  printf -- '- Expected from the settings: Vigil fails its next check (0-250 ms away) after the 200 ms timeout, then R + 200 ms\n'
  printf '  twice more (DOWN at ~0.8-1.05 s with R = 100ms), restarts at once (first failure after a stable run), plus the\n'
  printf '  interpreter start-up; monit fails its next cycle (0-1 s away) after its 1 s timeout, then stops and starts.\n'
  if [[ -s $failure_notes ]]; then
    printf -- '- Failed trials:\n\n```\n'
    cat "$failure_notes"
    printf '```\n'
  fi
} >>"$results"
log "appended to $results"
