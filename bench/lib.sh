# Shared by the benchmarks: sourced, not run. Set `bench` (the log prefix) before sourcing.
# shellcheck shell=bash

log() { printf '[%s] %s\n' "${bench:-bench}" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
# The clock, the port probe and the pause of a polling loop run in this shell, with no process
# forked: a launch is timed by polling 50 ports every 10 ms, and with a subshell per probe and a
# date and a sleep per round, the poller took a third of this 2-core machine from what it timed.
# take_now sets NOW_NS (what a loop calls: $(now_ns) forks a subshell); now_ns prints it.
take_now() {
  local t=${EPOCHREALTIME/[.,]/}
  NOW_NS=${t}000
}
now_ns() {
  take_now
  echo "$NOW_NS"
}
port_open() {
  { exec {_port_fd}<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  exec {_port_fd}>&-
}
# nap SECONDS: a sleep without a process, a read with a timeout on a FIFO this shell holds open.
nap() {
  if [[ -z ${_nap_fd:-} ]]; then
    local fifo
    fifo=$(mktemp -u "${TMPDIR:-/tmp}/vigil-nap.XXXXXX")
    mkfifo -m 600 "$fifo"
    exec {_nap_fd}<>"$fifo"
    rm -f "$fifo"
  fi
  read -r -t "$1" -u "$_nap_fd" _ || true
}
alive() { [[ -n ${1:-} && $1 != 0 ]] && kill -0 "$1" 2>/dev/null; }

# True when PORT answers an HTTP request with a status line (bash /dev/tcp, no curl needed).
http_up() {
  local line=''
  { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  if printf 'HEAD / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3 2>/dev/null; then
    IFS= read -r -t 2 line <&3 2>/dev/null || true
  fi
  exec 3>&-
  [[ $line == HTTP/1.* ]]
}

median() { sort -n | awk '{v[NR]=$1} END {if (NR==0) exit 1; if (NR%2) print v[(NR+1)/2]; else printf "%.1f\n", (v[NR/2]+v[NR/2+1])/2}'; }
minimum() { sort -n | head -n1; }
maximum() { sort -n | tail -n1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b == 0) print "inf"; else printf "%.2f\n", a / b}'; }

# Installs the Debian PACKAGES whose command is missing; each argument is COMMAND:PACKAGE.
install_debian() {
  local missing=() sudo_cmd=() want
  for want in "$@"; do
    command -v "${want%%:*}" >/dev/null 2>&1 || missing+=("${want#*:}")
  done
  ((${#missing[@]} == 0)) && return 0
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  log "installing ${missing[*]} from the Debian packages"
  if ! "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; then
    "${sudo_cmd[@]}" apt-get update -qq >/dev/null
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# Dies naming the first COMMAND that is not on the PATH.
need_commands() {
  local cmd
  for cmd in "$@"; do
    command -v "$cmd" >/dev/null 2>&1 || die "$cmd not found"
  done
}

# Builds the distribution at DIR (under ROOT) when it is not there yet.
ensure_dist() {
  local dir=$1 root=$2
  if [[ ! -x $dir/bin/vigil ]]; then
    log "building the distribution (mvn -B -q -ntp install -DskipTests)"
    (cd "$root" && mvn -B -q -ntp install -DskipTests)
  fi
  [[ -x $dir/bin/vigil ]] || die "no Vigil distribution at $dir"
}

# The real python interpreter, not a pyenv shim, so that every tool runs the same binary.
real_python() {
  local py="${PYTHON:-$(python3 -c 'import sys; print(sys.executable)')}"
  [[ -x $py ]] || die "python interpreter not found ($py)"
  printf '%s\n' "$py"
}

# Waits until PORT answers HTTP; prints the ms elapsed since T0 (ns). Fails after LIMIT s (30).
wait_http() {
  local port=$1 t0=$2 limit=${3:-30} deadline
  deadline=$((t0 + limit * 1000000000))
  until http_up "$port"; do
    take_now
    ((NOW_NS < deadline)) || return 1
    nap 0.01
  done
  take_now
  echo $(((NOW_NS - t0) / 1000000))
}

# True when PID is one of our `python3 -m http.server` processes on PORT (guards every signal we send).
is_our_server() {
  local pid=$1 port=$2 cmdline
  alive "$pid" || return 1
  cmdline=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 1
  [[ $cmdline == *http.server*" $port "* || $cmdline == *http.server*" $port" ]]
}

# PID [seconds]: CONT (it may be frozen), TERM, wait up to the seconds (5), then KILL.
stop_pid() {
  local pid=$1 i
  alive "$pid" || return 0
  kill -CONT "$pid" 2>/dev/null || true
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < ${2:-5} * 10; i++)); do
    alive "$pid" || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
}

# A supervisord configuration on stdout: its socket, log and pid in DIR, and COUNT programs
# svc-000.. each a `PY -m http.server` on loopback port LOW+i, restarted when they exit.
supervisord_http_conf() { supervisord_conf "$1" "$2" "$3" "$4 -m http.server --bind 127.0.0.1"; }

# The same with any COMMAND (a string) that takes its port as its last argument.
supervisord_conf() {
  local dir=$1 count=$2 low=$3 cmd=$4 i
  cat <<EOF
[unix_http_server]
file=$dir/supervisor.sock
chmod=0700

[supervisord]
logfile=$dir/supervisord.log
pidfile=$dir/supervisord.pid
childlogdir=$dir
nodaemon=true
loglevel=info
minfds=4096

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://$dir/supervisor.sock
EOF
  for ((i = 0; i < count; i++)); do
    cat <<EOF

[program:$(printf 'svc-%03d' "$i")]
command=$cmd $((low + i))
directory=$dir
autostart=true
autorestart=true
startsecs=1
stopsignal=TERM
stopwaitsecs=3
redirect_stderr=true
stdout_logfile=$dir/$(printf 'svc-%03d' "$i").log
EOF
  done
}

# ---------------------------------------------------------------- a Vigil daemon with cheap services

# utime+stime of a process (all its threads, live and ended), in clock ticks.
proc_ticks() { awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$1/stat"; }

# Busy ticks, total ticks and interrupt (irq+softirq) ticks of the whole machine (all CPUs).
machine_ticks() { awk '$1 == "cpu" {busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6, $7 + $8}' /proc/stat; }

# Other work on the machine skews every figure: waits (up to SECS s; 0 = not at all) until the
# CPUs have been less than 20% busy over 5 s, and warns when they never were.
wait_for_quiet() {
  local secs=$1 deadline b0 t0 b1 t1 busy
  ((secs > 0)) || return 0
  deadline=$(($(now_ns) + secs * 1000000000))
  while :; do
    read -r b0 t0 _ < <(machine_ticks)
    sleep 5
    read -r b1 t1 _ < <(machine_ticks)
    busy=$(awk -v b="$((b1 - b0))" -v t="$((t1 - t0))" 'BEGIN {printf "%.0f", t ? b / t * 100 : 0}')
    ((busy < 20)) && return 0
    if (($(now_ns) >= deadline)); then
      log "warning: the machine is still ${busy}% busy after ${secs}s; measuring anyway"
      return 0
    fi
    log "waiting for a quiet machine (CPUs ${busy}% busy)"
  done
}

# VmRSS of PID in kB.
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# `vigil ctl vigil:monitor` of the distribution at VD, as KEY VALUE lines.
monitor_stats() { "$1/bin/vigil" ctl vigil:monitor 2>/dev/null; }
# The VALUE of KEY in KEY VALUE lines.
field() { awk -v k="$2" '$1 == k {print $2}' <<<"$1"; }

# Number of the services named svc-* whose health is UP, in the daemon of the distribution at VD.
services_up() {
  "$1/bin/vigil" ctl vigil:health 2>/dev/null | awk '$1 ~ /^svc-/ && $2 == "UP" {n++} END {print n + 0}'
}

# A Vigil config on stdout: the SYSTEM object's members (JSON text), then COUNT services
# svc-0001.. each `sleep 100000` with an http check every 1 s (timeout 500ms, 3 failures) to
# http://127.0.0.1:<PORT i mod the number of ports>/health?s=<name>.
sleep_services_config() {
  local system=$1 count=$2 i name port
  shift 2
  local ports=("$@")
  printf '{\n  "system": { %s },\n  "services": {\n' "$system"
  for ((i = 1; i <= count; i++)); do
    name=$(printf 'svc-%04d' "$i")
    port=${ports[$((i % ${#ports[@]}))]}
    printf '    "%s": { "command": ["sleep", "100000"], "stopTimeout": "2s",\n' "$name"
    printf '      "checks": [ { "type": "http", "url": "http://127.0.0.1:%s/health?s=%s",' "$port" "$name"
    printf ' "interval": "1s", "timeout": "500ms", "failureThreshold": 3 } ] }%s\n' "$( ((i < count)) && echo ,)"
  done
  printf '  }\n}\n'
}

# Starts bench/HealthServer.java (JAVA, THREADS per port) on PORT... in the background of
# this shell, its output in OUT; sets HEALTH_SERVER_PID and returns once it is ready.
# Not in $(...): the server must stay a child of the calling shell.
start_health_server() {
  local java=$1 threads=$2 out=$3 i
  shift 3
  "$java" -XX:+UseSerialGC -Xmx128m -Dthreads="$threads" -Dbacklog=1024 \
    "$(dirname "${BASH_SOURCE[0]}")/HealthServer.java" "$@" >"$out" 2>&1 </dev/null &
  HEALTH_SERVER_PID=$!
  for ((i = 0; i < 300; i++)); do
    grep -q '^ready' "$out" 2>/dev/null && return 0
    alive "$HEALTH_SERVER_PID" || die "the test endpoints failed: $(cat "$out")"
    sleep 0.1
  done
  die "the test endpoints were not ready within 30 s"
}

# The pids of the `sleep` processes that are direct children of the daemon PID.
sleep_children() {
  cat "/proc/$1"/task/*/children 2>/dev/null | tr ' ' '\n' | while read -r pid; do
    [[ -n $pid && $(cat "/proc/$pid/comm" 2>/dev/null) == sleep ]] && echo "$pid"
  done || true
}

# Of the pids listed in FILE, those whose command line is still `sleep 100000` (ours).
live_sleepers() {
  local pid cmdline
  while read -r pid; do
    cmdline=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || continue
    [[ $cmdline == 'sleep 100000 ' ]] && echo "$pid"
  done <"$1"
  return 0
}

# A copy of the distribution SRC at DEST with no state of a former run.
fresh_dist() {
  cp -a "$1" "$2"
  rm -rf "$2/data/felix-cache" "$2"/data/vigil.{pid,lock,sock} "$2"/data/ports.json "$2"/logs/*.log "$2"/logs/*.out
}

# The machine and build a result was measured on, into MACHINE_NOTE (one markdown line's text):
# CPUs, RAM, kernel, OS, java (JAVA), when the distribution DIST was built, the HEAD of ROOT.
machine_note() {
  local java=$1 dist=$2 root=$3 mem os java_v built rev
  mem=$(awk '/^MemTotal:/ {printf "%d", $2 / 1024}' /proc/meminfo)
  os=$(awk -F= '$1 == "PRETTY_NAME" {gsub(/"/, "", $2); print $2}' /etc/os-release 2>/dev/null) || true
  java_v=$("$java" -version 2>&1 | head -n1 | sed 's/"//g') || java_v='?'
  built=$(date -u -r "$dist/lib/vigil-runtime.jar" +%FT%TZ 2>/dev/null) || built='?'
  rev=$(git -C "$root" rev-parse --short HEAD 2>/dev/null) || rev='?'
  git -C "$root" diff --quiet HEAD -- ':(exclude)bench' 2>/dev/null || rev+=' + uncommitted changes'
  MACHINE_NOTE="$(nproc) CPUs, ${mem} MiB RAM, $(uname -sr) (${os:-?}); $java_v; Vigil distribution built $built (repo HEAD $rev)"
}

# A loopback TCP port that is free now (the kernel's pick; the usual race until it is bound).
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# A field of /proc/PID/status in kB (VmRSS, VmHWM, ...), or a count (Threads).
proc_status() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }

# One line per thread of PID: tid, utime+stime ticks, name (digits folded to N, spaces to _).
thread_ticks() {
  # cat, not awk on the files: threads come and go while the glob is read.
  cat "/proc/$1"/task/*/stat 2>/dev/null | awk '{
    line = $0; rest = $0; sub(/^.*\) /, "", rest)
    name = substr(line, index(line, "(") + 1); name = substr(name, 1, length(name) - length(rest) - 2)
    gsub(/[0-9]+/, "N", name); gsub(/ /, "_", name)
    split(rest, f, " ")
    print $1, f[12] + f[13], name
  }' || true
}


# BEFORE AFTER TOTAL SECS HZ: CPU by thread name over a window, from two thread_ticks files and
# the process's total ticks in it; "% of one core, name, (threads)" lines, the busiest first.
# What the process used beyond its live threads went to threads that ended in the window.
cpu_by_thread() {
  awk -v total="$3" -v s="$4" -v hz="$5" '
    NR == FNR {before[$1] = $2; next}
    {d = $2 - ($1 in before ? before[$1] : 0); use[$3] += d; n[$3]++; sum += d}
    END {
      for (k in use) if (use[k] > 0) printf "%.1f %s (%d)\n", use[k] / (s * hz) * 100, k, n[k]
      gone = total - sum
      if (gone > 0) printf "%.1f [ended-in-window] (-)\n", gone / (s * hz) * 100
    }' "$1" "$2" | sort -rn
}

# The start of the perl listeners below (core modules only): a socket on 127.0.0.1:PORT.
listener_preamble() {
  cat <<'PERL'
use strict; use Socket;
my $port = shift or die "usage: listener PORT\n";
socket(my $s, PF_INET, SOCK_STREAM, 0) or die "socket: $!\n";
setsockopt($s, SOL_SOCKET, SO_REUSEADDR, 1);
bind($s, sockaddr_in($port, INADDR_LOOPBACK)) or die "bind 127.0.0.1:$port: $!\n";
listen($s, 128) or die "listen: $!\n";
PERL
}

# Writes to FILE a TCP listener that accepts and closes every connection: the cheapest
# service that answers a port check. Usage: perl FILE PORT.
write_tcp_listener() {
  { listener_preamble; echo 'while (1) { my $c; accept($c, $s) and close $c }'; } >"$1"
}

# Writes to FILE a listener that answers each HTTP request "200 ok": the cheapest service a
# hang is visible to (the kernel completes connects for a stopped accept-and-close one).
write_http_listener() {
  {
    listener_preamble
    cat <<'PERL'
while (1) {
  my $c; accept($c, $s) or next;
  my $line; sysread($c, $line, 4096);
  syswrite($c, "HTTP/1.0 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
  close $c;
}
PERL
  } >"$1"
}

# T0 LIMIT PORT...: waits until every PORT accepts a connection (each polled until it does);
# prints the ms from T0 (ns) to the last one. Fails after LIMIT s.
wait_ports() {
  local t0=$1 limit=$2 deadline
  shift 2
  local -a left=("$@")
  deadline=$((t0 + limit * 1000000000))
  # All answer once the last one does: the ports are taken in turn, each waited for until it
  # answers, so that a round costs one refused connect and not one per port still closed.
  while ((${#left[@]})); do
    if port_open "${left[0]}"; then
      left=("${left[@]:1}")
      continue
    fi
    take_now
    ((NOW_NS < deadline)) || return 1
    nap 0.01
  done
  take_now
  echo $(((NOW_NS - t0) / 1000000))
}

# The monit peer (footprint.sh, scale.sh): in DIR, monit with `set daemon 1` and N `check process`
# entries, each `if failed port P with timeout 1 seconds then alert` on its own perl TCP listener
# (PORT_BASE..+N-1), so monit never pauses a test after a start of its own.
# monit_peer_config DIR N PORT_BASE writes DIR/monitrc and has monit check it.
monit_peer_config() {
  local dir=$1 n=$2 base=$3 i name
  {
    printf 'set daemon 1\nset log %s/monit.log\nset pidfile %s/monit.pid\nset idfile %s/monit.id\nset statefile %s/monit.state\n' \
      "$dir" "$dir" "$dir" "$dir"
    for ((i = 0; i < n; i++)); do
      name=$(printf 'svc-%03d' "$i")
      printf 'check process %s with pidfile %s/%s.pid\n  if failed port %s with timeout 1 seconds then alert\n' \
        "$name" "$dir" "$name" $((base + i))
    done
  } >"$dir/monitrc"
  chmod 0600 "$dir/monitrc"
  monit -t -c "$dir/monitrc" >"$dir/syntax.out" 2>&1 || die "monit rejects its config: $(cat "$dir/syntax.out")"
}

# start_monit_peer DIR N PORT_BASE PERL LISTENER: the listeners (their pids appended to
# LISTENER_PIDS, pidfiles for monit in DIR), then monit itself in the foreground of a
# background job (its pid in MONIT_PID). The caller stops them.
start_monit_peer() {
  local dir=$1 n=$2 base=$3 perl=$4 listener=$5 i
  local -a ports=()
  for ((i = 0; i < n; i++)); do
    "$perl" "$listener" $((base + i)) >/dev/null 2>&1 </dev/null &
    LISTENER_PIDS+=($!)
    echo $! >"$dir/$(printf 'svc-%03d' "$i").pid"
    ports+=($((base + i)))
  done
  wait_ports "$(now_ns)" 30 "${ports[@]}" >/dev/null || die "monit's listeners did not all answer"
  monit -c "$dir/monitrc" -I >"$dir/stdout.log" 2>&1 </dev/null &
  MONIT_PID=$!
}
