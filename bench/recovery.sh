#!/usr/bin/env bash
# Recovery benchmark: Vigil, supervisord and monit side by side, in the same run.
#
# Each tool supervises its own `python3 -m http.server` on loopback, on its own port.
# A trial sends `kill -9` to the server and measures the time (ms, `date +%s%N`) until
# the port answers HTTP again (bash /dev/tcp probe every ~10 ms, a real status line is
# required). Trials are interleaved (Vigil, supervisord, monit, Vigil, ...) and a service
# is only killed once it has been up for SETTLE seconds (plus 0-1 s of random jitter), so
# no tool is in a backoff state and kills land at random phases of the peers' 1 s loops.
#
# Then, for Vigil alone with the distribution's DEFAULT config (two demo services on
# 17001-17002): the time from `vigil start` to its return (ready), median of 5 starts,
# and the daemon's VmRSS after ~10 s idle.
#
# Results are printed and appended as a dated section to bench/RESULTS.md.
#
# Environment: TRIALS (default 10), SETTLE (s, default 3), STARTS (default 5),
# IDLE (s, default 10), DEMO_WAIT (s to wait for 17001-17002 to be free, default 120), VIGIL_DIST (default runtime/target/vigil), PYTHON,
# PORT_VIGIL/PORT_SUPERVISORD/PORT_MONIT/PORT_BASELINE (default 18501-18504), RESULTS (file),
# KEEP_TMP=1 keeps the scratch folder.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
bench=recovery
# shellcheck source=lib.sh
source "$here/lib.sh"
dist_src="${VIGIL_DIST:-$root/runtime/target/vigil}"
trials="${TRIALS:-10}"
settle="${SETTLE:-3}"
starts="${STARTS:-5}"
idle="${IDLE:-10}"
demo_wait="${DEMO_WAIT:-120}"
results="${RESULTS:-$here/RESULTS.md}"
port_vigil="${PORT_VIGIL:-18501}"
port_sup="${PORT_SUPERVISORD:-18502}"
port_monit="${PORT_MONIT:-18503}"
port_base="${PORT_BASELINE:-18504}"
demo_ports=(17001 17002)
tools=(vigil supervisord monit)

# ---------------------------------------------------------------- prerequisites

[[ $trials =~ ^[1-9][0-9]*$ ]] || die "TRIALS must be a positive integer (got '$trials')"
[[ $starts =~ ^[1-9][0-9]*$ ]] || die "STARTS must be a positive integer (got '$starts')"

install_debian supervisord:supervisor supervisorctl:supervisor monit:monit
need_commands supervisord supervisorctl monit awk

ensure_dist "$dist_src" "$root"

py=$(real_python)

# ---------------------------------------------------------------- helpers

# ---------------------------------------------------------------- scratch + cleanup

tmp="$(mktemp -d "${TMPDIR:-/tmp}/vigil-recovery.XXXXXX")"
vd="$tmp/vigil/dist"            # Vigil copy for the recovery trials
dd="$tmp/vigil-default/dist"    # Vigil copy for the default-config measurements
sup_conf="$tmp/supervisord/supervisord.conf"
monit_conf="$tmp/monit/monitrc"
monit_pidfile="$tmp/monit/web.pid"
sup_pid=''
monit_daemon_pid=''
started_vigil=()                # dist folders whose daemon we started
service_pids=()                 # every http.server pid we saw, for the last sweep

