#!/usr/bin/env bash
# Time to first frame and peak memory of cocreate against the minimal eframe window
# (examples/minimal.rs), under Xvfb, alternating runs. See BENCHMARKS.md.
#
#   benches/startup.sh [RUNS]        (default 30; needs xvfb and GNU time: apt install xvfb time)
#
# With EXIT_AFTER_FIRST_FRAME set, each program ends the moment its second frame begins,
# so its wall time is process start to first frame shown. Wall time is taken around the
# process with the shell's microsecond clock; peak memory and CPU come from /usr/bin/time -v.
set -euo pipefail
runs=${1:-30}
cd "$(dirname "$0")/.."
cargo build --release --bin cocreate --example minimal
d=97; while [ -e /tmp/.X$d-lock ]; do d=$((d+1)); done
Xvfb :$d -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1
export DISPLAY=:$d EXIT_AFTER_FIRST_FRAME=1
unset WAYLAND_DISPLAY WAYLAND_SOCKET
out=$(mktemp); stats=$(mktemp)
one() {
  local name=$1; shift
  local t0=$EPOCHREALTIME
  /usr/bin/time -v -o "$stats" "$@" >/dev/null 2>&1
  local t1=$EPOCHREALTIME
  awk -v name="$name" -v t0="$t0" -v t1="$t1" -F': ' '
    /Maximum resident set size/ {rss=$2}
    /User time/ {u=$2} /System time/ {s=$2}
    END {printf "%s %.1f %.1f %.1f\n", name, (t1-t0)*1000, (u+s)*1000, rss/1024}' "$stats" >> "$out"
}
for _ in $(seq "$runs"); do
  one cocreate target/release/cocreate sessions/ontario-2016-central.ron
  one minimal target/release/examples/minimal
done
median() { sort -n | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
for p in cocreate minimal; do
  wall=$(awk -v p=$p '$1==p {print $2}' "$out" | median)
  cpu=$(awk -v p=$p '$1==p {print $3}' "$out" | median)
  rss=$(awk -v p=$p '$1==p {print $4}' "$out" | median)
  echo "$p $wall $cpu $rss"
done | awk '{w[NR]=$2; c[NR]=$3; m[NR]=$4; printf "%-9s first frame %6.0f ms (median of '"$runs"'), CPU %4.0f ms, peak RSS %6.1f MB\n", $1, $2, $3, $4}
  END {printf "cocreate / minimal: time %.2fx, CPU %.2fx, memory %+.1f MB\n", w[1]/w[2], c[1]/c[2], m[1]-m[2]}'
rm -f "$out" "$stats"
