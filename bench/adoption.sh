#!/usr/bin/env bash
# Adoption benchmark: the daemon itself is killed with -9 while it runs SERVICES (default
# 100) services, then started again. Vigil against supervisord, in the same run.
#
# Every service is a `python3 -m http.server` on its own loopback port: Vigil's on
# PORT_BASE..+SERVICES-1, supervisord's on the next SERVICES ports (default 23000-23199).
# Vigil gives each a tcp check. A round, for each tool, interleaved:
#
# - vigil: one daemon for the whole run. All services RUNNING, UP and answering HTTP (and
#   up for SETTLE s), then `kill -9` of the daemon (data/vigil.pid). After GAP s, the
#   services still answering are counted (nobody supervises them then), and `vigil start -c
#   FILE` is run again. Measured from that start: its return (ready), and the time until
#   `vigil status --json` shows every service RUNNING with the pid it had before the kill
#   (adopted: the message says so) and that pid listening on its port, then also health UP.
# - supervisord (orphans left): a fresh supervisord, all programs RUNNING and answering,
#   `kill -9` of supervisord. Its programs run in process groups of their own, so they
#   survive it, orphaned. After GAP s supervisord is started again with the same config:
#   it starts every program again, on ports the orphans still hold. Measured from that
#   start: the time until every program is RUNNING in `supervisorctl status` under the pid
#   that listens on its port (`ss -ltnp`: a program that fails to bind after more than
#   startsecs is RUNNING for a moment; if ever, within TIMEOUT s), the time until supervisord settles (no program STARTING or
#   BACKOFF), and then: RUNNING / FATAL / BACKOFF counts, starts that failed (its log's
#   "exited: ... not expected"), programs RUNNING under a new pid.
# - supervisord (orphans killed): the same, but the orphans are killed before the restart,
#   as systemd does for a supervisord unit (KillMode=control-group kills the whole cgroup
#   when the main process dies, then Restart= starts it again). Every program is started
#   anew: time until all are RUNNING.
#
# After each restart, for the tool's ports: http.server processes per port (duplicates:
# more than one; missing: none), listening sockets per port (ss), ports answering HTTP.
# Polls run back to back (each `vigil status` / `supervisorctl status` is a new client
# process, about 0.1-0.4 s), so the figures include up to one poll's latency.
#
# Results are printed and appended as a dated section to bench/RESULTS.md.
#
# Environment: SERVICES (100), ROUNDS (3), SETTLE (s, 3), GAP (s, 1), TIMEOUT (s, 60),
# PORT_BASE (23000), VIGIL_DIST (runtime/target/vigil), PYTHON, RESULTS (file),
# KEEP_TMP=1 keeps the scratch folder.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
bench=adoption
# shellcheck source=lib.sh
source "$here/lib.sh"
dist_src="${VIGIL_DIST:-$root/runtime/target/vigil}"
services="${SERVICES:-100}"
rounds="${ROUNDS:-3}"
settle="${SETTLE:-3}"
gap="${GAP:-1}"
timeout="${TIMEOUT:-60}"
port_base="${PORT_BASE:-23000}"
results="${RESULTS:-$here/RESULTS.md}"
tools=(vigil sup-orphans sup-killed)

# ---------------------------------------------------------------- prerequisites

