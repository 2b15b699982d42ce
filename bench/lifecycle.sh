#!/usr/bin/env bash
# Lifecycle benchmark: the daemon's own latencies, which the tests no longer assert.
#
# Per trial, on a private copy of the distribution with one demo HTTP service:
# - start:   `vigil start` until it returns ready;
# - deploy:  a bundle renamed into deploy/ (jline.jar, which the headless daemon does not
#            install itself) until `vigil ctl lb` lists it Active;
# - reload:  a service added to the config file until `vigil status --json` shows it RUNNING;
# - kill:    kill -9 of the service until its port answers HTTP again;
# - stop:    `vigil stop` until it returns (every service gone);
# - stop-hung: the same with a bundle in deploy/ whose activator never returns (built here
#            with the JDK, no bnd): bounded by the framework's 15 s stop timeout.
# Medians are printed and appended as a dated section to bench/RESULTS.md.
#
# Environment: TRIALS (default 5), VIGIL_DIST (default runtime/target/vigil), PORT (default
# 18531), RESULTS (file), KEEP_TMP=1 keeps the scratch folder.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
bench=lifecycle
# shellcheck source=lib.sh
source "$here/lib.sh"
dist_src="${VIGIL_DIST:-$root/runtime/target/vigil}"
trials="${TRIALS:-5}"
port="${PORT:-18531}"
results="${RESULTS:-$here/RESULTS.md}"
[[ $trials =~ ^[1-9][0-9]*$ ]] || die "TRIALS must be a positive integer (got '$trials')"
ensure_dist "$dist_src" "$root"
need_commands javac jar awk date

tmp="$(mktemp -d "${TMPDIR:-/tmp}/vigil-lifecycle.XXXXXX")"
home="$tmp/vigil"
cleanup() {
  [[ -x $home/bin/vigil ]] && "$home/bin/vigil" stop >/dev/null 2>&1 || true
  [[ ${KEEP_TMP:-} == 1 ]] || rm -rf "$tmp"
}
trap cleanup EXIT

ms_since() { echo $((($(now_ns) - $1) / 1000000)); }
until_true() { # SECONDS COMMAND...: polls every 10 ms
  local deadline=$(($(now_ns) + $1 * 1000000000)); shift
  until "$@" >/dev/null 2>&1; do (($(now_ns) < deadline)) || return 1; sleep 0.01; done
}
service() { # NAME PORT
  printf '"%s": {"command": ["${vigil.java}", "-XX:+UseSerialGC", "-Xmx16m", "-XX:TieredStopAtLevel=1", "-cp",
    "${vigil.home}/lib/vigil-runtime.jar", "dev.vigil.demo.DemoService", "%s", "${port.http}"],
    "ports": {"http": %s}, "stopTimeout": "3s"}' "$1" "$1" "$2"
}
bundle_active() { "$home/bin/vigil" ctl lb | grep -q "Active.*JLine"; }
running() { "$home/bin/vigil" status --json | tr -d ' \n' | grep -q "\"name\":\"$1\",\"state\":\"RUNNING\""; }

# A bundle whose start never returns.
mkdir -p "$tmp/hung/src/hung"
cat >"$tmp/hung/src/hung/Hung.java" <<'JAVA'
package hung;
public class Hung implements org.osgi.framework.BundleActivator {
    public void start(org.osgi.framework.BundleContext c) throws Exception { Thread.sleep(Long.MAX_VALUE); }
    public void stop(org.osgi.framework.BundleContext c) { }
}
JAVA
javac -d "$tmp/hung/classes" -cp "$dist_src/lib/org.apache.felix.framework.jar" "$tmp/hung/src/hung/Hung.java"
printf 'Bundle-ManifestVersion: 2\nBundle-SymbolicName: bench.hung\nBundle-Activator: hung.Hung\nImport-Package: org.osgi.framework\n' \
  >"$tmp/hung/MANIFEST.MF"
jar --create --file "$tmp/hung.jar" --manifest "$tmp/hung/MANIFEST.MF" -C "$tmp/hung/classes" .

declare -A samples=()
for ((t = 1; t <= trials; t++)); do
  rm -rf "$home" && cp -r "$dist_src" "$home" && rm -rf "$home/data"/* "$home/logs"/*
  cfg="$home/config/bench.json"
  printf '{"services": {%s}}\n' "$(service web "$port")" >"$cfg"
  t0=$(now_ns); "$home/bin/vigil" start -c "$cfg" >/dev/null; samples[start]+="$(ms_since "$t0") "
  until_true 30 http_up "$port" || die "web never answered"

  cp "$home/bundles/jline.jar" "$home/deploy/jline.jar.part"
  t0=$(now_ns); mv "$home/deploy/jline.jar.part" "$home/deploy/jline.jar"
  until_true 30 bundle_active || die "jline never became Active"; samples[deploy]+="$(ms_since "$t0") "

  printf '{"services": {%s, %s}}\n' "$(service web "$port")" "$(service extra $((port + 1)))" >"$cfg.new"
  t0=$(now_ns); mv "$cfg.new" "$cfg"
  until_true 30 running extra || die "extra never ran"; samples[reload]+="$(ms_since "$t0") "

  pid=$("$home/bin/vigil" status --json | tr -d ' \n' | grep -o '"name":"web","state":"[A-Z]*","pid":[0-9]*' | grep -o '[0-9]*$')
  t0=$(now_ns); kill -KILL "$pid"
  until_true 5 bash -c "! kill -0 $pid" || true
  until_true 30 http_up "$port" || die "web never answered again"; samples[kill]+="$(ms_since "$t0") "

  t0=$(now_ns); "$home/bin/vigil" stop >/dev/null; samples[stop]+="$(ms_since "$t0") "

  "$home/bin/vigil" start -c "$cfg" >/dev/null
  cp "$tmp/hung.jar" "$home/deploy/hung.jar.part" && mv "$home/deploy/hung.jar.part" "$home/deploy/hung.jar"
  until_true 30 bash -c "'$home/bin/vigil' status | grep -q 'deploy/hung.jar'" || die "the hung bundle was not reported"
  t0=$(now_ns); "$home/bin/vigil" stop >/dev/null; samples[stop-hung]+="$(ms_since "$t0") "
  log "trial $t: ${samples[*]}"
done

table="| step | median ms | min ms | max ms | samples (ms) |
|---|---:|---:|---:|---|"
for step in start deploy reload kill stop stop-hung; do
  s=${samples[$step]}
  table+="
| $step | $(tr ' ' '\n' <<<"$s" | grep . | median) | $(tr ' ' '\n' <<<"$s" | grep . | minimum) | $(tr ' ' '\n' <<<"$s" | grep . | maximum) | ${s% } |"
done
printf '%s\n' "$table"
{
  printf '\n## lifecycle.sh, %s (%s trials, %s)\n\n' "$(date -u +%Y-%m-%d)" "$trials" "$(nproc) cores"
  printf '%s\n\n' "$table"
  printf -- '- stop-hung is bounded by the framework stop timeout (15 s) once the services are stopped.\n'
} >>"$results"
