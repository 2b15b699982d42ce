#!/usr/bin/env bash
# Soak benchmark: one Vigil daemon with SERVICES (500) supervised services for DURATION (600) s,
# with about RATE (1) fault a second injected at random, and the daemon's memory and CPU over time.
#
# Every service is a tiny perl HTTP listener (answers each request with `200 ok` and closes),
# with an `http` check every 1 s (timeout 500ms, failureThreshold 3, retryInterval 100ms), the
# restart policy of hang.sh ({"backoff": "100ms..10s", "maxRestarts": 1000, "window": "10m",
# "stableAfter": "2s"}), stopTimeout 2s and the default recovery list.
# - Faults: every 0.5-1.5 s (/RATE) a random service that is RUNNING and UP and not under repair
#   gets kill -9 or SIGSTOP (at random, half each). Its pid comes from the daemon's /status (what
#   `vigil status --json` prints) and is signalled only when /proc/PID/environ carries Vigil's
#   marker VIGIL_SERVICE=<that service> and its command line is this run's listener.
# - Repair (outside view): the service's port is probed (HTTP, 300 ms timeout) every 20 ms
#   until it answers; the time from the signal is its time to repair. Who answered: the same
#   pid resumed (alive, not stopped) or a new pid (the old one gone). A fault not answered
#   within TIMEOUT s is NOT REPAIRED. Daemon's view: recovery attempts/successes summed over
#   every service's "recovery" in /status, before and after, and `vigil ctl vigil:recoveries`.
# - Nothing started twice: every SAMPLE s the process table is scanned for this run's listeners
#   (argv) and grouped by VIGIL_SERVICE; two live processes for one service is a double start.
#   After `vigil stop` no process of the run (its listener in argv) may be left: an orphan.
# - Every SAMPLE s: the daemon's VmRSS and CPU (utime+stime delta, % of one core) to a CSV,
#   plotted with gnuplot to bench/soak-YYYY-MM-DD.png; flatness of the memory curve: slope of a
#   least-squares line over the second half (MiB/min; "flat" within +-0.1) and the medians of the
#   first and last minute.
# Results are printed and appended as a dated section to bench/RESULTS.md.
#
# Environment: SERVICES (500), DURATION (s, 600), RATE (faults/s, 1), SAMPLE (s, 5), TIMEOUT (s, 60),
# SEED (random), QUIET_WAIT (s to wait for a quiet machine first, 120; 0 = do not wait),
# PORT_BASE (23000: services PORT_BASE.., at most 28899), HTTP_PORT (28900: the daemon's, range
# +9), VIGIL_DIST (runtime/target/vigil), VIGIL_JAVA_OPTS (passed to the daemon by bin/vigil and
# recorded), RESULTS (file), PLOT (png, bench/soak-DATE.png), KEEP_TMP=1 keeps the scratch folder.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
bench=soak
# shellcheck source=lib.sh
source "$here/lib.sh"
dist_src="${VIGIL_DIST:-$root/runtime/target/vigil}"
services="${SERVICES:-500}"
duration="${DURATION:-600}"
rate="${RATE:-1}"
sample="${SAMPLE:-5}"
timeout="${TIMEOUT:-60}"
seed="${SEED:-$RANDOM$RANDOM}"
quiet_wait="${QUIET_WAIT:-120}"
port_base="${PORT_BASE:-23000}"
http_port="${HTTP_PORT:-28900}"
results="${RESULTS:-$here/RESULTS.md}"
day=$(date -u +%F)
plot="${PLOT:-$here/soak-$day.png}"

# ---------------------------------------------------------------- prerequisites

for v in services duration sample timeout seed port_base http_port; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "${v^^} must be a positive integer (got '${!v}')"
done
[[ $quiet_wait =~ ^[0-9]+$ ]] || die "QUIET_WAIT must be a non-negative integer (got '$quiet_wait')"
[[ $rate =~ ^[0-9]*\.?[0-9]+$ ]] && awk -v r="$rate" 'BEGIN {exit !(r > 0)}' || die "RATE must be a positive number (got '$rate')"
((port_base + services <= 28900)) || die "PORT_BASE + SERVICES must stay below 28900 (the daemon's HTTP port)"
install_debian gnuplot:gnuplot-nox perl:perl
need_commands gnuplot perl python3 awk sort
ensure_dist "$dist_src" "$root"
perl=$(command -v perl)
py=$(real_python)
hz=$(getconf CLK_TCK)

