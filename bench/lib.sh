# Shared by the benchmarks: sourced, not run. Set `bench` (the log prefix) before sourcing.
# shellcheck shell=bash

log() { printf '[%s] %s\n' "${bench:-bench}" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now_ns() { date +%s%N; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
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
