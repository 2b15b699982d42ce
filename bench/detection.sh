#!/usr/bin/env bash
# Detection benchmark: how long until a HUNG service is noticed, Vigil vs monit, side by side
# in the same run.
#
# Each tool watches its own `python3 -m http.server` on loopback, on its own port:
# - Vigil supervises its server (a child of the daemon) with an `http` check: interval 1s,
#   timeout 500ms, failureThreshold 1 (one failed check turns the service DOWN).
# - monit (`set daemon 1`, its fastest cycle) probes a server this script starts, with
#   `check host ... if failed port N protocol http with timeout 1 seconds then exec ...`;
#   the exec action writes a timestamp (`date +%s%N`) the moment monit acts, and an
#   `else if succeeded then exec ...` action stamps the recovery.
# A trial freezes both servers with SIGSTOP (one right after the other, each instant
# recorded) at a random phase of the tools' 1 s cycles, and measures SIGSTOP -> detection:
# for Vigil, the timestamp of its health event (`vigil ctl vigil:events`:
# dev/vigil/health/CHANGED ... service=web, to=DOWN), for monit, its action's timestamp.
# Then SIGCONT, and the next trial waits until both tools see the service healthy again and
# it has stayed so SETTLE seconds (plus 0-1 s of random jitter).
#
# Results are printed and appended as a dated section to bench/RESULTS.md.
#
# Environment: TRIALS (default 10), SETTLE (s, default 3), VIGIL_DIST (default
# runtime/target/vigil), PYTHON, PORT_VIGIL/PORT_MONIT (default 18521/18522), RESULTS (file),
# KEEP_TMP=1 keeps the scratch folder.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
bench=detection
# shellcheck source=lib.sh
source "$here/lib.sh"
dist_src="${VIGIL_DIST:-$root/runtime/target/vigil}"
trials="${TRIALS:-10}"
settle="${SETTLE:-3}"
results="${RESULTS:-$here/RESULTS.md}"
port_vigil="${PORT_VIGIL:-18521}"
port_monit="${PORT_MONIT:-18522}"
tools=(vigil monit)

# ---------------------------------------------------------------- prerequisites

[[ $trials =~ ^[1-9][0-9]*$ ]] || die "TRIALS must be a positive integer (got '$trials')"
[[ $settle =~ ^[0-9]+$ ]] || die "SETTLE must be a non-negative integer (got '$settle')"

install_debian monit:monit
need_commands monit awk date

ensure_dist "$dist_src" "$root"

py=$(real_python)

# ---------------------------------------------------------------- helpers

sleep_ns() { (($1 > 0)) && sleep "$(awk -v n="$1" 'BEGIN {printf "%.3f", n / 1e9}')"; return 0; }

# ---------------------------------------------------------------- scratch + cleanup

tmp="$(mktemp -d "${TMPDIR:-/tmp}/vigil-detection.XXXXXX")"
vd="$tmp/vigil/dist"
md="$tmp/monit"
monit_conf="$md/monitrc"
vigil_started=0
monit_pid=''
monit_server_pid=''
server_pids=()  # every server pid we saw (Vigil's and ours), for the last sweep