# ---------------------------------------------------------------- scratch + cleanup

tmp="$(mktemp -d "${TMPDIR:-/tmp}/vigil-soak.XXXXXX")"
vd="$tmp/dist"
cfg="$tmp/soak.json"
listener="$tmp/soak-listener.pl"
daemon_pid=''
vigil_up=0

# Pids of this run's listeners (their argv names this run's listener file).
run_procs() {
  local d
  for d in /proc/[0-9]*; do
    [[ ${d#/proc/} == "$$" ]] && continue
    tr '\0' ' ' 2>/dev/null <"$d/cmdline" | grep -qF "$listener" && echo "${d#/proc/}"
  done
  return 0
}

cleanup() {
  local rc=$? left
  trap - EXIT INT TERM
  set +e
  if ((vigil_up)); then
    "$vd/bin/vigil" stop >/dev/null 2>&1
    alive "$daemon_pid" && stop_pid "$daemon_pid" 30
  fi
  left=$(run_procs)
  if [[ -n $left ]]; then
    log "killing $(wc -w <<<"$left") listeners left behind"
    # shellcheck disable=SC2086 # one pid per word
    kill -CONT $left 2>/dev/null; kill -KILL $left 2>/dev/null
  fi
  if [[ ${KEEP_TMP:-0} == 1 ]]; then log "scratch kept in $tmp"; else rm -rf "$tmp"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for ((p = http_port; p <= http_port + 9; p++)); do ! port_open "$p" || die "port $p is already in use; pick another HTTP_PORT"; done
for ((i = 0; i < services; i++)); do
  ! port_open $((port_base + i)) || die "port $((port_base + i)) is already in use; pick another PORT_BASE"
done

# ---------------------------------------------------------------- listener, config, dist

write_http_listener "$listener"

restart_policy='{ "backoff": "100ms..10s", "maxRestarts": 1000, "window": "10m", "stableAfter": "2s" }'
{
  printf '{\n  "system": { "name": "soak-bench", "http": { "port": { "preferred": %s, "range": "%s-%s" } } },\n' \
    "$http_port" "$http_port" $((http_port + 9))
  printf '  "services": {\n'
  for ((i = 1; i <= services; i++)); do
    printf '    "svc-%04d": { "command": ["%s", "%s", "${port.http}"], "ports": { "http": %s }, "stopTimeout": "2s",\n' \
      "$i" "$perl" "$listener" $((port_base + i - 1))
    printf '      "restart": %s,\n' "$restart_policy"
    printf '      "checks": [ { "type": "http", "url": "http://127.0.0.1:${port.http}/", "interval": "1s", "timeout": "500ms",'
    printf ' "failureThreshold": 3, "retryInterval": "100ms" } ] }%s\n' "$( ((i < services)) && echo ,)"
  done
  printf '  }\n}\n'
} >"$cfg"
fresh_dist "$dist_src" "$vd"
"$vd/bin/vigil" check-config "$cfg" >"$tmp/check-config.out" 2>&1 || die "Vigil rejects $cfg: $(cat "$tmp/check-config.out")"

# The driver (python3, standard library only): faults, repair probes, samples.
cat >"$tmp/soak.py" <<'PY'
# Driver of bench/soak.sh: injects faults into a running Vigil daemon's services, times each
# repair from the outside, samples the daemon's memory and CPU and the process table.
# Usage: python3 soak.py STATUS_URL DAEMON_PID LISTENER OUT_DIR DURATION RATE SAMPLE TIMEOUT SEED
# Writes OUT_DIR/faults.tsv, samples.csv, doubles.txt and summary.json. Standard library only.
import json, os, random, signal, socket, sys, threading, time, urllib.request

url, daemon, listener, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
duration, rate, sample, timeout = float(sys.argv[5]), float(sys.argv[6]), float(sys.argv[7]), float(sys.argv[8])
rng = random.Random(int(sys.argv[9]))
hz = os.sysconf("SC_CLK_TCK")
lock = threading.Lock()
faults, pending, doubles, samples = [], {}, [], []
t_start = time.monotonic()
stop_sampling = threading.Event()
me = os.getpid()  # its own argv names the listener too


def status():
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.load(r)


def proc_state(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return ""


def live(pid):
    return proc_state(pid) not in ("", "Z", "X")


def marker(pid):
    """VIGIL_SERVICE of PID when it is one of this run's listeners, else None."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            if listener.encode() not in f.read():
                return None
        with open(f"/proc/{pid}/environ", "rb") as f:
            for kv in f.read().split(b"\0"):
                if kv.startswith(b"VIGIL_SERVICE="):
                    return kv[14:].decode()
    except OSError:
        return None
    return ""


def listeners():
    """service -> live pids of this run's listeners (from the process table and their environment)."""
    by = {}
    for d in os.listdir("/proc"):
        if d.isdigit() and int(d) != me and live(d):
            name = marker(d)
            if name is not None:
                by.setdefault(name, []).append(int(d))
    return by


def answers(port):
    """True when 127.0.0.1:PORT answers an HTTP request with a status line within 300 ms."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.3) as s:
            s.settimeout(0.3)
            s.sendall(b"GET / HTTP/1.0\r\n\r\n")
            return s.recv(16).startswith(b"HTTP/1.")
    except OSError:
        return False


def ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        v = f.read().rsplit(")", 1)[1].split()
    return int(v[11]) + int(v[12])


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def sampler():
    last_t, last_c = time.monotonic(), ticks(daemon)
    while not stop_sampling.wait(sample):
        now, c = time.monotonic(), ticks(daemon)
        cpu = (c - last_c) / hz / (now - last_t) * 100
        by = listeners()
        two = {k: v for k, v in by.items() if len(v) > 1}
        with lock:
            samples.append((now - t_start, rss_kb(daemon) / 1024, cpu, sum(map(len, by.values())), len(by), len(two)))
            for k, v in two.items():
                doubles.append((round(now - t_start, 1), k, v))
        last_t, last_c = now, c


def watch(f):
    """Probes the faulted service's port until it answers again; records who answered."""
    deadline = f["t"] + timeout
    while time.monotonic() < deadline:
        if answers(f["port"]):
            t = time.monotonic()
            old = f["pid"]
            resumed = live(old) and proc_state(old) != "T"
            new = [p for p in listeners().get(f["service"], []) if p != old]
            f.update(repaired=t, how="same pid resumed" if resumed else "new pid", new_pid=new[0] if new else 0)
            break
        time.sleep(0.02)
    with lock:
        pending.pop(f["service"], None)


def inject(doc):
    """One fault into a random RUNNING, UP service not under repair; False when none is eligible."""
    with lock:
        busy = set(pending)
    cands = [s for s in doc.get("services", []) if s.get("name", "").startswith("svc-")
             and s.get("state") == "RUNNING" and s.get("health") == "UP" and s.get("pid") and s["name"] not in busy]
    rng.shuffle(cands)
    for s in cands:
        pid, name = int(s["pid"]), s["name"]
        if marker(pid) != name:  # only a process Vigil started for that service
            continue
        kind = rng.choice(("KILL", "STOP"))
        f = {"id": len(faults) + 1, "service": name, "kind": kind, "pid": pid,
             "port": int((s.get("ports") or {}).get("http", 0)), "t": time.monotonic()}
        os.kill(pid, signal.SIGKILL if kind == "KILL" else signal.SIGSTOP)
        with lock:
            faults.append(f)
            pending[name] = f
        threading.Thread(target=watch, args=(f,), daemon=True).start()
        return True
    return False


def totals(doc):
    a = s = active = 0
    for svc in doc.get("services", []):
        r = svc.get("recovery") or {}
        a += int(r.get("attempts") or 0)
        s += int(r.get("successes") or 0)
        active += int(r.get("active") or 0)
    return {"attempts": a, "successes": s, "active": active}


rec0 = totals(status())
threading.Thread(target=sampler, daemon=True).start()
skipped = 0
next_t = time.monotonic()
end = t_start + duration
while True:
    next_t += rng.uniform(0.5, 1.5) / rate
    if next_t >= end:
        break
    time.sleep(max(0.0, next_t - time.monotonic()))
    try:
        if not inject(status()):
            skipped += 1
    except (OSError, ValueError) as e:
        print(f"soak.py: status or signal failed: {e}", file=sys.stderr)
        skipped += 1
# Every repair is given TIMEOUT s from its fault.
while True:
    with lock:
        left = list(pending.values())
    if not left:
        break
    time.sleep(0.2)
time.sleep(max(0.0, end - time.monotonic()))
stop_sampling.set()
time.sleep(0.5)
doc = status()
rec1 = totals(doc)
states = {}
for s in doc.get("services", []):
    if s.get("name", "").startswith("svc-"):
        key = f'{s.get("state")}/{s.get("health")}'
        states[key] = states.get(key, 0) + 1
final = listeners()

with open(os.path.join(out, "faults.tsv"), "w") as fh:
    fh.write("id\tservice\tkind\told_pid\tnew_pid\tat_s\trepair_ms\thow\n")
    for f in faults:
        ms = round((f["repaired"] - f["t"]) * 1000) if "repaired" in f else ""
        fh.write(f'{f["id"]}\t{f["service"]}\t{f["kind"]}\t{f["pid"]}\t{f.get("new_pid", "")}\t'
                 f'{f["t"] - t_start:.1f}\t{ms}\t{f.get("how", "NOT REPAIRED")}\n')
with open(os.path.join(out, "samples.csv"), "w") as fh:
    fh.write("seconds,rss_mib,cpu_pct_of_core,listeners,services_with_listener,services_with_two\n")
    for row in samples:
        fh.write("%.1f,%.2f,%.2f,%d,%d,%d\n" % row)
with open(os.path.join(out, "doubles.txt"), "w") as fh:
    for row in doubles:
        fh.write(f"{row[0]} {row[1]} {row[2]}\n")
json.dump({"recovery_before": rec0, "recovery_after": rec1, "skipped_ticks": skipped, "states": states,
           "final_listeners": sum(map(len, final.values())), "final_doubles": {k: v for k, v in final.items() if len(v) > 1},
           "seconds": time.monotonic() - t_start},
          open(os.path.join(out, "summary.json"), "w"))
PY

# ---------------------------------------------------------------- start

wait_for_quiet "$quiet_wait"
log "scratch: $tmp; $services services on $port_base.., ${duration}s, ~$rate fault/s, seed $seed"
vigil_up=1
t0=$(now_ns)
"$vd/bin/vigil" start -c "$cfg" >"$tmp/start.out" 2>&1 || die "vigil start failed: $(cat "$tmp/start.out")"
daemon_pid=$(cat "$vd/data/vigil.pid")
daemon_jvm=$(tr '\0' '\n' <"/proc/$daemon_pid/cmdline" |
  awk 'NR > 1 && $0 == "-cp" {exit} NR > 1 && !/^-Dvigil\.home=/ {printf "%s%s", sep, $0; sep = " "}')
until (($(services_up "$vd") >= services)); do
  (($(now_ns) < t0 + 300000000000)) || die "only $(services_up "$vd") of $services services UP after 300 s"
  sleep 1
done
up_ms=$((($(now_ns) - t0) / 1000000))
status_url=''
for ((p = http_port; p <= http_port + 9; p++)); do
  if curl -sf -o /dev/null "http://127.0.0.1:$p/status"; then status_url="http://127.0.0.1:$p/status"; break; fi
done
[[ -n $status_url ]] || die "the daemon's /status answers on none of $http_port-$((http_port + 9))"
log "all $services UP after $up_ms ms (daemon pid $daemon_pid, $status_url); soaking ${duration}s"

# ---------------------------------------------------------------- soak

mkdir -p "$tmp/out"
"$py" "$tmp/soak.py" "$status_url" "$daemon_pid" "$listener" "$tmp/out" "$duration" "$rate" "$sample" "$timeout" "$seed" ||
  die "the soak driver failed"
"$vd/bin/vigil" ctl vigil:recoveries >"$tmp/recoveries.txt" 2>&1 || true
rss_end=$(awk -v k="$(proc_status "$daemon_pid" VmRSS)" 'BEGIN {printf "%.1f", k / 1024}')
hwm_end=$(awk -v k="$(proc_status "$daemon_pid" VmHWM)" 'BEGIN {printf "%.1f", k / 1024}')
threads_end=$(proc_status "$daemon_pid" Threads)

log "vigil stop"
t0=$(now_ns)
"$vd/bin/vigil" stop >"$tmp/stop.out" 2>&1 || log "warning: vigil stop failed: $(cat "$tmp/stop.out")"
stop_ms=$((($(now_ns) - t0) / 1000000))
for ((i = 0; i < 100; i++)); do alive "$daemon_pid" || break; sleep 0.1; done
alive "$daemon_pid" && log "warning: the daemon is still alive 10 s after vigil stop"
vigil_up=0
orphans=$(run_procs | tr '\n' ' ')
orphan_n=$(wc -w <<<"$orphans")
orphan_detail=''
for pid in $orphans; do
  orphan_detail+="$pid $(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) $(tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep '^VIGIL_SERVICE=' || true); "
done

# ---------------------------------------------------------------- figures

out="$tmp/out"
figures=$("$py" - "$out" <<'PY'
import csv, json, statistics, sys
out = sys.argv[1]
rows = list(csv.DictReader(open(f"{out}/faults.tsv"), delimiter="\t"))
s = json.load(open(f"{out}/summary.json"))
samples = [(float(r["seconds"]), float(r["rss_mib"]), float(r["cpu_pct_of_core"]), int(r["services_with_two"]))
           for r in csv.DictReader(open(f"{out}/samples.csv"))]
def q(v, p):
    v = sorted(v); return v[min(len(v) - 1, max(0, int(round(p * (len(v) - 1)))))] if v else float("nan")
def line(label, ms):
    return f"{label}|{len(ms)}|{q(ms, .5):.0f}|{q(ms, .95):.0f}|{max(ms) if ms else float('nan'):.0f}"
by = {}
for r in rows:
    by.setdefault(r["kind"], []).append(r)
print("faults", len(rows))
for k in ("KILL", "STOP"):
    rs = by.get(k, [])
    ok = [int(r["repair_ms"]) for r in rs if r["repair_ms"]]
    hows = {}
    for r in rs:
        hows[r["how"]] = hows.get(r["how"], 0) + 1
    print("kind", k, len(rs), len(ok), "; ".join(f"{h} {n}" for h, n in sorted(hows.items())) or "-")
    print("mttr", line(k, ok))
ok = [int(r["repair_ms"]) for r in rows if r["repair_ms"]]
print("mttr", line("all", ok))
print("repaired", len(ok))
print("unrepaired", " ".join(f'{r["service"]}({r["kind"]},pid {r["old_pid"]},at {r["at_s"]}s)' for r in rows if not r["repair_ms"]) or "none")
a = s["recovery_after"]["attempts"] - s["recovery_before"]["attempts"]
n = s["recovery_after"]["successes"] - s["recovery_before"]["successes"]
print("daemon", a, n, f"{(n / a * 100) if a else 0:.1f}", s["recovery_after"]["active"])
print("states", "; ".join(f"{k} {v}" for k, v in sorted(s["states"].items())))
print("skipped", s["skipped_ticks"])
print("doubles", sum(1 for x in samples if x[3]), len(samples), len(s["final_doubles"]))
# Memory: least-squares slope over the second half (MiB/min), medians of the first and last minute.
t_end = samples[-1][0] if samples else 0
half = [(t, r) for t, r, _, _ in samples if t >= t_end / 2]
if len(half) >= 2:
    mt = statistics.fmean(t for t, _ in half); mr = statistics.fmean(r for _, r in half)
    slope = sum((t - mt) * (r - mr) for t, r in half) / sum((t - mt) ** 2 for t, _ in half) * 60
else:
    slope = float("nan")
first = [r for t, r, _, _ in samples if t <= 60]
last = [r for t, r, _, _ in samples if t >= t_end - 60]
cpu = [c for _, _, c, _ in samples]
print("memory", f"{slope:.3f}", f"{statistics.median(first):.1f}", f"{statistics.median(last):.1f}",
      f"{min(r for _, r, _, _ in samples):.1f}", f"{max(r for _, r, _, _ in samples):.1f}")
print("cpu", f"{statistics.fmean(cpu):.1f}", f"{statistics.median(cpu):.1f}", f"{q(cpu, .95):.1f}", f"{max(cpu):.1f}")
print("seconds", f'{s["seconds"]:.0f}')
PY
) || die "could not compute the figures"
fig() { awk -v k="$1" '$1 == k {$1 = ""; sub(/^ /, ""); print}' <<<"$figures"; }
mttr_of() { fig mttr | awk -F'|' -v k="$1" '$1 == k {print $2, $3, $4, $5}'; }
read -r n_faults <<<"$(fig faults)"
read -r _ kill_n kill_ok kill_how <<<"$(fig kind | grep '^KILL')"
read -r _ stop_n stop_ok stop_how <<<"$(fig kind | grep '^STOP')"
read -r _ mk50 mk95 mkmax <<<"$(mttr_of KILL)"
read -r _ ms50 ms95 msmax <<<"$(mttr_of STOP)"
read -r n_all m50 m95 mmax <<<"$(mttr_of all)"
repaired=$(fig repaired)
unrepaired=$(fig unrepaired)
read -r d_att d_ok d_rate d_active <<<"$(fig daemon)"
states=$(fig states)
skipped=$(fig skipped)
read -r dbl_samples n_samples dbl_final <<<"$(fig doubles)"
read -r slope rss_first rss_last rss_min rss_max <<<"$(fig memory)"
read -r cpu_mean cpu_med cpu_p95 cpu_max <<<"$(fig cpu)"
secs=$(fig seconds)
outside_rate=$(awk -v a="$repaired" -v n="$n_faults" 'BEGIN {printf "%.1f", n ? a / n * 100 : 0}')
flat=$(awk -v s="$slope" 'BEGIN {print (s < 0 ? -s : s) <= 0.1 ? "flat" : "NOT flat"}')
rec_strategies=$(awk '/^STRATEGY/ {s = 1; next} s && /^last/ {exit} s {printf "%s%s", sep, $0; sep = "; "}' "$tmp/recoveries.txt" |
  tr -s ' ' || true)

# ---------------------------------------------------------------- plot

cp "$out/samples.csv" "$tmp/samples.csv"
gnuplot <<EOF || log "warning: gnuplot failed; no plot"
set terminal pngcairo size 1000,500 noenhanced font ",10"
set output '$plot'
set datafile separator ','
set title 'Vigil soak, $day: $services services, ~$rate fault/s (kill -9 or SIGSTOP), ${secs} s'
set xlabel 'minutes'
set ylabel 'daemon VmRSS (MiB)'
set y2label 'daemon CPU (% of one core)'
set ytics nomirror
set y2tics
set yrange [0:*]
set y2range [0:*]
set key bottom right
set grid
plot '$tmp/samples.csv' using (\$1/60):2 every ::1 with lines lw 2 title 'VmRSS (MiB)', \
     '' using (\$1/60):3 every ::1 axes x1y2 with lines title 'CPU (% of one core)'
EOF
[[ -s $plot ]] && log "plot: $plot"

# ---------------------------------------------------------------- report

machine_note "${JAVA_HOME:+$JAVA_HOME/bin/}java" "$dist_src" "$root"
table="| figure | value |
|---|---:|
| faults injected: kill -9 / SIGSTOP / all | $kill_n / $stop_n / $n_faults |
| repaired (outside view: the port answers again within ${timeout} s) | $repaired of $n_faults ($outside_rate%) |
| how: kill -9 | ${kill_how:--} |
| how: SIGSTOP | ${stop_how:--} |
| time to repair, kill -9: median / p95 / max (ms) | $mk50 / $mk95 / $mkmax |
| time to repair, SIGSTOP: median / p95 / max (ms) | $ms50 / $ms95 / $msmax |
| time to repair, all: median / p95 / max (ms) | $m50 / $m95 / $mmax |
| daemon's recoveries in the run (/status): attempts / successes / rate | $d_att / $d_ok / $d_rate% (active at the end: $d_active) |
| samples with two live processes for one service | $dbl_samples of $n_samples (at the end: $dbl_final) |
| processes of the run left after \`vigil stop\` (orphans) | $orphan_n |
| daemon VmRSS: first-minute median / last-minute median / min / max (MiB) | $rss_first / $rss_last / $rss_min / $rss_max |
| daemon VmRSS slope over the second half (linear fit) | $slope MiB/min ($flat) |
| daemon CPU per ${sample} s sample, % of one core: mean / median / p95 / max | $cpu_mean / $cpu_med / $cpu_p95 / $cpu_max |
| all UP after \`vigil start\` / \`vigil stop\` | $up_ms ms / $stop_ms ms |"

printf '\n%s\n' "$table"
printf '  states at the end: %s; fault ticks with no eligible service: %s; not repaired: %s\n' "$states" "$skipped" "$unrepaired"
printf '  vigil:recoveries by strategy: %s\n' "$rec_strategies"
printf '  VmRSS at the end %s MiB (peak %s), %s threads; orphans: %s\n' "$rss_end" "$hwm_end" "$threads_end" "${orphan_detail:-none}"
[[ -s $out/doubles.txt ]] && { printf '  double starts seen:\n'; head -n 20 "$out/doubles.txt"; }

# shellcheck disable=SC2016 # the backticks are markdown
{
  printf '\n## %s — soak: %s services, ~%s fault/s for %s s\n\n' "$day" "$services" "$rate" "$secs"
  printf -- '- Machine: %s.%s\n' "$MACHINE_NOTE" "${VIGIL_JAVA_OPTS:+ VIGIL_JAVA_OPTS=\`$VIGIL_JAVA_OPTS\`.}"
  printf -- '- Setup: `bench/soak.sh` (seed %s): %s services, each a perl HTTP listener, `http` check every 1 s (timeout\n' "$seed" "$services"
  printf '  500ms, failureThreshold 3, retryInterval 100ms), restart `%s`, stopTimeout 2s;\n' "$restart_policy"
  printf '  daemon JVM `%s`.\n' "$daemon_jvm"
  printf '  Every 0.5-1.5 s a random RUNNING+UP service not under repair gets kill -9 or SIGSTOP (pid from /status, marker\n'
  printf '  checked in /proc/PID/environ); its port is probed every 20 ms until it answers. The process table is scanned\n'
  printf '  every %s s (listeners grouped by VIGIL_SERVICE); VmRSS and CPU sampled every %s s, plotted in `%s`.\n\n' \
    "$sample" "$sample" "$(basename "$plot")"
  printf '%s\n\n' "$table"
  printf -- '- Services at the end: %s. Not repaired: %s. Fault ticks with no eligible service: %s.\n' "$states" "$unrepaired" "$skipped"
  printf -- '- `vigil:recoveries` at the end, by strategy (attempts, recovered, rate, MTTR): %s.\n' "${rec_strategies:-?}"
  printf -- '- Daemon at the end: VmRSS %s MiB (peak %s), %s threads.\n' "$rss_end" "$hwm_end" "$threads_end"
  ((orphan_n == 0)) || printf -- '- ORPHANS after `vigil stop`: %s\n' "$orphan_detail"
  if [[ -s $out/doubles.txt ]]; then
    printf -- '- DOUBLE STARTS (sample s, service, pids):\n\n```\n%s\n```\n' "$(head -n 20 "$out/doubles.txt")"
  fi
  printf '\n![soak %s](%s)\n' "$day" "$(basename "$plot")"
} >>"$results"
log "appended to $results"
exit 0
