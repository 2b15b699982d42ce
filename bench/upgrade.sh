#!/usr/bin/env bash
# Upgrade benchmark: the supervisor bundle (dev.vigil.supervisor) is updated in the running
# daemon while it keeps SERVICES (default 200) services, each with a tcp check every 1 s.
# The supervisor leaves its services running when only its bundle goes, and the new one
# adopts them from data/services.json: nothing may be restarted, and no check may be missed.
#
# Every service is a `python3 -m http.server` on its own loopback port (PORT_BASE..+SERVICES-1,
# default 24000-24199). A round is two upgrades, each followed by a kill -9 of one service:
#
# - `vigil ctl update ID` (Felix's update from the bundle's own location; ID from `vigil ctl
#   lb -s`), then `vigil ctl update ID file:COPY`, COPY being the same build's jar copied into
#   the scratch folder (what a newer jar would be). Before each: all services RUNNING, UP and
#   answering, their pids recorded, SETTLE s. The update runs in the background while
#   `vigil status --json` is polled back to back; back in control is the first poll started
#   after the update command returned that shows every service RUNNING under its old pid,
#   timed from the update's start. Then: services under a new pid (must be 0), restarts
#   added, states and health seen by the polls (services not RUNNING or not UP in any poll),
#   the log's "Health of svc-N: UP -> ..." lines from the update on (services, and why), and
#   missed checks: each service's check history (`vigil:health NAME`, its last 10 results,
#   all services in one `vigil shell` session some seconds later) is read for gaps longer
#   than 1.5 intervals around the update (each such gap counts as its intervals - 1), and
#   the monitor's checksRun against checksConfigured x seconds over the same time.
# - Control is real: one service is killed with -9 and timed until it is RUNNING under a new
#   pid (STARTING or RUNNING) and its port answers HTTP.
#
# A jar dropped into deploy/ takes the same path (Vigil's installer for FileInstall updates
# the shipped bundle in place with it); it is not timed here.
#
# No peer can upgrade itself without restarting or orphaning what it keeps (supervisord and
# monit run in one process; a new version means a new process). The nearest equivalent,
# measured after Vigil's rounds on the same ports (Vigil stopped first): supervisord's
# `supervisorctl reload` with SERVICES programs, timed until every program is RUNNING under
# the pid that listens on its port again, and how many got a new pid.
#
# Every client call has a `timeout`. Results are printed and appended as a dated section
# to bench/RESULTS.md.
#
# Environment: SERVICES (200), ROUNDS (3), SETTLE (s, 3), TIMEOUT (s, 60), PORT_BASE (24000),
# SUPERVISORD (1; 0 skips it), VIGIL_DIST (runtime/target/vigil), PYTHON, RESULTS (file),
# KEEP_TMP=1 keeps the scratch folder.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
bench=upgrade
# shellcheck source=lib.sh
source "$here/lib.sh"
dist_src="${VIGIL_DIST:-$root/runtime/target/vigil}"
services="${SERVICES:-200}"
rounds="${ROUNDS:-3}"
settle="${SETTLE:-3}"
timeout="${TIMEOUT:-60}"
port_base="${PORT_BASE:-24000}"
with_sup="${SUPERVISORD:-1}"
results="${RESULTS:-$here/RESULTS.md}"
interval_ms=1000
modes=(update update-url)

# ---------------------------------------------------------------- prerequisites

for v in services rounds timeout port_base; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "${v^^} must be a positive integer (got '${!v}')"
done
[[ $settle =~ ^[0-9]+$ ]] || die "SETTLE must be a non-negative integer (got '$settle')"
((port_base + services - 1 <= 65535)) || die "PORT_BASE + SERVICES goes past 65535"

if [[ $with_sup == 1 ]]; then
  install_debian supervisord:supervisor supervisorctl:supervisor
  need_commands supervisord supervisorctl
fi
need_commands awk ss timeout

ensure_dist "$dist_src" "$root"

py=$(real_python)
lo=$port_base
hi=$((port_base + services - 1))

# ---------------------------------------------------------------- scratch + cleanup

tmp="$(mktemp -d "${TMPDIR:-/tmp}/vigil-upgrade.XXXXXX")"
vd="$tmp/vigil/dist"
cfg="$tmp/vigil/upgrade.json"
newer="$tmp/vigil/newer/vigil-supervisor.jar"
sup_dir="$tmp/supervisord"
sup_conf="$sup_dir/supervisord.conf"
helper="$tmp/helper.py"
seen="$tmp/seen.pids" # "pid port" of every server a tool reported: the only ones we ever signal
: >"$seen"
sup_pid=''
vigil_started=0

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