cleanup() {
  local rc=$? pid port
  trap - EXIT INT TERM
  set +e
  # Thaw whatever a trial left frozen, so that it can stop cleanly.
  for pid in "${server_pids[@]}"; do
    for port in "$port_vigil" "$port_monit"; do
      if is_our_server "$pid" "$port"; then kill -CONT "$pid" 2>/dev/null; fi
    done
  done
  if ((vigil_started)); then
    pid=$(cat "$vd/data/vigil.pid" 2>/dev/null)
    if alive "$pid"; then
      "$vd/bin/vigil" stop >/dev/null 2>&1
      stop_pid "$pid" 5
    fi
  fi
  if alive "$monit_pid"; then
    stop_pid "$monit_pid" 5
    wait "$monit_pid" 2>/dev/null
  fi
  if alive "$monit_server_pid"; then
    stop_pid "$monit_server_pid" 3
    wait "$monit_server_pid" 2>/dev/null
  fi
  for pid in "${server_pids[@]}"; do
    for port in "$port_vigil" "$port_monit"; do
      if is_our_server "$pid" "$port"; then stop_pid "$pid" 3; fi
    done
  done
  if [[ ${KEEP_TMP:-0} == 1 ]]; then log "scratch kept in $tmp"; else rm -rf "$tmp"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for port in "$port_vigil" "$port_monit"; do
  ! port_open "$port" || die "port $port is already in use; free it (or pick other PORT_* values)"
done

# ---------------------------------------------------------------- the two tools

setup_vigil() {
  mkdir -p "$tmp/vigil"
  cp -a "$dist_src" "$vd"
  rm -rf "$vd/data/felix-cache" "$vd"/data/vigil.{pid,lock,sock} "$vd"/data/ports.json "$vd"/logs/*.log "$vd"/logs/*.out
  cat >"$tmp/vigil/bench.json" <<EOF
{
  "system": { "name": "detection-bench" },
  "services": {
    "web": {
      "command": ["$py", "-m", "http.server", "--bind", "127.0.0.1", "\${port.http}"],
      "ports": { "http": $port_vigil },
      "stopTimeout": "3s",
      "checks": [ { "type": "http", "url": "http://127.0.0.1:\${port.http}/",
                    "interval": "1s", "timeout": "500ms", "failureThreshold": 1 } ]
    }
  }
}
EOF
  vigil_started=1
  "$vd/bin/vigil" start -c "$tmp/vigil/bench.json" >"$tmp/vigil/start.out" 2>&1 ||
    die "vigil start failed: $(cat "$tmp/vigil/start.out")"
}

setup_monit() {
  mkdir -p "$md"
  "$py" -m http.server --bind 127.0.0.1 "$port_monit" >"$md/web.log" 2>&1 </dev/null &
  monit_server_pid=$!
  server_pids+=("$monit_server_pid")
  # Actions: append the instant monit acts (ns since the epoch) to a file.
  printf '#!/bin/sh\ndate +%%s%%N >>"%s"\n' "$md/down.stamps" >"$md/on-down"
  printf '#!/bin/sh\ndate +%%s%%N >>"%s"\n' "$md/up.stamps" >"$md/on-up"
  chmod 0755 "$md/on-down" "$md/on-up"
  : >"$md/down.stamps"
  : >"$md/up.stamps"
  cat >"$monit_conf" <<EOF
set daemon 1
set log $md/monit.log
set pidfile $md/monit.pid
set idfile $md/monit.id
set statefile $md/monit.state

check host web with address 127.0.0.1
  if failed port $port_monit protocol http with timeout 1 seconds
    then exec "$md/on-down"
    else if succeeded then exec "$md/on-up"
EOF
  chmod 0600 "$monit_conf"
  monit -t -c "$monit_conf" >"$md/syntax.out" 2>&1 || die "monit rejects $monit_conf: $(cat "$md/syntax.out")"
  monit -c "$monit_conf" -I >"$md/stdout.log" 2>&1 </dev/null &
  monit_pid=$!
}

# The pid of Vigil's server (empty when it has none).
vigil_server_pid() {
  local pid
  pid=$("$vd/bin/vigil" status --json 2>/dev/null | "$py" -c '
import json, sys
try:
    doc = json.load(sys.stdin)
except ValueError:
    sys.exit(0)
for s in doc.get("services", []):
    if s.get("name") == "web" and s.get("pid"):
        print(s["pid"])
' || true)
  [[ $pid =~ ^[0-9]+$ && $pid != 0 ]] && echo "$pid"
  return 0
}

# Vigil's health of web, from its log (the monitor logs every change): UP, DOWN, ...
vigil_health() {
  awk '/ServiceMonitor - Health of web: / {for (i = 1; i <= NF; i++) if ($i == "->") s = $(i + 1)} END {print s}' \
    "$vd/logs/vigil.log" 2>/dev/null || true
}
vigil_downs() { grep -c 'ServiceMonitor - Health of web: .* -> DOWN' "$vd/logs/vigil.log" 2>/dev/null || true; }
lines() { awk 'END {print NR}' "$1"; }

# monit's view: healthy when its last action was a recovery (or it never failed).
monit_healthy() { (($(lines "$md/up.stamps") >= $(lines "$md/down.stamps"))); }

# Waits (up to SECONDS) until both tools see their server healthy.
wait_both_healthy() {
  local deadline=$(($(now_ns) + $1 * 1000000000))
  until [[ $(vigil_health) == UP ]] && monit_healthy; do
    (($(now_ns) < deadline)) || return 1
    sleep 0.1
  done
}

# The instant (ns) of the newest "web -> DOWN" health event Vigil posted.
vigil_down_event_ns() {
  local line ts
  line=$("$vd/bin/vigil" ctl vigil:events 500 2>/dev/null | grep 'dev/vigil/health/CHANGED .*service=web, to=DOWN}' | tail -n1) ||
    return 1
  ts=${line%% *}
  date -d "$ts" +%s%N
}

# ---------------------------------------------------------------- trials

log "scratch: $tmp; python: $py; trials: $trials; settle: ${settle}s"
setup_vigil
setup_monit
t0=$(now_ns)
until http_up "$port_monit"; do
  (($(now_ns) < t0 + 30000000000)) || die "monit's server on $port_monit never answered"
  sleep 0.1
done
# monit reports nothing while a host stays healthy: give it a few cycles to see it so.
sleep 3
wait_both_healthy 60 || die "the services never became healthy (Vigil: $(vigil_health); monit stamps: $(lines "$md/down.stamps") down)"
vpid=$(vigil_server_pid)
[[ -n $vpid ]] || die "Vigil reports no server pid"
server_pids+=("$vpid")
log "Vigil's server: pid $vpid on $port_vigil; monit's: pid $monit_server_pid on $port_monit"

declare -A samples fails
for tool in "${tools[@]}"; do samples[$tool]=''; fails[$tool]=0; done
healthy_since=$(now_ns)

for ((trial = 1; trial <= trials; trial++)); do
  # Both healthy for SETTLE s, plus 0-999 ms at random: freezes land at random phases.
  sleep_ns $((healthy_since + settle * 1000000000 + RANDOM % 1000 * 1000000 - $(now_ns)))
  vpid=$(vigil_server_pid)
  [[ -n $vpid ]] || die "trial $trial: Vigil reports no server pid"
  server_pids+=("$vpid")
  is_our_server "$vpid" "$port_vigil" || die "pid $vpid is not our server on port $port_vigil"
  is_our_server "$monit_server_pid" "$port_monit" || die "pid $monit_server_pid is not our server on port $port_monit"
  v_downs=$(vigil_downs)
  m_downs=$(lines "$md/down.stamps")
  # Alternate which one is frozen first; each has its own instant.
  if ((trial % 2)); then
    tv=$(now_ns); kill -STOP "$vpid"; tm=$(now_ns); kill -STOP "$monit_server_pid"
  else
    tm=$(now_ns); kill -STOP "$monit_server_pid"; tv=$(now_ns); kill -STOP "$vpid"
  fi
  deadline=$((tv + 30000000000))
  v_seen=0; m_seen=0
  while ((!v_seen || !m_seen)) && (($(now_ns) < deadline)); do
    (($(vigil_downs) > v_downs)) && v_seen=1
    (($(lines "$md/down.stamps") > m_downs)) && m_seen=1
    sleep 0.05
  done
  msg="trial $trial/$trials:"
  if ((v_seen)) && ev=$(vigil_down_event_ns) && ((ev > tv)); then
    ms=$(((ev - tv) / 1000000)); samples[vigil]+="$ms "; msg+=" vigil ${ms} ms"
  else
    fails[vigil]=$((fails[vigil] + 1)); msg+=" vigil: not detected within 30 s"
  fi
  if ((m_seen)); then
    stamp=$(tail -n1 "$md/down.stamps")
    ms=$(((stamp - tm) / 1000000)); samples[monit]+="$ms "; msg+=", monit ${ms} ms"
  else
    fails[monit]=$((fails[monit] + 1)); msg+=", monit: not detected within 30 s"
  fi
  log "$msg"
  kill -CONT "$vpid" "$monit_server_pid" 2>/dev/null || true
  wait_both_healthy 60 || die "after trial $trial the services did not become healthy again (Vigil: $(vigil_health))"
  healthy_since=$(now_ns)
done

declare -A med mn mx n
for tool in "${tools[@]}"; do
  read -r -a vals <<<"${samples[$tool]}"
  n[$tool]=${#vals[@]}
  ((n[$tool] > 0)) || die "$tool: every trial failed"
  med[$tool]=$(printf '%s\n' "${vals[@]}" | median)
  mn[$tool]=$(printf '%s\n' "${vals[@]}" | minimum)
  mx[$tool]=$(printf '%s\n' "${vals[@]}" | maximum)
done
r_mv=$(ratio "${med[monit]}" "${med[vigil]}")

# ---------------------------------------------------------------- report

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

printf '\nDetection of a hung service (ms from SIGSTOP to the tool noticing), %s trials\n' "$trials"
printf '%-8s %8s %6s %6s %4s %5s\n' tool median min max n fail
for tool in "${tools[@]}"; do
  printf '%-8s %8s %6s %6s %4s %5s\n' "$tool" "${med[$tool]}" "${mn[$tool]}" "${mx[$tool]}" "${n[$tool]}" "${fails[$tool]}"
done
printf 'monit/Vigil median ratio: %s\n' "$r_mv"

if [[ ! -f $results ]]; then
  printf '# Vigil benchmarks\n\nEach benchmark script under bench/ appends a dated section below.\n' >"$results"
fi
# shellcheck disable=SC2016 # the backticks are markdown
{
  printf '\n## %s — detection of a hung service (SIGSTOP)\n\n' "$(date -u +%F)"
  printf -- '- Machine: %s (%s); %s; Python %s; monit %s; Vigil distribution built %s (repo HEAD %s).\n' \
    "$machine" "$os" "$java_v" "$py_v" "$monit_v" "$dist_built" "$head_rev"
  printf -- '- `bench/detection.sh`: each tool watches its own `python3 -m http.server` on loopback; a trial freezes both with\n'
  printf '  SIGSTOP (at a random phase, after >= %s s healthy) and measures SIGSTOP to detection; SIGCONT between trials.\n' "$settle"
  printf '  Vigil: `http` check, interval 1s, timeout 500ms, failureThreshold 1; detection = the timestamp of its\n'
  printf '  `dev/vigil/health/CHANGED ... to=DOWN` event (`vigil ctl vigil:events`). monit: `set daemon 1`, `check host` with\n'
  printf '  `if failed port N protocol http with timeout 1 seconds then exec` (the action writes `date +%%s%%N`).\n\n'
  printf '| tool | median ms | min ms | max ms | trials ok |\n|---|---:|---:|---:|---:|\n'
  for tool in "${tools[@]}"; do
    printf '| %s | %s | %s | %s | %s/%s |\n' "$tool" "${med[$tool]}" "${mn[$tool]}" "${mx[$tool]}" "${n[$tool]}" "$trials"
  done
  printf '\n- Samples (ms): Vigil %s; monit %s.\n' "${samples[vigil]% }" "${samples[monit]% }"
  printf -- '- monit/Vigil median ratio: %s. Expected from the settings alone: Vigil waits for its next check (0-1 s) plus\n' "$r_mv"
  printf '  the 500 ms timeout (0.5-1.5 s); monit for its next cycle (0-1 s) plus its 1 s timeout (1-2 s).\n'
} >>"$results"
log "appended to $results"
