#!/usr/bin/env bash
# Runs the real app under Xvfb on the bundled demo project and saves a PNG of
# the screen: bench/screenshot.sh BINARY OUT.png [WIDTHxHEIGHT] [SECONDS]
# A fresh HOME makes the app open the demo (no last project).
set -euo pipefail
bin=$(realpath "$1"); out=$2; size=${3:-1280x800}; wait_s=${4:-8}
for cmd in Xvfb import xdotool; do
  command -v "$cmd" >/dev/null || { [ "$cmd" = xdotool ] && continue; echo "screenshot: $cmd not found (bash .ci/setup installs it)" >&2; exit 1; }
done
home=$(mktemp -d); trap 'kill $app $xvfb 2>/dev/null; rm -rf "$home"' EXIT
disp=:$((90 + RANDOM % 100))
Xvfb "$disp" -screen 0 "${size}x24" -nolisten tcp >/dev/null 2>&1 & xvfb=$!
sleep 1
HOME=$home DISPLAY=$disp LANG=en_US.UTF-8 "$bin" >"$home/app.log" 2>&1 & app=$!
sleep "$wait_s"
if ! kill -0 "$app" 2>/dev/null; then echo "screenshot: the app exited:" >&2; cat "$home/app.log" >&2; exit 1; fi
# Maximise the window to the screen when a window tool is present.
if command -v xdotool >/dev/null; then
  wid=$(DISPLAY=$disp xdotool search --name Slidereel 2>/dev/null | head -1 || true)
  [ -n "$wid" ] && DISPLAY=$disp xdotool windowmove "$wid" 0 0 windowsize "$wid" ${size/x/ } && sleep 2
fi
mkdir -p "$(dirname "$out")"
DISPLAY=$disp import -window root "$out"
echo "screenshot: $out ($size)"