stop_vigil() {
  local pid
  pid=$(cat "$vd/data/vigil.pid" 2>/dev/null) || pid=''
  if alive "$pid"; then
    timeout 60 "$vd/bin/vigil" stop >/dev/null 2>&1
    stop_pid "$pid" 10
  fi
  vigil_started=0
}

cleanup() {
  local rc=$? pid left
  trap - EXIT INT TERM
  set +e
  # Background pollers and updates of ours.
  for pid in $(jobs -p); do [[ $pid != "$sup_pid" ]] && kill "$pid" 2>/dev/null; done
  ((vigil_started)) && stop_vigil
  if alive "$sup_pid"; then
    stop_pid "$sup_pid" 60 # supervisord stops its programs on TERM
    wait "$sup_pid" 2>/dev/null
  fi
  left=$(our_servers)
  if [[ -n $left ]]; then
    log "stopping $(wc -l <<<"$left") servers left behind"
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

for ((p = lo; p <= hi; p++)); do
  ! port_open "$p" || die "port $p is already in use; free $lo-$hi (or pick another PORT_BASE)"
done

# ---------------------------------------------------------------- helpers

cat >"$helper" <<'PYEOF'
import json, os, re, sys, time

def vigil_status():
    # name state pid restarts health, one line per service
    try:
        doc = json.load(sys.stdin)
    except ValueError:
        return
    for s in doc.get("services", []):
        print(s.get("name"), s.get("state"), s.get("pid") or 0, s.get("restarts") or 0, s.get("health"))

def gaps(t0_ns, t1_ns, interval_ms):
    # stdin: `vigil:health NAME` of every service. Per service: "name covered checks maxgap_ms missed",
    # covered = its history starts before T0; missed = sum over gaps > 1.5 intervals that overlap
    # [T0, T1] of (gap / interval, rounded) - 1.
    t0, t1, iv = int(t0_ns) / 1e9, int(t1_ns) / 1e9, int(interval_ms) / 1000.0
    day = time.localtime(t0)
    midnight = time.mktime((day.tm_year, day.tm_mon, day.tm_mday, 0, 0, 0, 0, 0, -1))
    hist, name = {}, None
    for line in sys.stdin:
        m = re.match(r"^(svc-\d+): ", line)
        if m:
            name = m.group(1)
            hist[name] = []
            continue
        m = re.match(r"^\s+(\d\d):(\d\d):(\d\d\.\d+)\s", line)
        if m and name:
            t = midnight + int(m.group(1)) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
            if t - t0 > 43200: t -= 86400
            if t0 - t > 43200: t += 86400
            hist[name].append(t)
    for name, ts in sorted(hist.items()):
        ts.sort()
        covered = 1 if ts and ts[0] <= t0 else 0
        maxgap, missed = 0.0, 0
        for a, b in zip(ts, ts[1:]):
            if b < t0 or a > t1:
                continue
            maxgap = max(maxgap, b - a)
            if b - a > 1.5 * iv:
                missed += int(round((b - a) / iv)) - 1
        print(name, covered, len(ts), int(maxgap * 1000), missed)

def servers(lo, hi):
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
elif sys.argv[1] == "gaps":
    gaps(*sys.argv[2:5])
else:
    servers(sys.argv[2], sys.argv[3])
PYEOF

or_else() { if [[ -n $1 ]]; then echo "$1 ms"; else echo "$2"; fi; }
ms_since() { echo $((($(now_ns) - $1) / 1000000)); }
svc_name() { printf 'svc-%03d' "$1"; }
svc_port() { echo $((lo + 10#${1#svc-})); }

vctl() { timeout 20 "$vd/bin/vigil" ctl "$@" 2>&1; }
# "name state pid restarts health" of every Vigil service.
vigil_table() { timeout 20 "$vd/bin/vigil" status --json 2>/dev/null | "$py" "$helper" vigil-status || true; }
# checksRun + checksSkipped, and checksConfigured, of the monitor: "RUN CONFIGURED".
monitor_counts() {
  vctl vigil:monitor | awk '$1 == "checksRun" || $1 == "checksSkipped" {n += $2} $1 == "checksConfigured" {c = $2} END {print n + 0, c + 0}'
}
supervisor_id() { vctl lb -s | awk -F'|' '$4 ~ /^dev\.vigil\.supervisor[ (]/ {gsub(/ /, "", $1); print $1}' | head -n1; }

answering() {
  local p n=0
  for ((p = lo; p <= hi; p++)); do if http_up "$p"; then n=$((n + 1)); fi; done
  echo "$n"
}

wait_all_answer() {
  local deadline=$(($(now_ns) + timeout * 1000000000)) p
  for ((p = lo; p <= hi; p++)); do
    until http_up "$p"; do
      (($(now_ns) < deadline)) || return 1
      sleep 0.05
    done
  done
}

# "port pid" of every socket listening on LO..HI.
listeners() {
  ss -ltnpH 2>/dev/null | awk -v lo="$lo" -v hi="$hi" '{n = split($4, a, ":"); p = a[n] + 0
    if (p >= lo && p <= hi && match($0, /pid=[0-9]+/)) print p, substr($0, RSTART + 4, RLENGTH - 4)}' || true
}

# Names of TABLE's ("name state pid ...") services RUNNING under the pid that listens on their port.
serving() {
  awk -v lo="$lo" 'NR == FNR {l[$1] = $2; next}
    $2 == "RUNNING" && $3 != 0 && l[lo + substr($1, 5)] == $3 {print $1}' <(listeners) - <<<"$1"
}

# ---------------------------------------------------------------- Vigil

setup_vigil() {
  local i sep='' t0
  mkdir -p "$(dirname "$vd")" "$(dirname "$newer")"
  cp -a "$dist_src" "$vd"
  rm -rf "$vd/data/felix-cache" "$vd"/data/vigil.{pid,lock,sock} "$vd"/data/services.json "$vd"/logs/*.log "$vd"/logs/*.out
  cp "$vd/bundles/vigil-supervisor.jar" "$newer"
  {
    printf '{\n  "system": { "name": "upgrade-bench" },\n  "services": {\n'
    for ((i = 0; i < services; i++)); do
      # shellcheck disable=SC2016 # \${port.http} is Vigil's placeholder
      printf '%s    "%s": { "command": ["%s", "-m", "http.server", "--bind", "127.0.0.1", "${port.http}"],\n' \
        "$sep" "$(svc_name "$i")" "$py"
      printf '      "ports": { "http": %d }, "checks": [ { "type": "tcp", "interval": "1s" } ], "stopTimeout": "3s" }' $((lo + i))
      sep=$',\n'
    done
    printf '\n  }\n}\n'
  } >"$cfg"
  timeout 60 "$vd/bin/vigil" check-config "$cfg" >/dev/null || die "vigil rejects $cfg"
  vigil_started=1
  t0=$(now_ns)
  timeout 120 "$vd/bin/vigil" start -c "$cfg" >"$tmp/vigil/start.out" 2>&1 || die "vigil start failed: $(cat "$tmp/vigil/start.out")"
  log "vigil: start of $services services ready in $(ms_since "$t0") ms"
}

# Waits until every service is RUNNING, UP and answering; records pids in before[], restarts in restarts0.
declare -A before
vigil_all_up() {
  local deadline=$(($(now_ns) + timeout * 1000000000)) table ok name state pid restarts health
  while :; do
    table=$(vigil_table)
    ok=$(awk '$2 == "RUNNING" && $3 != 0 && $5 == "UP"' <<<"$table" | wc -l)
    ((ok == services)) && break
    (($(now_ns) < deadline)) || die "vigil: only $ok of $services services RUNNING and UP after ${timeout}s"
    sleep 0.2
  done
  wait_all_answer || die "vigil: not every port answers"
  before=()
  restarts0=0
  while read -r name state pid restarts health; do
    before[$name]=$pid
    restarts0=$((restarts0 + restarts))
    echo "$pid $(svc_port "$name")" >>"$seen"
  done <<<"$table"
}

# One upgrade, MODE update or update-url. Sets r_* variables.
upgrade_round() {
  local mode=$1 id t0 t_ret='' upd_pid upd_rc table name state pid restarts health same new rsum
  local poll_start log_from mon0 mon1 cfgd t_mon0 t_mon1 polls=0
  local -A left_running=() left_up=()
  id=$(supervisor_id)
  [[ $id =~ ^[0-9]+$ ]] || die "no dev.vigil.supervisor bundle in 'vigil ctl lb -s'"
  log_from=$(($(stat -c %s "$vd/logs/vigil.log") + 1))
  read -r mon0 cfgd < <(monitor_counts)
  t_mon0=$(now_ns)
  local args=(update "$id")
  [[ $mode == update-url ]] && args+=("file:$newer")
  t0=$(now_ns)
  vctl "${args[@]}" >"$tmp/update.out" &
  upd_pid=$!
  r_back='' r_cmd=''
  while :; do
    poll_start=$(now_ns)
    if [[ -z $r_cmd ]] && ! kill -0 "$upd_pid" 2>/dev/null; then
      upd_rc=0
      wait "$upd_pid" || upd_rc=$?
      ((upd_rc == 0)) || die "vigil ctl ${args[*]} failed ($upd_rc): $(cat "$tmp/update.out")"
      r_cmd=$(ms_since "$t0")
      t_ret=$poll_start
    fi
    table=$(vigil_table)
    polls=$((polls + 1))
    same=0 new=0 rsum=0
    while read -r name state pid restarts health; do
      [[ -n $name ]] || continue
      [[ $state == RUNNING ]] || left_running[$name]=1
      [[ $health == UP ]] || left_up[$name]=1
      if [[ $state == RUNNING && $pid == "${before[$name]:-x}" ]]; then same=$((same + 1)); fi
      if [[ $pid != 0 && $pid != "${before[$name]:-x}" ]]; then new=$((new + 1)); fi
      rsum=$((rsum + restarts))
    done <<<"$table"
    if [[ -n $t_ret ]] && ((poll_start >= t_ret && same == services)); then
      r_back=$(ms_since "$t0")
      break
    fi
    if (($(now_ns) - t0 > timeout * 1000000000)); then break; fi
    sleep 0.02
  done
  t_back=$(now_ns)
  r_new=$new r_restarts=$((rsum - restarts0)) r_polls=$polls
  r_not_running=${#left_running[@]} r_not_up=${#left_up[@]}
  # Some seconds on, every service's last checks (one shell session), then the monitor's counters.
  sleep 3
  local names=() gaps_out
  for ((i = 0; i < services; i++)); do names+=("vigil:health $(svc_name "$i")"); done
  printf '%s\n' "${names[@]}" | timeout 60 "$vd/bin/vigil" shell >"$tmp/health.out" 2>&1 || true
  t_mon1=$(now_ns)
  read -r mon1 _ < <(monitor_counts)
  gaps_out=$("$py" "$helper" gaps "$t0" "$t_back" "$interval_ms" <"$tmp/health.out")
  r_covered=$(awk '$2 == 1' <<<"$gaps_out" | wc -l)
  r_hist=$(wc -l <<<"$gaps_out")
  r_missed=$(awk '{n += $5} END {print n + 0}' <<<"$gaps_out")
  r_missed_svcs=$(awk '$5 > 0' <<<"$gaps_out" | wc -l)
  r_maxgap=$(awk '$4 > m {m = $4} END {print m + 0}' <<<"$gaps_out")
  r_checks_run=$((mon1 - mon0))
  r_checks_exp=$(awk -v c="$cfgd" -v a="$t_mon0" -v b="$t_mon1" 'BEGIN {printf "%d", c * (b - a) / 1e9}')
  # What the log says from the update on: services leaving UP (and why), state changes other than adoption.
  local logpart
  logpart=$(tail -c +"$log_from" "$vd/logs/vigil.log")
  r_log_left_up=$(grep -oE 'Health of svc-[0-9]+: UP -> ' <<<"$logpart" | sort -u | wc -l || true)
  r_log_causes=$(grep -oE 'Health of svc-[0-9]+: UP -> .*' <<<"$logpart" | sed -E 's/^Health of svc-[0-9]+: //; s/[0-9]+/N/g' | sort | uniq -c | sort -rn | head -n3 |
    awk '{c = $1; $1 = ""; sub(/^ /, ""); printf "%s%s x%d", (NR > 1 ? "; " : ""), $0, c}' || true)
  # How long each service that left UP stayed away (log timestamps): "median max" ms, and the first leave to the last return.
  read -r r_away_med r_away_max r_away_span < <(awk '
    function ms(t) {split(substr(t, 12, 12), a, ":"); return (a[1] * 3600 + a[2] * 60 + a[3]) * 1000}
    / Health of svc-[0-9]+: UP -> / {n = $7; sub(/:$/, "", n); if (!(n in left)) {left[n] = ms($1); if (!first) first = left[n]}}
    / Health of svc-[0-9]+: [A-Z]+ -> UP / {n = $7; sub(/:$/, "", n); if ((n in left) && !(n in back)) {back[n] = ms($1); d[++k] = back[n] - left[n]; if (back[n] > last) last = back[n]}}
    END {if (!k) {print "- - -"; exit}
      for (i = 2; i <= k; i++) {v = d[i]; for (j = i - 1; j >= 1 && d[j] > v; j--) d[j + 1] = d[j]; d[j + 1] = v}
      printf "%d %d %d\n", (k % 2 ? d[(k + 1) / 2] : (d[k / 2] + d[k / 2 + 1]) / 2), d[k], last - first}' <<<"$logpart")
  r_log_adopted=$(grep -cE 'ProcessSupervisor - Service svc-[0-9]+: [A-Z]+ -> RUNNING adopted' <<<"$logpart" || true)
  r_log_other=$(grep -E 'ProcessSupervisor - Service svc-[0-9]+: ' <<<"$logpart" | grep -vcE ' -> RUNNING adopted' || true)
  r_log_recovery=$(grep -cE 'Coordinator - Service svc-' <<<"$logpart" || true)
  r_log_keep=$(grep -c 'services keep running' <<<"$logpart" || true)
  r_log_applied=$(grep -oE 'Applied config [^ ]+: [0-9]+ services, [0-9]+ started, [0-9]+ adopted, [0-9]+ stopped' <<<"$logpart" | tail -n1 | sed -E 's/^Applied config [^ ]+: //' || true)
  r_log_warn=$(grep -E '\[(WARN|ERROR)\]' <<<"$logpart" | head -n3 | cut -c1-200 | paste -sd'|' || true)
}

# kill -9 of service NAME; sets r_kill (ms until it has a new pid, STARTING or RUNNING, and its port answers
# HTTP; RUNNING itself comes 1 s after the launch) and r_kill_restarts.
kill_test() {
  local name=$1 pid=${before[$1]} port t0 table state npid restarts health
  port=$(svc_port "$name")
  is_our_server "$pid" "$port" || die "$name: pid $pid is not our server on $port"
  t0=$(now_ns)
  kill -9 "$pid"
  r_kill='' r_kill_restarts=''
  while (($(now_ns) - t0 < timeout * 1000000000)); do
    read -r _ state npid restarts health < <(vigil_table | awk -v n="$name" '$1 == n') || true
    if [[ ${state:-} == @(RUNNING|STARTING) && ${npid:-0} != 0 && $npid != "$pid" ]] && http_up "$port"; then
      r_kill=$(ms_since "$t0") r_kill_restarts=$restarts
      echo "$npid $port" >>"$seen"
      break
    fi
    sleep 0.02
  done
}

# ---------------------------------------------------------------- supervisord

write_sup_conf() {
  mkdir -p "$sup_dir"
  supervisord_http_conf "$sup_dir" "$services" "$lo" "$py" >"$sup_conf"
}

sup_table() {
  timeout 10 supervisorctl -c "$sup_conf" status 2>/dev/null |
    awk '$1 ~ /^svc-/ && NF >= 2 {pid = 0; if ($3 == "pid") {pid = $4; sub(/,$/, "", pid)}; print $1, $2, pid}' || true
}

declare -A sup_before
sup_all_up() {
  local deadline=$(($(now_ns) + timeout * 1000000000)) table ok name state pid
  while :; do
    table=$(sup_table)
    ok=$(serving "$table" | wc -l)
    ((ok == services)) && break
    (($(now_ns) < deadline)) || die "supervisord: only $ok of $services programs RUNNING after ${timeout}s"
    sleep 0.2
  done
  wait_all_answer || die "supervisord: not every port answers"
  sup_before=()
  while read -r name state pid; do
    sup_before[$name]=$pid
    echo "$pid $(svc_port "$name")" >>"$seen"
  done <<<"$table"
}

# One `supervisorctl reload`: sets s_* variables.
sup_round() {
  local t0 table name state pid new running log_from rc=0
  log_from=$(($(stat -c %s "$sup_dir/supervisord.log" 2>/dev/null || echo 0) + 1))
  t0=$(now_ns)
  timeout 60 supervisorctl -c "$sup_conf" reload >"$tmp/reload.out" 2>&1 || rc=$?
  s_cmd=$(ms_since "$t0") s_rc=$rc
  s_gap_answer=$(answering)
  s_all=''
  while (($(now_ns) - t0 < timeout * 1000000000)); do
    table=$(sup_table)
    running=$(serving "$table" | wc -l)
    if ((running == services)); then s_all=$(ms_since "$t0"); break; fi
    sleep 0.05
  done
  new=0
  while read -r name state pid; do
    [[ -n $name ]] || continue
    if [[ $pid != 0 ]]; then
      echo "$pid $(svc_port "$name")" >>"$seen"
      [[ $pid != "${sup_before[$name]:-x}" ]] && new=$((new + 1))
    fi
  done <<<"$table"
  s_new=$new
  s_stopped=$(tail -c +"$log_from" "$sup_dir/supervisord.log" | grep -c 'stopped: svc-' || true)
  s_spawned=$(tail -c +"$log_from" "$sup_dir/supervisord.log" | grep -c 'spawned: ' || true)
}

# ---------------------------------------------------------------- Vigil rounds

log "scratch: $tmp; python: $py; $services services on ports $lo-$hi; $rounds rounds x ${modes[*]}"
setup_vigil

declare -A samples cmdms newp missed extra
for mode in "${modes[@]}"; do samples[$mode]='' cmdms[$mode]='' newp[$mode]='' missed[$mode]=''; done
kill_samples=''
rows=()
odd_causes=''
k=0

for ((round = 1; round <= rounds; round++)); do
  for mode in "${modes[@]}"; do
    vigil_all_up
    sleep "$settle"
    upgrade_round "$mode"
    [[ -n $r_back ]] && samples[$mode]+="$r_back "
    cmdms[$mode]+="$r_cmd "
    newp[$mode]+="$r_new "
    missed[$mode]+="$r_missed "
    [[ -n $r_log_causes ]] && odd_causes=$r_log_causes
    # Control is real: a service killed now is restarted.
    victim=$(svc_name $(((k * 37 + 11) % services)))
    k=$((k + 1))
    kill_test "$victim"
    [[ -n $r_kill ]] && kill_samples+="$r_kill "
    row="round $round, ${mode/update-url/update ID file:COPY}: back in control $(or_else "$r_back" "never (within ${timeout} s)") (command returned in ${r_cmd:-?} ms; $r_polls polls);"
    row+=" new pids $r_new, restarts +$r_restarts; in the polls: not RUNNING $r_not_running, not UP $r_not_up;"
    row+=" log: supervisor kept services running $r_log_keep, adopted $r_log_adopted (${r_log_applied:-no config applied}), other state changes $r_log_other, recoveries $r_log_recovery,"
    row+=" services leaving UP $r_log_left_up${r_log_causes:+ ($r_log_causes)}, away median $r_away_med ms, max $r_away_max ms, first leave to last return $r_away_span ms;"
    row+=" checks: missed $r_missed in $r_missed_svcs services (histories $r_hist, covering the update $r_covered; longest gap $r_maxgap ms), monitor ran $r_checks_run of ~$r_checks_exp expected;"
    row+=" kill -9 of $victim: new pid and answering $(or_else "$r_kill" never), restarts $r_kill_restarts"
    [[ -n $r_log_warn ]] && row+="; warnings: $r_log_warn"
    log "$row"; rows+=("$row")
    extra[$mode]+="$r_restarts/$r_not_running/$r_not_up/$r_log_left_up/$r_away_med/$r_away_max/$r_away_span "
  done
done

vigil_log_lines=$(wc -l <"$vd/logs/vigil.log")
stop_vigil
log "vigil stopped"

# ---------------------------------------------------------------- supervisord rounds

sup_samples='' sup_new='' sup_rows=()
if [[ $with_sup == 1 ]]; then
  for ((p = lo; p <= hi; p++)); do
    for ((i = 0; i < 50; i++)); do port_open "$p" || break; sleep 0.1; done
  done
  write_sup_conf
  supervisord -c "$sup_conf" -n >>"$sup_dir/stdout.log" 2>&1 &
  sup_pid=$!
  for ((round = 1; round <= rounds; round++)); do
    sup_all_up
    sleep "$settle"
    sup_round
    [[ -n $s_all ]] && sup_samples+="$s_all "
    sup_new+="$s_new "
    row="supervisord round $round: supervisorctl reload returned in $s_cmd ms (exit $s_rc), all $services RUNNING under the pid on their port again $(or_else "$s_all" "never (within ${timeout} s)");"
    row+=" new pids $s_new; ports answering just after the reload returned $s_gap_answer; stopped $s_stopped, spawned $s_spawned"
    log "$row"; sup_rows+=("$row")
  done
  stop_pid "$sup_pid" 60 # it stops its programs first, one by one
  wait "$sup_pid" 2>/dev/null || true
  sup_pid=''
fi

# ---------------------------------------------------------------- report

stats() {
  local vals
  read -r -a vals <<<"$1"
  if ((${#vals[@]} == 0)); then echo "- - - 0"; return; fi
  echo "$(printf '%s\n' "${vals[@]}" | median) $(printf '%s\n' "${vals[@]}" | minimum) $(printf '%s\n' "${vals[@]}" | maximum) ${#vals[@]}"
}
med_of() { local m; read -r m _ <<<"$(stats "$1")"; echo "$m"; }
col() { tr ' ' '\n' <<<"${extra[$1]}" | awk 'NF' | awk -F/ -v k="$2" '{print $k}' | median 2>/dev/null || echo -; }
declare -A med mn mx n
for mode in "${modes[@]}"; do
  read -r "med[$mode]" "mn[$mode]" "mx[$mode]" "n[$mode]" <<<"$(stats "${samples[$mode]}")"
done
read -r smed smin smax sn <<<"$(stats "$sup_samples")"
ratio_sup='n/a'
[[ ${med[update]} != - && $smed != - ]] && ratio_sup=$(ratio "${med[update]}" "$smed")
kill_med=$(med_of "$kill_samples")

mem_mib=$(awk '/^MemTotal:/ {printf "%d", $2 / 1024}' /proc/meminfo)
machine="$(nproc) CPUs, ${mem_mib} MiB RAM, $(uname -sr)"
os=$(awk -F= '$1 == "PRETTY_NAME" {gsub(/"/, "", $2); print $2}' /etc/os-release 2>/dev/null) || true
os=${os:-?}
java_v=$(java -version 2>&1 | head -n1 | sed 's/"//g') || java_v='?'
py_v=$("$py" -c 'import platform; print(platform.python_version())')
sup_v='-'
[[ $with_sup == 1 ]] && { sup_v=$(supervisord -v 2>/dev/null) || sup_v='?'; }
dist_built=$(date -u -r "$dist_src/lib/vigil-runtime.jar" +%FT%TZ 2>/dev/null) || dist_built='?'
head_rev=$(git -C "$root" rev-parse --short HEAD 2>/dev/null) || head_rev='?'
git -C "$root" diff --quiet HEAD -- ':(exclude)bench' 2>/dev/null || head_rev+=' + uncommitted changes'
load=$(cut -d' ' -f1-3 /proc/loadavg)

printf '\nSupervisor bundle hot upgrade with %s services (ms from the update), %s rounds\n' "$services" "$rounds"
printf '%-28s %8s %6s %6s %6s %9s %9s %7s\n' how median min max ok cmd-ms new-pids missed
for mode in "${modes[@]}"; do
  printf '%-28s %8s %6s %6s %6s %9s %9s %7s\n' "$mode" "${med[$mode]}" "${mn[$mode]}" "${mx[$mode]}" "${n[$mode]}/$rounds" \
    "$(med_of "${cmdms[$mode]}")" "$(xargs <<<"${newp[$mode]}")" "$(xargs <<<"${missed[$mode]}")"
done
printf 'kill -9 of one service after each upgrade to a new pid answering: median %s ms (%s)\n' "$kill_med" "$(xargs <<<"${kill_samples:-none}")"
if [[ $with_sup == 1 ]]; then
  printf 'supervisord: no upgrade without a restart; supervisorctl reload of %s programs: median %s ms (min %s, max %s, %s/%s), new pids %s\n' \
    "$services" "$smed" "$smin" "$smax" "$sn" "$rounds" "$(xargs <<<"$sup_new")"
  printf 'Vigil update / supervisord reload median ratio: %s (Vigil keeps every process; supervisord replaces every one)\n' "$ratio_sup"
fi
printf 'monit: cannot upgrade itself without a restart either (not measured)\n'
printf '%s\n' "${rows[@]}" "${sup_rows[@]}"

# shellcheck disable=SC2016 # the backticks are markdown
{
  printf '\n## %s — upgrade: hot update of the supervisor bundle with %s services\n\n' "$(date -u +%F)" "$services"
  printf -- '- Machine: %s (%s); %s; Python %s; supervisord %s; Vigil distribution built %s (repo HEAD %s);\n' \
    "$machine" "$os" "$java_v" "$py_v" "$sup_v" "$dist_built" "$head_rev"
  printf '  load average %s at the end.\n' "$load"
  printf -- '- `bench/upgrade.sh`: %s `python3 -m http.server` services on loopback %s-%s, a tcp check each every 1 s. %s rounds;\n' "$services" "$lo" "$hi" "$rounds"
  printf '  each round updates dev.vigil.supervisor twice in the running daemon, `vigil ctl update ID` and `vigil ctl update ID\n'
  printf '  file:COPY` (the same build'"'"'s jar from elsewhere), each after all services are RUNNING, UP and answering for >= %s s.\n' "$settle"
  printf '  Back in control: the first `vigil status --json` poll started after the update command returned that shows every\n'
  printf '  service RUNNING under the pid it had before, timed from the update'"'"'s start (polls back to back, each a new JVM\n'
  printf '  client, so the figure includes up to one poll). Missed checks: gaps longer than 1.5 s in each service'"'"'s last 10\n'
  printf '  check results (`vigil:health NAME`, read 3 s later) around the update. Then kill -9 of one service.\n\n'
  printf '| how | back in control, median ms | min | max | rounds ok | update command ms | new pids | restarts added | not RUNNING in a poll | not UP in a poll | left UP (log) | away from UP, median / max ms | missed checks | kill -9 to answering ms |\n'
  printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
  for mode in "${modes[@]}"; do
    printf '| `%s` | %s | %s | %s | %s/%s | %s | %s | %s | %s | %s | %s | %s / %s | %s | %s |\n' \
      "$([[ $mode == update ]] && echo 'update ID' || echo 'update ID file:COPY')" \
      "${med[$mode]}" "${mn[$mode]}" "${mx[$mode]}" "${n[$mode]}" "$rounds" "$(med_of "${cmdms[$mode]}")" \
      "$(xargs <<<"${newp[$mode]}" | tr ' ' '/')" "$(col "$mode" 1)" "$(col "$mode" 2)" "$(col "$mode" 3)" "$(col "$mode" 4)" "$(col "$mode" 5)" "$(col "$mode" 6)" \
      "$(xargs <<<"${missed[$mode]}" | tr ' ' '/')" "$kill_med"
  done
  printf '\n- new pids and missed checks are per round (r1/r2/r3), the other counts medians, out of %s services. kill -9 to\n' "$services"
  printf '  answering is over all %s kills (%s ms).\n' "$(wc -w <<<"$kill_samples")" "$(xargs <<<"${kill_samples:-none}")"
  [[ -n $odd_causes ]] && printf -- '- The daemon log shows services leaving UP during the update: %s.\n' "$odd_causes"
  if [[ $with_sup == 1 ]]; then
    printf -- '- No peer can upgrade itself without restarting or orphaning what it keeps (supervisord and monit are one process;\n'
    printf '  a new version is a new process), so there is no like-for-like ratio. The nearest equivalent, measured in the same\n'
    printf '  run after Vigil was stopped, on the same ports: `supervisorctl reload` with %s programs (`startsecs=1`, `stopwaitsecs=3`)\n' "$services"
    printf '  until every program is RUNNING under the pid that listens on its port: median %s ms (min %s, max %s, %s/%s rounds),\n' "$smed" "$smin" "$smax" "$sn" "$rounds"
    printf '  new pids %s of %s. Vigil `update ID` / supervisord reload: %s, with 0 processes replaced against all of them.\n' "$(xargs <<<"$sup_new" | tr ' ' '/')" "$services" "$ratio_sup"
  fi
  printf -- '- Samples (ms): update ID %s; update ID file:COPY %s; supervisord reload %s.\n' \
    "$(xargs <<<"${samples[update]:-none}")" "$(xargs <<<"${samples[update-url]:-none}")" "$(xargs <<<"${sup_samples:-none}")"
  printf -- '- Rounds:\n'
  for row in "${rows[@]}" "${sup_rows[@]}"; do printf '  - %s\n' "$row"; done
} >>"$results"
log "appended to $results (vigil.log had $vigil_log_lines lines)"