for v in services rounds timeout port_base; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "${v^^} must be a positive integer (got '${!v}')"
done
[[ $settle =~ ^[0-9]+$ ]] || die "SETTLE must be a non-negative integer (got '$settle')"
[[ $gap =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "GAP must be a number of seconds (got '$gap')"
((port_base + 2 * services - 1 <= 65535)) || die "PORT_BASE + 2 x SERVICES goes past 65535"

install_debian supervisord:supervisor supervisorctl:supervisor
need_commands supervisord supervisorctl awk ss

ensure_dist "$dist_src" "$root"

py=$(real_python)
vigil_lo=$port_base
vigil_hi=$((port_base + services - 1))
sup_lo=$((port_base + services))
sup_hi=$((port_base + 2 * services - 1))

# ---------------------------------------------------------------- scratch + cleanup

tmp="$(mktemp -d "${TMPDIR:-/tmp}/vigil-adoption.XXXXXX")"
vd="$tmp/vigil/dist"
cfg="$tmp/vigil/adoption.json"
sup_dir="$tmp/supervisord"
sup_conf="$sup_dir/supervisord.conf"
helper="$tmp/helper.py"
seen="$tmp/seen.pids"   # "pid port" of every server a tool reported: the only ones we ever signal
: >"$seen"
sup_pid=''
vigil_started=0

# Every server we saw that is still alive and still ours (same command on the same port).
our_servers() {
  local pid port
  sort -u "$seen" | while read -r pid port; do
    if is_our_server "$pid" "$port"; then echo "$pid $port"; fi
  done
  return 0
}

kill_servers() {
  local pid port
  while read -r pid port; do
    if [[ -n $pid ]] && is_our_server "$pid" "$port"; then kill -TERM "$pid" 2>/dev/null || true; fi
  done
  return 0
}

cleanup() {
  local rc=$? pid left
  trap - EXIT INT TERM
  set +e
  if ((vigil_started)); then
    pid=$(cat "$vd/data/vigil.pid" 2>/dev/null)
    if alive "$pid"; then
      "$vd/bin/vigil" stop >/dev/null 2>&1
      stop_pid "$pid" 10
    fi
  fi
  if alive "$sup_pid"; then
    stop_pid "$sup_pid" 15 # supervisord stops its programs on TERM
    wait "$sup_pid" 2>/dev/null
  fi
  left=$(our_servers)
  if [[ -n $left ]]; then
    log "stopping $(wc -l <<<"$left") servers left behind (orphans)"
    kill_servers <<<"$left"
    sleep 1
    while read -r pid _; do stop_pid "$pid" 3; done < <(our_servers)
  fi
  if [[ ${KEEP_TMP:-0} == 1 ]]; then log "scratch kept in $tmp"; else rm -rf "$tmp"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for ((p = vigil_lo; p <= sup_hi; p++)); do
  ! port_open "$p" || die "port $p is already in use; free $vigil_lo-$sup_hi (or pick another PORT_BASE)"
done

# ---------------------------------------------------------------- helpers

cat >"$helper" <<'PYEOF'
import json, os, sys

def vigil_status():
    # name state pid adopted health, one line per service
    try:
        doc = json.load(sys.stdin)
    except ValueError:
        return
    for s in doc.get("services", []):
        print(s.get("name"), s.get("state"), s.get("pid") or 0,
              1 if "adopted" in (s.get("message") or "") else 0, s.get("health"))

def servers(lo, hi):
    # port pid of every `http.server --bind 127.0.0.1 PORT` process with PORT in lo..hi
    lo, hi = int(lo), int(hi)
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % d, "rb") as f:
                argv = f.read().split(b"\0")
        except OSError:
            continue
        argv = [a.decode(errors="replace") for a in argv if a]
        if "http.server" in argv and len(argv) >= 2 and argv[-2] == "127.0.0.1" and argv[-1].isdigit():
            port = int(argv[-1])
            if lo <= port <= hi:
                print(port, d)

if sys.argv[1] == "vigil-status":
    vigil_status()
else:
    servers(sys.argv[2], sys.argv[3])
PYEOF

# "MS ms" when MS is set, else TEXT.
or_else() { if [[ -n $1 ]]; then echo "$1 ms"; else echo "$2"; fi; }
ms_since() { echo $((($(now_ns) - $1) / 1000000)); }

# "name state pid adopted health" of every Vigil service.
vigil_table() { "$vd/bin/vigil" status --json 2>/dev/null | "$py" "$helper" vigil-status || true; }

# "name state pid" of every supervisord program (pid 0 when it has none).
sup_table() {
  timeout 10 supervisorctl -c "$sup_conf" status 2>/dev/null |
    awk '$1 ~ /^svc-/ && NF >= 2 {pid = 0; if ($3 == "pid") {pid = $4; sub(/,$/, "", pid)}; print $1, $2, pid}' || true
}

# Ports LO..HI: "PROCS DUPLICATES MISSING LISTENERS ANSWERING" (processes, ports with more
# than one process, ports with none, ports with a listening socket, ports answering HTTP).
port_census() {
  local lo=$1 hi=$2 p answering=0 listeners
  for ((p = lo; p <= hi; p++)); do
    if http_up "$p"; then answering=$((answering + 1)); fi
  done
  listeners=$(ss -ltnH 2>/dev/null | awk -v lo="$lo" -v hi="$hi" '{n = split($4, a, ":"); p = a[n] + 0; if (p >= lo && p <= hi) seen[p] = 1} END {c = 0; for (k in seen) c++; print c}')
  "$py" "$helper" servers "$lo" "$hi" | awk -v lo="$lo" -v hi="$hi" -v l="$listeners" -v a="$answering" '
    {n[$1]++; procs++}
    END {for (p = lo; p <= hi; p++) {if (n[p] > 1) dup++; if (!n[p]) miss++}
         print procs + 0, dup + 0, miss + 0, l, a}'
}

# Ports LO..HI answering HTTP.
answering() {
  local p n=0
  for ((p = $1; p <= $2; p++)); do if http_up "$p"; then n=$((n + 1)); fi; done
  echo "$n"
}

# Waits (up to TIMEOUT s) until every port LO..HI answers HTTP.
wait_all_answer() {
  local deadline=$(($(now_ns) + timeout * 1000000000)) p
  for ((p = $1; p <= $2; p++)); do
    until http_up "$p"; do
      (($(now_ns) < deadline)) || return 1
      sleep 0.05
    done
  done
}

# "port pid" of every socket listening on LO..HI.
listeners() {
  ss -ltnpH 2>/dev/null | awk -v lo="$1" -v hi="$2" '{n = split($4, a, ":"); p = a[n] + 0
    if (p >= lo && p <= hi && match($0, /pid=[0-9]+/)) print p, substr($0, RSTART + 4, RLENGTH - 4)}' || true
}

# Names of the services of TABLE ("name state pid ...") that are RUNNING under the pid that
# listens on their port (LO + the service's number): "RUNNING" alone is not enough, a
# supervisord program that fails to bind after more than startsecs is RUNNING for a moment.
serving() {
  awk -v lo="$2" 'NR == FNR {l[$1] = $2; next}
    $2 == "RUNNING" && $3 != 0 && l[lo + substr($1, 5)] == $3 {print $1}' <(listeners "$2" $(($2 + services - 1))) - <<<"$1"
}

svc_name() { printf 'svc-%03d' "$1"; }

# ---------------------------------------------------------------- Vigil

setup_vigil() {
  local i sep=''
  mkdir -p "$(dirname "$vd")"
  cp -a "$dist_src" "$vd"
  rm -rf "$vd/data/felix-cache" "$vd"/data/vigil.{pid,lock,sock} "$vd"/data/services.json "$vd"/logs/*.log "$vd"/logs/*.out
  {
    printf '{\n  "system": { "name": "adoption-bench" },\n  "services": {\n'
    for ((i = 0; i < services; i++)); do
      # shellcheck disable=SC2016 # \${port.http} is Vigil's placeholder
      printf '%s    "%s": { "command": ["%s", "-m", "http.server", "--bind", "127.0.0.1", "${port.http}"],\n' \
        "$sep" "$(svc_name "$i")" "$py"
      printf '      "ports": { "http": %d }, "checks": [ { "type": "tcp" } ], "stopTimeout": "3s" }' $((vigil_lo + i))
      sep=$',\n'
    done
    printf '\n  }\n}\n'
  } >"$cfg"
  "$vd/bin/vigil" check-config "$cfg" >/dev/null || die "vigil rejects $cfg: $("$vd/bin/vigil" check-config "$cfg" 2>&1 | head -n5)"
  vigil_started=1
  local t0
  t0=$(now_ns)
  "$vd/bin/vigil" start -c "$cfg" >"$tmp/vigil/start-0.out" 2>&1 || die "vigil start failed: $(cat "$tmp/vigil/start-0.out")"
  log "vigil: first start of $services services ready in $(ms_since "$t0") ms"
}

# Waits until every Vigil service is RUNNING, UP and answering; records the pids in vigil_before.
declare -A vigil_before
vigil_all_up() {
  local deadline=$(($(now_ns) + timeout * 1000000000)) table ok name state pid adopted health
  while :; do
    table=$(vigil_table)
    ok=$(awk '$2 == "RUNNING" && $3 != 0 && $5 == "UP"' <<<"$table" | wc -l)
    ((ok == services)) && break
    (($(now_ns) < deadline)) || die "vigil: only $ok of $services services RUNNING and UP after ${timeout}s"
    sleep 0.2
  done
  wait_all_answer "$vigil_lo" "$vigil_hi" || die "vigil: not every port answers"
  vigil_before=()
  while read -r name state pid adopted health; do
    vigil_before[$name]=$pid
    echo "$pid $((vigil_lo + 10#${name#svc-}))" >>"$seen"
  done <<<"$table"
}

# One round: kill -9 the daemon, restart it, measure. Sets r_* variables.
vigil_round() {
  local dpid t0 table name state pid adopted health same n_adopted new_pids
  dpid=$(cat "$vd/data/vigil.pid")
  alive "$dpid" || die "vigil: daemon pid $dpid is not alive"
  kill -9 "$dpid"
  while alive "$dpid"; do sleep 0.01; done
  sleep "$gap"
  r_gap_answer=$(answering "$vigil_lo" "$vigil_hi")
  t0=$(now_ns)
  "$vd/bin/vigil" start -c "$cfg" >"$tmp/vigil/start-$round.out" 2>&1 || die "vigil start after kill failed: $(cat "$tmp/vigil/start-$round.out")"
  r_ready=$(ms_since "$t0")
  r_all='' r_up=''
  while :; do
    table=$(vigil_table)
    declare -A is_serving=()
    while read -r name; do [[ -n $name ]] && is_serving[$name]=1; done < <(serving "$table" "$vigil_lo")
    same=0 n_adopted=0 new_pids=0 up=0
    while read -r name state pid adopted health; do
      [[ -n $name ]] || continue
      if [[ $state == RUNNING && $pid == "${vigil_before[$name]:-x}" && -n ${is_serving[$name]:-} ]]; then same=$((same + 1)); fi
      if [[ $pid != 0 && $pid != "${vigil_before[$name]:-x}" ]]; then new_pids=$((new_pids + 1)); fi
      if [[ $health == UP ]]; then up=$((up + 1)); fi
      n_adopted=$((n_adopted + adopted))
    done <<<"$table"
    if [[ -z $r_all ]] && ((same == services)); then r_all=$(ms_since "$t0"); fi
    if [[ -n $r_all ]] && ((up == services)); then r_up=$(ms_since "$t0"); break; fi
    if (($(now_ns) - t0 > timeout * 1000000000)); then break; fi
    sleep 0.05
  done
  r_adopted=$n_adopted r_new=$new_pids
  r_not_adopted=$(awk '$4 == 0 {print $1 " " $2 " pid " $3}' <<<"$table" | head -n5 | paste -sd';')
  read -r r_procs r_dup r_miss r_listen r_answer < <(port_census "$vigil_lo" "$vigil_hi")
  while read -r name state pid adopted health; do
    if [[ -n $name && $pid != 0 ]]; then echo "$pid $((vigil_lo + 10#${name#svc-}))" >>"$seen"; fi
  done <<<"$table"
}

# ---------------------------------------------------------------- supervisord

write_sup_conf() {
  mkdir -p "$sup_dir"
  supervisord_http_conf "$sup_dir" "$services" "$sup_lo" "$py" >"$sup_conf"
}

start_supervisord() {
  supervisord -c "$sup_conf" -n >>"$sup_dir/stdout.log" 2>&1 &
  sup_pid=$!
}

# Waits until every program is RUNNING and answers; records the pids in sup_before.
declare -A sup_before
sup_all_up() {
  local deadline=$(($(now_ns) + timeout * 1000000000)) table ok name state pid
  while :; do
    table=$(sup_table)
    ok=$(awk '$2 == "RUNNING" && $3 != 0' <<<"$table" | wc -l)
    ((ok == services)) && break
    (($(now_ns) < deadline)) || die "supervisord: only $ok of $services programs RUNNING after ${timeout}s"
    sleep 0.2
  done
  wait_all_answer "$sup_lo" "$sup_hi" || die "supervisord: not every port answers"
  sup_before=()
  while read -r name state pid; do
    sup_before[$name]=$pid
    echo "$pid $((sup_lo + 10#${name#svc-}))" >>"$seen"
  done <<<"$table"
}

# Stops supervisord (TERM: it stops what it runs) and every server of its ports we saw.
stop_supervisord() {
  if alive "$sup_pid"; then
    stop_pid "$sup_pid" 15
    wait "$sup_pid" 2>/dev/null || true
  fi
  sup_pid=''
  our_servers | awk -v lo="$sup_lo" -v hi="$sup_hi" '$2 >= lo && $2 <= hi' | kill_servers
  local i
  for ((i = 0; i < 50; i++)); do
    [[ -z $(our_servers | awk -v lo="$sup_lo" -v hi="$sup_hi" '$2 >= lo && $2 <= hi') ]] && break
    sleep 0.1
  done
}

# One round of supervisord; MODE is orphans (left running) or killed (killed before the restart).
sup_round() {
  local mode=$1 t0 table name state pid log_from new_pids running fatal backoff pending
  stop_supervisord
  rm -f "$sup_dir/supervisor.sock" "$sup_dir/supervisord.pid"
  start_supervisord
  sup_all_up
  sleep "$settle"
  alive "$sup_pid" || die "supervisord died"
  kill -9 "$sup_pid"
  wait "$sup_pid" 2>/dev/null || true
  sup_pid=''
  if [[ $mode == killed ]]; then
    for name in "${!sup_before[@]}"; do
      echo "${sup_before[$name]} $((sup_lo + 10#${name#svc-}))"
    done | kill_servers
    for name in "${!sup_before[@]}"; do
      while is_our_server "${sup_before[$name]}" "$((sup_lo + 10#${name#svc-}))"; do sleep 0.01; done
    done
  fi
  sleep "$gap"
  r_gap_answer=$(answering "$sup_lo" "$sup_hi")
  log_from=$(($(stat -c %s "$sup_dir/supervisord.log" 2>/dev/null || echo 0) + 1))
  t0=$(now_ns)
  start_supervisord
  r_all='' r_settled=''
  while :; do
    table=$(sup_table)
    running=$(serving "$table" "$sup_lo" | wc -l)
    pending=$(awk '$2 == "STARTING" || $2 == "BACKOFF" || $2 == "STOPPING"' <<<"$table" | wc -l)
    if [[ -z $r_all ]] && ((running == services)); then r_all=$(ms_since "$t0"); fi
    if [[ -n $table ]] && (($(wc -l <<<"$table") == services && pending == 0)); then r_settled=$(ms_since "$t0"); break; fi
    if (($(now_ns) - t0 > timeout * 1000000000)); then break; fi
    sleep 0.05
  done
  r_ctl_running=$(awk '$2 == "RUNNING"' <<<"$table" | wc -l)
  fatal=$(awk '$2 == "FATAL"' <<<"$table" | wc -l)
  backoff=$(awk '$2 == "BACKOFF" || $2 == "STARTING"' <<<"$table" | wc -l)
  new_pids=0
  while read -r name state pid; do
    [[ -n $name ]] || continue
    if [[ $pid != 0 ]]; then
      echo "$pid $((sup_lo + 10#${name#svc-}))" >>"$seen"
      if [[ $pid != "${sup_before[$name]:-x}" ]]; then new_pids=$((new_pids + 1)); fi
    fi
  done <<<"$table"
  r_running=$running r_fatal=$fatal r_backoff=$backoff r_new=$new_pids
  r_spawned=$(tail -c +"$log_from" "$sup_dir/supervisord.log" | grep -c ' spawned: ' || true)
  r_failed=$(tail -c +"$log_from" "$sup_dir/supervisord.log" | grep -c 'exited: .*not expected' || true)
  read -r r_procs r_dup r_miss r_listen r_answer < <(port_census "$sup_lo" "$sup_hi")
}

# ---------------------------------------------------------------- rounds

log "scratch: $tmp; python: $py; $services services per tool; $rounds rounds; ports $vigil_lo-$vigil_hi (Vigil), $sup_lo-$sup_hi (supervisord)"
setup_vigil
write_sup_conf

declare -A samples extra
for tool in "${tools[@]}"; do samples[$tool]=''; extra[$tool]=''; done
vigil_ready='' vigil_upms='' vigil_bad=0
rows=()

for ((round = 1; round <= rounds; round++)); do
  # ---- Vigil
  vigil_all_up
  sleep "$settle"
  vigil_round
  vigil_ready+="$r_ready "
  [[ -n $r_up ]] && vigil_upms+="$r_up "
  if [[ -n $r_all ]]; then samples[vigil]+="$r_all "; else vigil_bad=$((vigil_bad + 1)); fi
  row="vigil round $round: ready ${r_ready} ms, all $services RUNNING with their pids $(or_else "$r_all" never), all UP $(or_else "$r_up" never);"
  row+=" adopted $r_adopted, new pids $r_new; answering while no daemon ran $r_gap_answer;"
  row+=" after: processes $r_procs, duplicate ports $r_dup, missing $r_miss, listening $r_listen, answering $r_answer"
  [[ -n $r_not_adopted ]] && row+="; not adopted: $r_not_adopted"
  log "$row"; rows+=("$row")
  extra[vigil]+="$r_new/$r_dup/0/0/$r_answer "

  # ---- supervisord, both ways
  for mode in orphans killed; do
    sup_round "$mode"
    [[ -n $r_all ]] && samples[sup-$mode]+="$r_all "
    extra[sup-$mode]+="${r_settled:-timeout}:$r_running/$r_fatal/$r_backoff/$r_new/$r_spawned/$r_failed/$r_dup/$r_answer "
    row="supervisord ($mode) round $round: all $services RUNNING $(or_else "$r_all" "never (within ${timeout} s)"), settled $(or_else "$r_settled" "not within ${timeout} s");"
    row+=" RUNNING $r_ctl_running (serving its port: $r_running), FATAL $r_fatal, BACKOFF/STARTING $r_backoff, RUNNING under a new pid $r_new; spawned $r_spawned, failed starts $r_failed;"
    row+=" answering while no daemon ran $r_gap_answer; after: processes $r_procs, duplicate ports $r_dup, missing $r_miss, listening $r_listen, answering $r_answer"
    log "$row"; rows+=("$row")
  done
  stop_supervisord
done

# ---------------------------------------------------------------- report

stats() { # samples -> "median min max n" (or "- - - 0")
  local vals
  read -r -a vals <<<"$1"
  if ((${#vals[@]} == 0)); then echo "- - - 0"; return; fi
  echo "$(printf '%s\n' "${vals[@]}" | median) $(printf '%s\n' "${vals[@]}" | minimum) $(printf '%s\n' "${vals[@]}" | maximum) ${#vals[@]}"
}
declare -A med mn mx n
for tool in "${tools[@]}"; do
  read -r "med[$tool]" "mn[$tool]" "mx[$tool]" "n[$tool]" <<<"$(stats "${samples[$tool]}")"
done
read -r ready_med _ _ _ <<<"$(stats "$vigil_ready")"
read -r up_med _ _ _ <<<"$(stats "$vigil_upms")"
r_killed='n/a'
[[ ${med[vigil]} != - && ${med[sup-killed]} != - ]] && r_killed=$(ratio "${med[vigil]}" "${med[sup-killed]}")
r_orph='n/a (supervisord never had all RUNNING)'
[[ ${med[vigil]} != - && ${med[sup-orphans]} != - ]] && r_orph=$(ratio "${med[vigil]}" "${med[sup-orphans]}")
# Supervisord with orphans: medians of its settle time and of its counts.
orph_settle=$(tr ' ' '\n' <<<"${extra[sup-orphans]}" | awk -F: 'NF == 2 && $1 != "timeout" {print $1}' | median 2>/dev/null || echo -)
col() { tr ' ' '\n' <<<"${extra[$1]}" | awk -F: 'NF' | awk -F: '{print $NF}' | awk -F/ -v k="$2" '{print $k}' | median 2>/dev/null || echo -; }

mem_mib=$(awk '/^MemTotal:/ {printf "%d", $2 / 1024}' /proc/meminfo)
machine="$(nproc) CPUs, ${mem_mib} MiB RAM, $(uname -sr)"
os=$(awk -F= '$1 == "PRETTY_NAME" {gsub(/"/, "", $2); print $2}' /etc/os-release 2>/dev/null) || true
os=${os:-?}
java_v=$(java -version 2>&1 | head -n1 | sed 's/"//g') || java_v='?'
py_v=$("$py" -c 'import platform; print(platform.python_version())')
sup_v=$(supervisord -v 2>/dev/null) || sup_v='?'
dist_built=$(date -u -r "$dist_src/lib/vigil-runtime.jar" +%FT%TZ 2>/dev/null) || dist_built='?'
head_rev=$(git -C "$root" rev-parse --short HEAD 2>/dev/null) || head_rev='?'
git -C "$root" diff --quiet HEAD -- ':(exclude)bench' 2>/dev/null || head_rev+=' + uncommitted changes'
load=$(cut -d' ' -f1-3 /proc/loadavg)

printf '\nDaemon kill -9 and restart with %s services (ms from the restart), %s rounds\n' "$services" "$rounds"
printf '%-26s %8s %6s %6s %6s\n' tool median min max ok
for tool in "${tools[@]}"; do
  printf '%-26s %8s %6s %6s %6s\n' "$tool" "${med[$tool]}" "${mn[$tool]}" "${mx[$tool]}" "${n[$tool]}/$rounds"
done
printf 'Vigil: vigil start to ready median %s ms; all UP median %s ms\n' "$ready_med" "$up_med"
printf 'supervisord (orphans left): settled median %s ms\n' "$orph_settle"
printf 'Vigil/supervisord (orphans killed) median ratio: %s\n' "$r_killed"
printf 'Vigil/supervisord (orphans left) median ratio:   %s\n' "$r_orph"
printf '%s\n' "${rows[@]}"

# shellcheck disable=SC2016 # the backticks are markdown
{
  printf '\n## %s — adoption: daemon kill -9 and restart with %s services\n\n' "$(date -u +%F)" "$services"
  printf -- '- Machine: %s (%s); %s; Python %s; supervisord %s; Vigil distribution built %s (repo HEAD %s);\n' \
    "$machine" "$os" "$java_v" "$py_v" "$sup_v" "$dist_built" "$head_rev"
  printf '  load average %s at the end.\n' "$load"
  printf -- '- `bench/adoption.sh`: %s `python3 -m http.server` services per tool on loopback (Vigil %s-%s with a tcp check each,\n' "$services" "$vigil_lo" "$vigil_hi"
  printf '  supervisord %s-%s, `startsecs=1 autorestart=true`, default `startretries=3`); %s rounds, interleaved. Each round: all\n' "$sup_lo" "$sup_hi" "$rounds"
  printf '  RUNNING and answering for >= %s s, `kill -9` of the daemon, %s s with no daemon, then the same start command again;\n' "$settle" "$gap"
  printf '  timed from that start until every service is RUNNING under the pid that listens on its port (`ss -ltnp`; Vigil: the\n'
  printf '  pid it had before, in `vigil status --json`; supervisord: in `supervisorctl status`), polled back to back (each\n'
  printf '  poll a new client process).\n'
  printf '  supervisord is run twice per round: with its orphaned programs left running (a bare `supervisord -n` killed),\n'
  printf '  and with them killed before the restart (what systemd'"'"'s KillMode=control-group does to a supervisord unit).\n\n'
  printf '| tool | median ms | min ms | max ms | rounds all RUNNING | new pids | duplicate ports | FATAL | failed starts | ports answering after |\n'
  printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
  printf '| vigil (adopts) | %s | %s | %s | %s/%s | %s | %s | 0 | 0 | %s |\n' "${med[vigil]}" "${mn[vigil]}" "${mx[vigil]}" "${n[vigil]}" "$rounds" \
    "$(col vigil 1)" "$(col vigil 2)" "$(col vigil 5)"
  for mode in orphans killed; do
    printf '| supervisord (orphans %s) | %s | %s | %s | %s/%s | %s | %s | %s | %s | %s |\n' "$([[ $mode == orphans ]] && echo left || echo killed)" \
      "${med[sup-$mode]}" "${mn[sup-$mode]}" "${mx[sup-$mode]}" "${n[sup-$mode]}" "$rounds" \
      "$(col "sup-$mode" 4)" "$(col "sup-$mode" 7)" "$(col "sup-$mode" 2)" "$(col "sup-$mode" 6)" "$(col "sup-$mode" 8)"
  done
  printf '\n- Counts are medians over the rounds, out of %s. Vigil: `vigil start` to ready median %s ms; all UP (first tcp check\n' "$services" "$ready_med"
  printf '  of each adopted service) median %s ms. supervisord with orphans left settled (no program STARTING or BACKOFF)\n' "$up_med"
  printf '  after a median %s ms.\n' "$orph_settle"
  printf -- '- Ratio Vigil / supervisord (orphans killed): %s; Vigil / supervisord (orphans left): %s.\n' "$r_killed" "$r_orph"
  printf -- '- Samples (ms): Vigil %s; supervisord (orphans left) %s; supervisord (orphans killed) %s.\n' \
    "$(xargs <<<"${samples[vigil]:-none}")" "$(xargs <<<"${samples[sup-orphans]:-none}")" "$(xargs <<<"${samples[sup-killed]:-none}")"
  printf -- '- Rounds:\n'
  for row in "${rows[@]}"; do printf '  - %s\n' "$row"; done
} >>"$results"
log "appended to $results"