cleanup() {
  local rc=$? d pid port
  trap - EXIT INT TERM
  set +e
  for d in "${started_vigil[@]}"; do
    pid=$(cat "$d/data/vigil.pid" 2>/dev/null)
    if alive "$pid"; then
      "$d/bin/vigil" stop >/dev/null 2>&1
      stop_pid "$pid" 5
    fi
  done
  if alive "$sup_pid"; then
    stop_pid "$sup_pid" 10 # supervisord stops its programs on TERM
    wait "$sup_pid" 2>/dev/null
  fi
  if alive "$monit_daemon_pid"; then
    stop_pid "$monit_daemon_pid" 5 # monit leaves its services running: swept below
    wait "$monit_daemon_pid" 2>/dev/null
  fi
  pid=$(cat "$monit_pidfile" 2>/dev/null) && service_pids+=("$pid")
  for pid in "${service_pids[@]}"; do
    for port in "$port_vigil" "$port_sup" "$port_monit" "$port_base"; do
      if is_our_server "$pid" "$port"; then stop_pid "$pid" 3; fi
    done
  done
  if [[ ${KEEP_TMP:-0} == 1 ]]; then log "scratch kept in $tmp"; else rm -rf "$tmp"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for port in "$port_vigil" "$port_sup" "$port_monit" "$port_base"; do
  ! port_open "$port" || die "port $port is already in use; free it (or pick other PORT_* values)"
done
for port in "${demo_ports[@]}"; do
  ! port_open "$port" || log "warning: port $port (default config) is in use; waiting up to ${demo_wait}s for it before that part"
done

# A clean copy of the distribution: it keeps data/ and logs/ inside its own folder.
copy_dist() {
  mkdir -p "$(dirname "$1")"
  cp -a "$dist_src" "$1"
  rm -rf "$1/data/felix-cache" "$1"/data/vigil.{pid,lock,sock} "$1"/logs/*.log "$1"/logs/*.out
}

# ---------------------------------------------------------------- the three tools

setup_vigil() {
  copy_dist "$vd"
  cat >"$tmp/vigil/bench.json" <<EOF
{
  "system": { "name": "recovery-bench" },
  "services": {
    "web": {
      "command": ["$py", "-m", "http.server", "--bind", "127.0.0.1", "\${port.http}"],
      "ports": { "http": $port_vigil },
      "stopTimeout": "3s",
      "restart": { "backoff": "1s..30s", "maxRestarts": 1000, "window": "10m", "stableAfter": "1s" }
    }
  }
}
EOF
  started_vigil+=("$vd")
  "$vd/bin/vigil" start -c "$tmp/vigil/bench.json" >"$tmp/vigil/start.out" 2>&1 ||
    die "vigil start failed: $(cat "$tmp/vigil/start.out")"
}

setup_supervisord() {
  mkdir -p "$tmp/supervisord"
  cat >"$sup_conf" <<EOF
[unix_http_server]
file=$tmp/supervisord/supervisor.sock
chmod=0700

[supervisord]
logfile=$tmp/supervisord/supervisord.log
pidfile=$tmp/supervisord/supervisord.pid
childlogdir=$tmp/supervisord
nodaemon=true
loglevel=info

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://$tmp/supervisord/supervisor.sock

[program:web]
command=$py -m http.server --bind 127.0.0.1 $port_sup
directory=$tmp/supervisord
autostart=true
autorestart=true
startsecs=1
startretries=1000
stopsignal=TERM
stopwaitsecs=3
redirect_stderr=true
stdout_logfile=$tmp/supervisord/web.log
EOF
  supervisord -c "$sup_conf" -n >"$tmp/supervisord/stdout.log" 2>&1 &
  sup_pid=$!
}

setup_monit() {
  mkdir -p "$tmp/monit"
  # Start program: starts the server in the background, writes its pid, returns at once
  # (monit blocks its cycle until a start program exits, up to its timeout).
  cat >"$tmp/monit/web-start" <<EOF
#!/bin/sh
cd '$tmp/monit' || exit 1
'$py' -m http.server --bind 127.0.0.1 $port_monit >>'$tmp/monit/web.log' 2>&1 </dev/null &
echo \$! >'$monit_pidfile'
EOF
  cat >"$tmp/monit/web-stop" <<EOF
#!/bin/sh
pid=\$(cat '$monit_pidfile' 2>/dev/null) && kill "\$pid"
exit 0
EOF
  chmod 0755 "$tmp/monit/web-start" "$tmp/monit/web-stop"
  cat >"$monit_conf" <<EOF
set daemon 1
set log $tmp/monit/monit.log
set pidfile $tmp/monit/monit.pid
set idfile $tmp/monit/monit.id
set statefile $tmp/monit/monit.state

check process web with pidfile $monit_pidfile
  start program = "$tmp/monit/web-start" with timeout 10 seconds
  stop program = "$tmp/monit/web-stop"
EOF
  chmod 0600 "$monit_conf"
  monit -t -c "$monit_conf" >/dev/null 2>&1 || die "monit rejects $monit_conf"
  # The server outlives its start program, so it is an orphan: monit never reaps it and
  # sees a zombie until init does. Some inits (containers, microVMs) reap late, which
  # would add whole monit cycles; run monit under a minimal init that reaps at once, as
  # systemd does on a normal host. It forwards TERM/INT to monit and ends with it.
  cat >"$tmp/monit/reaper.py" <<'PYEOF'
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
  "$py" "$tmp/monit/reaper.py" monit -c "$monit_conf" -I >"$tmp/monit/stdout.log" 2>&1 &
  monit_daemon_pid=$!
}

# The pid each tool reports for its service (empty when it has none).
service_pid() {
  local pid=''
  case $1 in
    vigil)
      pid=$("$vd/bin/vigil" status --json 2>/dev/null | "$py" -c '
import json, sys
try:
    doc = json.load(sys.stdin)
except ValueError:
    sys.exit(0)
for s in doc.get("services", []):
    if s.get("name") == "web" and s.get("pid"):
        print(s["pid"])
' || true) ;;
    supervisord) pid=$(supervisorctl -c "$sup_conf" pid web 2>/dev/null || true) ;;
    monit) pid=$(cat "$monit_pidfile" 2>/dev/null || true) ;;
  esac
  [[ $pid =~ ^[0-9]+$ && $pid != 0 ]] && echo "$pid"
  return 0
}

tool_port() {
  case $1 in vigil) echo "$port_vigil" ;; supervisord) echo "$port_sup" ;; monit) echo "$port_monit" ;; esac
}

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

# ---------------------------------------------------------------- recovery trials

log "scratch: $tmp; python: $py; trials: $trials per tool; settle: ${settle}s"
setup_vigil
setup_supervisord
setup_monit

declare -A cur_pid up_since samples fails
for tool in "${tools[@]}"; do
  t0=$(now_ns)
  port=$(tool_port "$tool")
  wait_http "$port" "$t0" 30 >/dev/null || die "$tool: port $port never answered"
  cur_pid[$tool]=$(wait_pid "$tool") || die "$tool: no service pid"
  up_since[$tool]=$(now_ns)
  samples[$tool]=''
  fails[$tool]=0
  log "$tool: server pid ${cur_pid[$tool]} on port $port"
done

for ((trial = 1; trial <= trials; trial++)); do
  for tool in "${tools[@]}"; do
    port=$(tool_port "$tool")
    pid=${cur_pid[$tool]}
    # Out of any backoff: up for SETTLE seconds since it last answered, plus a random
    # 0-999 ms so that kills do not phase-lock with supervisord's or monit's 1 s loop.
    wait_ns=$((up_since[$tool] + settle * 1000000000 + RANDOM % 1000 * 1000000 - $(now_ns)))
    if ((wait_ns > 0)); then sleep "$(awk -v n="$wait_ns" 'BEGIN {printf "%.3f", n / 1e9}')"; fi
    is_our_server "$pid" "$port" || die "$tool: pid $pid is not our server on port $port"
    http_up "$port" || die "$tool: port $port not answering before trial $trial"
    t0=$(now_ns)
    kill -9 "$pid"
    if ms=$(wait_http "$port" "$t0" 30); then
      up_since[$tool]=$(now_ns)
      samples[$tool]+="$ms "
      log "trial $trial/$trials $tool: ${ms} ms"
    else
      up_since[$tool]=$(now_ns)
      fails[$tool]=$((fails[$tool] + 1))
      log "trial $trial/$trials $tool: no answer within 30 s"
    fi
    cur_pid[$tool]=$(wait_pid "$tool" "$pid") || die "$tool: no new server pid after trial $trial"
  done
done

# Baseline: the same server started directly by this script, no supervisor: the floor
# that every tool's figure includes (interpreter start-up, bind, first answer).
base_samples=''
for ((i = 1; i <= trials; i++)); do
  t0=$(now_ns)
  "$py" -m http.server --bind 127.0.0.1 "$port_base" >/dev/null 2>&1 </dev/null &
  pid=$!
  service_pids+=("$pid")
  ms=$(wait_http "$port_base" "$t0" 30) || die "baseline: port $port_base never answered"
  base_samples+="$ms "
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
done
read -r -a vals <<<"$base_samples"
base_med=$(printf '%s\n' "${vals[@]}" | median)
base_min=$(printf '%s\n' "${vals[@]}" | minimum)
base_max=$(printf '%s\n' "${vals[@]}" | maximum)
log "baseline (direct start, no supervisor): median $base_med ms"

# Vigil restarts that were delayed by backoff (should be none: every trial is a first crash).
vigil_delayed=$(grep -c 'restart in [1-9]' "$vd/logs/vigil.log" 2>/dev/null || true)

declare -A med mn mx n
for tool in "${tools[@]}"; do
  read -r -a vals <<<"${samples[$tool]}"
  n[$tool]=${#vals[@]}
  ((n[$tool] > 0)) || die "$tool: every trial failed"
  med[$tool]=$(printf '%s\n' "${vals[@]}" | median)
  mn[$tool]=$(printf '%s\n' "${vals[@]}" | minimum)
  mx[$tool]=$(printf '%s\n' "${vals[@]}" | maximum)
done

# Stop the three tools now (quiet machine for the next part); the trap would do it too.
"$vd/bin/vigil" stop >/dev/null 2>&1 || true
stop_pid "$sup_pid" 10; wait "$sup_pid" 2>/dev/null || true
stop_pid "$monit_daemon_pid" 5; wait "$monit_daemon_pid" 2>/dev/null || true
pid=$(cat "$monit_pidfile" 2>/dev/null || true)
if [[ -n $pid ]] && is_our_server "$pid" "$port_monit"; then stop_pid "$pid" 3; fi

# ---------------------------------------------------------------- Vigil, default config

# Waits up to SECONDS for the demo ports to be free.
demo_ports_free() {
  local port w
  for port in "${demo_ports[@]}"; do
    for ((w = 0; w < $1 * 10; w++)); do port_open "$port" || break; sleep 0.1; done
    ! port_open "$port" || return 1
  done
}

start_ms=()
rss_kb=''
default_note=''
if ! demo_ports_free "$demo_wait"; then
  default_note="skipped: ports ${demo_ports[*]} stayed in use by another process for ${demo_wait} s"
  log "WARNING: Vigil default-config part $default_note"
else
  log "Vigil with the default config: $starts starts, then VmRSS after ${idle}s idle"
  copy_dist "$dd"
  started_vigil+=("$dd")
  daemon_pid=''
  for ((i = 1; i <= starts; i++)); do
    demo_ports_free 10 || die "ports ${demo_ports[*]} busy before start $i"
    t0=$(now_ns)
    "$dd/bin/vigil" start >"$tmp/vigil-default/start-$i.out" 2>&1 ||
      die "default vigil start $i failed: $(cat "$tmp/vigil-default/start-$i.out")"
    t1=$(now_ns)
    start_ms+=($(((t1 - t0) / 1000000)))
    daemon_pid=$(cat "$dd/data/vigil.pid")
    log "start $i: ${start_ms[-1]} ms (daemon pid $daemon_pid)"
    if ((i < starts)); then
      "$dd/bin/vigil" stop >/dev/null 2>&1 || die "default vigil stop $i failed"
      for ((w = 0; w < 100; w++)); do alive "$daemon_pid" || break; sleep 0.1; done
    fi
  done
  sleep "$idle"
  rss_kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$daemon_pid/status")
  rss_mib=$(awk -v k="$rss_kb" 'BEGIN {printf "%.1f", k / 1024}')
  "$dd/bin/vigil" stop >/dev/null 2>&1 || true
  start_med=$(printf '%s\n' "${start_ms[@]}" | median)
  start_min=$(printf '%s\n' "${start_ms[@]}" | minimum)
  start_max=$(printf '%s\n' "${start_ms[@]}" | maximum)
fi

# ---------------------------------------------------------------- report

r_vs=$(ratio "${med[vigil]}" "${med[supervisord]}")
r_mv=$(ratio "${med[monit]}" "${med[vigil]}")
t_sup=$(awk -v r="$r_vs" 'BEGIN {print (r != "inf" && r <= 1) ? "met" : "MISSED"}')
t_monit=$(awk -v r="$r_mv" 'BEGIN {print (r == "inf" || r >= 5) ? "met" : "MISSED"}')

mem_mib=$(awk '/^MemTotal:/ {printf "%d", $2 / 1024}' /proc/meminfo)
machine="$(nproc) CPUs, ${mem_mib} MiB RAM, $(uname -sr)"
os=$(awk -F= '$1 == "PRETTY_NAME" {gsub(/"/, "", $2); print $2}' /etc/os-release 2>/dev/null) || true
os=${os:-?}
java_v=$(java -version 2>&1 | head -n1 | sed 's/"//g') || java_v='?'
py_v=$("$py" -c 'import platform; print(platform.python_version())')
sup_v=$(supervisord -v 2>/dev/null) || sup_v='?'
monit_v=$(monit -V 2>/dev/null | head -n1 | awk '{print $NF}') || monit_v='?'

printf '\nRecovery after kill -9 (ms until the port answers HTTP again), %s trials per tool\n' "$trials"
printf '%-12s %8s %6s %6s %4s %5s\n' tool median min max n fail
for tool in "${tools[@]}"; do
  printf '%-12s %8s %6s %6s %4s %5s\n' "$tool" "${med[$tool]}" "${mn[$tool]}" "${mx[$tool]}" "${n[$tool]}" "${fails[$tool]}"
done
printf '%-12s %8s %6s %6s %4s %5s   (direct start, no supervisor: the floor)\n' baseline "$base_med" "$base_min" "$base_max" "$trials" 0
printf 'Vigil/supervisord median ratio: %s (target <= 1: %s)\n' "$r_vs" "$t_sup"
printf 'monit/Vigil median ratio:       %s (target >= 5: %s)\n' "$r_mv" "$t_monit"
if [[ -z $default_note ]]; then
  printf 'Vigil default config: start->ready median %s ms (min %s, max %s, %s starts: %s); idle VmRSS %s MiB\n' \
    "$start_med" "$start_min" "$start_max" "$starts" "${start_ms[*]}" "$rss_mib"
else
  printf 'Vigil default config: %s\n' "$default_note"
fi
((vigil_delayed == 0)) || log "note: $vigil_delayed Vigil restarts were delayed by backoff"

if [[ ! -f $results ]]; then
  cat >"$results" <<'EOF'
# Vigil benchmarks

Each run of `bench/recovery.sh` appends a dated section below. Recovery is the time from
`kill -9` of a supervised `python3 -m http.server` to its port answering HTTP again
(loopback, polled about every 10 ms); the three tools run side by side in the same run,
each with its own scratch config, port and daemon.
EOF
fi
# shellcheck disable=SC2016 # the backticks are markdown
{
  printf '\n## %s — recovery after kill -9\n\n' "$(date -u +%F)"
  printf -- '- Machine: %s (%s); %s; Python %s; supervisord %s; monit %s.\n' \
    "$machine" "$os" "$java_v" "$py_v" "$sup_v" "$monit_v"
  printf -- '- Trials: %s per tool, interleaved, each service up >= %s s (+ 0-1 s random) before it is killed;\n' "$trials" "$settle"
  printf '  Vigil `stableAfter` 1s, supervisord `startsecs=1 autorestart=true`, monit `set daemon 1` (its fastest cycle) with a\n'
  printf '  process check (pidfile; start program backgrounds the server), under a minimal subreaper so orphans are reaped at once.\n\n'
  printf '| tool | median ms | min ms | max ms | trials ok |\n|---|---:|---:|---:|---:|\n'
  for tool in "${tools[@]}"; do
    printf '| %s | %s | %s | %s | %s/%s |\n' "$tool" "${med[$tool]}" "${mn[$tool]}" "${mx[$tool]}" "${n[$tool]}" "$trials"
  done
  printf '| baseline: direct start, no supervisor | %s | %s | %s | %s/%s |\n' "$base_med" "$base_min" "$base_max" "$trials" "$trials"
  printf '\n- Samples (ms): Vigil %s; supervisord %s; monit %s; baseline %s.\n' \
    "${samples[vigil]% }" "${samples[supervisord]% }" "${samples[monit]% }" "${base_samples% }"
  printf -- '- Reading: every figure includes the baseline (interpreter start-up to first answer). supervisord usually sees the exit\n'
  printf '  at once (the child'"'"'s output pipe closes) but respawns only on the next pass of its 1 s poll loop (2 s when the reap\n'
  printf '  misses the first pass); monit notices on its next 1 s cycle, then runs the start program.\n'
  printf -- '- Targets: Vigil median no slower than supervisord: ratio Vigil/supervisord = %s (%s);\n' "$r_vs" "$t_sup"
  printf '  at least 5x faster than monit: ratio monit/Vigil = %s (%s).\n' "$r_mv" "$t_monit"
  if [[ -z $default_note ]]; then
    printf -- '- Vigil, default config (`vigil start`, two demo services on 17001-17002): start to ready median %s ms\n' "$start_med"
    printf '  (min %s, max %s; %s starts, stopped between: %s ms; the first on an empty felix-cache);\n' \
      "$start_min" "$start_max" "$starts" "${start_ms[*]}"
    printf '  daemon VmRSS after %s s idle: %s MiB (%s kB).\n' "$idle" "$rss_mib" "$rss_kb"
  else
    printf -- '- Vigil, default config: %s.\n' "$default_note"
  fi
} >>"$results"
log "appended to $results"
